import { describe, expect, it } from 'vitest';
import type { Answer, SurveyDefinition } from '@feedbackkit/core';
import { surveyLogic } from './logic.js';

const def: SurveyDefinition = {
  id: 's',
  version: 1,
  questions: [
    {
      id: 'score',
      type: 'rating',
      prompt: 'x',
      scale: { kind: 'csat', points: 5 },
      reasons: { codes: [{ id: 'r', label: 'R' }] },
    },
    { id: 'low', type: 'text', prompt: 'y', showIf: { question: 'score', op: 'lte', value: 2 } },
  ],
};
const q = def.questions[0] as Extract<SurveyDefinition['questions'][number], { type: 'rating' }>;
const csat = (value: number): Record<string, Answer> => ({ score: { type: 'rating', scale: { kind: 'csat', points: 5 }, value } });

describe('survey logic adapter (core)', () => {
  it('shows a question only while its show-if holds', () => {
    expect(surveyLogic.visibleQuestions(def, csat(2)).map((x) => x.id)).toEqual(['score', 'low']);
    expect(surveyLogic.visibleQuestions(def, csat(3)).map((x) => x.id)).toEqual(['score']);
    expect(surveyLogic.visibleQuestions(def, {}).map((x) => x.id)).toEqual(['score']);
  });

  it('asks reason codes in the bottom box by default (CSAT 5: 1–2), or when `when` holds', () => {
    expect(surveyLogic.wantsReasons(def, q, csat(2))).toBe(true);
    expect(surveyLogic.wantsReasons(def, q, csat(3))).toBe(false);
    expect(surveyLogic.wantsReasons(def, q, {})).toBe(false);
    const when = { ...q, reasons: { ...q.reasons!, when: { question: 'score', op: 'lte' as const, value: 3 } } };
    expect(surveyLogic.wantsReasons({ ...def, questions: [when, def.questions[1]!] }, when, csat(3))).toBe(true);
  });
});
