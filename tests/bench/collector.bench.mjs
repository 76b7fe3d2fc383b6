// Collector benchmarks: ingest throughput (batches of 50, through the Fetch handler: JSON
// parse, schema validation, hashing, one SQL statement per batch, rollups folded in the
// background) on PGlite and PostgreSQL,
// and score-query latency over many stored ratings. Imports the BUILT collector.
//   node tests/bench/run.mjs collector [--quick]
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const KEY = 'fk_site_bench_key_0001';
const ADMIN = 'fk_admin_bench_token_0001';

/** A throwaway PostgreSQL cluster (same recipe as packages/collector/test/pg-server.ts). */
async function startPostgres() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const version = readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a))[0];
  if (!version) return null;
  const bin = join(base, version, 'bin');
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'fk-bench-pg-'));
  const run = (cmd, args) => (root ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], { stdio: 'pipe' }) : execFileSync(join(bin, cmd), args, { stdio: 'pipe' }));
  if (root) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
  const port = await new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });
  run('initdb', ['-D', join(dir, 'data'), '-U', 'fk', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  // Durable settings (fsync on): the figures are what a real deployment would see.
  run('pg_ctl', ['-D', join(dir, 'data'), '-l', join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c shared_buffers=256MB`, 'start']);
  return {
    version,
    url: (db) => `postgres://fk@127.0.0.1:${port}/${db}`,
    createDatabase: (db) => run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'fk', db]),
    stop: () => {
      try {
        run('pg_ctl', ['-D', join(dir, 'data'), '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

const branches = Array.from({ length: 50 }, (_, i) => `branch-${i}`);
function makeSubmission(uuidv7, i, at) {
  return {
    id: uuidv7(),
    createdAt: at,
    status: 'complete',
    answers: { nps: { type: 'rating', scale: { kind: 'nps' }, value: i % 11 }, csat: { type: 'rating', scale: { kind: 'csat', points: 5 }, value: 1 + (i % 5) } },
    context: { channel: i % 3 === 0 ? 'kiosk' : 'web', branch: branches[i % 50], counter: `c-${i % 7}`, staff: `s-${i % 400}` },
  };
}

async function ingestRun(mod, core, sql, total, concurrency, backend, catchUp = false) {
  const c = mod.createCollector({ sql, siteKeys: [KEY], adminTokens: [ADMIN], rateLimits: { perKey: false, perAddress: false }, monitoring: false });
  await c.ready;
  const at = new Date().toISOString();
  const batches = [];
  for (let i = 0; i < total; i += 50) {
    const items = Array.from({ length: Math.min(50, total - i) }, (_, k) => makeSubmission(core.uuidv7, i + k, at));
    batches.push(JSON.stringify({ protocol: 1, sentAt: at, submissions: items }));
  }
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < batches.length) {
        const body = batches[next++];
        const res = await c.handle(new Request('http://bench/v1/submissions', { method: 'POST', headers: { 'content-type': 'application/json', 'x-feedbackkit-key': KEY }, body }));
        const json = await res.json();
        if (res.status !== 200 || json.rejected.length > 0) throw new Error(`ingest failed: ${res.status} ${JSON.stringify(json).slice(0, 200)}`);
      }
    }),
  );
  const secs = (performance.now() - started) / 1000;
  // What the background fold had not reached when the last batch was answered.
  const { rows } = await sql.query('SELECT count(*)::int AS n FROM ratings WHERE fold_xid >= (SELECT watermark FROM rating_fold)');
  let caught = '';
  if (catchUp) {
    // A sustained run: how long the background fold needs after the last answer to have folded everything.
    const t = performance.now();
    const left = async () => (await sql.query('SELECT count(*)::int AS n FROM ratings WHERE fold_xid >= (SELECT watermark FROM rating_fold)')).rows[0].n;
    while ((await left()) > 0 && performance.now() - t < 120_000) await new Promise((r) => setTimeout(r, 100));
    caught = `, all folded ${((performance.now() - t) / 1000).toFixed(1)} s after the last answer`;
  }
  unfolded.push(`${rows[0].n.toLocaleString('en')} of ${(total * 2).toLocaleString('en')} on ${backend} with ${concurrency} sender${concurrency > 1 ? 's' : ''}${caught}`);
  await c.close();
  return total / secs;
}
/** "ratings not folded yet when an ingest run ended", one entry per run. */
const unfolded = [];

/** Bulk-loads `n` submissions with one rating each, straight in SQL (what ingest would have stored), then rebuilds the rollup. */
async function seedRatings(sql, n) {
  await sql.query(`INSERT INTO submissions (id, payload, payload_hash, created_at, occurred_at, received_at, status, channel, branch, counter, staff)
    SELECT (lpad(to_hex(i), 8, '0') || '-0000-7000-8000-000000000000')::uuid, '{}'::jsonb, 'seed', ts, ts, ts, 'complete',
           CASE WHEN i % 3 = 0 THEN 'kiosk' ELSE 'web' END, 'branch-' || (i % 50), 'c-' || (i % 7), 's-' || (i % 400)
    FROM (SELECT i, timestamptz '2025-11-01' + i * (interval '1 year' / $1::integer) AS ts FROM generate_series(1, $1::integer) AS i) AS g`, [n]);
  await sql.query(`INSERT INTO ratings (submission_id, question_id, scale_kind, scale_id, scale, value, occurred_at, channel, branch, counter, staff)
    SELECT id, 'nps', 'nps', 'nps', '{"kind":"nps"}', abs(hashtext(id::text)) % 11, occurred_at, channel, branch, counter, staff FROM submissions WHERE payload_hash = 'seed'`);
  await sql.query("DELETE FROM fk_settings WHERE key = 'rollup_tz'");
  await sql.query('ANALYZE');
}

async function queryLatency(mod, core, sql, runs) {
  const scale = core.scaleFor({ kind: 'nps' });
  const c = mod.createCollector({ sql, siteKeys: [KEY], adminTokens: [ADMIN], rateLimits: { perKey: false, perAddress: false }, monitoring: false });
  await c.ready; // rebuilds the daily rollup from the seeded ratings
  const queries = [
    ['NPS overall', 'metric=nps'],
    ['NPS by branch × month', 'metric=nps&groupBy=branch&window=month'],
    ['NPS weekly trend', 'metric=nps&window=week'],
    ['NPS by branch × month, last quarter', 'metric=nps&groupBy=branch&window=month&from=2026-08-01'],
    ['NPS by branch × month in Asia/Shanghai', 'metric=nps&groupBy=branch&window=month&tz=Asia/Shanghai'],
    ['NPS by staff', 'metric=nps&groupBy=staff'],
    ['NPS by branch × day', 'metric=nps&groupBy=branch&window=day&detail=summary'],
    ['NPS by staff × day, last 30 days', 'metric=nps&groupBy=staff&window=day&from=2026-10-01&detail=summary'],
    // 400 × 60 = 24,000 cells: just under the default maxCells (25,000).
    ['NPS by staff × day, last 60 days', 'metric=nps&groupBy=staff&window=day&from=2026-09-02&detail=summary'],
    ['NPS by staff, one branch (a context filter)', 'metric=nps&groupBy=staff&branch=branch-7'],
    ['NPS overall, channel=web (a filter matching 2/3 of the ratings)', 'metric=nps&channel=web'],
    ['NPS by branch × month, channel=web', 'metric=nps&groupBy=branch&window=month&channel=web'],
    ['NPS by staff × week, channel=kiosk, detail=summary', 'metric=nps&groupBy=staff&window=week&channel=kiosk&detail=summary'],
    ['NPS by staff × day, whole year', 'metric=nps&groupBy=staff&window=day&detail=summary'],
    // The lean answer first: the full one leaves ~100 MB of garbage per run, which the
    // collector would otherwise pay for during whatever query is timed next.
    ['NPS by staff × week, detail=summary', 'metric=nps&groupBy=staff&window=week&detail=summary'],
    ['NPS by staff × week, detail=full', 'metric=nps&groupBy=staff&window=week'],
  ];
  const out = [];
  for (const [label, q] of queries) {
    const times = [];
    let source = '';
    let bytes = 0;
    let refused = null;
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      const res = await c.handle(new Request(`http://bench/v1/scores?${q}`, { headers: { authorization: `Bearer ${ADMIN}` } }));
      const text = await res.text();
      const body = JSON.parse(text);
      times.push(performance.now() - t);
      // An answer over maxCells is refused (422 answer-too-large): recorded as such, with the time the refusal took.
      if (res.status === 422 && body.error?.code === 'answer-too-large') refused = body.error.message;
      else if (res.status !== 200) throw new Error(`${q}: ${res.status}`);
      source = refused ? 'refused' : body.source;
      bytes = text.length;
    }
    times.sort((a, b) => a - b);
    out.push({ label, source, median: times[Math.floor(times.length / 2)], bytes, refused });
  }
  // Where the time of the largest lean answer goes: the store's read (SQL and the rows turned
  // into counts), scoring every cell, JSON.stringify, and the client's JSON.parse — medians.
  const median = (a) => a.sort((x, y) => x - y)[Math.floor(a.length / 2)];
  const breakdown = {};
  for (const detail of ['summary', 'full']) {
    const parts = { read: [], score: [], stringify: [], parse: [] };
    for (let i = 0; i < runs; i++) {
      let t = performance.now();
      const { tallies } = await c.store.countTallies({ scaleId: 'nps', groupBy: 'staff', window: 'week', tz: 'UTC', where: {} }, scale);
      parts.read.push(performance.now() - t);
      t = performance.now();
      const scored = mod.scoreTallies('nps', scale, tallies, 30, detail);
      parts.score.push(performance.now() - t);
      t = performance.now();
      const text = JSON.stringify(scored);
      parts.stringify.push(performance.now() - t);
      t = performance.now();
      JSON.parse(text);
      parts.parse.push(performance.now() - t);
    }
    breakdown[detail] = Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, median(v)]));
  }
  await c.close();
  return { queries: out, breakdown };
}

