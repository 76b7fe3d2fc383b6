import type { ScaleKind, ScaleRef, Submission } from '@feedbackkit/core';
import { CONTEXT_COLUMNS, MONTHLY_DIMS, ROLLUP_DIMS, migrate, rollupDimsSql, type ContextKey } from './migrations.js';
import type { SqlClient, SqlRunner } from './sql.js';

/** One rating answer, flattened for SQL tallies. */
export interface RatingRow {
  questionId: string;
  kind: ScaleKind;
  /** core's stable scale id, e.g. 'nps', 'csat5', 'ces7'. */
  scaleId: string;
  scale: ScaleRef;
  value: number;
  reasons: string[];
}

/** A validated submission ready to store. */
export interface PreparedSubmission {
  id: string;
  payload: Submission;
  hash: string;
  createdAt: string;
  occurredAt: string;
  receivedAt: string;
  sentAt: string | null;
  skewMs: number | null;
  siteKey: string | null;
  context: Partial<Record<ContextKey, string>>;
  surveyVersion: number | null;
  status: string;
  classification: string | null;
  ratings: RatingRow[];
}

export type CalendarWindow = 'day' | 'week' | 'month' | 'quarter';
export const WINDOWS: readonly CalendarWindow[] = ['day', 'week', 'month', 'quarter'];

/**
 * `to_char` patterns that give the same window keys as core's `calendarKey` (day
 * '2026-03-08', ISO week '2026-W10', month '2026-03', quarter '2026-Q1'), so keys from SQL
 * and from JavaScript can be joined. Passed as a bound parameter, never spliced into SQL.
 */
export const WINDOW_FORMATS: Readonly<Record<CalendarWindow, string>> = {
  day: 'YYYY-MM-DD',
  week: 'IYYY-"W"IW',
  month: 'YYYY-MM',
  quarter: 'YYYY-"Q"Q',
};

/** A local calendar date (start of that day in the query's time zone) or an exact instant. */
export type TimeBound = { date: string } | { instant: string };

export interface RatingFilter {
  /** core's scale id ('nps', 'csat5', …): one tally never mixes scales. */
  scaleId: string;
  question?: string;
  /** Inclusive lower bound on `occurred_at`. */
  from?: TimeBound;
  /** Exclusive upper bound on `occurred_at`. */
  to?: TimeBound;
  where?: Partial<Record<ContextKey, string>>;
}

export interface TallyQuery extends RatingFilter {
  groupBy?: ContextKey;
  window?: CalendarWindow;
  /** IANA time zone for calendar windows and date bounds (default UTC). */
  tz?: string;
}

/**
 * Where counts came from: the monthly rollup (whole months, any context key), the daily
 * rollup ('rollup': whole days, branch-level keys), the monthly rollup shifted into another
 * zone ('monthly+ratings': whole reporting-zone months, corrected by the raw ratings near the
 * other zone's window edges), or the raw ratings (any filter, any zone).
 */
export type CountSource = 'monthly' | 'rollup' | 'monthly+ratings' | 'ratings';

/** The two rollup tables: name, time column, the keys they keep. */
const ROLLUPS = {
  rollup: { table: 'rating_daily', time: 'day', dims: ROLLUP_DIMS as readonly ContextKey[] },
  monthly: { table: 'rating_monthly', time: 'month', dims: MONTHLY_DIMS as readonly ContextKey[] },
} as const;

/** Counts of one scale value within one (group, window) cell, straight from GROUP BY. */
export interface CountRow {
  group: string | null;
  window: string | null;
  value: number;
  n: number;
}

export interface ReasonRow {
  group: string | null;
  code: string;
  n: number;
}

export interface StoredAlert {
  id: string;
  createdAt: string;
  metric: string;
  groupBy: string;
  segment: string;
  period: string;
  rule: string;
  value: number | null;
  baseline: number | null;
  threshold: number | null;
  detail: Record<string, unknown>;
  ackedAt: string | null;
  ackedBy: string | null;
}

export type NewAlert = Omit<StoredAlert, 'id' | 'createdAt' | 'ackedAt' | 'ackedBy'>;

export interface ExportRow {
  id: string;
  createdAt: string;
  occurredAt: string;
  receivedAt: string;
  clockSkewMs: number | null;
  status: string;
  classification: string | null;
  surveyVersion: number | null;
  context: Partial<Record<ContextKey, string | null>>;
  payload: Submission;
}

