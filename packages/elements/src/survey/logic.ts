import { scaleFor } from '@feedbackkit/core';
import type { Answer, Condition, Question, SurveyDefinition } from '@feedbackkit/core';
import type { SurveyLogic } from './survey-runner.js';

/** The comparable value of an answer for show-if conditions. */
function valueOf(answer: Answer | undefined): number | string | boolean | string[] | undefined {
  if (!answer) return undefined;
  switch (answer.type) {
    case 'rating':
      return answer.value;
    case 'choice':
      return answer.value;
    case 'text':
      return answer.value;
    case 'consent':
      return answer.value;
    default:
      return undefined;
  }
}

export function evaluate(condition: Condition, answers: Readonly<Record<string, Answer>>): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluate(c, answers));
  if ('any' in condition) return condition.any.some((c) => evaluate(c, answers));
  if ('not' in condition) return !evaluate(condition.not, answers);
  const answer = answers[condition.question];
  if (condition.op === 'answered') return answer !== undefined;
  if (condition.op === 'not-answered') return answer === undefined;
  const actual = valueOf(answer);
  if (actual === undefined) return false;
  const expected = condition.value;
  const list = Array.isArray(actual) ? actual : [actual];
  switch (condition.op) {
    case 'eq':
      return list.some((v) => v === expected);
    case 'neq':
      return list.every((v) => v !== expected);
    case 'in':
      return Array.isArray(expected) && list.some((v) => (expected as unknown[]).includes(v));
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte': {
      if (typeof actual !== 'number' || typeof expected !== 'number') return false;
      if (condition.op === 'lt') return actual < expected;
      if (condition.op === 'lte') return actual <= expected;
      if (condition.op === 'gt') return actual > expected;
      return actual >= expected;
    }
    default:
      return false;
  }
}

/** Show-if evaluation and the default reason-code rule (the scale's bottom box). */
export const surveyLogic: SurveyLogic = {
  visibleQuestions(definition: SurveyDefinition, answers: Readonly<Record<string, Answer>>): readonly Question[] {
    return definition.questions.filter((q) => !q.showIf || evaluate(q.showIf, answers));
  },
  wantsReasons(question, answers) {
    if (!question.reasons) return false;
    const answer = answers[question.id];
    if (answer?.type !== 'rating') return false;
    if (question.reasons.when) return evaluate(question.reasons.when, answers);
    return scaleFor(question.scale).bottomBox.includes(answer.value);
  },
};
