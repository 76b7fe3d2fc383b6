#!/usr/bin/env node
// `npm start` (scripts/fk.mjs installs and builds first): the collector on embedded PGlite
// with demo keys, serving the dashboard and the three examples on localhost.
//
//   npm start                 the demo (database in .data/demo/pglite; keys kept in .data/demo/keys.json)
//   npm start -- --seed       … plus ~1,500 sample responses marked as demo data (site "demo-seed"; once per database)
//   npm start -- --memory     … on an in-memory database (nothing written to disk)
//   npm start -- --report     the earlier console report over a deterministic sample (no server)
//
// Environment: PORT (8787), HOST (127.0.0.1), FEEDBACKKIT_DATA_DIR, FEEDBACKKIT_SITE_KEY,
// FEEDBACKKIT_ADMIN_TOKEN, FEEDBACKKIT_ALLOWED_ORIGINS.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
let args;
try {
  args = parseArgs({
    options: {
      report: { type: 'boolean', default: false },
      seed: { type: 'boolean', default: false },
      memory: { type: 'boolean', default: false },
      port: { type: 'string' },
      host: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }).values;
} catch (err) {
  console.error(`start: ${err.message}\nusage: npm start -- [--seed] [--memory] [--port N] [--host H] [--report]`);
  process.exit(2);
}
if (args.help) {
  console.log('usage: npm start -- [--seed] [--memory] [--port N] [--host H] [--report]');
  process.exit(0);
}

if (args.report) {
  if (!existsSync(join(root, 'packages/core/dist/index.js'))) {
    console.error('packages/core/dist is missing: run `npm start` (it builds first) or `npm run build`.');
    process.exit(1);
  }
  const { printSampleReport } = await import('./sample-report.mjs');
  printSampleReport();
  process.exit(0);
}

const { startDemo, missingBuilds, DEMO_SITE } = await import('./demo-server.mjs');
const missing = missingBuilds();
if (missing.length > 0) {
  console.error(`Not built: ${missing.join(', ')}. Run \`npm start\` (it builds first) or \`npm run build\`.`);
  process.exit(1);
}

const env = process.env;
const portText = args.port ?? env.PORT ?? '8787';
const port = Number(portText);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`start: port ${JSON.stringify(portText)} is not a port number (0–65535)`);
  process.exit(2);
}
const host = args.host ?? env.HOST ?? '127.0.0.1';
// .data/demo/keys.json (the generated keys) beside .data/demo/pglite (the database).
const demoDir = args.memory ? undefined : resolve(env.FEEDBACKKIT_DATA_DIR || join(root, '.data/demo'));
const dataDir = demoDir && join(demoDir, 'pglite');

/** Keys from the environment, else the ones generated on an earlier run, else new ones (saved 0600 beside the data). */
function demoKeys() {
  const random = (prefix) => `${prefix}${Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString('base64url')}`;
  let saved = {};
  const file = demoDir ? join(demoDir, 'keys.json') : undefined;
  if (file && existsSync(file)) {
    try {
      saved = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      saved = {};
    }
  }
  const keys = {
    siteKey: env.FEEDBACKKIT_SITE_KEY?.split(',')[0]?.trim() || saved.siteKey || random('fk_site_'),
    adminToken: env.FEEDBACKKIT_ADMIN_TOKEN?.split(',')[0]?.trim() || saved.adminToken || random('fk_admin_'),
  };
  const generated = !env.FEEDBACKKIT_SITE_KEY && !saved.siteKey;
  if (file && (saved.siteKey !== keys.siteKey || saved.adminToken !== keys.adminToken) && !env.FEEDBACKKIT_SITE_KEY && !env.FEEDBACKKIT_ADMIN_TOKEN) {
    mkdirSync(demoDir, { recursive: true });
    writeFileSync(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return { ...keys, generated, file };
}

const keys = demoKeys();
if (keys.adminToken.length < 16) {
  console.error('FEEDBACKKIT_ADMIN_TOKEN: must be at least 16 characters');
  process.exit(2);
}
const allowedOrigins = (env.FEEDBACKKIT_ALLOWED_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean);

let demo;
try {
  demo = await startDemo({ port, host, dataDir, siteKey: keys.siteKey, adminToken: keys.adminToken, allowedOrigins, seed: args.seed });
} catch (err) {
  console.error(`start: ${err.code === 'EADDRINUSE' ? `port ${port} is in use — set PORT or pass --port` : err.message}`);
  process.exit(1);
}

const base = demo.url;
const out = (line = '') => process.stdout.write(`${line}\n`);
out();
out(`Feedbackkit demo on ${demo.url}  (database: ${dataDir ? `PGlite in ${dataDir}` : 'PGlite in memory'})`);
out();
out(`  Dashboard   ${base}/dashboard#token=${encodeURIComponent(keys.adminToken)}`);
out(`  Banking     ${base}/examples/banking/`);
out(`  Checkout    ${base}/examples/checkout/`);
out(`  Kiosk       ${base}/examples/kiosk/   teller console: ${base}/examples/kiosk/teller.html`);
out();
out(`  Admin token ${keys.adminToken}${keys.file && !env.FEEDBACKKIT_ADMIN_TOKEN ? `  (kept in ${keys.file}; set FEEDBACKKIT_ADMIN_TOKEN to choose one)` : ''}`);
out(`  Site key    ${keys.siteKey}  (public write key, already in the example pages)`);
if (args.seed && demo.seeded > 0) out(`  Seeded ${demo.seeded} sample responses under site "${DEMO_SITE}" — demo data, marked as such in the dashboard.`);
if (args.seed && demo.seeded < 0) out(`  Seed skipped: this database already holds ${-demo.seeded} NPS responses under site "${DEMO_SITE}".`);
out();
out('The token is in the URL fragment (#…), which browsers never send to the server. Ctrl-C stops.');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    out('\nStopping…');
    const force = setTimeout(() => process.exit(1), 5000);
    force.unref();
    demo.close().then(
      () => process.exit(0),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}
