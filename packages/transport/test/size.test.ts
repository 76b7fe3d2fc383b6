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
  it('the bare outbox (@feedbackkit/transport/outbox) ≤ 5.8 KB, without zod, redaction, encryption, the v1 mover or unload handlers', async () => {
    const { gzip, text } = await measure('createOutbox', '@feedbackkit/transport/outbox');
    // measured 5,761 B (2026-11-22, with the Web-Locks lease handover; 5,731 B before it, 6,153 B before the v1 mover became opt-in and the over-quota
    // totals were recounted instead of owed; 7,106 B before the minified dist). See README, Size.
    expect(gzip).toBeLessThanOrEqual(5_800);
    expect(text).not.toContain('zod');
    expect(text).not.toContain('AES-GCM'); // at-rest.ts is opt-in
    expect(text).not.toContain('luhn'); // core's redact is not in the bare entry
    expect(text).not.toContain('migration: not a submission'); // migrateV1 is opt-in
    expect(text).not.toMatch(/["']unload["']|onunload|beforeunload/);
    expect(text).not.toMatch(/new Function|\beval\(/);
  });

  // The budget for the outbox alone is 4 KB: not met (see README, Size, for where the bytes go).
  it.todo('the issue budget: the bare outbox ≤ 4 KB (measured 5,761 B)');

  it('createOutbox with default redaction of free-text answers ≤ 8 KB', async () => {
    const { gzip, text } = await measure('createOutbox', '@feedbackkit/transport');
    // measured 7,909 B (8,290 B before): the bare outbox + core's redact (~2.1 KB; its size is core's).
    expect(gzip).toBeLessThanOrEqual(8_000);
    expect(text).not.toContain('zod');
    expect(text).not.toContain('AES-GCM');
  });

  it('aesGcm adds ≤ 250 B', async () => {
    const [base, withCrypto] = await Promise.all([
      measure('createOutbox', '@feedbackkit/transport'),
      measure('createOutbox, aesGcm', '@feedbackkit/transport'),
    ]);
    // measured 8,082 − 7,884 = 198 B
    expect(withCrypto.gzip - base.gzip).toBeLessThanOrEqual(250);
    expect(withCrypto.text).toContain('AES-GCM');
  });
});
