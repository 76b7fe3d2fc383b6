// The demo behind `npm start`: the BUILT collector on embedded PGlite, serving the dashboard
// (packages/dashboard/dist) and the three examples (examples/*) from the same origin, so the
// pages need no CORS and run under strict CSPs. Used by scripts/start.mjs and the e2e test.
import { existsSync } from 'node:fs';
import { readFile, realpath } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prng } from './prng.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
export const DIST = {
  collector: join(root, 'packages/collector/dist/index.js'),
  core: join(root, 'packages/core/dist/index.js'),
  embed: join(root, 'packages/embed/dist/feedbackkit.min.js'),
  dashboard: join(root, 'packages/dashboard/dist'),
};
export const EXAMPLES = ['banking', 'checkout', 'kiosk'];
/** The site every `--seed` submission is written under (the dashboard marks it as demo data). */
export const DEMO_SITE = 'demo-seed';

/** The banking example's policy, sent as a header for /examples/banking/*. */
export const BANKING_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; require-trusted-types-for 'script'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** Which built files must exist before the demo can run (each with the command that makes it). */
export function missingBuilds() {
  const need = [
    [DIST.collector, 'packages/collector'],
    [DIST.embed, 'packages/embed'],
    [join(DIST.dashboard, 'index.html'), 'packages/dashboard'],
  ];
  return need.filter(([f]) => !existsSync(f)).map(([, pkg]) => pkg);
}

/** A file under `dir` (never outside it, symlinks included), or null. */
async function fileUnder(dir, rel) {
  if (rel.includes('\0')) return null;
  const base = await realpath(dir);
  const target = resolve(base, `.${sep}${rel}`);
  if (target !== base && !target.startsWith(base + sep)) return null;
  try {
    const real = await realpath(target);
    if (!real.startsWith(base + sep)) return null;
    return { path: real, body: await readFile(real) };
  } catch {
    return null;
  }
}

function fileResponse(file, extraHeaders = {}) {
  const type = TYPES[extname(file.path)] ?? 'application/octet-stream';
  return new Response(file.body, { status: 200, headers: { 'content-type': type, 'cache-control': 'no-cache', ...extraHeaders } });
}

