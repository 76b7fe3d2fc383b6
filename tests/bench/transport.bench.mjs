// The outbox in real Chromium (Debian's /usr/bin/chromium via playwright-core): submit →
// durable latency, sustained durable submits/s with and without group commit, drain rate to
// a local collector, and the longest main-thread task seen meanwhile. It bundles the BUILT
// package (packages/transport/dist) with esbuild and serves it, with a protocol-v1 collector
// that acks every id, from one loopback server (same origin, no CORS); helpers in browser.mjs.
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { bundleForBrowser, launchChromium, serveLoopback } from './browser.mjs';

export default async function transportBench({ root, quick, log }) {
  const dist = join(root, 'packages/transport/dist/index.js');
  if (!existsSync(dist)) throw new Error('packages/transport/dist is missing: build it first (npm run build)');
  const code = await bundleForBrowser(dist);

  let received = 0;
  const server = await serveLoopback((req, res) => {
    if (req.method === 'POST' && req.url === '/collect') {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const ids = JSON.parse(body).submissions.map((s) => s.id);
        received += ids.length;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ accepted: ids, rejected: [] }));
      });
      return;
    }
    if (req.url === '/transport.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      return res.end(code);
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><meta charset="utf-8"><title>bench</title>');
  });
  const { origin } = server;

  const browser = await launchChromium();
  try {
    const n = quick ? 200 : 1000;
    const rounds = quick ? 1 : 3;
    const runs = [];
    const load = loadavg()[0];
    for (let round = 0; round < rounds; round++) {
    // a fresh page (and databases) per round
    const page = await browser.newPage();
    await page.goto(origin);
    const result = await page.evaluate(
      async ({ n }) => {
        const { createOutbox } = await import('/transport.js');
        const longTasks = [];
        new PerformanceObserver((l) => longTasks.push(...l.getEntries().map((e) => e.duration))).observe({ type: 'longtask', buffered: true });
        const sub = (i) => ({
          status: 'complete',
          answers: { nps: { type: 'rating', scale: { kind: 'nps' }, value: i % 11 }, why: { type: 'text', value: 'quick and friendly service' } },
          context: { channel: 'web', branch: 'b-12', page: '/checkout/done' },
        });
        const pct = (xs, p) => {
          const s = [...xs].sort((a, b) => a - b);
          return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
        };
        const mk = (name) => createOutbox({ endpoint: '/collect', name, autoFlush: false, maxItems: 100_000, maxBytes: 100 * 2 ** 20 });

        // 1. one submit at a time: latency until the strict-durability transaction completed
        const a = mk('latency');
        for (let i = 0; i < 20; i++) await a.submit(sub(i)); // warm-up
        const lat = [];
        for (let i = 0; i < n; i++) {
          const t = performance.now();
          await a.submit(sub(i));
          lat.push(performance.now() - t);
        }
        const seqRate = n / (lat.reduce((x, y) => x + y, 0) / 1000);
        await a.purge();

        // 2. bursts of 50 concurrent submits: group commit shares one transaction
        const b = mk('burst');
        const t0 = performance.now();
        for (let i = 0; i < n; i += 50) await Promise.all(Array.from({ length: 50 }, (_, j) => b.submit(sub(i + j))));
        const burstMs = performance.now() - t0;

        // 3. drain what burst queued to the local collector
        const t1 = performance.now();
        let delivered = 0;
        for (;;) {
          const r = await b.flush();
          delivered += r.delivered;
          if (r.pending === 0) break;
        }
        const drainMs = performance.now() - t1;
        await new Promise((r) => setTimeout(r, 100));
        return {
          p50: pct(lat, 50),
          p99: pct(lat, 99),
          max: Math.max(...lat),
          seqRate,
          burstRate: n / (burstMs / 1000),
          delivered,
          drainRate: delivered / (drainMs / 1000),
          bytes: JSON.stringify({ id: '01a2027f-0000-7000-8000-000000000000', createdAt: new Date().toISOString(), ...sub(5) }).length,
          longTasks: longTasks.length,
          longest: longTasks.length ? Math.max(...longTasks) : 0,
        };
      },
      { n },
    );
    log(JSON.stringify(result));
    runs.push(result);
    await page.close();
    }
    // The median round of each figure; the range across rounds is in the notes.
    const med = (k) => runs.map((r) => r[k]).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
    const range = (k, d = 1) => runs.map((r) => r[k].toFixed(d)).join(' / ');
    const result = Object.fromEntries(Object.keys(runs[0]).map((k) => [k, med(k)]));
    const f = (x, d = 1) => x.toFixed(d);
    return {
      title: 'Transport: durable outbox in Chromium',
      command: 'npm run bench -- transport',
      rows: [
        { measure: 'submit → committed (strict durability), one at a time', n, p50: `${f(result.p50, 2)} ms`, p99: `${f(result.p99, 2)} ms`, max: `${f(result.max, 2)} ms`, target: 'p99 ≤ 15 ms' },
        { measure: 'durable submits/s, one at a time (baseline)', n, rate: `${f(result.seqRate, 0)} /s` },
        { measure: 'durable submits/s, bursts of 50 (group commit)', n, rate: `${f(result.burstRate, 0)} /s`, ratio: `${f(result.burstRate / result.seqRate, 1)}× baseline` },
        { measure: 'drain to a loopback collector (batches of 50, acked by id)', n: result.delivered, rate: `${f(result.drainRate, 0)} /s`, target: '≥ 1,000 /s' },
        { measure: 'main-thread tasks over 50 ms during all of the above', n: result.longTasks, max: `${f(result.longest, 0)} ms`, target: 'none' },
      ],
      notes: [
        'Built package (packages/transport/dist) bundled with esbuild, served with a protocol-v1 collector from one 127.0.0.1 server; Chromium headless, real IndexedDB (profile on local disk).',
        `Each submission is ${result.bytes} B of JSON with one free-text answer, so the default redaction runs on every submit.`,
        `Median of ${rounds} rounds (fresh page and databases each). Per round — p99: ${range('p99', 2)} ms; drain: ${range('drainRate', 0)} /s; burst: ${range('burstRate', 0)} /s; longest task: ${range('longest', 0)} ms.`,
        `1-minute load average when the bench started: ${load.toFixed(1)} on ${cpus().length} shared cores; p99 and long tasks are sensitive to it.`,
        `Collector received ${received} ids in total.`,
      ],
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
