// Bundle-size measurement shared by the size tests and the benchmarks: the same command
// we use for peers (esbuild --bundle --minify --format=esm --platform=browser, gzip -9).
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';

/**
 * The esbuild options of every size figure (ours and the peers'), and of the bundles the
 * benchmarks load in Chromium: a production browser bundle, minified ESM, nothing written.
 */
export const BUNDLE_OPTIONS = Object.freeze({
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  write: false,
  define: { 'process.env.NODE_ENV': '"production"' },
  legalComments: 'none',
  logLevel: 'silent',
});

/**
 * Bundles `code` (an ES module that imports what is to be measured) resolved from
 * `resolveDir`, with production conditions, and returns its minified and gzipped sizes.
 * @param {string} code
 * @param {{ resolveDir: string, conditions?: string[] }} options
 */
export async function measureBundle(code, { resolveDir, conditions = [] }) {
  const result = await build({ ...BUNDLE_OPTIONS, stdin: { contents: code, resolveDir, loader: 'js' }, conditions });
  const output = result.outputFiles[0].contents;
  // esbuild writes non-ASCII as \uXXXX escapes; decode them so checks for strings that must
  // never ship (e.g. a Chinese label) can match what the bundle really contains.
  const text = new TextDecoder()
    .decode(output)
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
  return { min: output.byteLength, gzip: gzipSync(output, { level: 9 }).byteLength, text };
}