function breakdownNote(backend, bs) {
  const split = (b) => `store read (SQL + tallies from the rollup cells) ${b.read.toFixed(0)} ms, scoring the cells ${b.score.toFixed(0)} ms, JSON.stringify ${b.stringify.toFixed(0)} ms, JSON.parse ${b.parse.toFixed(0)} ms`;
  return `${backend}, NPS by staff × week, split (medians): detail=summary: ${split(bs.summary)}; detail=full: ${split(bs.full)}.`;
}

/** A query's time for the table; a refused one says so, with why (the count and the limit). */
function result(q, runs) {
  const time = `${q.median.toFixed(0)} ms (median of ${runs})`;
  if (!q.refused) return time;
  const why = /(about |at least )?([\d,]+) cells.*limit of ([\d,]+)/.exec(q.refused);
  return `refused in ${time}: 422 answer-too-large, ${why ? `${why[1] ?? ''}${why[2]} cells > maxCells ${why[3]}` : q.refused}`;
}

/** A JSON body's size, for the table. */
function size(chars) {
  return chars >= 1e6 ? `${(chars / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(chars / 1e3))} kB`;
}

export default async function collectorBench({ root, quick, log }) {
  const mod = await import(pathToFileURL(join(root, 'packages/collector/dist/index.js')).href);
  const core = await import(pathToFileURL(join(root, 'packages/core/dist/index.js')).href);
  const ingestN = quick ? 2_000 : 10_000;
  const queryN = quick ? 100_000 : 1_000_000;
  const rows = [];
  const notes = [];

  // PGlite, in memory (single connection: one batch at a time).
  {
    const sql = await mod.openPglite();
    const rate = await ingestRun(mod, core, sql, ingestN, 1, 'PGlite');
    log(`PGlite ingest ${rate.toFixed(0)}/s`);
    rows.push({ measure: `ingest, batches of 50 (${ingestN.toLocaleString('en')} submissions, 2 ratings each)`, backend: 'PGlite (in memory)', senders: 1, result: `${Math.round(rate).toLocaleString('en')} submissions/s` });
    const pgliteN = quick ? 20_000 : 200_000;
    const t = performance.now();
    await seedRatings(sql, pgliteN);
    log(`PGlite seeded ${pgliteN} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const { queries, breakdown } = await queryLatency(mod, core, sql, 3);
    notes.push(breakdownNote('PGlite', breakdown));
    for (const q of queries) {
      rows.push({ measure: `${q.label} over ${pgliteN.toLocaleString('en')} ratings`, backend: `PGlite (${q.source})`, senders: '', result: result(q, 3), response: size(q.bytes) });
    }
    await sql.close();
  }

  const pg = await startPostgres();
  if (!pg) {
    notes.push('PostgreSQL binaries not found: PostgreSQL rows skipped.');
  } else {
    try {
      for (const senders of [1, 4]) {
        const db = `ingest_${senders}`;
        pg.createDatabase(db);
        // One connection per batch in flight, plus one for the collector's background fold (a
        // deployment's pool has ten): with no spare connection the fold stalls a sender.
        const sql = await mod.openPostgres({ connectionString: pg.url(db), max: senders + 1 });
        const rate = await ingestRun(mod, core, sql, ingestN, senders, `PostgreSQL ${pg.version}`);
        log(`PostgreSQL ingest (${senders} senders) ${rate.toFixed(0)}/s`);
        rows.push({ measure: `ingest, batches of 50 (${ingestN.toLocaleString('en')} submissions, 2 ratings each)`, backend: `PostgreSQL ${pg.version}`, senders, result: `${Math.round(rate).toLocaleString('en')} submissions/s` });
        await sql.close();
      }
      pg.createDatabase('scores');
      const sql = await mod.openPostgres(pg.url('scores'));
      await mod.migrate(sql);
      const t = performance.now();
      await seedRatings(sql, queryN);
      log(`PostgreSQL seeded ${queryN} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      const { queries, breakdown } = await queryLatency(mod, core, sql, 5);
      notes.push(breakdownNote(`PostgreSQL ${pg.version}`, breakdown));
      for (const q of queries) {
        rows.push({ measure: `${q.label} over ${queryN.toLocaleString('en')} ratings`, backend: `PostgreSQL ${pg.version} (${q.source})`, senders: '', result: result(q, 5), response: size(q.bytes) });
      }
      await sql.close();
      {
        // Sustained: ten times as many, four senders, the background fold running alongside
        // (last, so that its autovacuum does not run under the timed queries).
        const n = ingestN * 10;
        pg.createDatabase('ingest_sustained');
        const sql = await mod.openPostgres({ connectionString: pg.url('ingest_sustained'), max: 5 });
        const rate = await ingestRun(mod, core, sql, n, 4, `PostgreSQL ${pg.version} (sustained)`, true);
        log(`PostgreSQL sustained ingest (4 senders) ${rate.toFixed(0)}/s`);
        rows.push({ measure: `ingest, batches of 50, sustained (${n.toLocaleString('en')} submissions, 2 ratings each; the fold runs alongside)`, backend: `PostgreSQL ${pg.version}`, senders: 4, result: `${Math.round(rate).toLocaleString('en')} submissions/s` });
        await sql.close();
      }
    } finally {
      pg.stop();
    }
  }
  notes.push(
    'Ingest goes through the Fetch handler in process (no HTTP): JSON parse, per-item schema validation, scale checks, SHA-256 of each payload, one INSERT … ON CONFLICT statement per batch writing submissions and ratings. The collector folds the new ratings into the daily, weekly and monthly rollups in the background once a second (its default). Ratings the fold had not reached when the last batch was answered: ' + unfolded.join('; ') + ' (a 10,000-submission run lasts about 1–2 s: less than the first fold\'s 1 s wait plus its own time, so a fold that starts during it commits, if at all, after the last answer; the sustained run shows how far the fold lags behind ingest at full speed and how soon it catches up). Reads count unfolded ratings either way: no answer depends on the fold having run.',
    'The PostgreSQL server is a throwaway cluster on this machine with default durability (fsync on); "senders" is the number of batches in flight at once; the connection pool has one connection more, for the background fold (with none spare, measured in process, the fold stalled a single sender and cost it about 30 %).',
    'Score queries: the stored ratings are bulk-loaded in SQL (spread over one year, 50 branches, 400 staff), not sent through ingest; the collector rebuilds its rollups at start. Each time is the whole request in process: SQL, tallies and scores per cell, the JSON body, and parsing it back; "response" is the size of that body (NPS by staff × week answers 400 × 53 window cells: with detail=summary each is n, score, interval and small-sample flag; with detail=full each also has its counts per scale value, and the 400 group totals and the overall cell are full cells with distribution, metrics and tally). The backend column names the source the collector chose: "monthly" = the monthly rollup (every context key, whole months in the reporting zone UTC, month/quarter/no window); "weekly" = the weekly rollup (every context key, whole ISO weeks in the reporting zone; week windows read its cells, one row per key value and week); "daily" = the daily cells (every context key, day windows in the reporting zone, one row per key value and day); "rollup" = the daily rollup (branch-level keys, any window in the reporting zone); "monthly+ratings" = month/quarter windows in another zone, from the monthly rollup corrected by the raw ratings near the window edges; "ratings" = a scan of the raw ratings (a filter on branch, staff or another high-cardinality key, other zones by day or week). A filter on channel (or survey or stage) reads the filter pair keys of the monthly rollup, the weekly cells or the daily cells (e.g. channel>staff), named like the unfiltered sources. Rollup answers also count the ratings not folded yet (none here). "refused" = over the collector option maxCells (default 25,000 cells): the 422 answer-too-large and the time it took (sized from the cells tables before any read; the count stops at maxCells + 1, hence "at least").',
    'The machine is shared by several jobs at once; compare rows within this run.',
  );
  return { title: 'Collector: ingest throughput and score-query latency', command: `node tests/bench/run.mjs collector${quick ? ' --quick' : ''}`, rows, notes };
}
