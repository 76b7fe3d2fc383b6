// The JSON Schema export: committed files are fresh, and a real validator (ajv, draft
// 2020-12) accepts what the zod parsers accept and rejects the bad inputs they reject.
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { submission as validSubmission } from '../test/arbitraries.js';
import { answers, clone, definition, ID, ID2, ingestRequest, submission } from '../test/fixtures.js';
import { jsonSchemaFiles, jsonSchemas } from './json-schema.js';

const dir = join(import.meta.dirname, '..', 'json-schema');

describe('committed json-schema/*.json', () => {
  it('are reachable through the package exports map', () => {
    const require = createRequire(join(import.meta.dirname, '..', 'package.json'));
    expect(require.resolve('@feedbackkit/schema/json-schema/submission.json')).toBe(join(dir, 'submission.json'));
  });

  for (const [name, text] of Object.entries(jsonSchemaFiles())) {
    it(`${name} equals a freshly generated one (run scripts/write-json-schema.mjs after a build if not)`, () => {
      expect(readFileSync(join(dir, name), 'utf8')).toBe(text);
    });
  }
});

// validateFormats off: "date-time" needs a plugin, and the pattern zod emits already checks it.
const ajv = new Ajv2020({ allErrors: true, validateFormats: false, strict: true });
const validate = {
  submission: ajv.compile(jsonSchemas.submission),
  surveyDefinition: ajv.compile(jsonSchemas.surveyDefinition),
  ingestRequest: ajv.compile(jsonSchemas.ingestRequest),
  ingestResponse: ajv.compile(jsonSchemas.ingestResponse),
};

/** ajv's verdict with its error paths, for readable failures. */
function check(kind: keyof typeof validate, value: unknown): { ok: boolean; paths: string[] } {
  const fn = validate[kind];
  const ok = fn(value) as boolean;
  return { ok, paths: (fn.errors ?? []).map((e: ErrorObject) => e.instancePath) };
}

describe('JSON Schema accepts valid values', () => {
  for (const [type, answer] of Object.entries(answers)) {
    it(`a submission with a ${type} answer`, () => {
      expect(check('submission', clone(submission({ answers: { q: answer } })))).toEqual({ ok: true, paths: [] });
    });
  }
  it('a definition with every question type, an ingest request and a response with extra keys', () => {
    expect(check('surveyDefinition', clone(definition()))).toEqual({ ok: true, paths: [] });
    expect(check('ingestRequest', clone(ingestRequest()))).toEqual({ ok: true, paths: [] });
    expect(check('ingestResponse', { accepted: [ID], rejected: [{ id: ID2, reason: 'x', status: 409 }], serverTime: 1 })).toEqual({ ok: true, paths: [] });
  });
  it('any generated valid submission (agreement with the zod parser)', () => {
    fc.assert(
      fc.property(validSubmission, (s) => {
        expect(check('submission', JSON.parse(JSON.stringify(s))).paths).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('JSON Schema rejects bad values at the right path', () => {
  const bad = (mutate: (s: Record<string, any>) => void) => {
    const s = clone(submission()) as Record<string, any>;
    mutate(s);
    return s;
  };
  it('a rating value given as text', () => {
    const result = check('submission', bad((s) => (s.answers.q1.value = 'nine')));
    expect(result.ok).toBe(false);
    expect(result.paths).toContain('/answers/q1');
  });
  it('a UUIDv4 id, a local createdAt, an unknown field, an overlong staff id', () => {
    expect(check('submission', bad((s) => (s.id = '019370f4-3c1a-4b2e-bf00-123456789abc'))).paths).toContain('/id');
    expect(check('submission', bad((s) => (s.createdAt = '2026-11-22T10:00:00'))).paths).toContain('/createdAt');
    expect(check('submission', bad((s) => (s.score = 9))).ok).toBe(false);
    expect(check('submission', bad((s) => (s.context.staff = 'x'.repeat(129)))).paths).toContain('/context/staff');
    expect(check('submission', bad((s) => (s.answers.t = { type: 'text', value: 'a\u0000' }))).ok).toBe(false);
  });
  it('a definition with an unknown op deep in a condition', () => {
    const d = clone(definition()) as Record<string, any>;
    d.questions[2].showIf = { all: [{ not: { question: 'nps', op: 'like' } }] };
    expect(check('surveyDefinition', d).ok).toBe(false);
  });
  it('protocol 2, an empty batch, a captive-portal body', () => {
    expect(check('ingestRequest', { ...clone(ingestRequest()), protocol: 2 }).paths).toContain('/protocol');
    expect(check('ingestRequest', { ...clone(ingestRequest()), submissions: [] }).paths).toContain('/submissions');
    expect(check('ingestResponse', '<html>').ok).toBe(false);
    expect(check('ingestResponse', { accepted: [1], rejected: [] }).paths).toContain('/accepted/0');
  });
  it('more than 200 answers (maxProperties) and more than 32 measures', () => {
    const many = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`q${i}`, answers.text]));
    expect(check('submission', bad((s) => (s.answers = many))).paths).toContain('/answers');
    const measures = Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`m${i}`, i]));
    expect(check('submission', bad((s) => (s.context.measures = measures))).paths).toContain('/context/measures');
  });
});
