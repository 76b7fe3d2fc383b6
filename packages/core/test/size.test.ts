// Bundles the BUILT package (dist/) the way integrators' bundlers would — esbuild, minified,
// gzip -9, the same command used for peers (tests/support/size.mjs) — and holds byte ceilings.
// Run `npm run build` (or `cd packages/core && rollup -c rollup.config.mjs`) first.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { built as builtFiles } from '../../../tests/support/prerequisite.mjs';
import { measureBundle } from '../../../tests/support/size.mjs';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = builtFiles('core size tests', [join(pkg, 'dist/index.js')]);

const measure = (code: string) => measureBundle(code, { resolveDir: pkg });

// [what is imported, gzip ceiling in bytes, strings that must not be in that bundle]
const budgets: Array<[string, number, string[]]> = [
  // The headline promise: NPS with its margin of error in ≤ 1 KB.
  ['nps', 1024, ['非常满意', 'Strongly agree', 'getRandomValues', 'incomplete', 'iban']],
  ['csat', 3400, ['getRandomValues', 'iban']],
  ['ces', 4800, ['getRandomValues', 'iban']],
  ['wilson', 700, ['非常满意']],
  ['createTally, addToTally, mergeTallies, tallyMetrics', 5600, ['getRandomValues', 'iban']],
  ['redact', 2500, ['非常满意', 'getRandomValues']],
  ['uuidv7, isUuidV7', 900, ['非常满意', 'iban']],
  ['scales, scaleFor', 2700, ['getRandomValues', 'iban']],
  // A scale without its words (what <fb-rating> loads): measured 1,056 B.
  ['scaleShape', 1150, ['Very dissatisfied', '非常满意', 'getRandomValues']],
  // Top and bottom boxes without labels (the survey logic and the kiosk): measured 1,233 B.
  ['scaleBoxes', 1350, ['Very dissatisfied', '非常满意', 'getRandomValues']],
];

describe.skipIf(!built)('bundle size of the built @feedbackkit/core (min+gzip)', () => {
  for (const [names, ceiling, banned] of budgets) {
    it(`import { ${names} } ≤ ${ceiling} B`, async () => {
      const { gzip, text } = await measure(`export { ${names} } from '@feedbackkit/core';`);
      expect(gzip).toBeLessThanOrEqual(ceiling);
      for (const s of banned) expect(text, `"${s}" leaked into { ${names} }`).not.toContain(s);
    });
  }

  it('the whole package stays under 24 KB and never evaluates strings', async () => {
    const { gzip, text } = await measure(`export * from '@feedbackkit/core';`);
    expect(gzip).toBeLessThanOrEqual(24_000);
    // The banned-string checks above can fail: the full bundle does carry this label.
    expect(text).toContain('非常满意');
    expect(text).not.toMatch(/\beval\(|new Function\(/);
  });

  it('importing nothing from it costs nothing (no side effects)', async () => {
    const { min } = await measure(`import '@feedbackkit/core';`);
    expect(min).toBe(0);
  });
});
