#!/usr/bin/env node
// Writes the JSON Schemas of the BUILT package to packages/schema/json-schema/*.json.
// Run after `rollup -c` (npm run build). src/json-schema.test.ts fails when the committed
// files differ from freshly generated ones, so they cannot go stale.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '..');
const entry = join(root, 'dist', 'json-schema.js');
if (!existsSync(entry)) {
  console.error(`write-json-schema: ${entry} is missing; build first (cd packages/schema && rollup -c rollup.config.mjs)`);
  process.exit(1);
}
const { jsonSchemaFiles } = await import(pathToFileURL(entry).href);
const out = join(root, 'json-schema');
mkdirSync(out, { recursive: true });
for (const [name, text] of Object.entries(jsonSchemaFiles())) {
  writeFileSync(join(out, name), text);
  console.log(`wrote json-schema/${name} (${text.length} bytes)`);
}
