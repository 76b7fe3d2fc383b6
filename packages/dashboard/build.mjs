// Builds the dashboard into dist/: one bundled module script (Lit included, nothing from a
// CDN), the page and its stylesheet. The collector serves dist/ as plain files.
import { build } from 'esbuild';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const dir = import.meta.dirname;
const out = join(dir, 'dist');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(dir, 'src/main.ts')],
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  legalComments: 'linked',
  outfile: join(out, 'dashboard.js'),
  tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false } },
  logLevel: 'warning',
});
cpSync(join(dir, 'public'), out, { recursive: true });
