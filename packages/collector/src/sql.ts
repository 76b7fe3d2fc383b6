/**
 * The one database seam: PGlite (embedded, WASM) and PostgreSQL (through `pg`) behind the
 * same three calls, so every migration and query in this package is written once.
 */
export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

export interface SqlRunner {
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
}

/** How a transaction starts; the default is PostgreSQL's (READ COMMITTED, read-write). */
export interface TransactionOptions {
  /** One snapshot for every statement (REPEATABLE READ) and no writes: a consistent read. */
  snapshot?: boolean;
}

export interface SqlClient extends SqlRunner {
  readonly dialect: 'pglite' | 'postgres';
  /** Runs `fn` inside BEGIN … COMMIT on one connection; ROLLBACK when it throws. */
  transaction<T>(fn: (tx: SqlRunner) => Promise<T>, options?: TransactionOptions): Promise<T>;
  close(): Promise<void>;
}

const SNAPSHOT_MODE = 'ISOLATION LEVEL REPEATABLE READ READ ONLY';
const SNAPSHOT_SET = `SET TRANSACTION ${SNAPSHOT_MODE}`;

/**
 * Opens an embedded PGlite database: in memory when `dataDir` is undefined, else persisted
 * in that folder (created when missing).
 */
export async function openPglite(dataDir?: string): Promise<SqlClient> {
  const { PGlite } = await import('@electric-sql/pglite');
  if (dataDir !== undefined) {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dataDir, { recursive: true });
  }
  const db = dataDir === undefined ? new PGlite() : new PGlite(dataDir);
  await db.waitReady;
  // PGlite runs one statement at a time; transactions hold its single connection.
  const run = async <T>(runner: { query: (t: string, p?: unknown[]) => Promise<{ rows: unknown[]; affectedRows?: number }> }, text: string, params?: readonly unknown[]) => {
    const r = await runner.query(text, params ? [...params] : undefined);
    return { rows: r.rows as T[], rowCount: r.affectedRows ?? r.rows.length };
  };
  return {
    dialect: 'pglite',
    query: (text, params) => run(db, text, params),
    transaction: (fn, options) =>
      db.transaction(async (tx) => {
        if (options?.snapshot) await run(tx, SNAPSHOT_SET);
        return fn({ query: (text, params) => run(tx, text, params) });
      }),
    close: () => db.close(),
  };
}

export interface PostgresOptions {
  connectionString: string;
  /** Pool size (default 10). */
  max?: number;
}

/** Opens a PostgreSQL connection pool through `pg`. */
export async function openPostgres(options: PostgresOptions | string): Promise<SqlClient> {
  const opts = typeof options === 'string' ? { connectionString: options } : options;
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: opts.connectionString, max: opts.max ?? 10 });
  // An idle connection the server drops must not crash the process; pg discards it.
  pool.on('error', () => {});
  const toResult = <T>(r: { rows: unknown[]; rowCount: number | null }): QueryResult<T> => ({
    rows: r.rows as T[],
    rowCount: r.rowCount ?? r.rows.length,
  });
  // Check the connection now, so a wrong DATABASE_URL fails at start, not at the first request.
  await pool.query('SELECT 1');
  return {
    dialect: 'postgres',
    query: async (text, params) => toResult(await pool.query(text, params ? [...params] : undefined)),
    transaction: async (fn, options) => {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        // The mode in BEGIN itself: one round trip fewer than BEGIN + SET TRANSACTION.
        await client.query(options?.snapshot ? `BEGIN ${SNAPSHOT_MODE}` : 'BEGIN');
        try {
          const out = await fn({ query: async (text, params) => toResult(await client.query(text, params ? [...params] : undefined)) });
          await client.query('COMMIT');
          return out;
        } catch (err) {
          await client.query('ROLLBACK').catch((rollbackError: Error) => {
            broken = rollbackError; // the connection itself failed: don't reuse it
          });
          throw err;
        }
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
