import type { SqlClient } from './sql.js';

/**
 * Schema migrations, shared verbatim by PGlite and PostgreSQL. Append only: a released
 * migration is never edited, a change is a new entry.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The context keys that get their own column (and so can be grouped and filtered on in SQL). */
export const CONTEXT_COLUMNS = {
  site: 'site',
  survey: 'survey_id',
  channel: 'channel',
  branch: 'branch',
  branchTier: 'branch_tier',
  counter: 'counter',
  staff: 'staff',
  stage: 'stage',
  segment: 'segment',
  locale: 'locale',
} as const;

export type ContextKey = keyof typeof CONTEXT_COLUMNS;

/**
 * Context keys kept in the daily rollup (`rating_daily`), plus '*' for everything. Staff,
 * counter and locale are left out on purpose: with hundreds of tellers a per-teller daily
 * rollup is about as large as the raw ratings, so those queries read `ratings` directly.
 */
export const ROLLUP_DIMS = ['site', 'survey', 'channel', 'branch', 'branchTier', 'stage', 'segment'] as const satisfies readonly ContextKey[];
export type RollupDim = (typeof ROLLUP_DIMS)[number];

/**
 * `(VALUES ('*', ''), ('site', x.site), …)`: one row per rollup dimension of a rating row
 * aliased `alias`; a dimension the rating has no value for yields NULL and is not stored
 * (its "(none)" group is read back as the '*' total minus every group).
 */
export function rollupDimsSql(alias: string, dims: readonly Dim[] = ROLLUP_DIMS): string {
  const values = (ds: readonly Dim[]) => ds.map((d) => `('${d}', ${dimValueSql(alias, d)})`).join(', ');
  const plain = dims.filter((d) => !d.includes('>'));
  // The pairs of a filter key only for ratings that have it: most ratings have no survey or
  // stage, and a row per pair key to throw away cost the fold more than the pairs it keeps.
  const pairs = FILTER_KEYS.map((f) => [f, dims.filter((d) => d.startsWith(`${f}>`))] as const).filter(([, ds]) => ds.length > 0);
  if (pairs.length === 0) return `(VALUES ${[`('*', '')`, values(plain)].filter(Boolean).join(', ')})`;
  return `(SELECT * FROM (VALUES ${[`('*', '')`, values(plain)].filter(Boolean).join(', ')}) AS k
    ${pairs.map(([f, ds]) => `UNION ALL SELECT * FROM (VALUES ${values(ds)}) AS k WHERE ${alias}.${CONTEXT_COLUMNS[f]} IS NOT NULL`).join('\n    ')})`;
}

/**
 * Context keys whose values can filter a rollup read (migration 9): low-cardinality keys, a few
 * values each. For each of them and every other key the rollups keep a pair key
 * `'<filter>><key>'` (e.g. `'channel>branch'`) whose value is the filter value and the key value
 * together, so `channel=web&groupBy=branch` reads the cells of `'channel>branch'` whose values
 * start with web's prefix, and `channel=web` alone reads the key `channel` itself.
 */
export const FILTER_KEYS = ['survey', 'channel', 'stage'] as const satisfies readonly ContextKey[];
export type FilterKey = (typeof FILTER_KEYS)[number];
/** A rollup key: a context key, or a filter key paired with another key. */
export type Dim = ContextKey | `${FilterKey}>${ContextKey}`;
export const pairDim = (filter: FilterKey, key: ContextKey): Dim => `${filter}>${key}`;
/**
 * The SQL of a pair value's prefix for filter value `v` (an SQL expression): its length in
 * characters, ':', and the value, so no pair of values can run into another
 * (`'3:webbranch-7'`). A pair value is this prefix followed by the key value.
 */
export const pairPrefixSql = (v: string) => `(length(${v})::text || ':' || ${v})`;
/** A key's value for the rating row `alias`: the column, or for a pair the prefixed filter value and the key's value (NULL when either is). */
function dimValueSql(alias: string, d: Dim): string {
  const [filter, key] = d.split('>') as [ContextKey, ContextKey | undefined];
  if (key === undefined) return `${alias}.${CONTEXT_COLUMNS[filter]}`;
  return `(${pairPrefixSql(`${alias}.${CONTEXT_COLUMNS[filter]}`)} || ${alias}.${CONTEXT_COLUMNS[key]})`;
}

