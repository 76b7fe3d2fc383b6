import terser from '@rollup/plugin-terser';
import { packageConfig } from '../../scripts/rollup-package.mjs';

// Two entries: the default (with redaction of free-text answers) and the bare outbox.
const config = packageConfig(import.meta.dirname, { input: ['src/index.ts', 'src/outbox.ts'] });

// The outbox has a byte budget (4 KB min+gzip), so dist/ ships minified, the way Lit
// publishes its builds: one module per entry (the private modules inlined into outbox.js),
// and properties named with a leading underscore, a convention for private fields only,
// mangled. Public names (options, events, stats, the wire JSON, stored rows) never start
// with `_`. The readable source ships in src/ with the source maps.
export default {
  ...config,
  output: { ...config.output, preserveModules: false, chunkFileNames: 'shared.js', hoistTransitiveImports: false },
  plugins: [
    ...config.plugins,
    terser({
      module: true,
      ecma: 2020,
      // unsafe_arrows: no function expression in these sources uses `this`, `arguments` or `new`.
      compress: { passes: 3, unsafe_arrows: true },
      mangle: { properties: { regex: /^_/ } },
      format: { comments: false },
    }),
  ],
};
