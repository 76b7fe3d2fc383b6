// Where the bytes go: bundles each entry from the BUILT packages (esbuild, minify, as
// tests/support/size.mjs) with a metafile and prints each input module's minified
// contribution, largest first, plus the whole entry's min and gzip -9 size.
//   node tests/bench/size-breakdown.mjs [entry-name ...] [--top N]
// Not a benchmark section: a tool for finding the fat. Build the packages first.
import { build } from 'esbuild';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BUNDLE_OPTIONS } from '../support/size.mjs';

const root = join(import.meta.dirname, '..', '..');
const entries = {
  rating: { dir: 'packages/elements', code: "import '@feedbackkit/elements/define/fb-rating.js';" },
  prompt: { dir: 'packages/elements', code: "import '@feedbackkit/elements/define/fb-prompt.js';" },
  'rating+prompt': {
    dir: 'packages/elements',
    code: "import '@feedbackkit/elements/define/fb-rating.js'; import '@feedbackkit/elements/define/fb-prompt.js';",
  },
  'rating+prompt+outbox': {
    dir: 'packages/embed',
    code:
      "import '@feedbackkit/elements/define/fb-rating.js'; import '@feedbackkit/elements/define/fb-prompt.js';" +
      "import { connect } from '@feedbackkit/embed/connect.js'; globalThis.sink = connect;",
  },
  outbox: { dir: 'packages/transport', code: "import { createOutbox } from '@feedbackkit/transport'; globalThis.sink = createOutbox;" },
  'outbox-bare': {
    dir: 'packages/transport',
    code: "import { createOutbox } from '@feedbackkit/transport/outbox'; globalThis.sink = createOutbox;",
  },
  // The script-tag bundle's entry (dist/feedbackkit.min.js is this, built by rollup + terser).
  embed: { dir: 'packages/embed', code: "import './dist/script.js';" },
};

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args[topAt + 1]) : 25;
const names = args.filter((a, i) => !a.startsWith('--') && (topAt < 0 || i !== topAt + 1));

/** Shortens node_modules/.pnpm/... paths to package/file. */
const short = (path) => path.replace(/^.*node_modules\/(?!\.pnpm)/, '').replace(/^(\.\.\/)+/, '');

for (const name of names.length ? names : Object.keys(entries)) {
  const entry = entries[name];
  if (!entry) throw new Error(`size-breakdown: unknown entry "${name}" (one of ${Object.keys(entries).join(', ')})`);
  const result = await build({
    ...BUNDLE_OPTIONS,
    stdin: { contents: entry.code, resolveDir: join(root, entry.dir), loader: 'js' },
    metafile: true,
    outfile: 'out.js',
  });
  const out = result.outputFiles[0].contents;
  const inputs = Object.entries(Object.values(result.metafile.outputs)[0].inputs)
    .map(([path, { bytesInOutput }]) => [short(path), bytesInOutput])
    .sort((a, b) => b[1] - a[1]);
  console.log(`\n== ${name}: ${out.byteLength} B min, ${gzipSync(out, { level: 9 }).byteLength} B gzip -9`);
  for (const [path, bytes] of inputs.slice(0, top)) console.log(`${String(bytes).padStart(8)}  ${path}`);
  const rest = inputs.slice(top).reduce((s, [, b]) => s + b, 0);
  if (rest) console.log(`${String(rest).padStart(8)}  (${inputs.length - top} more)`);
}
