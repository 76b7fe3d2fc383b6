// Fault-matrix harness (issue #6): the REAL collector (built package, in-memory PGlite) behind
// a small same-origin front proxy that serves a test page plus the built transport, forwards
// /v1/* to the collector's handler, and injects faults on POST /v1/submissions. Chromium runs
// through playwright-core; a separate launcher spawns Chromium itself (own process group) so a
// test can SIGKILL exactly that browser and relaunch it on the same profile.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, afterEach, before } from 'node:test';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('../../..', import.meta.url));
export const SITE_KEY = 'fk_site_e2e_fault_key_0000001';
export const ADMIN_TOKEN = 'fk_admin_e2e_fault_token_000001';
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROME_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu'];
/** `FK_E2E_NIGHTLY=1`: the long random-kill mode. */
export const NIGHTLY = process.env.FK_E2E_NIGHTLY === '1';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** UUIDv7 (RFC 9562): 48-bit ms timestamp, version 7, variant 10, random rest. Made here, not by the code under test. */
export function uuidv7(ms = Date.now()) {
  const b = randomFillSync(new Uint8Array(16));
  const t = BigInt(ms);
  for (let i = 0; i < 6; i++) b[i] = Number((t >> BigInt(8 * (5 - i))) & 0xffn);
  b[6] = (b[6] & 0x0f) | 0x70;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** `n` submissions for one scenario: strictly increasing UUIDv7 ids (creation order), tagged with the scenario as `branch`. */
export function makeItems(branch, n, { startMs = Date.now(), stepMs = 1 } = {}) {
  return Array.from({ length: n }, (_, i) => {
    const ms = startMs + i * stepMs;
    return { id: uuidv7(ms), createdAt: new Date(ms).toISOString(), branch, value: i % 11 };
  });
}

async function waitUntil(what, fn, { timeout = 10_000, every = 50 } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await sleep(every);
  }
}
export { waitUntil };

// ------------------------------------------------------------------ the test page

let transportBundle;
/** The BUILT transport (packages/transport/dist) bundled for the browser (its core import inlined). */
async function transportJs() {
  const entry = join(root, 'packages/transport/dist/index.js');
  if (!existsSync(entry)) throw new Error('packages/transport/dist is missing: run `npm run build` first');
  transportBundle ??= build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'browser', write: false, minify: true, logLevel: 'silent' }).then(
    (r) => r.outputFiles[0].text,
  );
  return transportBundle;
}

