// Size table: our bundles against the peers', measured in the same run with the same command
// (tests/support/size.mjs: esbuild --bundle --minify --format=esm --platform=browser, gzip -9).
// Each row bundles one entry file from tests/bench-peers/entries/ — the minimal code that shows
// one NPS question and submits it, written from each product's docs (header comments say what
// is in it and why). Peers are exact-pinned devDependencies of tests/bench-peers, so the table
// reruns anywhere after `pnpm install`.
//
// Adding a row = one object in OURS or PEERS below plus its entry file. Our rows are measured
// only when every file in `needs` exists (run `npm run build` first); otherwise they are listed
// in the notes as "not built yet" — never as a row with made-up figures.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { measureBundle } from '../support/size.mjs';

/**
 * @typedef {{ entry: string, product: string, setup: string, packages: string[],
 *   runtime: string, needs?: string[],
 *   styles?: { file: string, setup: string, runtime: string }[] }} Entry
 * `entry`: file name in tests/bench-peers/entries/ without `.mjs`; `packages`: whose installed
 * versions to report; `runtime`: what the page still fetches at run time beyond this bundle
 * (from reading the package source; the entry's header comment gives the detail); `needs`:
 * built files (relative to the repo root) that must exist before an entry of ours is measured;
 * `styles`: stylesheets the product needs besides its JS (a path under node_modules), each
 * measured as its own row (esbuild --bundle --minify, gzip -9).
 */

/** Our entries: measured only once built. The first one is the baseline for the ratio column. */
const OURS = /** @type {Entry[]} */ ([
  {
    entry: 'feedbackkit-prompt-outbox',
    product: 'Feedbackkit',
    setup: 'NPS prompt + durable outbox (fb-rating, fb-prompt, createOutbox)',
    packages: ['@feedbackkit/elements', '@feedbackkit/transport'],
    runtime: 'nothing',
    needs: [
      'packages/elements/dist/define/fb-rating.js',
      'packages/elements/dist/define/fb-prompt.js',
      'packages/transport/dist/index.js',
    ],
  },
  {
    entry: 'feedbackkit-embed',
    product: 'Feedbackkit',
    setup: 'full embed (all four elements + outbox glue)',
    packages: ['@feedbackkit/embed'],
    runtime: 'nothing',
    needs: ['packages/embed/dist/index.js'],
  },
  {
    entry: 'feedbackkit-core-nps',
    product: 'Feedbackkit',
    setup: 'core `nps` alone (scoring, no UI)',
    packages: ['@feedbackkit/core'],
    runtime: 'nothing',
    needs: ['packages/core/dist/index.js'],
  },
]);

/** Peer entries: always measured; a failure here fails the benchmark. */
const PEERS = /** @type {Entry[]} */ ([
  {
    entry: 'sentry-feedback-client',
    product: 'Sentry feedback',
    setup: 'BrowserClient + feedbackIntegration only (no rating control)',
    packages: ['@sentry/browser'],
    runtime: 'nothing',
  },
  {
    entry: 'sentry-feedback',
    product: 'Sentry feedback',
    setup: '`init` + feedbackIntegration, as documented (no rating control)',
    packages: ['@sentry/browser'],
    runtime: 'nothing',
  },
  {
    entry: 'sentry-feedback-async',
    product: 'Sentry feedback',
    setup: '`init` + feedbackAsyncIntegration (no rating control)',
    packages: ['@sentry/browser'],
    runtime: 'form code, as a <script> from Sentry\'s CDN',
  },
  {
    entry: 'posthog-slim-surveys',
    product: 'PostHog surveys',
    setup: 'slim core (no-external) + SurveysExtensions + survey renderer bundled',
    packages: ['posthog-js'],
    runtime: 'survey definition (data)',
  },
  {
    entry: 'posthog-slim-surveys-lazy',
    product: 'PostHog surveys',
    setup: 'slim core + SurveysExtensions, renderer left to lazy load',
    packages: ['posthog-js'],
    runtime: 'survey renderer, as a <script> from PostHog\'s asset host; survey definition',
  },
  {
    entry: 'posthog-default',
    product: 'PostHog surveys',
    setup: 'default `posthog-js` entry, as documented',
    packages: ['posthog-js'],
    runtime: 'survey renderer, as a <script> from PostHog\'s asset host; survey definition',
  },
  {
    entry: 'surveyjs',
    product: 'SurveyJS',
    setup: 'survey-core Model + survey-js-ui renderSurvey (JS only)',
    packages: ['survey-core', 'survey-js-ui'],
    runtime: 'nothing (its CSS: next rows)',
    styles: [
      {
        file: 'survey-core/survey-core.min.css',
        setup: 'its stylesheet survey-core.min.css (required)',
        runtime: 'Open Sans web font from a Google Fonts host',
      },
      { file: 'survey-core/survey-core.fontless.min.css', setup: 'its stylesheet, fontless variant', runtime: 'nothing' },
    ],
  },
  {
    entry: 'formbricks',
    product: 'Formbricks',
    setup: '@formbricks/js loader',
    packages: ['@formbricks/js'],
    runtime: 'the whole SDK and survey UI, as a <script> from the Formbricks app (not on npm, not measured)',
  },
]);

