// Every documented limit, probed at the limit (accepted) and one past it (rejected at the
// named path). The limits are written out as numbers here, not read from LIMITS, so a change
// to limits.ts has to be made (and documented) on purpose.
import { describe, expect, it } from 'vitest';
import { answers, clone, definition, questions, submission } from '../test/fixtures.js';
import { safeParseSurveyDefinition } from './definition.js';
import { LIMITS } from './limits.js';
import { safeParseSubmission } from './submission.js';

type Parse = (input: unknown) => { success: true } | { success: false; issues: { path: string }[] };

const many = (n: number, prefix = 'x') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const options = (n: number) => many(n).map((id) => ({ id, label: id }));
const locales = (n: number) => Object.fromEntries(many(n, 'en-v').map((tag) => [tag, 'text']));

const cases: Array<[string, number, Parse, (n: number) => unknown, string]> = [
  ['id length', 128, safeParseSubmission, (n) => submission({ context: { staff: 's'.repeat(n) } }), 'context.staff'],
  ['label length', 2000, safeParseSurveyDefinition, (n) => definition({ title: 't'.repeat(n) }), 'title'],
  ['free text length', 10_000, safeParseSubmission, (n) => submission({ answers: { c: { type: 'text', value: 'c'.repeat(n) } } }), 'answers.c.value'],
  ['locale tag length', 35, safeParseSubmission, (n) => submission({ context: { locale: `en-${'abcdefgh-'.repeat(4)}`.slice(0, n - 1) + 'x' } }), 'context.locale'],
  ['locales per text', 32, safeParseSurveyDefinition, (n) => definition({ title: locales(n) }), 'title'],
  ['page length', 2048, safeParseSubmission, (n) => submission({ context: { page: '/'.repeat(n) } }), 'context.page'],
  ['consent contact length', 320, safeParseSubmission, (n) => submission({ answers: { c: { type: 'consent', value: true, contact: 'p'.repeat(n) } } }), 'answers.c.contact'],
  ['questions', 200, safeParseSurveyDefinition, (n) => definition({ questions: many(n, 'q').map((id) => ({ ...questions.text, showIf: undefined, id })) }), 'questions'],
  ['answers', 200, safeParseSubmission, (n) => submission({ answers: Object.fromEntries(many(n, 'q').map((q) => [q, answers.text])) }), 'answers'],
  ['choice options', 100, safeParseSurveyDefinition, (n) => definition({ questions: [{ ...questions.choice, options: options(n) } as never] }), 'questions[0].options'],
  ['checklist items', 100, safeParseSurveyDefinition, (n) => definition({ questions: [{ ...questions.checklist, items: options(n) } as never] }), 'questions[0].items'],
  ['choice answer values', 100, safeParseSubmission, (n) => submission({ answers: { c: { type: 'choice', value: many(n) } } }), 'answers.c.value'],
  ['checklist answer entries', 100, safeParseSubmission, (n) => submission({ answers: { c: { type: 'checklist', value: Object.fromEntries(many(n).map((k) => [k, true])) } } }), 'answers.c.value'],
  ['reason codes offered', 50, safeParseSurveyDefinition, (n) => definition({ questions: [{ ...questions.rating, reasons: { codes: options(n) } } as never] }), 'questions[0].reasons.codes'],
  ['reason codes chosen', 50, safeParseSubmission, (n) => submission({ answers: { r: { ...answers.rating, reasons: many(n) } as never } }), 'answers.r.reasons'],
  ['flags', 32, safeParseSubmission, (n) => submission({ context: { flags: many(n) } }), 'context.flags'],
  ['measures', 32, safeParseSubmission, (n) => submission({ context: { measures: Object.fromEntries(many(n).map((k, i) => [k, i])) } }), 'context.measures'],
  // A show-if may only read an earlier question, so these conditions sit on question 1 and read question 0.
  ['conditions in one all', 32, safeParseSurveyDefinition, (n) => definition({ questions: [questions.rating, { ...questions.text, showIf: { all: Array.from({ length: n }, () => ({ question: 'nps', op: 'answered' })) } } as never] }), 'questions[1].showIf.all'],
  ['values of an in condition', 32, safeParseSurveyDefinition, (n) => definition({ questions: [questions.rating, { ...questions.text, showIf: { question: 'nps', op: 'in', value: many(n) } } as never] }), 'questions[1].showIf.value'],
  ['scale points', 101, safeParseSubmission, (n) => submission({ answers: { r: { ...answers.rating, scale: { kind: 'likert', points: n } } as never } }), 'answers.r.scale.points'],
  ['survey version', 2_147_483_647, safeParseSubmission, (n) => submission({ survey: { id: 's', version: n } }), 'survey.version'],
];

describe('documented limits', () => {
  it('cover every LIMITS entry (batch and response sizes live in ingest.test.ts)', () => {
    expect(Object.keys(LIMITS).sort()).toEqual(
      ['idLength', 'labelLength', 'textLength', 'localeLength', 'locales', 'pageLength', 'contactLength', 'questions', 'options', 'reasonCodes', 'flags', 'measures', 'conditionDepth', 'conditionItems', 'scalePoints', 'version', 'batch', 'reasonLength'].sort(),
    );
  });

  for (const [name, limit, parse, make, path] of cases) {
    it(`${name}: ${limit} is accepted, ${limit + 1} is rejected at ${path}`, () => {
      const atLimit = parse(clone(make(limit)));
      expect(atLimit.success, JSON.stringify(atLimit).slice(0, 300)).toBe(true);
      const over = parse(clone(make(limit + 1)));
      expect(over.success).toBe(false);
      if (!over.success) expect(over.issues.map((i) => i.path)).toContain(path);
    });
  }
});
