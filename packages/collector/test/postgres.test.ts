/**
 * The same suite as pglite.test.ts against a real PostgreSQL server (a throwaway cluster
 * from Debian's binaries, see pg-server.ts), plus what only a shared server can show:
 * several collectors on one database.
 */
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createCollector } from '../src/index.js';
import { openPostgres, type SqlClient } from '../src/sql.js';
import { migrate } from '../src/migrations.js';
import { BASE, SITE_KEY, batch, count, readEvents, submission, submissionIds, cellsDrift } from './helpers.js';
import { startPgServer } from './pg-server.js';
import type { CountRow, TallyQuery } from '../src/store.js';
import { prerequisite } from '../../../tests/support/prerequisite.mjs';
import { collectorSuite } from './suite.js';

const server = await startPgServer();
// CI installs Debian's postgresql, so there a missing server fails; elsewhere it skips, loudly.
prerequisite(server !== null, 'no PostgreSQL binaries under /usr/lib/postgresql: the PostgreSQL suite did not run (apt-get install postgresql)');
afterAll(() => server?.stop());

if (server === null) {
  describe.skip('collector on PostgreSQL (no PostgreSQL binaries installed)', () => {
    it('skipped', () => {});
  });
} else {
  collectorSuite('PostgreSQL 15 (pg)', async () => openPostgres(server.createDatabase('fk_suite')), (sql) => sql.close());

  describe('several collectors on one PostgreSQL database', () => {
    it('migrate concurrently without error and record each migration once', async () => {
      const url = server.createDatabase('fk_migrate');
      const clients = await Promise.all([1, 2, 3, 4].map(() => openPostgres(url)));
      try {
        const applied = await Promise.all(clients.map((c) => migrate(c)));
        expect(applied.flat().sort()).toEqual([1, 2, 4, 5, 6, 7, 8, 9]);
        const { rows } = await clients[0]!.query<{ n: number }>('SELECT count(*)::integer AS n FROM fk_migrations');
        expect(rows[0]!.n).toBe(8);
      } finally {
        await Promise.all(clients.map((c) => c.close()));
      }
    });

    it('store duplicate ids sent to different collectors at the same time exactly once, and all acknowledge them', async () => {
      const url = server.createDatabase('fk_concurrency');
      const clients: SqlClient[] = await Promise.all([1, 2, 3, 4].map(() => openPostgres({ connectionString: url, max: 4 })));
      const collectors = clients.map((sql) =>
        createCollector({ sql, siteKeys: [SITE_KEY], adminTokens: ['admin-token-for-tests-0001'], rateLimits: { perKey: false, perAddress: false }, monitoring: false }),
      );
      try {
        await Promise.all(collectors.map((c) => c.ready));
        // 200 submissions; every collector receives all of them, in its own order and batching.
        const items = Array.from({ length: 200 }, (_, i) => submission({ value: i % 11 }));
        const send = (c: (typeof collectors)[number], slice: typeof items) =>
          c.handle(new Request(`${BASE}/v1/submissions`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-feedbackkit-key': SITE_KEY }, body: batch(slice) }));
        const jobs: Array<Promise<Response>> = [];
        collectors.forEach((c, k) => {
          const order = k % 2 === 0 ? items : [...items].reverse();
          const size = 10 + k * 15;
          for (let i = 0; i < order.length; i += size) jobs.push(send(c, order.slice(i, i + size)));
        });
        const responses = await Promise.all(jobs);
        const bodies = await Promise.all(responses.map(async (r) => ({ status: r.status, body: (await r.json()) as { accepted: string[]; rejected: unknown[] } })));
        expect(bodies.every((b) => b.status === 200 && b.body.rejected.length === 0)).toBe(true);
        const acked = bodies.flatMap((b) => b.body.accepted);
        expect(acked).toHaveLength(4 * 200);
        expect(new Set(acked).size).toBe(200);
        expect(await count(clients[0]!, 'submissions')).toBe(200);
        expect(await count(clients[0]!, 'ratings')).toBe(200);
        // Every collector reads the same score from the shared tallies.
        const scores = await Promise.all(
          collectors.map(async (c, k) => {
            const adm = createCollector({ sql: clients[k]!, siteKeys: [], adminTokens: ['admin-token-for-tests-0002'], monitoring: false });
            const r = await adm.handle(new Request(`${BASE}/v1/scores?metric=nps`, { headers: { authorization: 'Bearer admin-token-for-tests-0002' } }));
            await adm.close();
            return ((await r.json()) as { overall: { n: number; score: number } }).overall;
          }),
        );
        expect(new Set(scores.map((s) => JSON.stringify(s))).size).toBe(1);
        expect(scores[0]!.n).toBe(200);
      } finally {
        await Promise.all(collectors.map((c) => c.close()));
        await Promise.all(clients.map((c) => c.close()));
      }
    });

    it('share live events through LISTEN/NOTIFY: a stream on A sees what B stores once, also after its listener was dropped', async () => {
      const url = server.createDatabase('fk_fanout');
      // Separate pools, as on separate machines; quick reconnection for the test.
      const clients: SqlClient[] = await Promise.all([1, 2].map(() => openPostgres({ connectionString: url, max: 3, listenBackoff: { min: 20, max: 200 } })));
      const errors: unknown[] = [];
      const [a, b] = clients.map((sql) =>
        createCollector({ sql, siteKeys: [SITE_KEY], adminTokens: ['admin-token-for-tests-0001'], rateLimits: { perKey: false, perAddress: false }, monitoring: false, onError: (e) => errors.push(e) }),
      ) as [ReturnType<typeof createCollector>, ReturnType<typeof createCollector>];
      const post = (c: typeof a, items: unknown[]) =>
        c.handle(new Request(`${BASE}/v1/submissions`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-feedbackkit-key': SITE_KEY }, body: batch(items) }));
      const stream = async (c: typeof a) => {
        const s = readEvents(await c.handle(new Request(`${BASE}/v1/stream`, { headers: { authorization: 'Bearer admin-token-for-tests-0001' } })));
        await s.waitFor((e) => e.event === 'hello');
        return s;
      };
      const listeners = async () =>
        (await clients[0]!.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE application_name = 'feedbackkit-listen' AND datname = current_database()")).rows.map((r) => r.pid);
      try {
        await Promise.all([a.ready, b.ready]);
        expect(a.listening && b.listening).toBe(true);
        // One dedicated connection each, outside the pools.
        expect(await listeners()).toHaveLength(2);
        const onA = await stream(a);
        const viaB = submission({ value: 3 });
        expect((await post(b, [viaB])).status).toBe(200);
        await onA.waitFor((e) => e.event === 'submission' && (e.data as { id: string }).id === viaB.id);
        const ownA = submission({ value: 10 });
        await post(a, [ownA]);
        await a.eventsSent(); // sent in the background: the marker must come behind it
        const mark = submission({ value: 7 });
        await post(b, [mark]); // committed after A's own: once it arrives, A's own notification was handled
        await onA.waitFor((e) => e.event === 'submission' && (e.data as { id: string }).id === mark.id);
        expect(submissionIds(onA.events)).toEqual([viaB.id, ownA.id, mark.id]);

        // Drop every listener connection: each collector reconnects, and tells its streams to re-read.
        const before = await listeners();
        await clients[0]!.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [before]);
        await onA.waitFor((e) => e.event === 'resync' && (e.data as { reason: string }).reason === 'reconnected');
        const deadline = Date.now() + 5000;
        while (!(a.listening && b.listening) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        expect(a.listening && b.listening).toBe(true);
        const after = await listeners();
        expect(after).toHaveLength(2);
        expect(after.some((pid) => before.includes(pid))).toBe(false);
        const again = submission({ value: 0 });
        await post(b, [again]);
        await onA.waitFor((e) => e.event === 'submission' && (e.data as { id: string }).id === again.id);
        const mark2 = submission({ value: 8 });
        await post(b, [mark2]);
        await onA.waitFor((e) => e.event === 'submission' && (e.data as { id: string }).id === mark2.id);
        expect(submissionIds(onA.events)).toEqual([viaB.id, ownA.id, mark.id, again.id, mark2.id]);
        // The drop was reported, nothing else went wrong.
        expect(errors.length).toBeGreaterThan(0);
        expect(errors.every((e) => /terminat|ended|connection/i.test(String((e as Error).message)))).toBe(true);
        await onA.close();
      } finally {
        await Promise.all([a.close(), b.close()]);
        await Promise.all(clients.map((c) => c.close()));
      }
      // Closing a collector closes its listener (the server may take a moment to see it go).
      const probe = await openPostgres(url);
      try {
        let left = -1;
        for (let i = 0; i < 100 && left !== 0; i++) {
          if (i > 0) await new Promise((r) => setTimeout(r, 20));
          const { rows } = await probe.query<{ n: number }>("SELECT count(*)::integer AS n FROM pg_stat_activity WHERE application_name = 'feedbackkit-listen' AND datname = current_database()");
          left = rows[0]!.n;
        }
        expect(left).toBe(0);
      } finally {
        await probe.close();
      }
    });

    it('fold concurrently with each other and with ingest: every rating in the rollups exactly once', async () => {
      const url = server.createDatabase('fk_folds');
      const clients: SqlClient[] = await Promise.all([1, 2, 3].map(() => openPostgres({ connectionString: url, max: 4 })));
      // Each collector folds every few milliseconds while all of them ingest overlapping batches.
      const collectors = clients.map((sql) =>
        createCollector({ sql, siteKeys: [SITE_KEY], adminTokens: ['admin-token-for-tests-0001'], rateLimits: { perKey: false, perAddress: false }, monitoring: false, foldIntervalMs: 3 }),
      );
      const staff = ['s1', 's2', 's3', 's4', 's5'];
      const items = Array.from({ length: 600 }, (_, i) =>
        submission({ value: i % 11, at: new Date(Date.UTC(2026, 0, 1) + i * 3_600_000 * 7).toISOString(), context: { channel: i % 2 ? 'web' : 'kiosk', branch: `B${i % 4}`, staff: staff[i % 5]! } }),
      );
      const send = (c: (typeof collectors)[number], slice: typeof items) =>
        c.handle(new Request(`${BASE}/v1/submissions`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-feedbackkit-key': SITE_KEY }, body: batch(slice) }));
      try {
        await Promise.all(collectors.map((c) => c.ready));
        const jobs: Array<Promise<unknown>> = [];
        collectors.forEach((c, k) => {
          const order = k === 1 ? [...items].reverse() : items;
          for (let i = 0; i < order.length; i += 20 + k * 7) jobs.push(send(c, order.slice(i, i + 20 + k * 7)));
          // Explicit folds too, waiting for the lock, interleaved with the batches.
          for (let j = 0; j < 5; j++) jobs.push(c.store.fold());
        });
        const statuses = await Promise.all(jobs);
        expect(statuses.filter((r) => r instanceof Response && r.status !== 200)).toHaveLength(0);
        expect(await count(clients[0]!, 'ratings')).toBe(600);
        const queries: TallyQuery[] = [
          { scaleId: 'nps', groupBy: 'staff', window: 'week', tz: 'UTC' },
          { scaleId: 'nps', groupBy: 'branch', window: 'day', tz: 'UTC' },
          { scaleId: 'nps', groupBy: 'staff', window: 'day', tz: 'UTC' },
          { scaleId: 'nps', groupBy: 'channel', window: 'month', tz: 'UTC' },
          { scaleId: 'nps', groupBy: 'staff', window: 'quarter', tz: 'Asia/Kathmandu' },
        ];
        const sorted = (rows: CountRow[]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
        const check = async () => {
          for (const q of queries) {
            const raw = sorted((await collectors[0]!.store.countRatings(q, { source: 'ratings' })).rows);
            for (const c of collectors) {
              const rolled = await c.store.countRatings(q);
              expect(rolled.source).not.toBe('ratings');
              expect(sorted(rolled.rows)).toEqual(raw);
            }
          }
        };
        await check();
        expect(await cellsDrift(clients[0]!)).toBe(0);
        // Once everything is folded, the tables alone hold every rating once per key.
        await collectors[2]!.store.fold();
        const { rows } = await clients[0]!.query<{ t: string; n: number }>(
          `SELECT 'daily' AS t, sum(n)::integer AS n FROM rating_daily WHERE dim = 'branch'
           UNION ALL SELECT 'weekly', sum(n)::integer FROM rating_weekly WHERE dim = 'staff'
           UNION ALL SELECT 'daily cells', sum((SELECT sum(x) FROM unnest(ns::integer[]) AS x))::integer FROM rating_daily_cells WHERE dim = 'staff'
           UNION ALL SELECT 'monthly', sum(n)::integer FROM rating_monthly WHERE dim = '*'
           UNION ALL SELECT 'unfolded', count(*)::integer FROM ratings WHERE fold_xid >= (SELECT watermark FROM rating_fold)`,
        );
        expect(Object.fromEntries(rows.map((r) => [r.t, Number(r.n)]))).toEqual({ daily: 600, weekly: 600, 'daily cells': 600, monthly: 600, unfolded: 0 });
        // The weekly and daily cells, upserted by the same folds, hold exactly the counts they should.
        expect(await cellsDrift(clients[0]!)).toBe(0);
        await check();
      } finally {
        await Promise.all(collectors.map((c) => c.close()));
        await Promise.all(clients.map((c) => c.close()));
      }
    });
  });

  describe('session work_mem (PgBouncer in transaction pooling: workMem false)', () => {
    it('sets work_mem on each pooled connection by default, the given value with workMem, and nothing with workMem: false', async () => {
      const url = server.createDatabase('fk_work_mem');
      const setting = async (c: SqlClient) => (await c.query<{ w: string }>("SELECT current_setting('work_mem') AS w")).rows[0]!.w;
      const serverDefault = await (async () => {
        const raw = new pg.Client({ connectionString: url });
        await raw.connect();
        try {
          return (await raw.query<{ w: string }>("SELECT current_setting('work_mem') AS w")).rows[0]!.w;
        } finally {
          await raw.end();
        }
      })();
      expect(serverDefault).not.toBe('64MB');
      const byDefault = await openPostgres(url);
      const given = await openPostgres({ connectionString: url, workMem: '16MB' });
      const none = await openPostgres({ connectionString: url, workMem: false });
      try {
        expect(await setting(byDefault)).toBe('64MB');
        expect(await setting(given)).toBe('16MB');
        expect(await setting(none)).toBe(serverDefault);
        // Set on the role instead, as the README says for PgBouncer: every new connection has it at login.
        await none.query("ALTER ROLE CURRENT_USER SET work_mem = '32MB'");
        const viaRole = await openPostgres({ connectionString: url, workMem: false });
        try {
          expect(await setting(viaRole)).toBe('32MB');
        } finally {
          await viaRole.close();
          await none.query('ALTER ROLE CURRENT_USER RESET work_mem');
        }
      } finally {
        await Promise.all([byDefault.close(), given.close(), none.close()]);
      }
    });
  });
}