/** String scans of the bundle: signals that matter on a strict-CSP page. */
const SIGNALS = [
  ['creates <script>', /createElement\(\s*["'`]script["'`]\s*\)/],
  ['eval / new Function', /\bnew Function\s*\(|[^.\w]eval\s*\(/],
];

export default async ({ root, log }) => {
  const peersDir = join(root, 'tests/bench-peers');
  if (!existsSync(join(peersDir, 'node_modules/@sentry/browser'))) {
    throw new Error('tests/bench-peers has no node_modules: run `npx -y pnpm@10 install` first');
  }
  // Read from the install itself (not every peer exports ./package.json).
  const versionOf = (pkg) => {
    const file = join(peersDir, 'node_modules', pkg, 'package.json');
    return `${pkg}@${JSON.parse(readFileSync(file, 'utf8')).version}`;
  };
  const kB = (bytes) => (bytes / 1000).toFixed(1);

  const rows = [];
  const notes = [];
  /** gzip bytes of OURS[0], the ratio column's baseline, once measured. */
  let baseline = 0;
  const row = (item, label, m) => {
    const found = SIGNALS.filter(([, re]) => m.text !== undefined && re.test(m.text)).map(([n]) => n);
    rows.push({
      product: item.product,
      setup: item.setup,
      entry: label,
      versions: item.packages.map(versionOf).join(', '),
      'min B': m.min,
      'gzip B': m.gzip,
      'min+gzip kB': kB(m.gzip),
      '× our prompt+outbox': baseline ? (m.gzip / baseline).toFixed(1) : '',
      'fetched at run time': item.runtime,
      'CSP signals (string scan)': m.text === undefined ? 'n/a (CSS)' : found.join(', ') || 'none',
    });
    log(`${label}: ${m.min} B min, ${m.gzip} B gzip`);
  };
  const entryCode = (name) => readFileSync(join(peersDir, 'entries', `${name}.mjs`), 'utf8');
  const importsOf = (code) =>
    [...code.matchAll(/^(?:import|export)\b[^;]*?from\s*'[^']+'|^import\s*'[^']+'/gm)].map((m) =>
      m[0].replace(/\s+/g, ' '),
    );

  for (const item of OURS) {
    const missing = (item.needs ?? []).filter((f) => !existsSync(join(root, f)));
    const label = `entries/${item.entry}.mjs`;
    if (missing.length > 0) {
      notes.push(`${item.product} — ${item.setup}: not built yet (missing ${missing.join(', ')}); run \`npm run build\`.`);
      continue;
    }
    try {
      const m = await measureBundle(entryCode(item.entry), { resolveDir: peersDir });
      if (item === OURS[0]) baseline = m.gzip;
      row(item, label, m);
    } catch (error) {
      const first = error?.errors?.[0]?.text ?? String(error);
      notes.push(`${item.product} — ${item.setup}: built files present but the entry does not bundle: ${first}`);
    }
  }
  if (!baseline) notes.push('The "× our prompt+outbox" column stays empty until that entry is built and measured.');
  for (const item of PEERS) {
    const m = await measureBundle(entryCode(item.entry), { resolveDir: peersDir });
    row(item, `entries/${item.entry}.mjs`, m);
    for (const style of item.styles ?? []) {
      const file = join(peersDir, 'node_modules', style.file);
      const out = await build({ entryPoints: [file], bundle: true, minify: true, write: false, logLevel: 'silent' });
      const css = out.outputFiles[0].contents;
      const pkg = style.file.split('/').slice(0, style.file.startsWith('@') ? 2 : 1).join('/');
      row({ ...item, ...style, packages: [pkg] }, style.file, { min: css.byteLength, gzip: gzipSync(css, { level: 9 }).byteLength });
    }
  }

  notes.push(
    'Every row: `measureBundle` in tests/support/size.mjs — esbuild `--bundle --minify --format=esm --platform=browser` (target es2022, `process.env.NODE_ENV=production`), then gzip -9; kB = 1000 bytes (as in BRIEF.md). Stylesheets: esbuild `--bundle --minify`, gzip -9.',
    'Entries (tests/bench-peers/entries/) are the minimal "show one NPS question and submit" for each product, written from its docs; each file\'s header says what it includes and why. Their exact imports follow.',
    ...[...OURS, ...PEERS].map((i) => `Imports of \`${i.entry}\`: ${importsOf(entryCode(i.entry)).map((s) => `\`${s}\``).join('; ')}`),
    '"fetched at run time" is what the page still downloads before or while the question is shown, beyond this bundle, read from the package source. A row with a lazy <script> understates what the user downloads, and that script is blocked on a strict-CSP page (`script-src \'self\'`) unless its third-party host is allow-listed or the file self-hosted.',
    '"CSP signals" is a plain text search of the minified bundle for `createElement("script")` and `eval(`/`new Function(`; a hit means the code is present, not that every path runs it.',
  );
  return { title: 'Bundle size against peers', command: 'node tests/bench/run.mjs size', rows, notes };
};