const PAGE_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>fault page</title></head>
<body><p>fault page</p><script type="module" src="/page.js"></script></body></html>`;

// Options come from ?o=<json>: name, timeoutMs, batchSize, retentionMs, maxItems, maxBytes,
// overflow, jitter ('max' → random() = 0.999 so backoff is its upper bound), skew (an
// injected wall clock: Date.now() + window.__fkSkew), tab (a label sent as x-fk-tab; default: the name).
const PAGE_JS = `import { createOutbox } from '/transport.js';
const o = JSON.parse(new URLSearchParams(location.search).get('o') || '{}');
window.__fkSkew = 0;
const log = [];
const tab = o.tab || o.name || 'tab';
const opts = {
  endpoint: '/v1/submissions',
  headers: { 'x-feedbackkit-key': ${JSON.stringify(SITE_KEY)} },
  name: o.name || 'e2e',
  timeoutMs: o.timeoutMs ?? 2000,
  // Every request is labelled with its tab and whether it is the page-hide keepalive send, so
  // the proxy can count concurrent flushers across tabs.
  fetch: (url, init) => fetch(url, { ...init, headers: { ...init.headers, 'x-fk-tab': tab, 'x-fk-keepalive': init.keepalive ? '1' : '0' } }),
};
for (const k of ['batchSize', 'retentionMs', 'maxItems', 'maxBytes', 'overflow']) if (o[k] !== undefined) opts[k] = o[k];
if (o.jitter === 'max') opts.random = () => 0.999;
if (o.skew) opts.now = () => Date.now() + window.__fkSkew;
const outbox = createOutbox(opts);
for (const type of ['delivered', 'dead-letter', 'dropped', 'durability', 'leader', 'follower']) {
  outbox.addEventListener(type, (e) => log.push({ type, t: Date.now(), detail: e.detail === undefined ? null : JSON.parse(JSON.stringify(e.detail, (k, v) => (v instanceof Error ? { name: v.name, message: v.message } : v))) }));
}
addEventListener('pageshow', (e) => log.push({ type: 'pageshow', t: Date.now(), detail: { persisted: e.persisted } }));
window.fk = {
  outbox,
  log,
  /** Submits items ({ id, createdAt, branch, value }) at once; each result is { id, ok, durable } or { id, ok: false, code }. */
  async submit(items) {
    const rs = await Promise.allSettled(items.map((it) => outbox.submit({
      id: it.id, createdAt: it.createdAt, status: 'complete',
      answers: { nps: { type: 'rating', scale: { kind: 'nps' }, value: it.value }, ...Object.fromEntries((it.comment ? it.comment.match(/[^]{1,8000}/g) : []).map((v, k) => ['why' + k, { type: 'text', value: v }])) },
      context: { channel: 'kiosk', branch: it.branch },
    })));
    return rs.map((r, i) => (r.status === 'fulfilled' ? { id: items[i].id, ok: true, durable: r.value.durable } : { id: items[i].id, ok: false, code: r.reason && r.reason.code, message: String(r.reason && r.reason.message) }));
  },
  stats: () => outbox.stats(),
  flush: () => outbox.flush(),
  deadLetters: async () => (await outbox.deadLetters()).map(({ id, status, reason }) => ({ id, status, reason })),
};
window.fkReady = true;
`;

// ------------------------------------------------------------------ collector + proxy

/**
 * Starts the built collector (in-memory PGlite, rate limits off so retries are the outbox's
 * own) and the front proxy. `h.fault` is called for every POST /v1/submissions with
 * `{ n, k, ids, tab, keepalive }` (n counts all requests from 1, k those of the same tab
 * label — by default the outbox name — so a stray request from an earlier scenario's closing
 * page shifts nothing) and returns undefined (forward) or
 * `{ delay?, status?, headers?, body?, drop?: 'before' | 'after', forwardFirst? }`.
 */
export async function startHarness() {
  const collectorDist = join(root, 'packages/collector/dist/index.js');
  if (!existsSync(collectorDist)) throw new Error('packages/collector/dist is missing: run `npm run build` first');
  const { openPglite, createCollector } = await import(collectorDist);
  const sql = await openPglite();
  const collector = createCollector({
    sql,
    siteKeys: [{ key: SITE_KEY, origins: ['*'] }],
    adminTokens: [ADMIN_TOKEN],
    rateLimits: { perKey: false, perAddress: false },
    monitoring: false,
  });
  await collector.ready;
  const js = await transportJs();

  const h = {
    /** Every POST /v1/submissions: { n, k, tab, keepalive, ids, start, sent, end, status, outcome }. */
    requests: [],
    /** The requests labelled with one tab (the outbox name unless the page set `tab`). */
    of(tab) {
      return this.requests.filter((r) => r.tab === tab);
    },
    inflight: 0,
    maxInflight: 0,
    /** Largest number of overlapping non-keepalive sends (the flushers). */
    maxFlushers: 0,
    flushers: 0,
    fault: () => undefined,
    url: '',
    reset() {
      this.requests = [];
      this.maxInflight = 0;
      this.maxFlushers = 0;
      this.fault = () => undefined;
    },
  };

  const sockets = new Set();
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    try {
      if (req.method === 'GET' && url.pathname === '/page.html') return send(res, 200, PAGE_HTML, 'text/html; charset=utf-8');
      if (req.method === 'GET' && url.pathname === '/other.html')
        return send(res, 200, '<!doctype html><meta charset="utf-8"><title>other</title><p>another page</p>', 'text/html; charset=utf-8');
      if (req.method === 'GET' && url.pathname === '/page.js') return send(res, 200, PAGE_JS, 'text/javascript; charset=utf-8');
      if (req.method === 'GET' && url.pathname === '/transport.js') return send(res, 200, js, 'text/javascript; charset=utf-8');
      if (url.pathname === '/portal-login') return send(res, 200, '<!doctype html><title>Wi-Fi login</title><form>Accept terms</form>', 'text/html');
      if (url.pathname === '/favicon.ico') return send(res, 204, '', 'text/plain');
      if (req.method === 'POST' && url.pathname === '/v1/submissions') return await submissions(req, res, url);
      if (url.pathname.startsWith('/v1/')) return await forward(req, res, url, await readAll(req));
      send(res, 404, 'not found', 'text/plain');
    } catch (e) {
      if (!res.headersSent) send(res, 500, String(e), 'text/plain');
      else res.destroy();
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  async function submissions(req, res, url) {
    const body = await readAll(req);
    let ids = [];
    try {
      ids = JSON.parse(body.toString('utf8')).submissions.map((s) => s.id);
    } catch {
      /* not ours to judge: the collector answers */
    }
    const tab = req.headers['x-fk-tab'];
    // `sent`: when the answer was handed to the socket, the earliest the page can have it (a
    // backoff starts after it). `end` (the 'close' event) can come tens of ms later while
    // the event loop is busy (PGlite queries run on it), so retry gaps are measured from `sent`.
    const rec = { n: h.requests.length + 1, k: h.requests.filter((r) => r.tab === tab).length + 1, tab, keepalive: req.headers['x-fk-keepalive'] === '1', ids, start: Date.now(), sent: 0, end: 0, status: 0, outcome: '' };
    h.requests.push(rec);
    h.inflight++;
    h.maxInflight = Math.max(h.maxInflight, h.inflight);
    if (!rec.keepalive) h.maxFlushers = Math.max(h.maxFlushers, ++h.flushers);
    let aborted = false;
    res.on('close', () => {
      aborted = !res.writableFinished;
      h.inflight--;
      if (!rec.keepalive) h.flushers--;
      rec.end = Date.now();
      if (aborted && !rec.outcome) rec.outcome = 'client-gone';
    });
    const f = h.fault(rec) ?? {};
    if (f.delay) await hold(res, f.delay);
    if (res.destroyed) return;
    if (f.drop === 'before') {
      rec.outcome = 'dropped-before';
      return req.socket.destroy();
    }
    if (f.status !== undefined) {
      rec.status = f.status;
      rec.outcome = 'injected';
      rec.sent = Date.now();
      res.writeHead(f.status, { 'content-type': 'text/plain', ...f.headers });
      return res.end(f.body ?? '');
    }
    // Forward to the collector; the commit happens here.
    const response = await callCollector(req, url, body);
    const text = await response.text();
    rec.status = response.status;
    if (f.drop === 'after') {
      rec.outcome = 'committed-then-dropped';
      return req.socket.destroy();
    }
    if (f.delayAfter) await hold(res, f.delayAfter);
    if (res.destroyed) {
      rec.outcome ||= 'committed-client-gone';
      return;
    }
    rec.outcome = 'forwarded';
    rec.sent = Date.now();
    const headers = {};
    response.headers.forEach((v, k) => (headers[k] = v));
    res.writeHead(response.status, headers);
    res.end(text);
  }

  function callCollector(req, url, body) {
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
    const request = new Request(new URL(url.pathname + url.search, h.url), {
      method: req.method,
      headers,
      ...(req.method === 'GET' || req.method === 'HEAD' ? {} : { body }),
    });
    return collector.handle(request, { remoteAddress: '127.0.0.1' });
  }

  async function forward(req, res, url, body) {
    const response = await callCollector(req, url, body);
    const headers = {};
    response.headers.forEach((v, k) => (headers[k] = v));
    res.writeHead(response.status, headers);
    res.end(Buffer.from(await response.arrayBuffer()));
  }

  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  h.url = `http://127.0.0.1:${server.address().port}`;

  /**
   * What the collector stored for one scenario (context.branch). Through the admin API
   * (/v1/export with the bearer token) for the invariant; straight from the store for polling
   * (an export writes an audit row each time).
   */
  h.stored = async (branch, { http = false } = {}) => {
    if (!http) return collector.store.exportSubmissions({ where: { branch }, limit: 1_000_000 });
    const res = await collector.handle(new Request(`${h.url}/v1/export?format=json&branch=${encodeURIComponent(branch)}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }));
    assert.equal(res.status, 200, 'export answers 200');
    const { submissions } = await res.json();
    return submissions.filter((s) => s.context?.branch === branch);
  };

  /**
   * The invariant of issue #6: the collector stores exactly `submitted` minus `drops` (ids the
   * outbox counted and reported as dropped or dead-lettered), each id once. With `mayHave`
   * (kill scenarios) ids whose submit never resolved may or may not be stored.
   */
  h.assertInvariant = async (branch, { submitted, drops = [], mayHave = [] }) => {
    const rows = await h.stored(branch, { http: true });
    const counts = new Map();
    for (const r of rows) counts.set(r.id, (counts.get(r.id) ?? 0) + 1);
    const dupes = [...counts].filter(([, c]) => c > 1);
    assert.deepEqual(dupes, [], 'no id stored twice');
    const expected = new Set(submitted.filter((id) => !drops.includes(id)));
    const optional = new Set(mayHave);
    const missing = [...expected].filter((id) => !counts.has(id));
    const extra = [...counts.keys()].filter((id) => !expected.has(id) && !optional.has(id));
    assert.deepEqual(missing, [], `every submitted id that was not dropped is stored (${missing.length} of ${expected.size} missing)`);
    assert.deepEqual(extra, [], 'nothing stored that was dropped or never submitted');
    return rows;
  };

  /** Waits until every id of `ids` is stored; returns the time it happened. */
  h.waitStored = async (branch, ids, timeout = 15_000) => {
    const want = new Set(ids);
    await waitUntil(`${want.size} ids stored for ${branch}`, async () => (await h.stored(branch)).filter((r) => want.has(r.id)).length === want.size, { timeout, every: 50 });
    return Date.now();
  };

  h.pageUrl = (o = {}) => `${h.url}/page.html?o=${encodeURIComponent(JSON.stringify(o))}`;

  h.close = async () => {
    await new Promise((r) => {
      server.close(() => r());
      for (const s of sockets) s.destroy();
    });
    await collector.close?.();
    await sql.close();
  };
  return h;
}

/** Waits `ms`, or less if the client goes away first (no timer outlives the test). */
function hold(res, ms) {
  if (res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      res.off('close', done);
      resolve();
    }
    res.once('close', done);
  });
}

function send(res, status, body, type) {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-cache' });
  res.end(body);
}

function readAll(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

// ------------------------------------------------------------------ browsers

/** A throwaway Chromium through playwright-core (no profile to keep). */
export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROME_ARGS });
}

/** Opens the test page and waits for `window.fk`. */
export async function openPage(context, url) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForFunction(() => window.fkReady === true);
  page.errors = errors;
  return page;
}

/**
 * A Chromium that this process spawned itself on a persistent profile, in its own process
 * group, reached over CDP. `kill()` SIGKILLs that group (and only it): the OS-level crash of
 * issue #6 scenario 6/7, with no chance to run page-hide handlers or close IndexedDB.
 */
export async function spawnBrowser(userDataDir) {
  const child = spawn(
    CHROMIUM,
    ['--headless=new', `--user-data-dir=${userDataDir}`, '--remote-debugging-port=0', '--remote-debugging-address=127.0.0.1', ...CHROME_ARGS, 'about:blank'],
    { detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const exited = new Promise((r) => child.once('exit', r));
  const ws = await new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`chromium did not print its DevTools URL: ${err.slice(-500)}`)), 20_000);
    child.stderr.on('data', (d) => {
      err += d;
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`chromium exited (${code}): ${err.slice(-500)}`)));
  });
  child.stderr.resume();
  const browser = await chromium.connectOverCDP(ws);
  const context = browser.contexts()[0];
  let dead = false;
  return {
    browser,
    context,
    pid: child.pid,
    async kill() {
      if (dead) return;
      dead = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
      await exited;
      await browser.close().catch(() => {});
    },
    async close() {
      if (dead) return;
      dead = true;
      await browser.close().catch(() => {});
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* gone */
      }
      await Promise.race([exited, sleep(3000)]);
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    },
  };
}

export function tempProfile(tag) {
  const dir = mkdtempSync(join(tmpdir(), `fk-e2e-${tag}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Registers a suite file's node:test hooks: one harness (and, unless `browser: false`, one
 * shared Chromium) for the file, handed to `bind` once started; closed after the file. The
 * returned `newContext()` opens a browser context that is closed after each test, so a failed
 * scenario never leaves a page retrying into the next one.
 */
export function useHarness(bind, { browser: withBrowser = true } = {}) {
  let harness;
  let browser;
  const contexts = [];
  before(async () => {
    [harness, browser] = await Promise.all([startHarness(), withBrowser ? launchBrowser() : undefined]);
    bind(harness, browser);
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close().catch(() => {})));
  });
  after(async () => {
    await browser?.close();
    await harness?.close();
  });
  return async function newContext() {
    const context = await browser.newContext();
    contexts.push(context);
    return context;
  };
}
