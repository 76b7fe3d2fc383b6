// Bundle the BUILT package the way an app would (esbuild, minify, gzip -9; see
// tests/support/size.mjs) and hold the byte ceilings and the never-in-the-bundle list.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { built as builtFiles } from '../../../tests/support/prerequisite.mjs';
import { measureBundle } from '../../../tests/support/size.mjs';

const root = join(import.meta.dirname, '..');
const built = builtFiles('schema size test', [join(root, 'dist', 'index.js')]);

/** Bundles `import { names } from '@feedbackkit/schema'` (resolved through the package's own exports map, so dist/). */
function measure(names: string, entry = '@feedbackkit/schema') {
  return measureBundle(`import { ${names} } from '${entry}'; globalThis.sink = [${names}];`, { resolveDir: root });
}

describe.skipIf(!built)('bundle size of the built package (min+gzip)', () => {
  it('safeParseSubmission ≤ 12.5 KB, without definition or ingest code or a JSON Schema generator', async () => {
    const { gzip, text } = await measure('safeParseSubmission');
    // measured 12,164 B (2026-11-22); zod/mini itself is ~8.9 KB of it for these schema kinds.
    expect(gzip).toBeLessThanOrEqual(12_500);
    expect(text).not.toContain('conditions nest deeper'); // definition.ts
    expect(text).not.toContain('duplicate submission id'); // ingest.ts
    expect(text).not.toContain('both accepted and rejected'); // ingest-response.ts
    expect(text).not.toContain('draft-2020-12'); // json-schema entry
  });

  it('parseIngestResponse ≤ 8 KB, without the submission schemas', async () => {
    const { gzip, text } = await measure('parseIngestResponse');
    // measured 7,603 B
    expect(gzip).toBeLessThanOrEqual(8_000);
    expect(text).not.toContain('UUIDv7');
    expect(text).not.toContain('expectation-gap');
  });

  it('parseSurveyDefinition ≤ 12.5 KB, without the submission schemas', async () => {
    const { gzip, text } = await measure('parseSurveyDefinition');
    // measured 12,277 B (12,147 B before the earlier-questions-only rule)
    expect(gzip).toBeLessThanOrEqual(12_500);
    expect(text).not.toContain('UUIDv7');
    expect(text).not.toContain('no-rating');
  });

  it('no bundle constructs functions from strings (strict CSP) or carries the JSON Schema generator', async () => {
    for (const names of ['safeParseSubmission', 'parseSurveyDefinition', 'parseIngestRequest, parseIngestResponse']) {
      const { text } = await measure(names);
      expect(text).not.toMatch(/new Function|Function\(|eval\(/);
      expect(text).not.toContain('draft-2020-12');
    }
  });

  it('the whole main entry stays under 14.5 KB', async () => {
    const all = await measureBundle(`import * as s from '@feedbackkit/schema'; globalThis.sink = s;`, { resolveDir: root });
    // measured 14,376 B
    expect(all.gzip).toBeLessThanOrEqual(14_500);
  });
});
