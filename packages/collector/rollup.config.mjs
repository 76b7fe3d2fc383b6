import { packageConfig } from '../../scripts/rollup-package.mjs';

// Two entries: the library and the `feedbackkit-collector` executable.
export default packageConfig(import.meta.dirname, { input: ['src/index.ts', 'src/bin.ts'] });
