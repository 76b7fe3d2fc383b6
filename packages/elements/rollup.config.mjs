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
// Lit's css/html/svg template text squeezed in dist (see scripts/minify-templates.mjs).
config.plugins.push(minifyTemplates());
export default config;
