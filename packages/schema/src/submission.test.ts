import { describe, expect, it } from 'vitest';
import { answers, clone, ID, submission } from '../test/fixtures.js';
import { LIMITS } from './limits.js';
import { parseSubmission, safeParseSubmission } from './submission.js';
import { SchemaError, type SchemaIssue } from './issues.js';

/** The issues of an input that must fail. */
function issuesOf(input: unknown): SchemaIssue[] {
  const result = safeParseSubmission(input);
  if (result.success) throw new Error('expected the input to be rejected');
  return result.issues;
}

describe('valid submissions', () => {
  for (const [type, answer] of Object.entries(answers)) {
    it(`accepts a ${type} answer and returns it unchanged`, () => {
      const input = submission({ answers: { q: answer } });
      expect(parseSubmission(clone(input))).toEqual(input);
    });
  }

  it('accepts the smallest submission: id, createdAt, status, empty answers and context', () => {
    const input = { id: ID, createdAt: '2026-11-22T02:00:00Z', status: 'no-rating', answers: {}, context: {} };
    expect(parseSubmission(input)).toEqual(input);
  });

  it('accepts every status and classification', () => {
    for (const status of ['complete', 'partial', 'no-rating'] as const) expect(safeParseSubmission(submission({ status })).success).toBe(true);
    for (const classification of ['secret', 'confidential', 'top-secret'] as const) {
      expect(safeParseSubmission(submission({ classification })).success).toBe(true);
    }
  });

  it('accepts createdAt with Z, a positive or negative offset, and any fraction', () => {
    for (const createdAt of ['2026-11-22T10:00:00Z', '2026-11-22T10:00:00.1+08:00', '2026-11-22T10:00:00.123456-03:30']) {
      expect(safeParseSubmission(submission({ createdAt })).success, createdAt).toBe(true);
    }
  });

  it('rejects date-times without seconds, with a space, a compact or lower-case offset, or hour 24', () => {
    for (const createdAt of ['2026-11-22T10:00Z', '2026-11-22 10:00:00Z', '2026-11-22T10:00:00+0800', '2026-11-22T10:00:00z', '2026-11-22T24:00:00Z']) {
      expect(safeParseSubmission(submission({ createdAt })).success, createdAt).toBe(false);
    }
  });

  it('accepts any channel name and any extra numeric measure', () => {
    const input = submission({ context: { channel: 'wechat-mini-program', measures: { queueLength: 3, temperature: -2.5 } } });
    expect(parseSubmission(input)).toEqual(input);
  });
});

