import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { packageConfig } from '../../scripts/rollup-package.mjs';

const dir = import.meta.dirname;

/** Writes the bundle's Subresource Integrity hash next to it and prints it. */
function sri() {
  return {
    name: 'feedbackkit-sri',
    writeBundle(options, bundle) {
      for (const file of Object.keys(bundle)) {
        if (!file.endsWith('.js')) continue;
        const path = options.file ?? join(options.dir ?? dir, file);
        const hash = `sha384-${createHash('sha384').update(readFileSync(path)).digest('base64')}`;
        writeFileSync(`${path}.sri.txt`, `${hash}\n`);
        console.log(`${file} integrity="${hash}"`);
      }
    },
  };
}

export default [
  // The package itself: ESM modules + .d.ts, dependencies external.
  packageConfig(dir, { input: ['src/index.ts', 'src/connect.ts', 'src/script.ts'] }),
  // The self-contained script-tag bundle, from the module just built: every dependency
  // (elements, lit, transport, core, idb-keyval) inlined, production builds, no remote loads.
  {
    input: 'dist/script.js',
    output: { file: 'dist/feedbackkit.min.js', format: 'esm' },
    plugins: [
      nodeResolve({ browser: true, exportConditions: ['browser', 'import', 'default'] }),
      terser({ module: true, format: { comments: false } }),
      sri(),
    ],
  },
];
