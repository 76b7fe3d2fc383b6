#!/usr/bin/env node
// The two README commands (`npm start`, `npm test`) and their helpers, for a machine
// that has only Node.js 20 and npm: pnpm is fetched with npx at the version pinned in
// package.json#packageManager, so nothing needs to be installed globally.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const pnpmVersion = pkg.packageManager.replace(/^pnpm@/, '');
const ci = process.env.CI === 'true' || process.env.CI === '1';

function run(cmd, args, opts = {}) {
  const label = [cmd, ...args].join(' ');
  console.log(`\n▶ ${label}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...opts.env } });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    if (opts.allowFail) return false;
    console.error(`✖ ${label} failed (exit ${r.status ?? r.signal}) after ${secs}s`);
    process.exit(r.status || 1);
  }
  console.log(`✔ ${label} (${secs}s)`);
  return true;
}

const pnpm = (...args) => run('npx', ['-y', `pnpm@${pnpmVersion}`, ...args]);
const bin = (name, ...args) => run(join(root, 'node_modules/.bin', name), args);

// The peers measured by the size benchmark (Sentry, PostHog, SurveyJS, Formbricks) are
// installed only for `npm run bench`: tests, the demo and the build never load them.
function install({ peers = false } = {}) {
  const skip = peers ? [] : ['--filter', '!@feedbackkit/bench-peers'];
  pnpm('install', ...(ci ? ['--frozen-lockfile'] : []), ...skip, '--reporter=append-only');
}
function build() {
  pnpm('-r', '--filter', './packages/*', 'run', 'build');
}
/** Chromium and PostgreSQL come from Debian's packages; installed when missing and we are root. */
function ensureSystem() {
  run('bash', [join(root, 'scripts/ensure-system.sh')]);
}

// Every packages/<name>/test/<x>.wtr.config.mjs, minus screenshot makers (docs, not tests).
function packageWtrConfigs() {
  return readdirSync(join(root, 'packages')).flatMap((name) => {
    const dir = join('packages', name, 'test');
    if (!existsSync(join(root, dir))) return [];
    return readdirSync(join(root, dir))
      .filter((f) => f.endsWith('.wtr.config.mjs') && !f.includes('screenshot'))
      .map((f) => join(dir, f));
  });
}

const tasks = {
  install() { install({ peers: true }); },
  build() { install(); build(); },
  typecheck() { install(); bin('tsc', '-p', 'tsconfig.json'); },
  async test() {
    ensureSystem();
    install();
    build();
    bin('tsc', '-p', 'tsconfig.json');
    bin('vitest', 'run');
    bin('wtr', '--config', 'web-test-runner.config.mjs');
    // Packages' own browser configs (e.g. pages served under a strict CSP header).
    for (const config of packageWtrConfigs()) bin('wtr', '--config', config);
    if (existsSync(join(root, 'tests/e2e/run.mjs'))) run('node', ['tests/e2e/run.mjs']);
    console.log('\nAll test suites passed.');
  },
  bench() {
    install({ peers: true });
    build();
    run('node', ['tests/bench/run.mjs', ...process.argv.slice(3)]);
  },
  start() {
    install();
    build();
    run('node', ['scripts/start.mjs', ...process.argv.slice(3)]);
  },
};

const task = tasks[process.argv[2]];
if (!task) {
  console.error(`usage: node scripts/fk.mjs ${Object.keys(tasks).join('|')}`);
  process.exit(2);
}
await task();