/**
 * Context keys kept in the monthly rollup (`rating_monthly`): every key. Per month even 400
 * tellers make a small table (400 × 12 × 11 rows a year for NPS), so staff, counter and locale
 * get a rollup here, and long-range grouped queries read a thirtieth of the daily rows.
 * The weekly rollup (`rating_weekly`, ISO weeks) keeps every key too: 400 tellers × 53 weeks
 * × 11 values is at most about a quarter of a million rows a year, whatever the traffic.
 */
export const CONTEXT_KEYS = Object.keys(CONTEXT_COLUMNS) as ContextKey[];
/** Every filter key paired with every other key (see `FILTER_KEYS`). */
export const PAIR_DIMS: readonly Dim[] = FILTER_KEYS.flatMap((f) => CONTEXT_KEYS.filter((k) => k !== f).map((k) => pairDim(f, k)));
/** Every key, and the pairs of the filter keys (migration 9). */
export const MONTHLY_DIMS: readonly Dim[] = [...CONTEXT_KEYS, ...PAIR_DIMS];
export const WEEKLY_DIMS = MONTHLY_DIMS;
/**
 * Context keys kept in the daily cells (`rating_daily_cells`, migration 8): every key, like the
 * weekly cells. One row per (key value, day) holds all its values, so a year of per-teller
 * days is 146,000 rows (against ~1.6 million one per value).
 */
export const DAILY_CELL_DIMS = MONTHLY_DIMS;

/**
 * An INSERT of rollup cells (one row per scale × key × `time` × key value × question, values
 * and counts as the text of a double precision[] and an integer[]) into `table`, counted from
 * the raw ratings `r` of `from` that `where` keeps, each put into its cell by `cell` (an
 * expression over `r`). Used by migration 8 and by rebuilds.
 */
export function cellsFromRatingsSql(c: { table: string; time: string; cell: string; from: string; where: string; dims: readonly Dim[] }): string {
  return `INSERT INTO ${c.table} (scale_id, question_id, ${c.time}, dim, dim_value, vals, ns)
    SELECT scale_id, question_id, t, dim, dim_value, array_agg(value)::text, array_agg(n)::text FROM (
      SELECT r.scale_id, r.question_id, ${c.cell} AS t, d.dim, d.val AS dim_value, r.value, count(*)::integer AS n
      FROM ${c.from} CROSS JOIN LATERAL ${rollupDimsSql('r', c.dims)} AS d(dim, val)
      WHERE (${c.where}) AND d.val IS NOT NULL
      GROUP BY 1, 2, 3, 4, 5, 6) x
    GROUP BY scale_id, dim, t, dim_value, question_id`;
}

/** Key of the advisory lock held by whoever changes the rollups (the fold, a rebuild, a purge, migration 8). */
export const ROLLUP_LOCK = 4_242_002;

