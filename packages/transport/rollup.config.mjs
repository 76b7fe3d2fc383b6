import { packageConfig } from '../../scripts/rollup-package.mjs';

// Two entries: the default (with redaction of free-text answers) and the bare outbox.
export default packageConfig(import.meta.dirname, { input: ['src/index.ts', 'src/outbox.ts'] });
