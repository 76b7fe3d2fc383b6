import { packageConfig } from '../../scripts/rollup-package.mjs';

// Two entries: the browser-bound validators, and the JSON Schema export (which pulls in
// zod's JSON Schema generator, so it must never be reachable from the main entry).
export default packageConfig(import.meta.dirname, { input: ['src/index.ts', 'src/json-schema.ts'] });