function escapeHtml(s) {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/**
 * The collector's `assets` hook: `/` (an index page), `/dashboard`, `/embed/feedbackkit.min.js`
 * and `/examples/<name>/…` (only `*.html`, `*.css` and `src/**` — never package.json or README).
 * HTML gets the public site key in place of `{{SITE_KEY}}`.
 */
export function demoAssets({ siteKey }) {
  return async (path) => {
    let decoded;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return null;
    }
    if (decoded === '/' || decoded === '/index.html') {
      const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Feedbackkit demo</title><link rel="stylesheet" href="/dashboard/dashboard.css"></head>
<body><main><h1>Feedbackkit demo</h1><ul>
<li><a href="/dashboard">Dashboard</a> (admin token: printed by <code>npm start</code>)</li>
<li><a href="/examples/banking/">Banking</a> — NPS after a transfer, strict CSP with Trusted Types</li>
<li><a href="/examples/checkout/">Checkout</a> — mobile post-purchase CSAT + CES, offline-safe</li>
<li><a href="/examples/kiosk/">Kiosk</a> and its <a href="/examples/kiosk/teller.html">teller console</a></li>
</ul></main></body></html>`;
      return new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' } });
    }
    // Browsers ask for it on every page; an empty answer keeps the consoles free of 404s.
    if (decoded === '/favicon.ico') return new Response(null, { status: 204, headers: { 'cache-control': 'max-age=86400' } });
    if (decoded === '/dashboard' || decoded === '/dashboard/') {
      const f = await fileUnder(DIST.dashboard, 'index.html');
      return f ? fileResponse(f) : null;
    }
    if (decoded.startsWith('/dashboard/')) {
      const f = await fileUnder(DIST.dashboard, decoded.slice('/dashboard/'.length));
      return f ? fileResponse(f) : null;
    }
    if (decoded === '/embed/feedbackkit.min.js') {
      return existsSync(DIST.embed) ? fileResponse({ path: DIST.embed, body: await readFile(DIST.embed) }) : null;
    }
    const m = /^\/examples\/([a-z]+)(\/.*)?$/.exec(decoded);
    if (!m || !EXAMPLES.includes(m[1])) return null;
    const name = m[1];
    if (m[2] === undefined) return new Response(null, { status: 308, headers: { location: `/examples/${name}/` } });
    let rel = m[2].slice(1);
    if (rel === '') rel = 'index.html';
    const allowed = /^[a-z0-9-]+\.(html|css)$/.test(rel) || /^src\/[a-z0-9/-]+\.(js|css|svg|json)$/.test(rel);
    if (!allowed) return null;
    const f = await fileUnder(join(root, 'examples', name), rel);
    if (!f) return null;
    const headers = name === 'banking' ? { 'content-security-policy': BANKING_CSP } : {};
    if (extname(f.path) === '.html') {
      const html = f.body.toString('utf8').replaceAll('{{SITE_KEY}}', escapeHtml(siteKey));
      return new Response(html, { headers: { 'content-type': TYPES['.html'], 'cache-control': 'no-cache', ...headers } });
    }
    return fileResponse(f, headers);
  };
}


/**
 * Sample submissions for `--seed`, all under site "demo-seed": banking NPS with reason codes
 * (7 a day per branch for 4 weeks, so the monitor has daily series to watch), checkout
 * CSAT + CES and counter-evaluator ratings per branch/counter/staff over 12 weeks.
 * Branch B-003's last three days are much worse, so the monitor raises an alert.
 */
export function seedSubmissions(uuidv7, { now = Date.now(), seed = 42 } = {}) {
  const rnd = prng(seed);
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const branches = ['B-001', 'B-002', 'B-003', 'B-004'];
  const tiers = { 'B-001': 'flagship', 'B-002': 'standard', 'B-003': 'standard', 'B-004': 'community' };
  const segments = ['regular', 'regular', 'regular', 'vip', 'group'];
  const reasons = ['fees', 'speed', 'app-usability', 'security-checks', 'staff-attitude', 'waiting-time'];
  const out = [];
  const push = (at, answers, context) => out.push({ id: uuidv7(at), createdAt: new Date(at).toISOString(), status: 'complete', answers, context });
  const base = (branch) => ({ site: DEMO_SITE, branch, branchTier: tiers[branch], segment: pick(segments), locale: 'en' });
  const mood = (branch, ageDays) => {
    const dip = branch === 'B-003' && ageDays < 3 ? 0.45 : 0;
    return Math.min(1, Math.max(0, rnd() * 0.6 + 0.45 - dip));
  };
  // NPS: whole days 1..28 ago plus today so far, 7 responses per branch per day.
  for (let day = 28; day >= 0; day--) {
    for (const branch of branches) {
      for (let k = 0; k < 7; k++) {
        const ageDays = day + rnd() * 0.9;
        const at = Math.floor(now - ageDays * 86_400_000);
        const value = Math.min(10, Math.round(mood(branch, ageDays) * 10));
        const nps = { type: 'rating', scale: { kind: 'nps' }, value };
        if (value <= 6) nps.reasons = [...new Set([pick(reasons), ...(rnd() < 0.3 ? [pick(reasons)] : [])])];
        push(at, { nps }, { ...base(branch), channel: 'web', stage: 'completed', page: '/transfer' });
      }
    }
  }
  // Checkout CSAT + CES and counter-evaluator ratings, spread over 12 weeks.
  for (let i = 0; i < 700; i++) {
    const ageDays = rnd() * 84;
    const at = Math.floor(now - ageDays * 86_400_000);
    const branch = pick(branches);
    const m = mood(branch, ageDays);
    if (i % 2 === 0) {
      push(
        at,
        {
          csat: { type: 'rating', scale: { kind: 'csat', points: 5 }, value: Math.min(5, Math.max(1, Math.round(1 + m * 4))) },
          ces: { type: 'rating', scale: { kind: 'ces', points: 7 }, value: Math.min(7, Math.max(1, Math.round(1 + m * 6))) },
        },
        { ...base(branch), channel: 'web', stage: 'post-purchase', page: '/checkout/thanks' },
      );
    } else {
      const counter = String(1 + Math.floor(rnd() * 4));
      push(
        at,
        { rating: { type: 'rating', scale: { kind: 'evaluator', points: 3 }, value: m > 0.62 ? 3 : m > 0.35 ? 2 : 1 } },
        { ...base(branch), channel: 'counter', counter: `${branch}/${counter}`, staff: `E-${branch.slice(2)}${counter}`, transaction: `T-${100000 + i}` },
      );
    }
  }
  return out;
}

/**
 * Starts the demo. `dataDir` undefined → an in-memory PGlite (tests). Returns the URLs,
 * the keys and `close()`.
 */
export async function startDemo({ port = 8787, host = '127.0.0.1', dataDir, siteKey, adminToken, allowedOrigins = [], seed = false, monitoring = {} } = {}) {
  const missing = missingBuilds();
  if (missing.length > 0) throw new Error(`not built: ${missing.join(', ')} — run \`npm start\` (it builds first) or \`npm run build\``);
  const { openPglite, createCollector, startServer } = await import(DIST.collector);
  const { uuidv7 } = await import(DIST.core);
  const sql = await openPglite(dataDir);
  const seedKey = `${siteKey}-seed`;
  const collector = createCollector({
    sql,
    siteKeys: [{ key: siteKey, origins: allowedOrigins }, { key: seedKey, site: DEMO_SITE, origins: [] }],
    adminTokens: [{ token: adminToken, name: 'demo-admin' }],
    allowedOrigins,
    assets: demoAssets({ siteKey }),
    monitoring: { debounceMs: 2000, ...monitoring },
  });
  try {
    await collector.ready;
  } catch (err) {
    await sql.close().catch(() => {});
    throw err;
  }
  let seeded = 0;
  if (seed) {
    // Once per database: a second `--seed` on the same data directory adds nothing.
    const probe = await collector.handle(new Request(`http://demo.invalid/v1/scores?metric=nps&site=${DEMO_SITE}`, { headers: { authorization: `Bearer ${adminToken}` } }), { remoteAddress: 'seed' });
    const already = probe.ok ? ((await probe.json()).overall?.n ?? 0) : 0;
    seeded = already > 0 ? -already : await seedDemo(collector, seedKey, uuidv7);
  }
  const server = await startServer({ handler: collector.handle, port, host });
  return {
    url: server.url,
    port: server.port,
    siteKey,
    adminToken,
    seeded,
    collector,
    async close() {
      await collector.close();
      await server.close();
      await sql.close();
    },
  };
}

/** Writes the seed set through the collector's own ingest (the handler, no network), then runs the monitor once. */
export async function seedDemo(collector, seedKey, uuidv7) {
  const all = seedSubmissions(uuidv7);
  let stored = 0;
  for (let i = 0; i < all.length; i += 300) {
    const body = JSON.stringify({ protocol: 1, sentAt: new Date().toISOString(), submissions: all.slice(i, i + 300) });
    const res = await collector.handle(
      new Request('http://demo.invalid/v1/submissions', { method: 'POST', headers: { 'content-type': 'application/json', 'x-feedbackkit-key': seedKey }, body }),
      { remoteAddress: 'seed' },
    );
    if (!res.ok) throw new Error(`seeding: HTTP ${res.status} ${await res.text()}`);
    const ack = await res.json();
    stored += ack.accepted.length;
  }
  await collector.checkAlerts();
  return stored;
}
