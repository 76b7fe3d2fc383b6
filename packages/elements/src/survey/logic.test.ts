import { describe, expect, it } from 'vitest';
import type { Answer } from '@feedbackkit/core';
import { evaluate, surveyLogic } from './logic.js';

const answers: Record<string, Answer> = {
  score: { type: 'rating', scale: { kind: 'csat', points: 5 }, value: 2 },
  topics: { type: 'choice', value: ['fees', 'app'] },
  ok: { type: 'consent', value: true },
};

describe('show-if conditions', () => {
  it('compares numbers, lists and presence', () => {
    expect(evaluate({ question: 'score', op: 'lte', value: 2 }, answers)).toBe(true);
    expect(evaluate({ question: 'score', op: 'lt', value: 2 }, answers)).toBe(false);
    expect(evaluate({ question: 'score', op: 'gt', value: 'x' }, answers)).toBe(false);
    expect(evaluate({ question: 'topics', op: 'eq', value: 'app' }, answers)).toBe(true);
    expect(evaluate({ question: 'topics', op: 'neq', value: 'app' }, answers)).toBe(false);
    expect(evaluate({ question: 'topics', op: 'in', value: ['cards', 'fees'] }, answers)).toBe(true);
    expect(evaluate({ question: 'ok', op: 'eq', value: true }, answers)).toBe(true);
    expect(evaluate({ question: 'missing', op: 'not-answered' }, answers)).toBe(true);
    expect(evaluate({ question: 'missing', op: 'eq', value: 1 }, answers)).toBe(false);
  });

  it('combines with all / any / not', () => {
    const low = { question: 'score', op: 'lte' as const, value: 2 };
    const app = { question: 'topics', op: 'eq' as const, value: 'app' };
    expect(evaluate({ all: [low, app] }, answers)).toBe(true);
    expect(evaluate({ all: [low, { not: app }] }, answers)).toBe(false);
    expect(evaluate({ any: [{ not: low }, app] }, answers)).toBe(true);
    expect(evaluate({ any: [] }, answers)).toBe(false);
  });

  it('reason codes default to the bottom box of the scale (CSAT 5: 1–2)', () => {
    const q = {
      id: 'score',
      type: 'rating' as const,
      prompt: 'x',
      scale: { kind: 'csat' as const, points: 5 },
      reasons: { codes: [{ id: 'r', label: 'R' }] },
    };
    expect(surveyLogic.wantsReasons(q, answers)).toBe(true);
    expect(surveyLogic.wantsReasons(q, { score: { ...answers['score'], value: 3 } as Answer })).toBe(false);
    expect(
      surveyLogic.wantsReasons({ ...q, reasons: { ...q.reasons, when: { question: 'score', op: 'lte', value: 3 } } }, {
        score: { ...answers['score'], value: 3 } as Answer,
      }),
    ).toBe(true);
  });
});
