import type { Scale, ScaleKind, ScaleRef, Submission, Tally } from '@feedbackkit/core';
import { talliesFromCounts } from './scores.js';
import { CONTEXT_COLUMNS, DAILY_CELL_DIMS, FILTER_KEYS, MONTHLY_DIMS, ROLLUP_DIMS, ROLLUP_LOCK, WEEKLY_DIMS, cellsFromRatingsSql, migrate, pairDim, pairPrefixSql, rollupDimsSql, type ContextKey, type Dim, type FilterKey } from './migrations.js';
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
 * Where counts came from: the monthly rollup (whole months, any context key), the weekly
 * rollup (whole ISO weeks, any context key), the daily rollup ('rollup': whole days,
 * branch-level keys), the monthly rollup shifted into another zone ('monthly+ratings': whole
 * reporting-zone months, corrected by the raw ratings near the other zone's window edges), or
 * the raw ratings (any filter, any zone). A rollup answer also counts the ratings not folded
 * into it yet (see `fold`), so every source gives the same counts.
 */
export type CountSource = 'monthly' | 'weekly' | 'daily' | 'rollup' | 'monthly+ratings' | 'ratings';
export type RollupName = 'rollup' | 'weekly' | 'monthly';
/** A rollup a query can be read from: the three per-value rollups, or the daily cells ('daily': day windows, any key). */
export type ReadSource = RollupName | 'daily';

/**
 * The three rollup tables: name, time column, the keys they keep, and the expression that puts
 * an instant (`t`) into its cell in the reporting zone (`z`).
 */
const ROLLUPS: Readonly<Record<RollupName, { table: string; time: string; window: CalendarWindow; dims: readonly Dim[]; local: (lt: string) => string; cell: (t: string, z: string) => string }>> = {
  rollup: { table: 'rating_daily', time: 'day', window: 'day', dims: ROLLUP_DIMS, local: (lt) => `(${lt})::date`, cell: (t, z) => `(${t} AT TIME ZONE ${z})::date` },
  weekly: { table: 'rating_weekly', time: 'week', window: 'week', dims: WEEKLY_DIMS, local: (lt) => `date_trunc('week', ${lt})::date`, cell: (t, z) => `date_trunc('week', ${t} AT TIME ZONE ${z})::date` },
  monthly: { table: 'rating_monthly', time: 'month', window: 'month', dims: MONTHLY_DIMS, local: (lt) => `date_trunc('month', ${lt})::date`, cell: (t, z) => `date_trunc('month', ${t} AT TIME ZONE ${z})::date` },
};
const ROLLUP_NAMES = Object.keys(ROLLUPS) as RollupName[];

/**
 * The rollup cells: one row per (scale, key, week or day, key value, question) with the values
 * counted in that cell and their counts, side by side (`vals`, `ns`: the text of a double
 * precision[] and an integer[], sent to readers as stored; each value once, in no particular
 * order). The weekly cells (migration 7) hold the counts of `rating_weekly`; the daily cells
 * (migration 8) those of every key per reporting-zone day (the daily per-value rollup keeps
 * branch-level keys only). The fold adds to them in the statement that adds to the rollups, a
 * purge subtracts what it deletes, a rebuild builds them. A grouped week or day answer reads
 * them: a year of per-teller weeks is 21,200 rows against 227,000 in `rating_weekly`, a year of
 * per-teller days 146,000, with nothing left to aggregate.
 */
type CellsName = 'weekly' | 'daily';
const CELLS: Readonly<Record<CellsName, { table: string; time: string; window: CalendarWindow; dims: readonly Dim[]; local: (lt: string) => string; cell: (t: string, z: string) => string }>> = {
  weekly: { ...ROLLUPS.weekly, table: 'rating_weekly_cells' },
  daily: { ...ROLLUPS.rollup, table: 'rating_daily_cells', dims: DAILY_CELL_DIMS },
};
const CELLS_NAMES = Object.keys(CELLS) as CellsName[];
/**
 * Every key a rollup or cells table keeps: the fold spreads each new rating over these once and
 * takes each table's keys from that (see `foldAllSql`).
 */
const FOLD_DIMS: readonly Dim[] = [...new Set([...ROLLUP_NAMES.flatMap((n) => ROLLUPS[n].dims), ...CELLS_NAMES.flatMap((n) => CELLS[n].dims)])];
const WEEKLY_CELLS = CELLS.weekly.table;
const cellKey = (time: string) => `scale_id, dim, ${time}, dim_value, question_id`;
/** Where a read source's rows are: its per-value table, and its cells table when it has one. */
const readSource = (s: ReadSource) => (s === 'daily' ? { ...CELLS.daily, cells: CELLS.daily.table } : { ...ROLLUPS[s], cells: s === 'weekly' ? WEEKLY_CELLS : null });

/**
 * A cell's values and counts (`a`) merged with a delta's (`b`, same shape; counts may be
 * negative): each value once with its counts summed, values left with none dropped (both arrays
 * from one aggregation, so in the same order; '{}' when nothing is left).
 */
const mergedCellSql = (a: string, b: string) => `(
  SELECT coalesce(array_agg(v), '{}')::text, coalesce(array_agg(m), '{}')::text FROM (
    SELECT u.v, sum(u.n)::integer AS m
    FROM unnest(${a}.vals::double precision[] || ${b}.vals::double precision[], ${a}.ns::integer[] || ${b}.ns::integer[]) AS u(v, n)
    GROUP BY u.v HAVING sum(u.n) > 0
  ) merged)`;
/** The cells of `WEEKLY_CELLS` from every `rating_weekly` row (a rebuild's). */
const weeklyCellsSelect = `SELECT w.scale_id, w.question_id, w.week, w.dim, w.dim_value, array_agg(w.value ORDER BY w.value)::text, array_agg(w.n ORDER BY w.value)::text
   FROM rating_weekly w GROUP BY w.scale_id, w.dim, w.week, w.dim_value, w.question_id`;

/**
 * An answer's size before it is read (see `Store.estimateCells`): `counted` from the cells
 * tables (exact but for ratings not folded yet), `at least` that many when counting stopped at
 * the caller's limit, or `about` that many (an upper bound from the monthly rollup, but for a
 * "(none)" group).
 */
export interface CellEstimate {
  cells: number;
  kind: 'counted' | 'at least' | 'about';
}

/** What one fold did: the ratings it added to the rollups and the watermark it left. */
export interface FoldOutcome {
  /** False when another collector held the rollup lock (it folds instead) or there was nothing new. */
  folded: boolean;
  ratings: number;
  watermark: string;
}

/**
 * Tallies from rollup cells, with the rules of `rollupCounts`: a value's counts summed over
 * the rows of its cell, counts ≤ 0 dropped (a cell left with none is no cell), and the "(none)"
 * group of a grouped query = the '*' total minus the groups, per window and value.
 */
function rollupTallies(scale: Scale, cells: readonly RollupCell[], grouped: boolean): Map<string | null, Map<string | null, Tally>> {
  const index = new Map(scale.values.map((v, k) => [v, k]));
  // Values arrive as PostgreSQL's text of a float ('10', '0.5'): looked up as text first (no
  // number parsing for the 230,000 of a year of per-teller weeks), as a number if that misses.
  const byText = new Map(scale.values.map((v, k) => [String(v), k]));
  const size = scale.values.length;
  const groups = new Map<string | null, Map<string | null, number[]>>();
  const totals = new Map<string | null, number[]>();
  for (const c of cells) {
    let byWindow: Map<string | null, number[]> | undefined;
    if (c.total && grouped) byWindow = totals;
    else if (!(byWindow = groups.get(c.grp))) groups.set(c.grp, (byWindow = new Map()));
    let counts = byWindow.get(c.win);
    if (!counts) byWindow.set(c.win, (counts = new Array<number>(size).fill(0)));
    if (typeof c.vals === 'string' && typeof c.ns === 'string') {
      addTextCounts(counts, c.vals, c.ns, byText, index);
      continue;
    }
    const vals = textItems(c.vals);
    const ns = textItems(c.ns);
    for (let i = 0; i < vals.length; i++) {
      const v = vals[i]!;
      const k = (typeof v === 'string' ? byText.get(v) : undefined) ?? index.get(Number(v));
      if (k !== undefined) counts[k]! += Number(ns[i]!); // ingest validated every value against its scale
    }
  }
  const out = new Map<string | null, Map<string | null, Tally>>();
  const sums = new Map<string | null, number[]>();
  // Plain tallies (one shared scale reference), not `createTally`'s: a core tally costs a copy of
  // the reference and a WeakMap entry each (~1 µs, and garbage-collector work), and a year of
  // per-teller weeks is 21,200 of them. Core functions given one resolve (and check) its scale.
  const ref = { ...scale.ref };
  const add = (group: string | null, window: string | null, counts: number[]): void => {
    let n = 0;
    for (let k = 0; k < size; k++) {
      if (counts[k]! > 0) n += counts[k]!;
      else counts[k] = 0;
    }
    if (n === 0) return;
    const t: Tally = { scale: ref, counts, weights: counts.slice(), sumSquaredWeights: n };
    let byWindow = out.get(group);
    if (!byWindow) out.set(group, (byWindow = new Map()));
    byWindow.set(window, t);
  };
  for (const [group, byWindow] of groups)
    for (const [window, counts] of byWindow) {
      let sum = sums.get(window);
      if (!sum) sums.set(window, (sum = new Array<number>(size).fill(0)));
      for (let k = 0; k < size; k++) if (counts[k]! > 0) sum[k]! += counts[k]!;
      add(group, window, counts);
    }
  for (const [window, total] of totals) {
    const sum = sums.get(window);
    add(null, window, total.map((n, k) => n - (sum?.[k] ?? 0)));
  }
  return out;
}

/**
 * Adds one cell's counts, sent as the text of two flat arrays ('{0,7,10}' and '{3,1,12}'), to
 * `counts` (by scale index) in one pass over their characters: no split arrays and no string per
 * item for the usual integer values and counts (a year of per-teller weeks is 230,000 of each).
 * An item that is not a plain integer (a decimal, an exponent, NULL) is looked up as
 * `textItems` + `byText`/`index` would look it up; a value not on the scale is skipped (ingest
 * validated every value against its scale).
 */
function addTextCounts(counts: number[], vals: string, ns: string, byText: ReadonlyMap<string, number>, index: ReadonlyMap<number, number>): void {
  if (vals.length <= 2 || ns.length <= 2) return;
  const vEnd = vals.length - 1; // the closing '}'
  const nEnd = ns.length - 1;
  let i = 1;
  let j = 1;
  while (i < vEnd && j < nEnd) {
    // One value: an integer read on the way, or its text when it is anything else.
    const v = plainInt(vals, i, vEnd);
    const k = Number.isNaN(v) ? byText.get(vals.slice(i, scanEnd)) ?? index.get(Number(vals.slice(i, scanEnd))) : index.get(v);
    i = scanEnd + 1; // past the ','
    // Its count.
    const n = plainInt(ns, j, nEnd);
    if (k !== undefined) counts[k]! += Number.isNaN(n) ? Number(ns.slice(j, scanEnd)) : n;
    j = scanEnd + 1;
  }
}

/** Where the last `plainInt` stopped: the index of the ',' (or the end) after its item. */
let scanEnd = 0;
/**
 * The array item of `s` starting at `i` (up to the next ',' or `end`) as a number when it is a
 * plain integer of at most 15 digits, else NaN (the caller then reads its text); sets `scanEnd`.
 */
function plainInt(s: string, i: number, end: number): number {
  const neg = s.charCodeAt(i) === 45; /* - */
  if (neg) i++;
  let x = 0;
  let digits = 0;
  let other = false;
  for (let ch = s.charCodeAt(i); i < end && ch !== 44 /* , */; ch = s.charCodeAt(++i)) {
    if (ch >= 48 && ch <= 57) {
      x = x * 10 + (ch - 48);
      digits++;
    } else other = true;
  }
  scanEnd = i;
  return other || digits === 0 || digits > 15 ? NaN : neg ? -x : x;
}

/** One (key value, window) cell of a rollup query: values and their counts, side by side. */
interface RollupCell {
  grp: string | null;
  total: boolean;
  win: string | null;
  vals: number[] | string;
  ns: number[] | string;
}

/** A function that appends a bound value to `params` and returns its `$n` placeholder. */
const binder = (params: unknown[]) => (v: unknown) => `$${params.push(v)}`;

/** A numeric array column: node-postgres parses it, a driver that does not gives '{1,2.5}'. */
function pgArray(v: readonly number[] | string): number[] {
  if (typeof v !== 'string') return v.map(Number);
  const inner = v.slice(1, -1);
  return inner === '' ? [] : inner.split(',').map(Number);
}

/** The items of a flat numeric array sent as text ('{1,2.5}'), unparsed; an already parsed array as it is. */
function textItems(v: readonly number[] | string): ReadonlyArray<number | string> {
  if (typeof v !== 'string') return v;
  return v.length <= 2 ? [] : v.slice(1, -1).split(',');
}

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

/**
 * A query's context filter as the rollups can read it: null without one; one key of
 * `FILTER_KEYS` (not the grouping key) and its value; undefined for any other filter (more than
 * one key, a high-cardinality key, the grouping key), which only the raw ratings answer.
 */
function rollupFilter(q: TallyQuery): { key: FilterKey; value: string } | null | undefined {
  const set = Object.entries(q.where ?? {}).filter(([, v]) => v !== undefined) as [ContextKey, string][];
  if (set.length === 0) return null;
  if (set.length > 1) return undefined;
  const [key, value] = set[0]!;
  return (FILTER_KEYS as readonly ContextKey[]).includes(key) && key !== q.groupBy ? { key: key as FilterKey, value } : undefined;
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
   * Builds the daily, weekly and monthly rollups from the ratings when they were built for
   * another zone (or never, or a migration asked for it), under the rollup lock, so collectors
   * starting together rebuild them once. Counts the ratings of every finished transaction and
   * leaves the watermark past them; ratings stored meanwhile stay for the next fold.
   */
  async ensureRollup(): Promise<boolean> {
    return this.sql.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [ROLLUP_LOCK]);
      const { rows } = await tx.query<{ value: string }>("SELECT value FROM fk_settings WHERE key = 'rollup_tz'");
      if (rows[0]?.value === this.reportingTimeZone) return false;
      const hi = await this.horizon(tx);
      for (const name of ROLLUP_NAMES) {
        await tx.query(`DELETE FROM ${ROLLUPS[name].table}`);
        await tx.query(this.foldSql(name), [this.reportingTimeZone, '0', hi]);
        // Fresh statistics, or the planner takes the rebuilt tables for empty ones (and sorts on disk).
        await tx.query(`ANALYZE ${ROLLUPS[name].table}`);
      }
      // The weekly cells from the weekly rollup just built; the daily cells from the ratings (the
      // daily rollup keeps fewer keys).
      for (const name of CELLS_NAMES) await tx.query(`DELETE FROM ${CELLS[name].table}`);
      await tx.query(`INSERT INTO ${WEEKLY_CELLS} (scale_id, question_id, week, dim, dim_value, vals, ns) ${weeklyCellsSelect}`);
      const { table, time, cell, dims } = CELLS.daily;
      await tx.query(cellsFromRatingsSql({ table, time, cell: cell('r.occurred_at', '$1'), from: 'ratings r', where: 'r.fold_xid >= $2::bigint AND r.fold_xid < $3::bigint', dims }), [this.reportingTimeZone, '0', hi]);
      for (const name of CELLS_NAMES) await tx.query(`ANALYZE ${CELLS[name].table}`);
      await tx.query('UPDATE rating_fold SET watermark = $1::bigint', [hi]);
      await tx.query(
        "INSERT INTO fk_settings (key, value) VALUES ('rollup_tz', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
        [this.reportingTimeZone],
      );
      return true;
    });
  }

  /**
   * The oldest transaction id still running (or the next one to be given out): every
   * transaction below it has finished, so its ratings are visible to any later statement, and
   * every rating stored from now on gets an id at or above it.
   */
  private async horizon(tx: SqlRunner): Promise<string> {
    const { rows } = await tx.query<{ hi: string }>('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS hi');
    return String(rows[0]!.hi);
  }

  /**
   * The fold's statement: the ratings stored by transactions in [$2, $3), in reporting zone $1,
   * added to every rollup and cells table (one upsert each, in primary-key order); returns their
   * number. Each rating is spread over the keys once: `dd` counts the new ratings per
   * (scale, question, reporting-zone day, key, key value, value), the finest cell any table
   * keeps, and every table's delta is summed from those counts (a week or a month is a union of
   * local days, so the sums are the counts per week or month). The daily rollup keeps a subset
   * of the keys (`FOLD_DIMS` holds them all) and takes its rows of `dd` as they are.
   */
  private foldAllSql(): string {
    const ctx = contextCols.join(', ');
    const only = (dims: readonly Dim[]) => (dims.length === FOLD_DIMS.length ? '' : ` WHERE dim IN ('*', ${dims.map((d) => `'${d}'`).join(', ')})`);
    const delta = ({ dims, local }: { dims: readonly Dim[]; local: (lt: string) => string }) =>
      `SELECT scale_id, question_id, ${local('t::timestamp')} AS t, dim, dim_value, value, sum(n)::integer AS n FROM dd${only(dims)} GROUP BY 1, 2, 3, 4, 5, 6`;
    // A table counted per day (the daily rollup, the daily cells) reads its keys' rows of `dd` as
    // they are; a week or month sums its days. The weekly delta is read twice (the rollup and its
    // cells): computed once.
    const source = (name: RollupName | CellsName, dims: readonly Dim[]): string =>
      name === 'weekly' ? 'SELECT * FROM wd' : name === 'monthly' ? delta(ROLLUPS.monthly) : `SELECT scale_id, question_id, t, dim, dim_value, value, n FROM dd${only(dims)}`;
    const upserts = ROLLUP_NAMES.map((name) => {
      const { table, time } = ROLLUPS[name];
      return `${name} AS (
        INSERT INTO ${table} AS ru (scale_id, question_id, ${time}, dim, dim_value, value, n)
        SELECT scale_id, question_id, t, dim, dim_value, value, n FROM (${source(name, ROLLUPS[name].dims)}) x
        ORDER BY 1, 4, 3, 5, 2, 6
        ON CONFLICT (scale_id, dim, ${time}, dim_value, question_id, value) DO UPDATE SET n = ru.n + EXCLUDED.n
        RETURNING 1)`;
    });
    // The weekly and daily deltas by cell, added to the cells: a new cell is inserted; a stored
    // one (found by the conflict, through the key's index) gets the delta merged in. This
    // statement's snapshot has the cells as the last fold left them: folds, purges and rebuilds
    // hold the rollup lock.
    const cells = CELLS_NAMES.map((name) => {
      const { table, time } = CELLS[name];
      return `${name}_cells AS (
        INSERT INTO ${table} AS c (scale_id, question_id, ${time}, dim, dim_value, vals, ns)
        SELECT scale_id, question_id, t, dim, dim_value, array_agg(value)::text, array_agg(n)::text
        FROM (${source(name, CELLS[name].dims)}) x GROUP BY scale_id, dim, t, dim_value, question_id
        ON CONFLICT (${cellKey(time)}) DO UPDATE SET (vals, ns) = ${mergedCellSql('c', 'EXCLUDED')}
        RETURNING 1)`;
    });
    return `WITH r AS MATERIALIZED (
        SELECT scale_id, question_id, ${ROLLUPS.rollup.cell('occurred_at', '$1')} AS t, value, ${ctx}
        FROM ratings WHERE fold_xid >= $2::bigint AND fold_xid < $3::bigint
      ), dd AS MATERIALIZED (
        SELECT r.scale_id, r.question_id, r.t, d.dim, d.val AS dim_value, r.value, count(*)::integer AS n
        FROM r CROSS JOIN LATERAL ${rollupDimsSql('r', FOLD_DIMS)} AS d(dim, val)
        WHERE d.val IS NOT NULL
        GROUP BY 1, 2, 3, 4, 5, 6
      ), wd AS MATERIALIZED (${delta(ROLLUPS.weekly)}), ${upserts.join(', ')}, ${cells.join(', ')}
      SELECT count(*)::integer AS n FROM r`;
  }

  /** A rebuild's INSERT … SELECT of one rollup from the ratings of transactions in [$2, $3), in zone $1. */
  private foldSql(name: RollupName): string {
    const { table, time, dims, cell } = ROLLUPS[name];
    return `INSERT INTO ${table} (scale_id, question_id, ${time}, dim, dim_value, value, n)
      SELECT r.scale_id, r.question_id, ${cell('r.occurred_at', '$1')}, d.dim, d.val, r.value, count(*)::integer
      FROM ratings r CROSS JOIN LATERAL ${rollupDimsSql('r', dims)} AS d(dim, val)
      WHERE r.fold_xid >= $2::bigint AND r.fold_xid < $3::bigint AND d.val IS NOT NULL
      GROUP BY 1, 2, 3, 4, 5, 6`;
  }

  /**
   * Adds the ratings stored since the last fold to the three rollups and moves the watermark,
   * in one transaction under the rollup lock. Ingest does not touch the rollups (that cost
   * a quarter of its throughput); every collector runs this in the background, and reads add
   * the ratings at or past the watermark, so answers are exact whether or not a fold ran.
   * With `wait: false` (the background timer) a collector skips when another one is folding.
   */
  async fold(options: { wait?: boolean } = {}): Promise<FoldOutcome> {
    return this.sql.transaction(async (tx) => {
      if (options.wait === false) {
        const { rows } = await tx.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [ROLLUP_LOCK]);
        if (!rows[0]?.ok) return { folded: false, ratings: 0, watermark: await this.watermark(tx) };
      } else {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [ROLLUP_LOCK]);
      }
      // After the lock, so the last fold's watermark is visible. A collector configured with
      // another reporting zone than the rollups were built in leaves them alone. (work_mem, room
      // to aggregate a second's ratings per rollup cell in memory, is the connection's: WORK_MEM.)
      const { rows: state } = await tx.query<{ lo: string; hi: string; tz: string | null }>(
        `SELECT watermark::text AS lo, pg_snapshot_xmin(pg_current_snapshot())::text AS hi,
                (SELECT value FROM fk_settings WHERE key = 'rollup_tz') AS tz FROM rating_fold`,
      );
      const lo = String(state[0]!.lo);
      const hi = String(state[0]!.hi);
      if (state[0]!.tz !== this.reportingTimeZone || BigInt(hi) <= BigInt(lo)) return { folded: false, ratings: 0, watermark: lo };
      // One statement: the new ratings are read once (by the fold_xid index) into all three rollups.
      const { rows } = await tx.query<{ n: number }>(this.foldAllSql(), [this.reportingTimeZone, lo, hi]);
      const ratings = Number(rows[0]?.n ?? 0);
      // Nothing added: leave the watermark too, so an idle collector writes nothing (moving it
      // would take a transaction id, and the next fold would find that one to pass, forever).
      if (ratings === 0) return { folded: false, ratings: 0, watermark: lo };
      await tx.query('UPDATE rating_fold SET watermark = $1::bigint', [hi]);
      return { folded: true, ratings, watermark: hi };
    });
  }

  private async watermark(tx: SqlRunner): Promise<string> {
    const { rows } = await tx.query<{ w: string }>('SELECT watermark::text AS w FROM rating_fold');
    return String(rows[0]!.w);
  }

  /**
   * A rollup as it stands for this statement's snapshot: its cells, plus the cells of the
   * ratings not folded into it yet (at or past the watermark `$w`), in reporting zone `$z`,
   * for the keys `dims`. Same columns as the table (the shifted query reads it in its place).
   */
  private rollupSource(name: RollupName, w: string, z: string, dims: readonly Dim[] = ROLLUPS[name].dims): string {
    const { table, time, cell } = ROLLUPS[name];
    return `(SELECT scale_id, question_id, ${time}, dim, dim_value, value, n FROM ${table}
      UNION ALL
      SELECT r.scale_id, r.question_id, ${cell('r.occurred_at', z)}, d.dim, d.val, r.value, count(*)::integer
      FROM ratings r CROSS JOIN LATERAL ${rollupDimsSql('r', dims)} AS d(dim, val)
      WHERE r.fold_xid >= ${w}::bigint AND d.val IS NOT NULL
      GROUP BY 1, 2, 3, 4, 5, 6)`;
  }

  /**
   * Stores new submissions and their rating rows in one statement: ON CONFLICT DO NOTHING
   * makes a re-sent id a no-op, and ratings are written only for rows this call inserted, so
   * several collectors racing on one id store it (and its ratings) exactly once. The rollups
   * are not written here: each rating records its transaction id and `fold` counts it later.
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
      // Keys left out are NULL in jsonb_to_recordset.
      ...Object.fromEntries(contextKeys.filter((k) => s.context[k] !== undefined).map((k) => [CONTEXT_COLUMNS[k], s.context[k]])),
    }));
    // A rating's time and context are its submission's: SQL takes them from `incoming`, so the
    // statement's JSON carries them once per submission, not once per rating.
    const ratings = items.flatMap((s) =>
      s.ratings.map((r) => ({
        submission_id: s.id,
        question_id: r.questionId,
        scale_kind: r.kind,
        scale_id: r.scaleId,
        scale: r.scale,
        value: r.value,
        reasons: r.reasons,
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
         SELECT t.*, i.occurred_at, ${contextCols.map((c) => `i.${c}`).join(', ')}
         FROM jsonb_to_recordset($2::jsonb) AS t(
           submission_id uuid, question_id text, scale_kind text, scale_id text, scale jsonb,
           value double precision, reasons text[])
         JOIN incoming i ON i.id = t.submission_id
         WHERE t.submission_id IN (SELECT id FROM ins)
       ), r AS (
         INSERT INTO ratings (submission_id, question_id, scale_kind, scale_id, scale, value, reasons, occurred_at, ${ctxList})
         SELECT x.submission_id, x.question_id, x.scale_kind, x.scale_id, x.scale, x.value, x.reasons, x.occurred_at, ${contextCols.map((c) => `x.${c}`).join(', ')}
         FROM x
         RETURNING 1
       )
       SELECT id::text AS id FROM ins`,
      [JSON.stringify(subs), JSON.stringify(ratings)],
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
   * reporting zone, branch-level keys), the daily cells (`'daily'`: day windows, any key), the weekly one (whole ISO weeks, any key, week windows)
   * or the monthly one (whole months, any key, month or quarter windows); none with a context
   * filter or an exact instant. A query without window or date bounds does not depend on the
   * zone, so any rollup answers it in any zone.
   */
  rollupCovers(q: TallyQuery, rollup: ReadSource = 'rollup'): boolean {
    const tz = q.tz ?? 'UTC';
    const zoneFree = q.window === undefined && q.from === undefined && q.to === undefined;
    if (tz !== this.reportingTimeZone && !zoneFree) return false;
    // A context filter: one filter key (not the grouping key), read from its pair keys.
    const filter = rollupFilter(q);
    if (filter === undefined) return false;
    const dims = readSource(rollup).dims;
    if (q.groupBy !== undefined && !dims.includes(filter ? pairDim(filter.key, q.groupBy) : q.groupBy)) return false;
    if (filter && !dims.includes(filter.key)) return false;
    // The daily cells answer day windows only (any key, any date bounds).
    if (rollup === 'daily' && q.window !== 'day') return false;
    if ((q.from && 'instant' in q.from) || (q.to && 'instant' in q.to)) return false;
    if (rollup === 'monthly') {
      if (q.window !== undefined && q.window !== 'month' && q.window !== 'quarter') return false;
      // A date bound must be the first day of a month (dates are validated as YYYY-MM-DD).
      for (const b of [q.from, q.to]) if (b && 'date' in b && !/^\d{4}-\d{2}-01$/.test(b.date)) return false;
    }
    if (rollup === 'weekly') {
      if (q.window !== undefined && q.window !== 'week') return false;
      // A date bound must be a Monday, the first day of an ISO week.
      for (const b of [q.from, q.to]) if (b && 'date' in b && new Date(`${b.date}T00:00:00Z`).getUTCDay() !== 1) return false;
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
  private shiftedSql(q: TallyQuery, params: unknown[], watermark: string): string {
    const tz = q.tz ?? 'UTC';
    const p = binder(params);
    const s = p(q.scaleId);
    const d = p(q.groupBy ?? '*');
    const question = q.question === undefined ? null : p(q.question);
    const R = p(this.reportingTimeZone);
    const W = p(watermark);
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
        FROM ${this.rollupSource('monthly', W, R, q.groupBy ? [q.groupBy] : [])} AS m WHERE scale_id = ${s} AND dim IN (${d}, '*')${question ? ` AND question_id = ${question}` : ''}
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
   * smallest rollup that covers the query (monthly, weekly, daily, or monthly shifted into
   * another zone), else from the raw ratings. Every source gives the same counts (a property
   * test holds them equal).
   */
  async countRatings(q: TallyQuery, options: { source?: CountSource } = {}): Promise<{ rows: CountRow[]; source: CountSource }> {
    const r = await this.readCounts(q, options);
    return { rows: r.cells !== undefined ? this.rollupCounts(r.cells, q.groupBy !== undefined) : r.rows, source: r.source };
  }

  /**
   * The same counts as {@link countRatings}, as core tallies per (group, window) — what
   * `talliesFromCounts(scale, rows)` makes of its rows — built straight from the rollup's
   * per-cell arrays, without a row per scale value in between (a year of per-teller weeks is
   * 21,000 cells and 230,000 value counts). `scale` must be the scale of `q.scaleId`.
   */
  async countTallies(q: TallyQuery, scale: Scale, options: { source?: CountSource } = {}): Promise<{ tallies: Map<string | null, Map<string | null, Tally>>; source: CountSource }> {
    const r = await this.readCounts(q, options);
    return { tallies: r.cells !== undefined ? rollupTallies(scale, r.cells, q.groupBy !== undefined) : talliesFromCounts(scale, r.rows), source: r.source };
  }

  private async readCounts(q: TallyQuery, options: { source?: CountSource }): Promise<{ cells: RollupCell[]; rows?: undefined; source: CountSource } | { cells?: undefined; rows: CountRow[]; source: CountSource }> {
    const source =
      options.source ??
      (this.rollupCovers(q, 'monthly')
        ? 'monthly'
        : this.rollupCovers(q, 'weekly')
          ? 'weekly'
          : this.rollupCovers(q, 'daily')
            ? 'daily'
            : this.rollupCovers(q)
            ? 'rollup'
            : this.shiftedCovers(q)
              ? 'monthly+ratings'
              : 'ratings');
    if (source === 'monthly+ratings' && !this.shiftedCovers(q)) throw new Error('countRatings: the shifted monthly rollup does not cover this query');
    if (source !== 'monthly+ratings' && source !== 'ratings' && !this.rollupCovers(q, source)) throw new Error(`countRatings: the ${source} rollup does not cover this query`);
    type Row = { grp: string | null; win: string | null; value: number; n: number };
    const finish = (rows: Row[]) => ({ rows: rows.map((r) => ({ group: r.grp, window: r.win, value: Number(r.value), n: Number(r.n) })), source });
    if (source === 'ratings') {
      const params: unknown[] = [];
      const text = this.rawCountSql(q, params);
      // One statement, no transaction: work_mem is the connection's (WORK_MEM; a filtered staff ×
      // week scan groups ~180,000 (teller, week, value) rows, which the default 4 MB spills to disk).
      return finish((await this.sql.query<Row>(text, params)).rows);
    }
    // The rollup and the watermark must come from one snapshot: a fold committing in between
    // would otherwise count its ratings twice (or not at all).
    const rows = await this.sql.transaction(async (tx) => {
      // Settings for this transaction and the watermark, in one round trip (work_mem, room to
      // hash or sort a year of per-teller weekly cells in memory, is the connection's: WORK_MEM).
      // jit off for the shifted query: the planner cannot know how few ratings its edge ranges hold, costs it
      // like a scan of every rating, and would spend ~0.5 s compiling it (measured).
      // enable_sort off: the planner takes the unfolded ratings for one row (their fold_xid is
      // past its statistics) and would sort tens of thousands of them; hashing is 2-3x faster
      // (measured), and the rollup's own cells come sorted from its index anyway.
      const { rows: settings } = await tx.query<{ w: string }>(
        `SELECT set_config('jit', CASE WHEN $1 THEN 'off' ELSE current_setting('jit') END, true),
                set_config('enable_sort', 'off', true),
                watermark::text AS w FROM rating_fold`,
        [source === 'monthly+ratings'],
      );
      const watermark = String(settings[0]!.w);
      const params: unknown[] = [];
      if (source !== 'monthly+ratings') {
        const text = this.rollupCountSql(q, source, params, watermark);
        return { cells: (await tx.query<RollupCell>(text, params)).rows };
      }
      return { rows: (await tx.query<Row>(this.shiftedSql(q, params, watermark), params)).rows };
    }, { snapshot: true });
    return rows.cells !== undefined ? { cells: rows.cells, source } : finish(rows.rows ?? []);
  }

  /**
   * How many (group, window) cells `q` would answer with, found without reading the answer:
   * for day and week windows the cells tables cover, the folded cells of the key (`counted`:
   * exact but for ratings not folded yet); otherwise the key values the monthly rollup holds in
   * the months of the range times the windows of the range that hold a day with ratings
   * (reporting-zone days; `about`): the answer's groups × windows at most, but for a "(none)"
   * group and a day's shift of zone. Null for a query with a context filter, which no rollup
   * knows (count its answer instead). With `limit`, counting the cells stops past it (`at least`:
   * limit + 1 cells, however many more there are): a guard against answers over `limit` needs no
   * more, and a whole year of per-teller days then costs the index entries of `limit` cells, not
   * of its 146,000. A few milliseconds: index scans of the cells or of the small monthly rollup.
   */
  async estimateCells(q: TallyQuery, options: { limit?: number } = {}): Promise<CellEstimate | null> {
    if (q.where && Object.values(q.where).some((v) => v !== undefined)) return null;
    const params: unknown[] = [];
    const p = binder(params);
    const scale = p(q.scaleId);
    const dim = p(q.groupBy ?? '*');
    const question = q.question === undefined ? '' : ` AND question_id = ${p(q.question)}`;
    // Dates only: an instant counts from its UTC date (an estimate's precision).
    const date = (b: TimeBound | undefined) => (b === undefined ? 'NULL::date' : `${p('date' in b ? b.date : b.instant.slice(0, 10))}::date`);
    const from = date(q.from);
    const to = date(q.to);
    const cells = q.window === 'day' ? 'daily' : q.window === 'week' ? 'weekly' : null;
    const limit = options.limit ?? Infinity;
    if (cells !== null && this.rollupCovers(q, cells)) {
      const { table, time } = CELLS[cells];
      // In the order of the cells' primary key (scale, key, time, key value, question): the
      // distinct cells come straight from the index, so the LIMIT stops the scan.
      const cap = Number.isFinite(limit) ? ` LIMIT ${p(Math.max(0, Math.floor(limit)) + 1)}` : '';
      const { rows } = await this.sql.query<{ n: number }>(
        `SELECT count(*)::integer AS n FROM (SELECT DISTINCT ${time}, dim_value FROM ${table}
          WHERE scale_id = ${scale} AND dim = ${dim}${question} AND (${from} IS NULL OR ${time} >= ${from}) AND (${to} IS NULL OR ${time} < ${to})
          ORDER BY ${time}, dim_value${cap}) c`,
        params,
      );
      const n = Number(rows[0]?.n ?? 0);
      return { cells: n, kind: n > limit ? 'at least' : 'counted' };
    }
    // Windows: those holding a day with ratings (the daily cells' totals, reporting-zone days).
    const windows =
      q.window === undefined
        ? '1'
        : `(SELECT count(DISTINCT date_trunc(${p(q.window)}, day::timestamp)) FROM ${CELLS.daily.table}
            WHERE scale_id = ${scale} AND dim = '*'${question} AND (${from} IS NULL OR day >= ${from}) AND (${to} IS NULL OR day < ${to}))`;
    const { rows } = await this.sql.query<{ n: number }>(
      `SELECT ((SELECT count(DISTINCT dim_value) FROM rating_monthly WHERE scale_id = ${scale} AND dim = ${dim}${question}
          AND (${from} IS NULL OR month >= date_trunc('month', ${from})::date) AND (${to} IS NULL OR month < ${to})) * ${windows})::integer AS n`,
      params,
    );
    return { cells: Number(rows[0]?.n ?? 0), kind: 'about' };
  }

  /** Counts from one rollup (and the ratings not folded into it yet). */
  private rollupCountSql(q: TallyQuery, source: ReadSource, params: unknown[], watermark: string): string {
    const { table, cell, time, window, cells } = readSource(source);
    const p = binder(params);
    const scale = p(q.scaleId);
    // The keys read: unfiltered, '*' (the total) and the grouping key; with a filter key f = v,
    // the key f's value v (the filtered total) and the pair key 'f>groupBy', its values
    // starting with v's prefix (the prefix cut off again: the group).
    const filter = rollupFilter(q);
    const fv = filter ? p(filter.value) : null;
    const prefix = fv === null ? null : pairPrefixSql(fv);
    const rolledKeys: Keys = filter
      ? { total: p(filter.key), totalValue: fv, group: q.groupBy ? p(pairDim(filter.key, q.groupBy)) : null, prefix }
      : { total: "'*'", totalValue: null, group: q.groupBy ? p(q.groupBy) : null, prefix: null };
    const question = q.question === undefined ? null : p(q.question);
    const from = q.from && 'date' in q.from ? p(q.from.date) : null;
    const to = q.to && 'date' in q.to ? p(q.to.date) : null;
    // Whole rollup cells are summed into windows, and only the window starts are formatted.
    const unit = q.window === undefined ? null : p(q.window);
    const fmt = q.window === undefined ? null : p(WINDOW_FORMATS[q.window]);
    const w = p(watermark);
    // The unfolded ratings' cell in the reporting zone, only when a window or bound needs it.
    const z = unit || from || to ? p(this.reportingTimeZone) : "'UTC'";
    // One row per (key value, window) with its values and counts as arrays (sent as text: the
    // driver's array parser costs more than a split — measured 25 ms on 21,000 cells): a tenth of the
    // rows of one per scale value, and window keys formatted once per cell. The '*' cells
    // (`total`) give the "(none)" group of a grouped query (see `rollupCounts`). Counts are
    // summed per value first where a window spans several rollup cells (or there is no
    // window), so the arrays stay short. The rollup and the ratings not folded into it yet are
    // read by two SELECTs, each aggregated on its own; `rollupCounts` adds them up.
    type Keys = { total: string; totalValue: string | null; group: string | null; prefix: string | null };
    /** The condition keeping a key's rows (`dim`, `dimValue`: their columns), and the group of a row. */
    const isTotal = (k: Keys, dim: string, dimValue: string) => `(${dim} = ${k.total}${k.totalValue === null ? '' : ` AND ${dimValue} = ${k.totalValue}`})`;
    const isGroup = (k: Keys, dim: string, dimValue: string) => `(${dim} = ${k.group}${k.prefix === null ? '' : ` AND starts_with(${dimValue}, ${k.prefix})`})`;
    const groupOf = (k: Keys, dimValue: string) => (k.prefix === null ? dimValue : `substr(${dimValue}, length(${k.prefix}) + 1)`);
    const part = (c: { from: string; scale: string; question: string; time: string; dim: string; dimValue: string; value: string; n: string; extra: string[]; keys: Keys }) => {
      const k = c.keys;
      const keep = k.group === null ? isTotal(k, c.dim, c.dimValue) : `(${isTotal(k, c.dim, c.dimValue)} OR ${isGroup(k, c.dim, c.dimValue)})`;
      const where = [`${c.scale} = ${scale}`, keep, ...c.extra];
      if (question) where.push(`${c.question} = ${question}`);
      if (from) where.push(`${c.time} >= ${from}::date`);
      if (to) where.push(`${c.time} < ${to}::date`);
      const win = unit ? `date_trunc(${unit}, ${c.time}::timestamp)` : 'NULL::timestamp';
      const rows = `SELECT ${c.dim} AS dim, ${c.dimValue} AS dim_value, ${win} AS w, ${c.value} AS value, sum(${c.n})::integer AS n
                    FROM ${c.from} WHERE ${where.join(' AND ')} GROUP BY 1, 2, 3, 4`;
      return `SELECT CASE WHEN dim = ${k.total} THEN NULL ELSE ${groupOf(k, 'dim_value')} END AS grp, dim = ${k.total} AS total,
                ${fmt ? `to_char(w, ${fmt})` : 'NULL::text'} AS win, array_agg(value)::text AS vals, array_agg(n)::text AS ns
              FROM (${rows}) x GROUP BY dim, dim_value, w`;
    };
    // Windows that are the rollup's own cells: grouped in the order of its primary key (scale,
    // key, cell, key value), so the rows come sorted from the index and nothing is hashed or
    // sorted (one key per SELECT: an IN list would lose the order). Measured 3x on a year of
    // per-teller weeks.
    const own = (kind: 'group' | 'total') => {
      const k = rolledKeys;
      const total = kind === 'total';
      const where = [`scale_id = ${scale}`, total ? isTotal(k, 'dim', 'dim_value') : isGroup(k, 'dim', 'dim_value')];
      const grp = total ? 'NULL::text' : groupOf(k, 'dim_value');
      if (question) where.push(`question_id = ${question}`);
      if (from) where.push(`${time} >= ${from}::date`);
      if (to) where.push(`${time} < ${to}::date`);
      // Weeks and days: the cells are rows of their own already (nothing to aggregate).
      if (cells !== null)
        return `SELECT ${grp} AS grp, ${total} AS total,
                ${fmt ? `to_char(${time}::timestamp, ${fmt})` : 'NULL::text'} AS win, vals, ns
              FROM ${cells} WHERE ${where.join(' AND ')}`;
      return `SELECT ${grp} AS grp, ${total} AS total,
                ${fmt ? `to_char(${time}::timestamp, ${fmt})` : 'NULL::text'} AS win, array_agg(value)::text AS vals, array_agg(n)::text AS ns
              FROM ${table} WHERE ${where.join(' AND ')} GROUP BY dim, ${time}, dim_value`;
    };
    const rolled =
      q.window === window
        ? q.groupBy === undefined
          ? own('total')
          : `${own('group')} UNION ALL ${own('total')}`
        : part({ from: table, scale: 'scale_id', question: 'question_id', time, dim: 'dim', dimValue: 'dim_value', value: 'value', n: 'n', extra: [], keys: rolledKeys });
    return `${rolled}
      UNION ALL
      ${part({
        // Only the key asked for (and '*'): a row per rating and key is what this part costs.
        from: `ratings r CROSS JOIN LATERAL ${rollupDimsSql('r', q.groupBy ? [q.groupBy] : [])} AS d(dim, val)`,
        scale: 'r.scale_id',
        question: 'r.question_id',
        time: cell('r.occurred_at', z),
        dim: 'd.dim',
        dimValue: 'd.val',
        value: 'r.value',
        n: '1',
        // The filter as a condition on the ratings; their keys are '*' and the grouping key.
        extra: [`r.fold_xid >= ${w}::bigint`, 'd.val IS NOT NULL', ...(filter ? [`r.${CONTEXT_COLUMNS[filter.key]} = ${fv}`] : [])],
        keys: { total: "'*'", totalValue: null, group: q.groupBy ? p(q.groupBy) : null, prefix: null },
      })}`;
  }

  /**
   * CountRows from rollup cells: counts of one value summed (a cell may list a value more than
   * once: several questions, ratings not folded yet). Ratings without a value for the grouping
   * key are not stored per group: their "(none)" group is the '*' total minus the sum of the
   * groups, per window and value.
   */
  private rollupCounts(cells: readonly RollupCell[], grouped: boolean): CountRow[] {
    // Merge first: the rollup's cell and the unfolded ratings' cell of one (key, window) come
    // as two rows, and a value may repeat within a row (several questions).
    const groups = new Map<string | null, Map<string | null, Map<number, number>>>();
    const totals = new Map<string | null, Map<number, number>>();
    for (const c of cells) {
      let byWindow: Map<string | null, Map<number, number>> | undefined;
      if (c.total && grouped) byWindow = totals;
      else if (!(byWindow = groups.get(c.grp))) groups.set(c.grp, (byWindow = new Map()));
      let counts = byWindow.get(c.win);
      if (!counts) byWindow.set(c.win, (counts = new Map()));
      const vals = pgArray(c.vals);
      const ns = pgArray(c.ns);
      for (let i = 0; i < vals.length; i++) counts.set(vals[i]!, (counts.get(vals[i]!) ?? 0) + ns[i]!);
    }
    const out: CountRow[] = [];
    const sums = new Map<string | null, Map<number, number>>();
    for (const [group, byWindow] of groups)
      for (const [window, counts] of byWindow) {
        let sum = sums.get(window);
        if (!sum) sums.set(window, (sum = new Map()));
        for (const [value, n] of counts) {
          if (n <= 0) continue;
          out.push({ group, window, value, n });
          sum.set(value, (sum.get(value) ?? 0) + n);
        }
      }
    // Ratings without a value for the grouping key: the '*' total minus the groups.
    for (const [window, total] of totals) {
      const sum = sums.get(window);
      for (const [value, n] of total) {
        const none = n - (sum?.get(value) ?? 0);
        if (none > 0) out.push({ group: null, window, value, n: none });
      }
    }
    return out;
  }

  /** Counts from the raw ratings: any filter, any zone. */
  private rawCountSql(q: TallyQuery, params: unknown[]): string {
    const tz = q.tz ?? 'UTC';
    const where = this.ratingWhere(q, params, tz);
    const grp = this.groupExpr(q.groupBy);
    if (q.window === undefined) {
      return `SELECT ${grp} AS grp, NULL::text AS win, value, count(*)::integer AS n FROM ratings WHERE ${where} GROUP BY 1, 2, 3`;
    } else {
      if (!WINDOWS.includes(q.window)) throw new Error(`window ${q.window} is not whitelisted`);
      // Truncate first and format the few window starts afterwards: to_char per row is slow.
      params.push(q.window === 'week' ? 'week' : q.window);
      const unit = params.length;
      params.push(tz);
      const z = params.length;
      params.push(WINDOW_FORMATS[q.window]);
      const fmt = params.length;
      // One grouping: distinct window starts format to distinct keys (every WINDOW_FORMATS
      // pattern names its window uniquely), so the formatted rows need no second aggregation
      // (which cost a filtered staff × week ~130 ms of hashing 180,000 rows again).
      return `SELECT grp, to_char(w, $${fmt}) AS win, value, n::integer AS n FROM (
                SELECT ${grp} AS grp, date_trunc($${unit}, occurred_at AT TIME ZONE $${z}) AS w, value, count(*) AS n
                FROM ratings WHERE ${where} GROUP BY 1, 2, 3) t`;
    }
  }

  /**
   * Deletes the submissions matching `where` (a condition over alias `s`, with `params`), their
   * ratings (cascade) and their counts in the rollups, in one transaction. Holds the rollup lock,
   * so no fold moves the watermark meanwhile: only ratings below it were counted in the rollups
   * and are taken out of them; the others (and any stored meanwhile) were not, and just go.
   * Returns the count.
   */
  async deleteSubmissions(where: string, params: readonly unknown[]): Promise<number> {
    return this.sql.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [ROLLUP_LOCK]);
      const watermark = await this.watermark(tx);
      const tzParam = params.length + 1;
      for (const name of ROLLUP_NAMES) {
        const { table, time, dims, cell } = ROLLUPS[name];
        // Decrement what the rollup counted for these ratings ('*' and every key they have).
        await tx.query(
          `UPDATE ${table} AS ru SET n = ru.n - g.n FROM (
             SELECT r.scale_id, r.question_id, ${cell('r.occurred_at', `$${tzParam}`)} AS t, d.dim, d.val, r.value, count(*)::integer AS n
             FROM submissions s JOIN ratings r ON r.submission_id = s.id CROSS JOIN LATERAL ${rollupDimsSql('r', dims)} AS d(dim, val)
             WHERE (${where}) AND r.fold_xid < $${tzParam + 1}::bigint AND d.val IS NOT NULL
             GROUP BY 1, 2, 3, 4, 5, 6) g
           WHERE ru.scale_id = g.scale_id AND ru.question_id = g.question_id AND ru.${time} = g.t AND ru.dim = g.dim
             AND ru.dim_value = g.val AND ru.value = g.value`,
          [...params, this.reportingTimeZone, watermark],
        );
        await tx.query(`DELETE FROM ${table} WHERE n <= 0`);
      }
      for (const name of CELLS_NAMES) {
        const { table, time, dims, cell } = CELLS[name];
        // Subtract what the cells counted for these ratings (a value left with none goes, then a
        // cell left with no value).
        await tx.query(
          `UPDATE ${table} AS c SET (vals, ns) = ${mergedCellSql('c', 'g')} FROM (
             SELECT scale_id, question_id, t, dim, dim_value, array_agg(value)::text AS vals, array_agg(-n)::text AS ns FROM (
               SELECT r.scale_id, r.question_id, ${cell('r.occurred_at', `$${tzParam}`)} AS t, d.dim, d.val AS dim_value, r.value, count(*)::integer AS n
               FROM submissions s JOIN ratings r ON r.submission_id = s.id CROSS JOIN LATERAL ${rollupDimsSql('r', dims)} AS d(dim, val)
               WHERE (${where}) AND r.fold_xid < $${tzParam + 1}::bigint AND d.val IS NOT NULL
               GROUP BY 1, 2, 3, 4, 5, 6) x
             GROUP BY scale_id, dim, t, dim_value, question_id) g
           WHERE c.scale_id = g.scale_id AND c.dim = g.dim AND c.${time} = g.t AND c.dim_value = g.dim_value AND c.question_id = g.question_id`,
          [...params, this.reportingTimeZone, watermark],
        );
        await tx.query(`DELETE FROM ${table} WHERE vals = '{}'`);
      }
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

  /** The alerts with these ids (those that still exist), oldest first. */
  async alertsByIds(ids: readonly string[]): Promise<StoredAlert[]> {
    if (ids.length === 0) return [];
    const { rows } = await this.sql.query<Record<string, unknown>>('SELECT * FROM alerts WHERE id = ANY($1::bigint[]) ORDER BY id', [ids]);
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
