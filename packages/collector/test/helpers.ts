import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Answer, Submission } from '@feedbackkit/core';
import { createCollector, type Collector, type CollectorOptions } from '../src/index.js';
import type { SqlClient } from '../src/sql.js';
import { DAILY_CELL_DIMS, MONTHLY_DIMS, ROLLUP_DIMS, WEEKLY_DIMS, rollupDimsSql, type Dim } from '../src/migrations.js';

export const SITE_KEY = 'fk_site_test_key_0001';
export const ADMIN = 'fk_admin_test_token_0001';
export const BASE = 'http://collector.test';

let counter = 0;
/** A fresh lowercase UUIDv7 (time part fixed, counter in the random part). */
export function uuid(): string {
  counter += 1;
  return `0192f000-0000-7000-8000-${counter.toString(16).padStart(12, '0')}`;
}

export function rating(kind: 'nps' | 'csat' | 'ces' | 'evaluator', value: number, extra: { points?: number; reasons?: string[] } = {}): Answer {
  return { type: 'rating', scale: { kind, ...(extra.points ? { points: extra.points } : {}) }, value, ...(extra.reasons ? { reasons: extra.reasons } : {}) };
}

export function submission(over: Partial<Submission> & { value?: number; at?: string } = {}): Submission {
  const { value, at, ...rest } = over;
  return {
    id: uuid(),
    createdAt: at ?? '2026-11-20T10:00:00.000Z',
    status: 'complete',
    answers: { q1: rating('nps', value ?? 9) },
    context: { channel: 'web', branch: 'A' },
    ...rest,
  };
}

export function batch(items: unknown[], sentAt = '2026-11-20T10:00:00.000Z'): string {
  return JSON.stringify({ protocol: 1, sentAt, submissions: items });
}

export interface Harness {
  c: Collector;
  clock: { now: Date };
  post(body: string | object, headers?: Record<string, string>, address?: string): Promise<Response>;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  admin(path: string, init?: RequestInit): Promise<Response>;
}

/**
 * A database opened once for the enclosing test file or describe block (`open` before all its
 * tests, `close` after them), and harnesses made on it with `make(options)`, each closed after
 * the test that made it. `sql()` is the client (from the first test's hooks on).
 */
export function harnessesOn(
  open: () => Promise<SqlClient>,
  close: (sql: SqlClient) => Promise<void>,
): { sql: () => SqlClient; make: (options?: Partial<CollectorOptions>) => Harness } {
  let sql: SqlClient | undefined;
  const made: Harness[] = [];
  beforeAll(async () => {
    sql = await open();
  });
  afterAll(async () => {
    if (sql) await close(sql);
  });
  afterEach(async () => {
    for (const h of made.splice(0)) await h.c.close();
  });
  const client = (): SqlClient => {
    if (!sql) throw new Error('harnessesOn: the database is opened in beforeAll');
    return sql;
  };
  return {
    sql: client,
    make: (options = {}) => {
      const h = harness(client(), options);
      made.push(h);
      return h;
    },
  };
}

