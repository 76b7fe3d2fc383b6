/**
 * Thousands of random and malformed bodies: every answer is a 4xx or a per-item verdict
 * (200/422), never a 5xx or a crash, and the valid items mixed into a batch are all kept.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, type SqlClient } from '../src/sql.js';
import { batch, count, harness, submission, type Harness } from './helpers.js';

let sql: SqlClient;
let h: Harness;
beforeAll(async () => {
  sql = await openPglite();
  h = harness(sql);
  await h.c.ready;
});
afterAll(async () => {
  await h.c.close();
  await sql.close();
});

const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('\u0000', '\ud800', "'; DROP TABLE submissions;--", '<script>', '__proto__', 'constructor', '\u202e', '😀'.repeat(50), 'x'.repeat(5000)),
);
const junkValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  hostileString,
  fc.constantFrom(Number.MAX_VALUE, -0, 1e308, 0.1, -1, null, true, [], {}),
);

/** A valid submission with one field broken in a random way. */
const brokenSubmission = fc
  .tuple(
    fc.constantFrom('id', 'createdAt', 'status', 'answers', 'context', 'survey', 'classification', 'answers.q1.value', 'answers.q1.scale', 'context.branch', 'extra'),
    junkValue,
  )
  .map(([field, junk]) => {
    const s = submission() as unknown as Record<string, unknown>;
    const parts = field.split('.');
    let target = s;
    for (const p of parts.slice(0, -1)) target = target[p] as Record<string, unknown>;
    target[parts[parts.length - 1]!] = junk;
    return s;
  });

describe('fuzzed ingest', () => {
  it('answers 2000 random bodies with a 4xx (or a per-item verdict), never a 5xx', async () => {
    const body = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.jsonValue({ maxDepth: 5 }).map((v) => JSON.stringify(v)),
      fc.record({ protocol: junkValue, sentAt: junkValue, submissions: junkValue }).map((v) => JSON.stringify(v)),
      fc.array(junkValue, { maxLength: 5 }).map((items) => batch(items)),
    );
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const res = await h.post(text);
        expect(res.status === 200 || res.status === 422 || (res.status >= 400 && res.status < 500)).toBe(true);
        const json = await res.json();
        if (res.status === 200 || res.status === 422) expect(Array.isArray(json.accepted) && Array.isArray(json.rejected)).toBe(true);
        else expect(typeof json.error.code).toBe('string');
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps every valid item of 300 batches that mix valid and broken submissions', async () => {
    const before = await count(sql, 'submissions');
    let validSent = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(brokenSubmission.map((s) => ({ valid: false, s })), fc.constant(null).map(() => ({ valid: true, s: submission() }))), { minLength: 1, maxLength: 12 }),
        async (items) => {
          const res = await h.post(batch(items.map((i) => i.s)));
          expect(res.status === 200 || res.status === 422).toBe(true);
          const body = (await res.json()) as { accepted: string[]; rejected: Array<{ id: string; reason: string }> };
          const valid = items.filter((i) => i.valid).map((i) => (i.s as { id: string }).id);
          validSent += valid.length;
          for (const id of valid) expect(body.accepted).toContain(id);
          // Valid items have unique ids, so every item gets exactly one verdict.
          expect(body.accepted.length + body.rejected.length).toBe(items.length);
          for (const r of body.rejected) expect(r.reason.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300 },
    );
    // Broken items that happen to still be valid (e.g. an extra-valid branch) are stored too, so ≥.
    expect((await count(sql, 'submissions')) - before).toBeGreaterThanOrEqual(validSent);
    const health = await h.get('/healthz');
    expect(health.status).toBe(200);
  });
});
