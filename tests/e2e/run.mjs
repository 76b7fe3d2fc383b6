#!/usr/bin/env node
// End-to-end runner (scripts/fk.mjs runs it after the unit and browser suites): every
// `tests/e2e*/**/*.e2e.mjs` file under node:test, one file at a time (they start servers and
// a browser; two cores are shared). Needs the packages built (`npm test` builds first).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const testsDir = join(root, 'tests');

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.e2e.mjs')) out.push(p);
  }
  return out;
}

const files = readdirSync(testsDir)
  .filter((d) => /^e2e/.test(d) && statSync(join(testsDir, d)).isDirectory())
  .flatMap((d) => walk(join(testsDir, d), []))
  .sort();
const only = process.argv.slice(2);
const chosen = only.length > 0 ? files.filter((f) => only.some((o) => f.includes(o))) : files;
if (chosen.length === 0) {
  console.log('e2e: no *.e2e.mjs files found');
  process.exit(0);
}
console.log(`e2e: ${chosen.map((f) => relative(root, f)).join(', ')}`);
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', ...chosen], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