export interface InsertOutcome {
  /** Ids stored by this call. */
  inserted: Set<string>;
  /** Ids that were already stored (by anyone), with the stored payload hash. */
  existing: Map<string, string>;
}

const contextKeys = Object.keys(CONTEXT_COLUMNS) as ContextKey[];
const contextCols = contextKeys.map((k) => CONTEXT_COLUMNS[k]);

function iso(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

function num(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/** The storage layer: every SQL statement the collector runs lives here. */
export class Store {
  /**
   * @param reportingTimeZone the IANA zone whose local days the daily rollup counts; queries in
   * this zone without context filters read the rollup, everything else reads raw ratings.
   */
  constructor(
    readonly sql: SqlClient,
    readonly reportingTimeZone = 'UTC',
  ) {}

  async migrate(): Promise<number[]> {
    const applied = await migrate(this.sql);
    await this.ensureRollup();
    return applied;
  }

  /**
   * Builds the daily and monthly rollups from the ratings when they were built for another zone
   * (or never, or a migration asked for it):
   * under an advisory lock, so collectors starting together rebuild it once.
   */
  async ensureRollup(): Promise<boolean> {
    return this.sql.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [4_242_002]);
      const { rows } = await tx.query<{ value: string }>("SELECT value FROM fk_settings WHERE key = 'rollup_tz'");
      if (rows[0]?.value === this.reportingTimeZone) return false;
      await tx.query('DELETE FROM rating_daily');
      await tx.query(
        `INSERT INTO rating_daily (scale_id, question_id, day, dim, dim_value, value, n)
         SELECT r.scale_id, r.question_id, (r.occurred_at AT TIME ZONE $1)::date, d.dim, d.val, r.value, count(*)::integer
         FROM ratings r CROSS JOIN LATERAL ${rollupDimsSql('r')} AS d(dim, val)
         WHERE d.val IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6`,
        [this.reportingTimeZone],
      );
      await tx.query('DELETE FROM rating_monthly');
      await tx.query(
        `INSERT INTO rating_monthly (scale_id, question_id, month, dim, dim_value, value, n)
         SELECT r.scale_id, r.question_id, date_trunc('month', r.occurred_at AT TIME ZONE $1)::date, d.dim, d.val, r.value, count(*)::integer
         FROM ratings r CROSS JOIN LATERAL ${rollupDimsSql('r', MONTHLY_DIMS)} AS d(dim, val)
         WHERE d.val IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6`,
        [this.reportingTimeZone],
      );
      // Fresh statistics, or the planner takes the rebuilt tables for empty ones (and sorts on disk).
      await tx.query('ANALYZE rating_daily');
      await tx.query('ANALYZE rating_monthly');
      await tx.query(
        "INSERT INTO fk_settings (key, value) VALUES ('rollup_tz', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
        [this.reportingTimeZone],
      );
      return true;
    });
  }

  /**
   * Stores new submissions and their rating rows in one statement: ON CONFLICT DO NOTHING
   * makes a re-sent id a no-op, and ratings are written only for rows this call inserted, so
   * several collectors racing on one id store it (and its ratings) exactly once.
   */
  async insertSubmissions(items: readonly PreparedSubmission[]): Promise<InsertOutcome> {
    const inserted = new Set<string>();
    const existing = new Map<string, string>();
    if (items.length === 0) return { inserted, existing };
    const subs = items.map((s) => ({
      id: s.id,
      payload: s.payload,
      payload_hash: s.hash,
      created_at: s.createdAt,
      occurred_at: s.occurredAt,
      received_at: s.receivedAt,
      sent_at: s.sentAt,
      clock_skew_ms: s.skewMs,
      site_key: s.siteKey,
      survey_version: s.surveyVersion,
      status: s.status,
      classification: s.classification,
      ...Object.fromEntries(contextKeys.map((k) => [CONTEXT_COLUMNS[k], s.context[k] ?? null])),
    }));
    const ratings = items.flatMap((s) =>
      s.ratings.map((r) => ({
        submission_id: s.id,
        question_id: r.questionId,
        scale_kind: r.kind,
        scale_id: r.scaleId,
        scale: r.scale,
        value: r.value,
        reasons: r.reasons,
        occurred_at: s.occurredAt,
        ...Object.fromEntries(contextKeys.map((k) => [CONTEXT_COLUMNS[k], s.context[k] ?? null])),
      })),
    );
    const ctxDecl = contextCols.map((c) => `${c} text`).join(', ');
    const ctxList = contextCols.join(', ');
    const { rows } = await retryOnDeadlock(() => this.sql.query<{ id: string }>(
      `WITH incoming AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(
           id uuid, payload jsonb, payload_hash text, created_at timestamptz, occurred_at timestamptz,
           received_at timestamptz, sent_at timestamptz, clock_skew_ms double precision, site_key text,
           survey_version integer, status text, classification text, ${ctxDecl})
       ), ins AS (
         INSERT INTO submissions (id, payload, payload_hash, created_at, occurred_at, received_at, sent_at,
           clock_skew_ms, site_key, survey_version, status, classification, ${ctxList})
         SELECT id, payload, payload_hash, created_at, occurred_at, received_at, sent_at, clock_skew_ms, site_key,
           survey_version, status, classification, ${ctxList} FROM incoming
         ORDER BY id -- one lock order for every collector: concurrent batches cannot deadlock
         ON CONFLICT (id) DO NOTHING
         RETURNING id
       ), x AS (
         SELECT * FROM jsonb_to_recordset($2::jsonb) AS t(
           submission_id uuid, question_id text, scale_kind text, scale_id text, scale jsonb,
           value double precision, reasons text[], occurred_at timestamptz, ${ctxDecl})
         WHERE t.submission_id IN (SELECT id FROM ins)
       ), r AS (
         INSERT INTO ratings (submission_id, question_id, scale_kind, scale_id, scale, value, reasons, occurred_at, ${ctxList})
         SELECT x.submission_id, x.question_id, x.scale_kind, x.scale_id, x.scale, x.value, x.reasons, x.occurred_at, ${contextCols.map((c) => `x.${c}`).join(', ')}
         FROM x
         RETURNING 1
       ), daily AS (
         INSERT INTO rating_daily AS rd (scale_id, question_id, day, dim, dim_value, value, n)
         SELECT x.scale_id, x.question_id, (x.occurred_at AT TIME ZONE $3)::date, d.dim, d.val, x.value, count(*)::integer
         FROM x CROSS JOIN LATERAL ${rollupDimsSql('x')} AS d(dim, val)
         WHERE d.val IS NOT NULL
         GROUP BY 1, 2, 3, 4, 5, 6
         ORDER BY 1, 4, 3, 5, 2, 6
         ON CONFLICT (scale_id, dim, day, dim_value, question_id, value) DO UPDATE SET n = rd.n + EXCLUDED.n
         RETURNING 1
       ), monthly AS (
         INSERT INTO rating_monthly AS rm (scale_id, question_id, month, dim, dim_value, value, n)
         SELECT x.scale_id, x.question_id, date_trunc('month', x.occurred_at AT TIME ZONE $3)::date, d.dim, d.val, x.value, count(*)::integer
         FROM x CROSS JOIN LATERAL ${rollupDimsSql('x', MONTHLY_DIMS)} AS d(dim, val)
         WHERE d.val IS NOT NULL
         GROUP BY 1, 2, 3, 4, 5, 6
         ORDER BY 1, 4, 3, 5, 2, 6
         ON CONFLICT (scale_id, dim, month, dim_value, question_id, value) DO UPDATE SET n = rm.n + EXCLUDED.n
         RETURNING 1
       )
       SELECT id::text AS id FROM ins`,
      [JSON.stringify(subs), JSON.stringify(ratings), this.reportingTimeZone],
    ));
    for (const r of rows) inserted.add(r.id);
    const others = items.map((s) => s.id).filter((id) => !inserted.has(id));
    if (others.length > 0) {
      const found = await this.sql.query<{ id: string; payload_hash: string }>(
        'SELECT id::text AS id, payload_hash FROM submissions WHERE id = ANY($1::uuid[])',
        [others],
      );
      for (const r of found.rows) existing.set(r.id, r.payload_hash);
    }
    return { inserted, existing };
  }

  private bound(b: TimeBound, tz: string, params: unknown[]): string {
    if ('instant' in b) {
      params.push(b.instant);
      return `$${params.length}::timestamptz`;
    }
    params.push(b.date);
    const d = params.length;
    params.push(tz);
    // Local midnight of that date in the query's zone, as an instant.
    return `($${d}::date::timestamp AT TIME ZONE $${params.length})`;
  }

  private ratingWhere(f: RatingFilter, params: unknown[], tz = 'UTC'): string {
    const clauses: string[] = [];
    params.push(f.scaleId);
    clauses.push(`scale_id = $${params.length}`);
    if (f.question !== undefined) {
      params.push(f.question);
      clauses.push(`question_id = $${params.length}`);
    }
    if (f.from !== undefined) clauses.push(`occurred_at >= ${this.bound(f.from, tz, params)}`);
    if (f.to !== undefined) clauses.push(`occurred_at < ${this.bound(f.to, tz, params)}`);
    for (const key of contextKeys) {
      const v = f.where?.[key];
      if (v === undefined) continue;
      params.push(v);
      // Column names come from the CONTEXT_COLUMNS whitelist, never from request text.
      clauses.push(`${CONTEXT_COLUMNS[key]} = $${params.length}`);
    }
    return clauses.join(' AND ');
  }

  private groupExpr(key: ContextKey | undefined): string {
    if (key === undefined) return 'NULL::text';
    const col = CONTEXT_COLUMNS[key];
    if (col === undefined) throw new Error(`groupBy ${String(key)} is not whitelisted`);
    return col;
  }

  /**
   * Whether a query can be answered from a rollup: the daily one (`'rollup'`: whole days in the
   * reporting zone, branch-level keys) or the monthly one (whole months, any key, month or
   * quarter windows); neither with a context filter or an exact instant. A query without
   * window or date bounds does not depend on the zone, so either rollup answers it in any zone.
   */
  rollupCovers(q: TallyQuery, rollup: 'rollup' | 'monthly' = 'rollup'): boolean {
    const tz = q.tz ?? 'UTC';
    const zoneFree = q.window === undefined && q.from === undefined && q.to === undefined;
    if (tz !== this.reportingTimeZone && !zoneFree) return false;
    if (q.groupBy !== undefined && !ROLLUPS[rollup].dims.includes(q.groupBy)) return false;
    if (q.where && Object.values(q.where).some((v) => v !== undefined)) return false;
    if ((q.from && 'instant' in q.from) || (q.to && 'instant' in q.to)) return false;
    if (rollup === 'monthly') {
      if (q.window !== undefined && q.window !== 'month' && q.window !== 'quarter') return false;
      // A date bound must be the first day of a month (dates are validated as YYYY-MM-DD).
      for (const b of [q.from, q.to]) if (b && 'date' in b && !/^\d{4}-\d{2}-01$/.test(b.date)) return false;
    }
    return true;
  }

  /**
   * Whether month or quarter windows in any zone, with any date bounds, can be answered from
   * the monthly rollup corrected at the edges (no context filter, no exact instant).
   */
  shiftedCovers(q: TallyQuery): boolean {
    if (q.window !== 'month' && q.window !== 'quarter') return false;
    if (q.groupBy !== undefined && !ROLLUPS.monthly.dims.includes(q.groupBy)) return false;
    if (q.where && Object.values(q.where).some((v) => v !== undefined)) return false;
    if ((q.from && 'instant' in q.from) || (q.to && 'instant' in q.to)) return false;
    return true;
  }

  /**
   * Month/quarter windows in zone Z from the monthly rollup of zone R. Each rollup cell (an
   * R-month) is counted whole in the Z-window of its midpoint; then the raw ratings of that
   * cell whose own Z-window (or date bounds) differ are moved: −1 from the cell's window, +1 to
   * their own. Only ratings near a window edge or bound can differ, so only those ranges are
   * read (by the (scale_id, occurred_at) index); each range is widened by 3 hours past the
   * computed edge (more than any DST shift) and every rating is then tested exactly, with the
   * same expressions the rollup and the raw query use, so DST and odd offsets stay exact.
   */
  private shiftedSql(q: TallyQuery, params: unknown[]): string {
    const tz = q.tz ?? 'UTC';
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const s = p(q.scaleId);
    const d = p(q.groupBy ?? '*');
    const question = q.question === undefined ? null : p(q.question);
    const R = p(this.reportingTimeZone);
    const Z = p(tz);
    const window = q.window === 'quarter' ? 'quarter' : 'month';
    const u = p(window);
    const len = `${p(window === 'quarter' ? '3 months' : '1 month')}::interval`;
    const fmt = p(WINDOW_FORMATS[window]);
    const f = q.from ? this.bound(q.from, tz, params) : `'-infinity'::timestamptz`;
    const g = q.to ? this.bound(q.to, tz, params) : `'infinity'::timestamptz`;
    const win = (t: string) => `CASE WHEN ${t} >= ${f} AND ${t} < ${g} THEN date_trunc(${u}, ${t} AT TIME ZONE ${Z}) END`;
    const grp = q.groupBy === undefined ? 'NULL::text' : `r.${CONTEXT_COLUMNS[q.groupBy]}`;
    const margin = `interval '3 hours'`;
    return `WITH cells AS (
        SELECT dim, dim_value, month, value, n,
               month::timestamp AT TIME ZONE ${R} AS c_lo, (month::timestamp + interval '1 month') AT TIME ZONE ${R} AS c_hi
        FROM rating_monthly WHERE scale_id = ${s} AND dim IN (${d}, '*')${question ? ` AND question_id = ${question}` : ''}
      ), cw AS (
        SELECT c.*, ${win('(c.c_lo + (c.c_hi - c.c_lo) / 2)')} AS w FROM cells c
        WHERE c.c_hi > ${f} - ${margin} AND c.c_lo < ${g} + ${margin}
      ), spans AS (
        SELECT month, c_lo, c_hi, w,
               CASE WHEN w IS NULL THEN c_hi ELSE greatest(w AT TIME ZONE ${Z}, ${f}) END AS e_lo,
               CASE WHEN w IS NULL THEN c_hi ELSE least((w + ${len}) AT TIME ZONE ${Z}, ${g}) END AS e_hi
        FROM (SELECT DISTINCT month, c_lo, c_hi, w FROM cw) x
      ), ranges AS (
        SELECT month, w, c_lo - ${margin} AS lo, least(e_lo + ${margin}, c_hi + ${margin}) AS hi FROM spans
        UNION ALL
        SELECT month, w, greatest(e_hi - ${margin}, least(e_lo + ${margin}, c_hi + ${margin})), c_hi + ${margin} FROM spans
      ), moved AS (
        SELECT ${grp} AS grp, e.w AS from_w, ${win('r.occurred_at')} AS to_w, r.value
        FROM ranges e CROSS JOIN LATERAL (
          -- one index range scan per edge (OFFSET 0 keeps the planner from turning it into a full scan)
          SELECT * FROM ratings r WHERE r.scale_id = ${s} AND r.occurred_at >= e.lo AND r.occurred_at < e.hi OFFSET 0
        ) r
        WHERE e.lo < e.hi${question ? ` AND r.question_id = ${question}` : ''}
          AND date_trunc('month', r.occurred_at AT TIME ZONE ${R})::date = e.month
          AND ${win('r.occurred_at')} IS DISTINCT FROM e.w
      )
      SELECT grp, to_char(w, ${fmt}) AS win, value, sum(n)::integer AS n FROM (
        SELECT CASE WHEN dim = '*' THEN NULL ELSE dim_value END AS grp, w, value, n FROM cw
        UNION ALL SELECT NULL, w, value, -n FROM cw WHERE dim <> '*'
        UNION ALL SELECT grp, from_w, value, -1 FROM moved
        UNION ALL SELECT grp, to_w, value, 1 FROM moved
      ) t WHERE w IS NOT NULL GROUP BY grp, w, value HAVING sum(n) <> 0`;
  }

  /**
   * Counts per scale value per (group, window): the tally, computed by the database — from the
   * daily rollup when it covers the query (`source: 'rollup'`), else from the raw ratings.
   * Both give the same counts (a property test holds them equal).
   */
  async countRatings(q: TallyQuery, options: { source?: CountSource } = {}): Promise<{ rows: CountRow[]; source: CountSource }> {
    const source =
      options.source ??
      (this.rollupCovers(q, 'monthly') ? 'monthly' : this.rollupCovers(q) ? 'rollup' : this.shiftedCovers(q) ? 'monthly+ratings' : 'ratings');
    const params: unknown[] = [];
    let text: string;
    if (source === 'monthly+ratings') {
      if (!this.shiftedCovers(q)) throw new Error('countRatings: the shifted monthly rollup does not cover this query');
      text = this.shiftedSql(q, params);
    } else if (source !== 'ratings') {
      if (!this.rollupCovers(q, source)) throw new Error(`countRatings: the ${source} rollup does not cover this query`);
      const { table, time } = ROLLUPS[source];
      params.push(q.scaleId);
      const clauses = ['scale_id = $1'];
      params.push(q.groupBy ?? '*');
      clauses.push(`dim = $${params.length}`);
      if (q.question !== undefined) {
        params.push(q.question);
        clauses.push(`question_id = $${params.length}`);
      }
      if (q.from && 'date' in q.from) {
        params.push(q.from.date);
        clauses.push(`${time} >= $${params.length}::date`);
      }
      if (q.to && 'date' in q.to) {
        params.push(q.to.date);
        clauses.push(`${time} < $${params.length}::date`);
      }
      // Sum whole days into windows first, then format the few window starts.
      let w = 'NULL::timestamp';
      let fmt = '';
      if (q.window !== undefined) {
        params.push(q.window);
        w = `date_trunc($${params.length}, ${time}::timestamp)`;
        params.push(WINDOW_FORMATS[q.window]);
        fmt = `$${params.length}`;
      }
      const win = (col: string) => (fmt ? `to_char(${col}, ${fmt})` : 'NULL::text');
      const where = clauses.join(' AND ');
      if (q.groupBy === undefined) {
        text = `SELECT NULL::text AS grp, ${win('w')} AS win, value, n::integer AS n FROM (
                  SELECT ${w} AS w, value, sum(n) AS n FROM ${table} WHERE ${where} GROUP BY 1, 2) t`;
      } else {
        // Ratings without a value for the key are not stored per group: their "(none)" group
        // is the '*' total minus the sum of the groups, per window and value.
        text = `WITH g AS (
                  SELECT dim_value AS grp, ${w} AS w, value, sum(n) AS n FROM ${table} WHERE ${where} GROUP BY 1, 2, 3
                ), t AS (
                  SELECT ${w} AS w, value, sum(n) AS n FROM ${table} WHERE ${where.replace('dim = $2', "dim = '*'")} GROUP BY 1, 2
                ), s AS (
                  SELECT w, value, sum(n) AS n FROM g GROUP BY 1, 2
                )
                SELECT grp, ${win('w')} AS win, value, n::integer AS n FROM g
                UNION ALL
                SELECT NULL::text, ${win('t.w')}, t.value, (t.n - coalesce(s.n, 0))::integer
                FROM t LEFT JOIN s ON s.w IS NOT DISTINCT FROM t.w AND s.value = t.value
                WHERE t.n - coalesce(s.n, 0) > 0`;
      }
    } else {
      const tz = q.tz ?? 'UTC';
      const where = this.ratingWhere(q, params, tz);
      const grp = this.groupExpr(q.groupBy);
      if (q.window === undefined) {
        text = `SELECT ${grp} AS grp, NULL::text AS win, value, count(*)::integer AS n FROM ratings WHERE ${where} GROUP BY 1, 2, 3`;
      } else {
        if (!WINDOWS.includes(q.window)) throw new Error(`window ${q.window} is not whitelisted`);
        // Truncate first and format the few window starts afterwards: to_char per row is slow.
        params.push(q.window === 'week' ? 'week' : q.window);
        const unit = params.length;
        params.push(tz);
        const z = params.length;
        params.push(WINDOW_FORMATS[q.window]);
        const fmt = params.length;
        text = `SELECT grp, to_char(w, $${fmt}) AS win, value, sum(n)::integer AS n FROM (
                  SELECT ${grp} AS grp, date_trunc($${unit}, occurred_at AT TIME ZONE $${z}) AS w, value, count(*) AS n
                  FROM ratings WHERE ${where} GROUP BY 1, 2, 3) t
                GROUP BY 1, 2, 3`;
      }
    }
    type Row = { grp: string | null; win: string | null; value: number; n: number };
    // The planner cannot know how few ratings the edge ranges hold: it costs the shifted query
    // like a scan of every rating and would spend ~0.5 s compiling it with JIT (measured).
    const { rows } =
      source === 'monthly+ratings'
        ? await this.sql.transaction(async (tx) => {
            await tx.query('SET LOCAL jit = off');
            return tx.query<Row>(text, params);
          })
        : await this.sql.query<Row>(text, params);
    return { rows: rows.map((r) => ({ group: r.grp, window: r.win, value: Number(r.value), n: Number(r.n) })), source };
  }

  /**
   * Deletes the submissions matching `where` (a condition over alias `s`, with `params`), their
   * ratings (cascade) and their counts in the daily rollup, in one transaction. Returns the count.
   */
  async deleteSubmissions(where: string, params: readonly unknown[]): Promise<number> {
    return this.sql.transaction(async (tx) => {
      const tzParam = params.length + 1;
      // Decrement what the rollup counted for these ratings ('*' and every key they have).
      await tx.query(
        `UPDATE rating_daily AS rd SET n = rd.n - g.n FROM (
           SELECT r.scale_id, r.question_id, (r.occurred_at AT TIME ZONE $${tzParam})::date AS day, d.dim, d.val, r.value, count(*)::integer AS n
           FROM submissions s JOIN ratings r ON r.submission_id = s.id CROSS JOIN LATERAL ${rollupDimsSql('r')} AS d(dim, val)
           WHERE (${where}) AND d.val IS NOT NULL
           GROUP BY 1, 2, 3, 4, 5, 6) g
         WHERE rd.scale_id = g.scale_id AND rd.question_id = g.question_id AND rd.day = g.day AND rd.dim = g.dim
           AND rd.dim_value = g.val AND rd.value = g.value`,
        [...params, this.reportingTimeZone],
      );
      await tx.query('DELETE FROM rating_daily WHERE n <= 0');
      await tx.query(
        `UPDATE rating_monthly AS rm SET n = rm.n - g.n FROM (
           SELECT r.scale_id, r.question_id, date_trunc('month', r.occurred_at AT TIME ZONE $${tzParam})::date AS month, d.dim, d.val, r.value, count(*)::integer AS n
           FROM submissions s JOIN ratings r ON r.submission_id = s.id CROSS JOIN LATERAL ${rollupDimsSql('r', MONTHLY_DIMS)} AS d(dim, val)
           WHERE (${where}) AND d.val IS NOT NULL
           GROUP BY 1, 2, 3, 4, 5, 6) g
         WHERE rm.scale_id = g.scale_id AND rm.question_id = g.question_id AND rm.month = g.month AND rm.dim = g.dim
           AND rm.dim_value = g.val AND rm.value = g.value`,
        [...params, this.reportingTimeZone],
      );
      await tx.query('DELETE FROM rating_monthly WHERE n <= 0');
      const r = await tx.query(`DELETE FROM submissions s WHERE ${where}`, params);
      return r.rowCount;
    });
  }

  /** Reason codes counted per group, with the number of ratings that gave any reason. */
  async countReasons(q: RatingFilter & { groupBy?: ContextKey; tz?: string }): Promise<{ reasons: ReasonRow[]; totals: Map<string | null, { ratings: number; withReasons: number }> }> {
    const params: unknown[] = [];
    const where = this.ratingWhere(q, params, q.tz ?? 'UTC');
    const grp = this.groupExpr(q.groupBy);
    const reasons = await this.sql.query<{ grp: string | null; code: string; n: number }>(
      `SELECT ${grp} AS grp, code, count(*)::integer AS n
       FROM ratings CROSS JOIN LATERAL unnest(reasons) AS code WHERE ${where} GROUP BY 1, 2`,
      params,
    );
    const totals = await this.sql.query<{ grp: string | null; ratings: number; with_reasons: number }>(
      `SELECT ${grp} AS grp, count(*)::integer AS ratings,
              count(*) FILTER (WHERE cardinality(reasons) > 0)::integer AS with_reasons
       FROM ratings WHERE ${where} GROUP BY 1`,
      params,
    );
    return {
      reasons: reasons.rows.map((r) => ({ group: r.grp, code: r.code, n: Number(r.n) })),
      totals: new Map(totals.rows.map((r) => [r.grp, { ratings: Number(r.ratings), withReasons: Number(r.with_reasons) }])),
    };
  }

  /** Submissions for export, oldest first. */
  async exportSubmissions(f: { from?: TimeBound; to?: TimeBound; tz?: string; where?: Partial<Record<ContextKey, string>>; limit: number }): Promise<ExportRow[]> {
    const params: unknown[] = [];
    const clauses: string[] = ['TRUE'];
    if (f.from !== undefined) clauses.push(`occurred_at >= ${this.bound(f.from, f.tz ?? 'UTC', params)}`);
    if (f.to !== undefined) clauses.push(`occurred_at < ${this.bound(f.to, f.tz ?? 'UTC', params)}`);
    for (const key of contextKeys) {
      const v = f.where?.[key];
      if (v === undefined) continue;
      params.push(v);
      clauses.push(`${CONTEXT_COLUMNS[key]} = $${params.length}`);
    }
    params.push(f.limit);
    const { rows } = await this.sql.query<Record<string, unknown>>(
      `SELECT id::text AS id, payload, created_at, occurred_at, received_at, clock_skew_ms, status, classification,
              survey_version, ${contextCols.join(', ')}
       FROM submissions WHERE ${clauses.join(' AND ')} ORDER BY received_at, id LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => ({
      id: String(r.id),
      createdAt: iso(r.created_at),
      occurredAt: iso(r.occurred_at),
      receivedAt: iso(r.received_at),
      clockSkewMs: num(r.clock_skew_ms),
      status: String(r.status),
      classification: (r.classification as string | null) ?? null,
      surveyVersion: num(r.survey_version),
      context: Object.fromEntries(contextKeys.map((k) => [k, (r[CONTEXT_COLUMNS[k]] as string | null) ?? null])),
      payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Submission,
    }));
  }

  async countSubmissions(): Promise<number> {
    const { rows } = await this.sql.query<{ n: number }>('SELECT count(*)::integer AS n FROM submissions');
    return Number(rows[0]?.n ?? 0);
  }

  async audit(actor: string, action: string, detail: Record<string, unknown>, runner: SqlRunner = this.sql): Promise<void> {
    await runner.query('INSERT INTO audit_log (actor, action, detail) VALUES ($1, $2, $3::jsonb)', [actor, action, JSON.stringify(detail)]);
  }

  async auditLog(limit = 100): Promise<Array<{ id: string; at: string; actor: string; action: string; detail: Record<string, unknown> }>> {
    const { rows } = await this.sql.query<Record<string, unknown>>(
      'SELECT id::text AS id, at, actor, action, detail FROM audit_log ORDER BY id DESC LIMIT $1',
      [limit],
    );
    return rows.map((r) => ({
      id: String(r.id),
      at: iso(r.at),
      actor: String(r.actor),
      action: String(r.action),
      detail: (typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail) as Record<string, unknown>,
    }));
  }

  /** Inserts alerts not stored yet (one per metric, segment, period and rule); returns the new ones. */
  async insertAlerts(alerts: readonly NewAlert[]): Promise<StoredAlert[]> {
    if (alerts.length === 0) return [];
    const { rows } = await this.sql.query<Record<string, unknown>>(
      `INSERT INTO alerts (metric, group_by, segment, period, rule, value, baseline, threshold, detail)
       SELECT metric, group_by, segment, period, rule, value, baseline, threshold, detail
       FROM jsonb_to_recordset($1::jsonb) AS a(metric text, group_by text, segment text, period text, rule text,
         value double precision, baseline double precision, threshold double precision, detail jsonb)
       ON CONFLICT (metric, group_by, segment, period, rule) DO NOTHING
       RETURNING *`,
      [
        JSON.stringify(
          alerts.map((a) => ({
            metric: a.metric,
            group_by: a.groupBy,
            segment: a.segment,
            period: a.period,
            rule: a.rule,
            value: a.value,
            baseline: a.baseline,
            threshold: a.threshold,
            detail: a.detail,
          })),
        ),
      ],
    );
    return rows.map(toAlert);
  }

  async listAlerts(status: 'open' | 'acked' | 'all', limit: number): Promise<StoredAlert[]> {
    const cond = status === 'open' ? 'acked_at IS NULL' : status === 'acked' ? 'acked_at IS NOT NULL' : 'TRUE';
    const { rows } = await this.sql.query<Record<string, unknown>>(
      `SELECT * FROM alerts WHERE ${cond} ORDER BY created_at DESC, id DESC LIMIT $1`,
      [limit],
    );
    return rows.map(toAlert);
  }

  /** Acknowledges an alert once; returns it, or null when there is no such alert. */
  async ackAlert(id: string, by: string, at: string): Promise<StoredAlert | null> {
    const { rows } = await this.sql.query<Record<string, unknown>>(
      `UPDATE alerts SET acked_at = COALESCE(acked_at, $2::timestamptz), acked_by = COALESCE(acked_by, $3)
       WHERE id = $1::bigint RETURNING *`,
      [id, at, by],
    );
    return rows[0] ? toAlert(rows[0]) : null;
  }
}

/** Retries a statement that lost a deadlock or serialization race (another collector won; try again). */
async function retryOnDeadlock<T>(fn: () => Promise<T>, attempts = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (i >= attempts || (code !== '40P01' && code !== '40001')) throw err;
      await new Promise((r) => setTimeout(r, 5 * i + Math.random() * 10));
    }
  }
}

function toAlert(r: Record<string, unknown>): StoredAlert {
  return {
    id: String(r.id),
    createdAt: iso(r.created_at),
    metric: String(r.metric),
    groupBy: String(r.group_by),
    segment: String(r.segment),
    period: String(r.period),
    rule: String(r.rule),
    value: num(r.value),
    baseline: num(r.baseline),
    threshold: num(r.threshold),
    detail: (typeof r.detail === 'string' ? JSON.parse(r.detail) : (r.detail ?? {})) as Record<string, unknown>,
    ackedAt: r.acked_at ? iso(r.acked_at) : null,
    ackedBy: (r.acked_by as string | null) ?? null,
  };
}