describe('invalid submissions name the failing path and the reason', () => {
  const cases: Array<[string, (s: Record<string, any>) => void, string, RegExp]> = [
    ['rating value is text', (s) => (s.answers.q1.value = 'nine'), 'answers.q1.value', /^expected a finite number, got "nine"$/],
    ['rating value is NaN', (s) => (s.answers.q1.value = Number.NaN), 'answers.q1.value', /expected a finite number/],
    ['rating value is Infinity', (s) => (s.answers.q1.value = Infinity), 'answers.q1.value', /expected a finite number/],
    ['unknown answer type', (s) => (s.answers.q1 = { type: 'stars', value: 3 }), 'answers.q1.type', /expected one of "rating", .*got "stars"/],
    ['answer without type', (s) => (s.answers.q1 = { value: 3 }), 'answers.q1.type', /is required/],
    ['scale kind unknown', (s) => (s.answers.q1.scale = { kind: 'emoji' }), 'answers.q1.scale.kind', /got "emoji"/],
    ['scale points fractional', (s) => (s.answers.q1.scale = { kind: 'csat', points: 4.5 }), 'answers.q1.scale.points', /expected an integer, got 4.5/],
    ['scale step zero', (s) => (s.answers.q1.scale = { kind: 'stars', step: 0 }), 'answers.q1.scale.step', /must be > 0, got 0/],
    ['choice value not a list', (s) => (s.answers.q1 = { type: 'choice', value: 'a' }), 'answers.q1.value', /expected an array, got "a"/],
    ['checklist item not boolean', (s) => (s.answers.q1 = { type: 'checklist', value: { greeted: 'yes' } }), 'answers.q1.value.greeted', /expected true or false, got "yes"/],
    ['kano answer unknown', (s) => (s.answers.q1 = { ...answers['kano-pair'], functional: 'love' }), 'answers.q1.functional', /got "love"/],
    ['gap perception missing', (s) => (s.answers.q1 = { type: 'expectation-gap', dimension: 'd', expectation: 1 }), 'answers.q1.perception', /is required \(expected a finite number\)/],
    ['consent value not boolean', (s) => (s.answers.q1 = { type: 'consent', value: 'yes' }), 'answers.q1.value', /expected true or false/],
    ['UUID version 4', (s) => (s.id = '019370f4-3c1a-4b2e-bf00-123456789abc'), 'id', /expected a lowercase UUIDv7/],
    ['UUID variant 0xxx', (s) => (s.id = '019370f4-3c1a-7b2e-7f00-123456789abc'), 'id', /UUIDv7/],
    ['UUID variant 110x', (s) => (s.id = '019370f4-3c1a-7b2e-cf00-123456789abc'), 'id', /UUIDv7/],
    ['UUID in upper case', (s) => (s.id = ID.toUpperCase()), 'id', /lowercase UUIDv7/],
    ['createdAt without offset', (s) => (s.createdAt = '2026-11-22T10:00:00'), 'createdAt', /with an offset/],
    ['createdAt impossible date', (s) => (s.createdAt = '2026-02-30T10:00:00Z'), 'createdAt', /ISO 8601/],
    ['createdAt epoch number', (s) => (s.createdAt = 1763805600000), 'createdAt', /expected text, got 1763805600000/],
    ['status unknown', (s) => (s.status = 'done'), 'status', /expected one of "complete", "partial", "no-rating", got "done"/],
    ['classification unknown', (s) => (s.classification = 'public'), 'classification', /"top-secret", got "public"/],
    ['survey version negative', (s) => (s.survey.version = -1), 'survey.version', /must be ≥ 0, got -1/],
    ['wait time negative', (s) => (s.context.measures.waitSeconds = -1), 'context.measures.waitSeconds', /must be ≥ 0/],
    ['error count fractional', (s) => (s.context.measures.errors = 0.5), 'context.measures.errors', /integer/],
    ['extra measure not a number', (s) => (s.context.measures.mood = 'ok'), 'context.measures.mood', /expected a finite number/],
    ['flags not a list', (s) => (s.context.flags = 'burst'), 'context.flags', /expected an array/],
    ['locale malformed', (s) => (s.context.locale = 'zh_CN'), 'context.locale', /BCP 47/],
    ['unknown top-level field', (s) => (s.score = 9), 'score', /^is not a known field$/],
    ['unknown context field', (s) => (s.context.customer = 'Li Lei'), 'context.customer', /is not a known field/],
    ['context missing', (s) => delete s.context, 'context', /is required \(expected an object\)/],
    ['answers is a list', (s) => (s.answers = []), 'answers', /expected an object, got an array of 0 items/],
    ['answer key empty', (s) => (s.answers = { '': answers.text }), 'answers[""]', /key "" is invalid: must not be empty/],
  ];
  for (const [name, mutate, path, message] of cases) {
    it(name, () => {
      const input = clone(submission()) as Record<string, any>;
      mutate(input);
      const issues = issuesOf(input);
      const issue = issues.find((i) => i.path === path);
      expect(issue, JSON.stringify(issues)).toBeDefined();
      expect(issue!.message).toMatch(message);
    });
  }

  it('lists every failing path, not only the first', () => {
    const input = clone(submission()) as Record<string, any>;
    input.id = 'x';
    input.answers.q1.value = 'nine';
    input.answers.q2 = { type: 'text', value: 5 };
    input.context.staff = '';
    expect(issuesOf(input).map((i) => i.path)).toEqual(['id', 'answers.q1.value', 'answers.q2.value', 'context.staff']);
  });

  it('throws a SchemaError with a stable code, the first path as field, and every issue', () => {
    const input = clone(submission()) as Record<string, any>;
    input.answers.q1.value = 'nine';
    input.status = 'done';
    const error = (() => {
      try {
        parseSubmission(input);
      } catch (e) {
        return e;
      }
      throw new Error('expected a throw');
    })() as SchemaError;
    expect(error).toBeInstanceOf(SchemaError);
    expect(error.name).toBe('SchemaError');
    expect(error.code).toBe('invalid-submission');
    expect(error.field).toBe('status');
    expect(error.issues).toEqual([
      { path: 'status', message: 'expected one of "complete", "partial", "no-rating", got "done"' },
      { path: 'answers.q1.value', message: 'expected a finite number, got "nine"' },
    ]);
    expect(error.message).toBe(
      'invalid submission: 2 problems\n' +
        '  status: expected one of "complete", "partial", "no-rating", got "done"\n' +
        '  answers.q1.value: expected a finite number, got "nine"',
    );
  });

  it('rejects values that are not objects at all', () => {
    for (const input of [null, undefined, 'submission', 42, [], true]) {
      expect(issuesOf(input)).toHaveLength(1);
      expect(issuesOf(input)[0]!.path).toBe('');
    }
  });
});

