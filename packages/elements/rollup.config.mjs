import terser from '@rollup/plugin-terser';
import { readdirSync } from 'node:fs';
import { packageConfig } from '../../scripts/rollup-package.mjs';
import { minifyTemplates } from './scripts/minify-templates.mjs';

// Every src/define/*.ts is its own entry: those files are the package's only side effects
// (they register a tag), so they must survive as separate modules in dist/define/.
const defines = readdirSync(new URL('./src/define/', import.meta.url))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => `src/define/${f}`);

// Likewise src/locales/*.ts: each adds the built-in non-English locales to element catalogs.
const locales = readdirSync(new URL('./src/locales/', import.meta.url))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => `src/locales/${f}`);

const config = packageConfig(import.meta.dirname, { input: ['src/index.ts', ...defines, ...locales] });
config.plugins.push(
  // Lit's css/html/svg template text squeezed in dist (see scripts/minify-templates.mjs).
  // First: it finds the templates by their tag's name, which terser would shorten.
  minifyTemplates(),
  // dist/ ships minified, as transport's does, for pages that load the modules unbundled
  // (dist/fb-rating.js is 8.8 KB, 3.7 KB gzip; the readable source ships in src/ with the
  // source maps). A bundler's own minifier gets about the same from either: the size tests'
  // esbuild bundles moved by less than 15 B.
  // No property mangling: one module per file, and names such as the `_x` reactive state of
  // <fb-kiosk> are declared in one module and read by Lit in another. `#private` members are
  // shortened by the bundler anyway. Purity annotations stay for the consumer's tree-shaking.
  terser({
    module: true,
    ecma: 2020,
    compress: { passes: 3 },
    format: { comments: false, preserve_annotations: true },
  }),
);
export default config;
