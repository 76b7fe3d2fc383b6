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
  it('the bare outbox (@feedbackkit/transport/outbox) ≤ 7.2 KB, without zod, redaction, encryption or unload handlers', async () => {
    const { gzip, text } = await measure('createOutbox', '@feedbackkit/transport/outbox');
    // measured 7,106 B (2026-11-22; 6,411 B before draining over the storage quota, +695 B).
    // The target is 4 KB: NOT met (see README, Size).
    expect(gzip).toBeLessThanOrEqual(7_200);
    expect(text).not.toContain('zod');
    expect(text).not.toContain('AES-GCM'); // at-rest.ts is opt-in
    expect(text).not.toContain('luhn'); // core's redact is not in the bare entry
    expect(text).not.toMatch(/["']unload["']|onunload|beforeunload/);
    expect(text).not.toMatch(/new Function|\beval\(/);
  });

  it('createOutbox with default redaction of free-text answers ≤ 9.4 KB', async () => {
    const { gzip, text } = await measure('createOutbox', '@feedbackkit/transport');
    // measured 9,295 B (8,592 B before draining over quota, +703 B): the bare outbox + core's redact (~2.2 KB; its size is core's).
    expect(gzip).toBeLessThanOrEqual(9_400);
    expect(text).not.toContain('zod');
    expect(text).not.toContain('AES-GCM');
  });

  it('aesGcm adds ≤ 250 B', async () => {
    const [base, withCrypto] = await Promise.all([
      measure('createOutbox', '@feedbackkit/transport'),
      measure('createOutbox, aesGcm', '@feedbackkit/transport'),
    ]);
    // measured 9,496 − 9,295 = 201 B
    expect(withCrypto.gzip - base.gzip).toBeLessThanOrEqual(250);
    expect(withCrypto.text).toContain('AES-GCM');
  });
});