describe('hostile input is bounded', () => {
  it('rejects a 1 MB transaction id without echoing it', () => {
    const huge = 'x'.repeat(1_000_000);
    const [issue] = issuesOf(submission({ context: { transaction: huge } }));
    expect(issue).toEqual({
      path: 'context.transaction',
      message: `must have at most ${LIMITS.idLength} characters, got 1000000`,
    });
  });

  it('bounds free text at 10,000 characters and quotes at most 40 of a bad value', () => {
    expect(safeParseSubmission(submission({ answers: { c: { type: 'text', value: 'a'.repeat(10_000) } } })).success).toBe(true);
    const [issue] = issuesOf(submission({ answers: { c: { type: 'text', value: 'a'.repeat(10_001) } } }));
    expect(issue!.message).toBe('must have at most 10000 characters, got 10001');
    const [control] = issuesOf(submission({ answers: { c: { type: 'text', value: `${'b'.repeat(50)}\u0000` } } }));
    // 37 b's + … inside quotes, then the real length (50 + 1 = 51).
    expect(control!.message).toBe(`contains a control character or a lone surrogate, got "${'b'.repeat(37)}…" (51 characters)`);
  });

  it('allows newlines and tabs in free text but not NUL, escape or lone surrogates', () => {
    expect(safeParseSubmission(submission({ answers: { c: { type: 'text', value: 'line 1\r\n\tline 2 😀' } } })).success).toBe(true);
    for (const bad of ['a\u0000b', 'a\u001bb', 'a\u007fb', 'a\ud800b', 'a\udc00']) {
      expect(issuesOf(submission({ answers: { c: { type: 'text', value: bad } } }))[0]!.path).toBe('answers.c.value');
    }
  });

  it('rejects control characters and newlines in ids', () => {
    for (const bad of ['a\nb', 'a\u0085b', 'tab\there', '\u0000']) {
      expect(issuesOf(submission({ context: { staff: bad } }))[0]!.path).toBe('context.staff');
    }
  });

  it('rejects a __proto__ key in answers, checklists and measures, and never pollutes a prototype', () => {
    const json = (inner: string) => JSON.parse(`{"id":"${ID}","createdAt":"2026-11-22T10:00:00Z","status":"complete","context":{},${inner}}`);
    expect(issuesOf(json('"answers":{"__proto__":{"type":"text","value":"x"}}'))[0]).toEqual({
      path: 'answers.__proto__',
      message: 'a "__proto__" key is not allowed',
    });
    const checklist = issuesOf(json('"answers":{"c":{"type":"checklist","value":{"__proto__":{"polluted":true}}}}'));
    expect(checklist[0]!.path).toBe('answers.c.value.__proto__');
    const top = issuesOf(json('"answers":{},"__proto__":{"polluted":true}'));
    expect(top[0]).toEqual({ path: '__proto__', message: 'is not a known field' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('bounds measure names like ids and refuses __proto__ among them', () => {
    const long = 'm'.repeat(129);
    expect(issuesOf(submission({ context: { measures: { [long]: 1 } } }))[0]).toEqual({
      path: `context.measures.${long}`,
      message: 'measure name must have at most 128 characters, got 129',
    });
    expect(issuesOf(submission({ context: { measures: { 'a\nb': 1 } } }))[0]!.message).toBe('measure name contains a control character or a lone surrogate');
    const proto = JSON.parse(`{"id":"${ID}","createdAt":"2026-11-22T10:00:00Z","status":"complete","answers":{},"context":{"measures":{"__proto__":{"x":1}}}}`);
    expect(issuesOf(proto)[0]).toEqual({ path: 'context.measures.__proto__', message: 'a "__proto__" key is not allowed' });
  });

  it('rejects more than 200 answers, 32 flags or 32 measures', () => {
    const many = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`q${i}`, answers.text]));
    expect(issuesOf(submission({ answers: many }))[0]).toEqual({ path: 'answers', message: 'has 201 answers; at most 200 are allowed' });
    const flags = Array.from({ length: 33 }, (_, i) => `f${i}`);
    expect(issuesOf(submission({ context: { flags } }))[0]).toEqual({ path: 'context.flags', message: 'must have at most 32 items, got 33' });
    const measures = Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`m${i}`, i]));
    expect(issuesOf(submission({ context: { measures } }))[0]).toEqual({ path: 'context.measures', message: 'at most 32 measures are allowed' });
  });

  it('does not call the Function constructor (strict-CSP safe)', () => {
    const original = globalThis.Function;
    let calls = 0;
    globalThis.Function = new Proxy(original, {
      construct(target, args) {
        calls++;
        return Reflect.construct(target, args);
      },
      apply(target, self, args) {
        calls++;
        return Reflect.apply(target, self, args);
      },
    });
    try {
      expect(safeParseSubmission(submission()).success).toBe(true);
      expect(safeParseSubmission({ id: 1 }).success).toBe(false);
    } finally {
      globalThis.Function = original;
    }
    expect(calls).toBe(0);
  });
});
