// Size ceilings of the analysis exports (Kano, index, gap, monitor, calendar, rollup, rank,
// survey logic) in the BUILT package, and proof that they tree-shake away from the metrics.
// Same measurement as size.test.ts (esbuild minify + gzip -9). Run `npm run build` first.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { built as builtFiles } from '../../../tests/support/prerequisite.mjs';
import { measureBundle } from '../../../tests/support/size.mjs';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = builtFiles('core analysis size tests', [join(pkg, 'dist/index.js')]);

const measure = (code: string) => measureBundle(code, { resolveDir: pkg });

// Identifiers / strings that only the analysis modules contain.
// (esbuild escapes non-ASCII as \uXXXX, so markers are ASCII.)
const analysisMarkers = ['ewma', 'cusum', 'showIf', 'shrunk', 'Value for money', 'formatToParts', 'QAAAO'];

// [what is imported, gzip ceiling in bytes] — measured 2026-11-22 with ~15 % headroom.
const budgets: Array<[string, number]> = [
  ['kano', 600],
  ['kano, kanoSummary', 1000],
  ['indexScore', 4700],
  ['gap, bankDimensions', 4700],
  ['createMonitor', 6600],
  ['calendarKey, calendarRange', 1700],
  ['rollup', 5700],
  ['rank, serviceStar, mostImproved', 1800],
  ['visibleQuestions, nextQuestion, reasonFollowUp, validateResponse, validateDefinition', 6400],
];

describe.skipIf(!built)('bundle size of the analysis exports (min+gzip)', () => {
  for (const [names, ceiling] of budgets) {
    it(`import { ${names} } ≤ ${ceiling} B`, async () => {
      const { gzip } = await measure(`export { ${names} } from '@feedbackkit/core';`);
      expect(gzip).toBeLessThanOrEqual(ceiling);
    });
  }

  it('none of the analysis code reaches a bundle that only imports the metrics and tallies', async () => {
    const { text } = await measure(`export { nps, csat, ces, createTally, addToTally, mergeTallies, tallyMetrics } from '@feedbackkit/core';`);
    for (const s of analysisMarkers) expect(text, `"${s}" leaked into the metrics bundle`).not.toContain(s);
  });

  it('kano alone pulls in no scale tables', async () => {
    const { text } = await measure(`export { kano } from '@feedbackkit/core';`);
    expect(text).not.toContain('Very dissatisfied');
  });

  it('the markers are really in the full bundle (so the leak checks above can fail)', async () => {
    const { text } = await measure(`export * from '@feedbackkit/core';`);
    for (const s of [...analysisMarkers, 'Very dissatisfied']) expect(text, s).toContain(s);
  });
});
