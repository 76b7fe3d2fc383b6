// Bundles the BUILT packages the way an app would (esbuild, minify, gzip -9; see
// tests/support/size.mjs), and measures the built script-tag bundle itself.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { built as builtFiles } from '../../../tests/support/prerequisite.mjs';
import { measureBundle } from '../../../tests/support/size.mjs';

const root = join(import.meta.dirname, '..');
const bundle = join(root, 'dist', 'feedbackkit.min.js');
const built = builtFiles('embed size test', [join(root, 'dist', 'connect.js'), bundle]);

const measure = (code: string) => measureBundle(code, { resolveDir: root });

describe.skipIf(!built)('bundle size of the built embed (min+gzip)', () => {
  it('<fb-rating> + <fb-prompt> + the outbox (connect): what is not the outbox ≤ 11.419 KB; no survey, kiosk or zod', async () => {
    const all = await measure(
      "import '@feedbackkit/elements/define/fb-rating.js'; import '@feedbackkit/elements/define/fb-prompt.js';" +
        "import { connect } from '@feedbackkit/embed/connect.js'; globalThis.sink = connect;",
    );
    const outbox = await measure("import { createOutbox } from '@feedbackkit/transport'; globalThis.sink = createOutbox;");
    // measured 11,416 B not the outbox (2026-11-22: +19 B for <fb-rating> moving focus from the hidden
    // Submit button to the thank-you status; the bound moved by those 19 B from 11,400 B);
    // measured 18,998 B in all (2026-11-22, after the rating/prompt DOM rewrite), of which the
    // default outbox (with free-text redaction; packages/transport holds its own ceiling) is
    // 7,915 B: 11,083 B for the two elements on ReactiveElement (no lit-html), their messages,
    // core's scale shapes and the glue (19,754 / 11,479 B earlier the same day; 15,093 B when
    // they were LitElement components). The outbox's share is not held here, so transport can
    // change without breaking this test.
    expect(all.gzip - outbox.gzip).toBeLessThanOrEqual(11_419);
    expect(all.gzip).toBeGreaterThan(outbox.gzip);
    expect(all.text).not.toContain('"fb-survey"');
    expect(all.text).not.toContain('"fb-kiosk"');
    expect(all.text).not.toContain('zod');
    expect(all.text).not.toMatch(/new Function|\beval\(/);
  });

  it('dist/feedbackkit.min.js: self-contained ESM, no remote loads, SRI hash current', () => {
    const code = readFileSync(bundle);
    const text = code.toString('utf8');
    // Self-contained: no import statements or dynamic imports left in the bundle.
    // (The missing-language-pack warning's text, "needs import '@feedbackkit/elements/locales/…'", is a message, not code.)
    expect(text.replaceAll("needs import '@feedbackkit/elements/locales/", '')).not.toMatch(/\bimport\s*[("'{*]|\bimport\s+\w+\s+from\b/);
    // No remote URLs except XML namespaces and the reserved *.example domain in an error message.
    const urls = text.match(/https?:\/\/[^\s"'`)]+/g) ?? [];
    expect(urls.filter((u) => !/^https?:\/\/(www\.w3\.org\/|[a-z.-]+\.example\b)/.test(u))).toEqual([]);
    expect(text).not.toContain('Lit is in dev mode');
    // Every built-in locale is in the one-tag bundle (locales/all.js).
    expect(text).toContain('سؤال سريع'); // <fb-prompt>'s Arabic heading
    expect(text).toContain('您对今天的服务满意吗'); // <fb-kiosk>'s zh-CN prompt
    const sri = readFileSync(`${bundle}.sri.txt`, 'utf8').trim();
    expect(sri).toBe(`sha384-${createHash('sha384').update(code).digest('base64')}`);
    // A regression guard, not the budget (see the todos below). Measured 35,215 B (2026-11-22: +14 B for <fb-survey> naming
    // its NPS/Likert end options by their anchor words, the bound moved by those 14 B from 35,211 B). 35,201 B (2026-11-22: 35,174 B with the kiosk's key
    // filter (its growth fit within the bound, not measured apart), +16 B for the rating's focus after submit (within the bound),
    // +11 B for kiosk face labels that wrap inside their buttons: the bound moved by those 11 B from 35,200 B). Measured 35,121 B, zlib gzip -9 as here (2026-11-22, after
    // the outbox's late-open move (+305 B) and core's wider redact (+257 B): the bound moved from 35,000 B by that growth;
    // GNU gzip -9 makes the same file 34,631 B); 34,596 B (2026-11-22, after
    // the day's size work on core, survey, kiosk and the outbox, and the audit fixes); 35,655 B gzip -9
    // (zlib, rollup + terser, 2026-11-22, with <fb-rating>'s half stars; 35,731 B before them): all four elements, every locale and the outbox.
    // 36,720 B before the locale packs were written one string per locale, <fb-survey> and
    // <fb-kiosk> dropped Lit's checked css tag and their runner/template/definition check were
    // tightened (and the rating/prompt/outbox work of the same day); 40,226 B before
    // <fb-rating>/<fb-prompt> were rebuilt on ReactiveElement, <fb-survey>/<fb-kiosk> left
    // lit-html for survey/template.ts and core's scale label tables for <fb-rating>'s point words.
    expect(gzipSync(code, { level: 9 }).byteLength).toBeLessThanOrEqual(35_225);
  });

  // The budgets: rating + prompt + outbox ≤ 12 KB and the whole embed ≤ 30 KB.
  // Neither is met (19.6 KB and 35.2 KB: 19,614 B and 35,215 B on 2026-11-22, after the outbox's late-open move, core's wider redact and the accessibility fixes); see the README's size section for the breakdown.
  it.todo('<fb-rating> + <fb-prompt> + outbox ≤ 12 KB (measured 19,614 B)');
  it.todo('whole embed bundle ≤ 30 KB (measured 35,215 B)');
});