const contextColumnsDdl = `
  site text, survey_id text, channel text, branch text, branch_tier text, counter text,
  staff text, stage text, segment text, locale text`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'submissions, ratings, alerts, audit log',
    sql: `
CREATE TABLE submissions (
  id uuid PRIMARY KEY,
  payload jsonb NOT NULL,
  payload_hash text NOT NULL,
  created_at timestamptz NOT NULL,
  occurred_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  sent_at timestamptz,
  clock_skew_ms double precision,
  site_key text,
  survey_version integer,
  status text NOT NULL,
  classification text,
  anonymised_at timestamptz,
  ${contextColumnsDdl}
);
CREATE INDEX submissions_received_at ON submissions (received_at);
CREATE INDEX submissions_occurred_at ON submissions (occurred_at);
CREATE INDEX submissions_classification ON submissions (classification, created_at);

CREATE TABLE ratings (
  submission_id uuid NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
  question_id text NOT NULL,
  scale_kind text NOT NULL,
  scale_id text NOT NULL,
  scale jsonb NOT NULL,
  value double precision NOT NULL,
  reasons text[] NOT NULL DEFAULT '{}',
  occurred_at timestamptz NOT NULL,
  ${contextColumnsDdl},
  PRIMARY KEY (submission_id, question_id)
);
CREATE INDEX ratings_scale_time ON ratings (scale_id, occurred_at);

CREATE TABLE alerts (
  id bigserial PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  metric text NOT NULL,
  group_by text NOT NULL,
  segment text NOT NULL,
  period text NOT NULL,
  rule text NOT NULL,
  value double precision,
  baseline double precision,
  threshold double precision,
  detail jsonb NOT NULL DEFAULT '{}',
  acked_at timestamptz,
  acked_by text,
  UNIQUE (metric, group_by, segment, period, rule)
);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  action text NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}'
);
`,
  },
  {
    version: 2,
    name: 'daily rollup of rating counts in the reporting time zone',
    sql: `
CREATE TABLE rating_daily (
  scale_id text NOT NULL,
  question_id text NOT NULL,
  day date NOT NULL,
  dim text NOT NULL,
  dim_value text NOT NULL,
  value double precision NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (scale_id, dim, day, dim_value, question_id, value)
);
CREATE TABLE fk_settings (
  key text PRIMARY KEY,
  value text NOT NULL
)
`,
  },
  // Version 3 (a counts-array rollup) was reverted before release; databases that ran it get
  // the per-value table back here, and every database rebuilds its rollup once.
  {
    version: 4,
    name: 'recreate the per-value daily rollup',
    sql: `
DROP TABLE IF EXISTS rating_daily;
CREATE TABLE rating_daily (
  scale_id text NOT NULL,
  question_id text NOT NULL,
  day date NOT NULL,
  dim text NOT NULL,
  dim_value text NOT NULL,
  value double precision NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (scale_id, dim, day, dim_value, question_id, value)
);
DELETE FROM fk_settings WHERE key = 'rollup_tz'
`,
  },
  {
    version: 5,
    name: 'monthly rollup of rating counts over every context key',
    // Dropping the zone marker makes the next start rebuild (backfill) both rollups.
    sql: `
CREATE TABLE rating_monthly (
  scale_id text NOT NULL,
  question_id text NOT NULL,
  month date NOT NULL,
  dim text NOT NULL,
  dim_value text NOT NULL,
  value double precision NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (scale_id, dim, month, dim_value, question_id, value)
);
DELETE FROM fk_settings WHERE key = 'rollup_tz'
`,
  },
  {
    version: 6,
    name: 'rollups folded in the background behind a transaction-id watermark; weekly rollup over every context key',
    // Ingest stops writing the rollups: each rating records the id of the transaction that
    // stored it (`fold_xid`), and a fold adds the ratings of finished transactions to the
    // rollups and moves the watermark (`rating_fold`); reads add the ratings at or past it.
    // Rows stored before this version get 0: the inline rollups already counted them.
    // Dropping the zone marker makes the next start rebuild (backfill) every rollup, weekly too.
    sql: `
ALTER TABLE ratings ADD COLUMN fold_xid bigint NOT NULL DEFAULT 0;
ALTER TABLE ratings ALTER COLUMN fold_xid SET DEFAULT (pg_current_xact_id()::text::bigint);
CREATE INDEX ratings_fold_xid ON ratings (fold_xid);
CREATE TABLE rating_fold (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  watermark bigint NOT NULL
);
INSERT INTO rating_fold (id, watermark) VALUES (true, 1);
CREATE TABLE rating_weekly (
  scale_id text NOT NULL,
  question_id text NOT NULL,
  week date NOT NULL,
  dim text NOT NULL,
  dim_value text NOT NULL,
  value double precision NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (scale_id, dim, week, dim_value, question_id, value)
);
DELETE FROM fk_settings WHERE key = 'rollup_tz'
`,
  },
  {
    version: 7,
    name: 'weekly rollup cells: one row per (scale, key, week, key value, question) with its values and counts',
    // The same counts as rating_weekly, one row per cell instead of one per scale value (a
    // year of per-teller weeks: 21,200 rows instead of 227,000), so a grouped week answer
    // reads its cells without aggregating. The values and counts are kept as the text of a
    // double precision[] and an integer[] ('{0,7,10}', '{3,1,12}'): what a read sends as it is
    // stored (writing 21,200 arrays as text cost a read ~20 ms); the fold casts the few cells
    // it merges. Built here from the weekly rollup as it stands (nothing is dropped or
    // recounted); the fold, purges and rebuilds keep the two equal.
    sql: `
CREATE TABLE rating_weekly_cells (
  scale_id text NOT NULL,
  question_id text NOT NULL,
  week date NOT NULL,
  dim text NOT NULL,
  dim_value text NOT NULL,
  vals text NOT NULL,
  ns text NOT NULL,
  PRIMARY KEY (scale_id, dim, week, dim_value, question_id)
);
INSERT INTO rating_weekly_cells (scale_id, question_id, week, dim, dim_value, vals, ns)
SELECT scale_id, question_id, week, dim, dim_value, array_agg(value ORDER BY value)::text, array_agg(n ORDER BY value)::text
FROM rating_weekly GROUP BY scale_id, question_id, week, dim, dim_value
`,
  },
  {
    version: 8,
    name: 'daily rollup cells over every context key: one row per (scale, key, day, key value, question) with its values and counts',
    // The weekly cells' design for days. The daily rollup keeps branch-level keys only, so the
    // cells are counted from the raw ratings the rollups hold (below the fold's watermark), in
    // the zone the rollups were built in ('rollup_tz'), under the rollup lock (no fold moves the
    // watermark meanwhile). Without a zone marker nothing is counted here: the next start
    // rebuilds every rollup, these cells too. Nothing is dropped.
    sql: `
SELECT pg_advisory_xact_lock(${ROLLUP_LOCK});
CREATE TABLE rating_daily_cells (
  scale_id text NOT NULL,
  question_id text NOT NULL,
  day date NOT NULL,
  dim text NOT NULL,
  dim_value text NOT NULL,
  vals text NOT NULL,
  ns text NOT NULL,
  PRIMARY KEY (scale_id, dim, day, dim_value, question_id)
);
${cellsFromRatingsSql({
  table: 'rating_daily_cells',
  time: 'day',
  cell: '(r.occurred_at AT TIME ZONE z.value)::date',
  from: "ratings r JOIN fk_settings z ON z.key = 'rollup_tz'",
  where: 'r.fold_xid < (SELECT watermark FROM rating_fold)',
  dims: CONTEXT_KEYS,
})}
`,
  },
  {
    version: 9,
    name: 'filter pair keys in the monthly and weekly rollups and the cells: rebuilt at start',
    // The rollups gain the pair keys of FILTER_KEYS (`'channel>branch'`, …). Forgetting the zone
    // they were built in makes the next start rebuild every rollup and cells table from the
    // ratings with them (under the rollup lock, so a fold waits and then finds nothing new).
    sql: `
SELECT pg_advisory_xact_lock(${ROLLUP_LOCK});
DELETE FROM fk_settings WHERE key = 'rollup_tz';
`,
  },
];

/** Key of the advisory lock that serialises migrations across collectors sharing a database. */
const MIGRATION_LOCK = 4_242_001;

/**
 * Applies every migration not yet recorded in `fk_migrations`, each in the same transaction
 * as its record. Idempotent, and safe when several collectors start at once on one database.
 * Returns the versions it applied.
 */
export async function migrate(client: SqlClient, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  return client.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(
      'CREATE TABLE IF NOT EXISTS fk_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const { rows } = await tx.query<{ version: number }>('SELECT version FROM fk_migrations');
    const done = new Set(rows.map((r) => Number(r.version)));
    const applied: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      for (const statement of splitStatements(m.sql)) await tx.query(statement);
      await tx.query('INSERT INTO fk_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
    return applied;
  });
}

/** Our migrations contain no semicolons inside literals, so a split on `;` is exact. */
function splitStatements(sql: string): string[] {
  return sql
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
