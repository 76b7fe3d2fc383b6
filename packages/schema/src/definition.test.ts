import { validateDefinition } from '@feedbackkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clone, definition, questions } from '../test/fixtures.js';
import { parseSurveyDefinition, safeParseSurveyDefinition } from './definition.js';
import { SchemaError, type SchemaIssue } from './issues.js';

function issuesOf(input: unknown): SchemaIssue[] {
  const result = safeParseSurveyDefinition(input);
  if (result.success) throw new Error('expected the input to be rejected');
  return result.issues;
}

const leaf = { question: 'nps', op: 'answered' } as const;

describe('valid survey definitions', () => {
  it('accepts a definition with every question type and returns it unchanged', () => {
    const input = definition();
    expect(input.questions.map((q) => q.type)).toEqual(['rating', 'choice', 'text', 'checklist', 'expectation-gap', 'kano-pair', 'consent']);
    expect(parseSurveyDefinition(clone(input))).toEqual(input);
  });

  for (const [type, question] of Object.entries(questions)) {
    it(`accepts a ${type} question on its own (conditions dropped)`, () => {
      const { showIf: _s, ...rest } = question;
      const q = type === 'rating' ? { ...rest, reasons: { codes: [{ id: 'other', label: 'Other' }] } } : rest;
      const input = { id: 's', version: 0, questions: [q] };
      expect(parseSurveyDefinition(clone(input))).toEqual(input);
    });
  }

  it('accepts localized text as a string or a locale map', () => {
    for (const prompt of ['Hi', { en: 'Hi' }, { en: 'Hi', 'zh-CN': '你好', 'zh-Hant-TW': '你好', 'es-419': 'Hola' }]) {
      expect(safeParseSurveyDefinition({ id: 's', version: 1, questions: [{ ...questions.text, showIf: undefined, prompt }] }).success).toBe(true);
    }
  });

  it('accepts every condition operator and conditions nested 8 levels deep', () => {
    for (const op of ['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'in', 'answered', 'not-answered'] as const) {
      const input = definition({ questions: [questions.rating, { ...questions.text, showIf: { question: 'nps', op, value: op === 'in' ? [1, 'a'] : 3 } }] });
      expect(safeParseSurveyDefinition(input).success, op).toBe(true);
    }
    // depth 1 is the leaf; each `not` adds one: 7 nots + leaf = 8.
    let showIf: unknown = leaf;
    for (let i = 0; i < 7; i++) showIf = { not: showIf };
    const input = { id: 's', version: 1, questions: [questions.rating, { ...questions.text, showIf }] };
    expect(parseSurveyDefinition(input)).toEqual(input);
  });
});

describe('invalid definitions name the failing path', () => {
  const cases: Array<[string, (d: Record<string, any>) => void, string, RegExp]> = [
    ['unknown question type', (d) => (d.questions[1].type = 'slider'), 'questions[1].type', /got "slider"/],
    ['prompt missing', (d) => delete d.questions[0].prompt, 'questions[0].prompt', /is required/],
    ['prompt a number', (d) => (d.questions[0].prompt = 5), 'questions[0].prompt', /expected text or a map of locale → text.*got 5/],
    ['prompt empty map', (d) => (d.questions[0].prompt = {}), 'questions[0].prompt', /has no locales; at least 1 required/],
    ['prompt locale map with a number', (d) => (d.questions[0].prompt = { en: 'Hi', 'zh-CN': 5 }), 'questions[0].prompt.zh-CN', /expected text, got 5/],
    ['prompt locale key malformed', (d) => (d.questions[0].prompt = { 'en US': 'Hi' }), 'questions[0].prompt["en US"]', /key "en US" is invalid: expected a BCP 47/],
    ['choice without options', (d) => (d.questions[1].options = []), 'questions[1].options', /at least 1 item/],
    ['option label missing', (d) => delete d.questions[1].options[0].label, 'questions[1].options[0].label', /is required/],
    ['text maxLength over the limit', (d) => (d.questions[2].maxLength = 10_001), 'questions[2].maxLength', /must be ≤ 10000, got 10001/],
    ['consent contact unknown', (d) => (d.questions[6].contact = 'fax'), 'questions[6].contact', /"email", "phone", got "fax"/],
    ['condition op unknown', (d) => (d.questions[2].showIf = { question: 'nps', op: 'like' }), 'questions[2].showIf.op', /got "like"/],
    ['nested condition leaf broken', (d) => (d.questions[2].showIf = { all: [leaf, { any: [{ question: 5, op: 'eq' }] }] }), 'questions[2].showIf.all[1].any[0].question', /expected text, got 5/],
    ['condition with two shapes', (d) => (d.questions[2].showIf = { all: [leaf], not: leaf }), 'questions[2].showIf', /expected a condition/],
    ['condition empty all', (d) => (d.questions[2].showIf = { all: [] }), 'questions[2].showIf.all', /at least 1 item/],
    ['version fractional', (d) => (d.version = 1.5), 'version', /expected an integer, got 1.5/],
    ['no questions', (d) => (d.questions = []), 'questions', /at least 1 item/],
    ['reason codes empty', (d) => (d.questions[0].reasons.codes = []), 'questions[0].reasons.codes', /at least 1 item/],
    ['misspelt field', (d) => (d.questions[2].showif = d.questions[2].showIf), 'questions[2].showif', /is not a known field/],
    ['defaultLocale malformed', (d) => (d.defaultLocale = 'english please'), 'defaultLocale', /BCP 47/],
  ];
  for (const [name, mutate, path, message] of cases) {
    it(name, () => {
      const input = clone(definition()) as Record<string, any>;
      mutate(input);
      const issues = issuesOf(input);
      const issue = issues.find((i) => i.path === path);
      expect(issue, JSON.stringify(issues)).toBeDefined();
      expect(issue!.message).toMatch(message);
    });
  }

  it('reports duplicate question, option, item and reason-code ids at the second use', () => {
    const input = clone(definition()) as Record<string, any>;
    input.questions[1].options[1].id = 'branch';
    input.questions[3].items[1].id = 'greeted';
    input.questions[0].reasons.codes[1].id = 'attitude';
    input.questions[4].id = 'nps';
    expect(issuesOf(input)).toEqual([
      { path: 'questions[4].id', message: 'duplicate question id "nps" (first used at index 0)' },
      { path: 'questions[0].reasons.codes[1].id', message: 'duplicate reason code id "attitude" (first used at index 0)' },
      { path: 'questions[1].options[1].id', message: 'duplicate option id "branch" (first used at index 0)' },
      { path: 'questions[3].items[1].id', message: 'duplicate item id "greeted" (first used at index 0)' },
    ]);
  });

  it('reports conditions that refer to unknown questions', () => {
    const input = clone(definition()) as Record<string, any>;
    input.questions[2].showIf = { any: [{ question: 'nsp', op: 'lt', value: 7 }] };
    input.questions[0].reasons.when = { not: { question: 'missing', op: 'answered' } };
    expect(issuesOf(input)).toEqual([
      { path: 'questions[0].reasons.when.not.question', message: 'refers to unknown question "missing"' },
      { path: 'questions[2].showIf.any[0].question', message: 'refers to unknown question "nsp"' },
    ]);
  });

  it('reports show-if conditions that read a later question or their own', () => {
    // fixture order: 0 nps (rating), 1 channel (choice), 2 comment (text), 3 etiquette, 4 speed, 5 sms, 6 callback
    const input = clone(definition()) as Record<string, any>;
    input.questions[1].showIf = { question: 'comment', op: 'answered' }; // 2 > 1: later
    input.questions[2].showIf = { all: [leaf, { not: { question: 'comment', op: 'answered' } }] }; // 2 = 2: itself
    input.questions[0].reasons.when = { question: 'callback', op: 'eq', value: true }; // 6 > 0: later
    expect(issuesOf(input)).toEqual([
      { path: 'questions[0].reasons.when.question', message: 'refers to question "callback", which comes later (index 6); conditions may only read earlier answers' },
      { path: 'questions[1].showIf.question', message: 'refers to question "comment", which comes later (index 2); conditions may only read earlier answers' },
      { path: 'questions[2].showIf.all[1].not.question', message: 'refers to its own question "comment"; a show-if may only read earlier answers' },
    ]);
  });

  it('lets a reason-code condition read its own rating, but not a show-if', () => {
    // The fixture's reasons.when reads its own question ('nps' at index 0) and is accepted above.
    expect(definition().questions[0]).toMatchObject({ id: 'nps', reasons: { when: { question: 'nps' } } });
    const self = { ...questions.rating, showIf: { question: 'nps', op: 'answered' } };
    expect(issuesOf({ id: 's', version: 1, questions: [self] })).toEqual([
      { path: 'questions[0].showIf.question', message: 'refers to its own question "nps"; a show-if may only read earlier answers' },
    ]);
  });

  it('a two-question cycle is reported once, at the question that looks ahead', () => {
    const a = { ...questions.text, id: 'a', showIf: { question: 'b', op: 'answered' } };
    const b = { ...questions.text, id: 'b', showIf: { question: 'a', op: 'answered' } };
    expect(issuesOf({ id: 's', version: 1, questions: [a, b] })).toEqual([
      { path: 'questions[0].showIf.question', message: 'refers to question "b", which comes later (index 1); conditions may only read earlier answers' },
    ]);
  });

  it('accepts a definition exactly when core validateDefinition does, for any pattern of condition references', () => {
    // Questions q0..q{n-1}, alternately rating (with reasons) and text; each show-if and each
    // reason-code `when` reads some question by index, earlier, itself or later. 'answered'
    // applies to every type, so the order of the references is the only thing that can fail.
    const shape = fc.integer({ min: 1, max: 6 }).chain((n) =>
      fc.tuple(fc.constant(n), fc.array(fc.tuple(fc.option(fc.nat(n - 1)), fc.option(fc.nat(n - 1))), { minLength: n, maxLength: n })),
    );
    fc.assert(
      fc.property(shape, ([, refs]) => {
        const qs = refs.map(([show, when], i) => {
          const q: Record<string, unknown> =
            i % 2 === 0
              ? { id: `q${i}`, type: 'rating', prompt: 'P', scale: { kind: 'nps' }, reasons: { codes: [{ id: 'r', label: 'R' }], ...(when === null ? {} : { when: { question: `q${when}`, op: 'answered' } }) } }
              : { id: `q${i}`, type: 'text', prompt: 'P' };
          if (show !== null) q.showIf = { question: `q${show}`, op: 'answered' };
          return q;
        });
        const input = { id: 's', version: 1, questions: qs };
        let coreAccepts = true;
        try {
          validateDefinition(clone(input) as never);
        } catch (e) {
          expect((e as { code: string }).code).toBe('invalid-definition');
          coreAccepts = false;
        }
        expect(safeParseSurveyDefinition(clone(input)).success).toBe(coreAccepts);
        // The rule by hand: a show-if reads only j < i; a rating's reasons.when reads j ≤ i.
        const expected = refs.every(([show, when], i) => (show === null || show < i) && (i % 2 === 1 || when === null || when <= i));
        expect(coreAccepts).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('stops conditions nested deeper than 8 levels, even 100,000 deep, without overflowing the stack', () => {
    let nine: unknown = leaf;
    for (let i = 0; i < 8; i++) nine = { not: nine }; // 8 nots + leaf = depth 9
    expect(issuesOf(definition({ questions: [questions.rating, { ...questions.text, showIf: nine as never }] }))).toEqual([
      { path: 'questions[1].showIf', message: 'conditions nest deeper than 8 levels' },
    ]);
    let deep: unknown = leaf;
    for (let i = 0; i < 100_000; i++) deep = { any: [leaf, deep] };
    expect(issuesOf(definition({ questions: [questions.rating, { ...questions.text, showIf: deep as never }] }))[0]!.message).toMatch(/deeper than 8/);
  });

  it('survives a cyclic condition object', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.not = cyclic;
    expect(issuesOf(definition({ questions: [{ ...questions.text, showIf: cyclic as never }] }))[0]!.message).toMatch(/deeper than 8/);
  });

  it('throws SchemaError with code invalid-definition', () => {
    expect(() => parseSurveyDefinition({ id: 's' })).toThrow(SchemaError);
    try {
      parseSurveyDefinition({ id: 's' });
    } catch (e) {
      expect((e as SchemaError).code).toBe('invalid-definition');
      expect((e as SchemaError).issues.map((i) => i.path)).toEqual(['version', 'questions']);
    }
  });
});