export function harness(sql: SqlClient, options: Partial<CollectorOptions> = {}): Harness {
  const clock = { now: new Date('2026-11-20T10:00:00.000Z') };
  const c = createCollector({
    sql,
    siteKeys: [{ key: SITE_KEY, origins: ['https://bank.example'] }],
    adminTokens: [{ token: ADMIN, name: 'tester' }],
    rateLimits: { perKey: false, perAddress: false },
    monitoring: false,
    now: () => clock.now,
    ...options,
  });
  return {
    c,
    clock,
    post: (body, headers = {}, address = '10.0.0.1') =>
      c.handle(
        new Request(`${BASE}/v1/submissions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-feedbackkit-key': SITE_KEY, ...headers },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        }),
        { remoteAddress: address },
      ),
    get: (path, headers = {}) => c.handle(new Request(`${BASE}${path}`, { headers }), { remoteAddress: '10.0.0.2' }),
    admin: (path, init = {}) =>
      c.handle(new Request(`${BASE}${path}`, { ...init, headers: { authorization: `Bearer ${ADMIN}`, ...(init.headers as Record<string, string> | undefined) } }), {
        remoteAddress: '10.0.0.3',
      }),
  };
}

export async function resetDatabase(sql: SqlClient): Promise<void> {
  await sql.query('TRUNCATE submissions, ratings, rating_daily, rating_weekly, rating_weekly_cells, rating_daily_cells, rating_monthly, alerts, audit_log RESTART IDENTITY CASCADE');
}

/**
 * How far the rollup cells are from what they mirror: the weekly cells (`rating_weekly_cells`)
 * from the weekly rollup, the daily cells (`rating_daily_cells`) from the folded ratings (below
 * the watermark) counted per day of the zone the rollups were built in, for every key. The
 * (cell, value, count) items in one and not the other, both ways (with multiplicity), plus
 * malformed cells, summed over both. 0 when each holds exactly the counts it should.
 */
export async function cellsDrift(sql: SqlClient, dailyDims: readonly Dim[] = DAILY_CELL_DIMS): Promise<number> {
  // Only the daily cells of these keys are compared ('*' always).
  const dailyKept = `c.dim IN ('*', ${dailyDims.map((d) => `'${d}'`).join(', ')})`;
  const drift = async (table: string, time: string, expected: string) => {
    // Summed per value as readers do (a cell lists each value once; a duplicate would still count right).
    const { rows } = await sql.query<{ n: number }>(
      `WITH c AS (SELECT c.scale_id, c.question_id, c.${time}, c.dim, c.dim_value, u.value, sum(u.n)::integer AS n
                  FROM ${table} c CROSS JOIN LATERAL unnest(c.vals::double precision[], c.ns::integer[]) AS u(value, n)
                  WHERE ${table === 'rating_daily_cells' ? dailyKept : 'true'} GROUP BY 1, 2, 3, 4, 5, 6),
            w AS (${expected})
       SELECT ((SELECT count(*) FROM (SELECT * FROM c EXCEPT ALL SELECT * FROM w) a)
             + (SELECT count(*) FROM (SELECT * FROM w EXCEPT ALL SELECT * FROM c) b)
             + (SELECT count(*) FROM ${table} WHERE cardinality(vals::double precision[]) = 0
                  OR cardinality(vals::double precision[]) <> cardinality(ns::integer[])
                  OR cardinality(vals::double precision[]) <> (SELECT count(DISTINCT v) FROM unnest(vals::double precision[]) AS v)))::integer AS n`,
    );
    return Number(rows[0]!.n);
  };
  return (
    (await drift('rating_weekly_cells', 'week', 'SELECT scale_id, question_id, week, dim, dim_value, value, n FROM rating_weekly')) +
    (await drift(
      'rating_daily_cells',
      'day',
      `SELECT r.scale_id, r.question_id, (r.occurred_at AT TIME ZONE z.value)::date, d.dim, d.val, r.value, count(*)::integer
       FROM ratings r JOIN fk_settings z ON z.key = 'rollup_tz' CROSS JOIN LATERAL ${rollupDimsSql('r', dailyDims)} AS d(dim, val)
       WHERE r.fold_xid < (SELECT watermark FROM rating_fold) AND d.val IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6`,
    ))
  );
}

/**
 * How far the three per-value rollups (`rating_daily`, `rating_weekly`, `rating_monthly`) are
 * from the folded ratings (below the watermark), each counted here straight from the ratings,
 * per reporting-zone day, ISO week or month, over its own keys, written independently of the
 * fold's SQL: the (cell, value, count) rows in one and not the other, both ways (with
 * multiplicity), summed over the three. 0 when every rollup holds exactly its ratings' counts.
 */
export async function rollupDrift(sql: SqlClient): Promise<number> {
  const tables = [
    { table: 'rating_daily', time: 'day', cell: '(r.occurred_at AT TIME ZONE z.value)::date', dims: ROLLUP_DIMS },
    { table: 'rating_weekly', time: 'week', cell: "date_trunc('week', r.occurred_at AT TIME ZONE z.value)::date", dims: WEEKLY_DIMS },
    { table: 'rating_monthly', time: 'month', cell: "date_trunc('month', r.occurred_at AT TIME ZONE z.value)::date", dims: MONTHLY_DIMS },
  ];
  let drift = 0;
  for (const { table, time, cell, dims } of tables) {
    const { rows } = await sql.query<{ n: number }>(
      `WITH t AS (SELECT scale_id, question_id, ${time}, dim, dim_value, value, n FROM ${table}),
            w AS (SELECT r.scale_id, r.question_id, ${cell}, d.dim, d.val, r.value, count(*)::integer
                  FROM ratings r JOIN fk_settings z ON z.key = 'rollup_tz' CROSS JOIN LATERAL ${rollupDimsSql('r', dims)} AS d(dim, val)
                  WHERE r.fold_xid < (SELECT watermark FROM rating_fold) AND d.val IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6)
       SELECT ((SELECT count(*) FROM (SELECT * FROM t EXCEPT ALL SELECT * FROM w) a)
             + (SELECT count(*) FROM (SELECT * FROM w EXCEPT ALL SELECT * FROM t) b))::integer AS n`,
    );
    drift += Number(rows[0]!.n);
  }
  return drift;
}

export async function count(sql: SqlClient, table: 'submissions' | 'ratings' | 'alerts' | 'audit_log'): Promise<number> {
  const { rows } = await sql.query<{ n: number }>(`SELECT count(*)::integer AS n FROM ${table}`);
  return Number(rows[0]!.n);
}

export interface SseEvent {
  event: string;
  data: unknown;
}

/**
 * Reads a `text/event-stream` response in the background: `events` grows as events arrive,
 * `waitFor` resolves when one matches (or fails after `timeoutMs`), `close` cancels the stream.
 */
export function readEvents(res: Response): { events: SseEvent[]; waitFor(pred: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>; close(): Promise<void> } {
  const events: SseEvent[] = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let done = false;
  void (async () => {
    try {
      for (;;) {
        const { value, done: end } = await reader.read();
        if (end) break;
        buffer += decoder.decode(value, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event !== undefined && data !== undefined) events.push({ event, data: JSON.parse(data) });
        }
      }
    } catch {
      /* cancelled */
    }
    done = true;
  })();
  return {
    events,
    async waitFor(pred, timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const hit = events.find(pred);
        if (hit) return hit;
        if (done || Date.now() > until) throw new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(events).slice(0, 400)}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: () => reader.cancel().catch(() => {}),
  };
}

/** The ids of the submission events seen so far. */
export function submissionIds(events: readonly SseEvent[]): string[] {
  return events.filter((e) => e.event === 'submission').map((e) => (e.data as { id: string }).id);
}
