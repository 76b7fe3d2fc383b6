// One rollup recipe for every package: ESM + .d.ts into dist/, modules preserved so
// consumers' bundlers tree-shake per file, and every dependency left external.
import typescript from '@rollup/plugin-typescript';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * @param {string} dir the package folder (pass `import.meta.dirname`)
 * @param {{ input?: string[] | Record<string, string> }} [options]
 */
export function packageConfig(dir, options = {}) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const deps = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies });
  return {
    input: options.input ?? ['src/index.ts'],
    // Bare imports (workspace packages, lit, zod, node built-ins) stay imports.
    external: (id) => id.startsWith('node:') || deps.some((d) => id === d || id.startsWith(`${d}/`)),
    output: {
      dir: 'dist',
      format: 'esm',
      preserveModules: true,
      preserveModulesRoot: 'src',
      sourcemap: true,
    },
    plugins: [
      typescript({
        tsconfig: join(dir, 'tsconfig.json'),
        outDir: 'dist',
        declaration: true,
        declarationDir: 'dist',
        sourceMap: true,
        noEmitOnError: true,
      }),
    ],
  };
}
