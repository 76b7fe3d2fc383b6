#!/usr/bin/env node
// `npm start` (via scripts/fk.mjs, which installs and builds first): the main job.
// For now it scores a deterministic sample data set with the built @feedbackkit/core and
// prints the report; the collector demo will take over here later.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

if (!existsSync(fileURLToPath(new URL('../packages/core/dist/index.js', import.meta.url)))) {
  console.error('packages/core/dist is missing: run `npm start` (it builds first) or `npm run build`.');
  process.exit(1);
}
const { printSampleReport } = await import('./sample-report.mjs');
printSampleReport();
