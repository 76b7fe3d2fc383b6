// Bundles the BUILT package the way an app would (esbuild, minify, gzip -9; see
// tests/support/size.mjs) and holds the byte ceilings and the never-in-the-bundle list.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { built as builtFiles } from '../../../tests/support/prerequisite.mjs';
import { measureBundle } from '../../../tests/support/size.mjs';

const root = join(import.meta.dirname, '..');
const built = builtFiles('transport size test', [join(root, 'dist', 'index.js'), join(root, 'dist', 'outbox.js')]);

const measure = (names: string, entry: string) =>
  measureBundle(`import { ${names} } from '${entry}'; globalThis.sink = [${names}];`, { resolveDir: root });

describe.skipIf(!built)('bundle size of the built transport (min+gzip)', () => {
  it('the bare outbox (@feedbackkit/transport/outbox) ≤ 6.11 KB, without zod, redaction, encryption, the v1 mover or unload handlers', async () => {
    const { gzip, text } = await measure('createOutbox', '@feedbackkit/transport/outbox');
    // measured 6,104 B by tests/bench/size-breakdown.mjs outbox-bare (2026-11-22) after two fixes to the late-open move (rows
    // claimed from memory read with their claim's key store: +2 B; close() clears the wait between open retries: +8 B; the
    // bound moved by those 10 B); 6,094 B after a late IndexedDB open moves the rows held in memory to disk (+297 B), the backoff floor and the readonly reads (+8 B net); 5,789 B after the review mends (dead letters counted,
    // not read; held rows read at once; an aborted delete not announced to other tabs: +82 B); 5,707 B after the delivery fixes of the same day
    // (Retry-After as a lower bound, no refusal deleting rows en masse, memory-mode follower flush, delivered ids broadcast,
    // per-id backoff on partial acks: +155 B); 5,552 B before them, after the size-first rewrite of the
    // delivery core; 5,761 B before it, 6,153 B before the v1 mover became opt-in, 7,106 B before the minified dist. See README, Size.
    expect(gzip).toBeLessThanOrEqual(6_110);
    expect(text).not.toContain('zod');
    expect(text).not.toContain('AES-GCM'); // at-rest.ts is opt-in
    expect(text).not.toContain('luhn'); // core's redact is not in the bare entry
    expect(text).not.toContain('migration: not a submission'); // migrateV1 is opt-in
    expect(text).not.toMatch(/["']unload["']|onunload|beforeunload/);
    expect(text).not.toMatch(/new Function|\beval\(/);
  });

  // The budget for the outbox alone is 4 KB: not met (see README, Size, for where the bytes go:
  // without ten of its contract items the outbox would still be 4,280 B).
  it.todo('the issue budget: the bare outbox ≤ 4 KB (measured 6,105 B)');

  it('createOutbox with default redaction of free-text answers ≤ 8.27 KB', async () => {
    const { gzip, text } = await measure('createOutbox', '@feedbackkit/transport');
    // measured 8,189 B (2026-11-22: core's redact now reads full-width and Arabic-Indic digits and Unicode spaces, bracketed and dotted
    // phones and non-ASCII e-mail, and leaves dashed dates and amounts alone: +265 B, the bound moved by those 265 B); 7,924 B (7,585 B before the late-open move, the backoff floor and the readonly reads; 7,512 B before the review mends; 7,359 B before the delivery fixes; 7,909 B before the size-first rewrite of the outbox and a change to core's redact): the bare outbox + core's redact (its size is core's).
    expect(gzip).toBeLessThanOrEqual(8_265);
    expect(text).not.toContain('zod');
    expect(text).not.toContain('AES-GCM');
  });

  it('aesGcm adds ≤ 250 B', async () => {
    const [base, withCrypto] = await Promise.all([
      measure('createOutbox', '@feedbackkit/transport'),
      measure('createOutbox, aesGcm', '@feedbackkit/transport'),
    ]);
    // measured 7,556 − 7,359 = 197 B
    expect(withCrypto.gzip - base.gzip).toBeLessThanOrEqual(250);
    expect(withCrypto.text).toContain('AES-GCM');
  });
});
