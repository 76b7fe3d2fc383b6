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

export interface SqlClient extends SqlRunner {
  readonly dialect: 'pglite' | 'postgres';
  /** Runs `fn` inside BEGIN … COMMIT on one connection; ROLLBACK when it throws. */
  transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

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
    transaction: (fn) => db.transaction((tx) => fn({ query: (text, params) => run(tx, text, params) })),
    close: () => db.close(),
  };
}

export interface PostgresOptions {
  connectionString: string;
  /** Pool size (default 10). */
  max?: number;
}

type PgClient = import('pg').Client;

/**
 * A small connection pool over `pg`'s Client. We load `pg/lib/client.js` rather than the
 * package root so the collector does not depend on how a runtime resolves `pg-pool`
 * (under an `import` export condition, `require('pg-pool')` yields an ES module namespace
 * and the root module fails to load).
 */
class ClientPool {
  private readonly idle: PgClient[] = [];
  private readonly waiters: Array<(c: PgClient) => void> = [];
  private size = 0;
  private ended = false;

  constructor(
    private readonly Client: new (config: { connectionString: string }) => PgClient,
    private readonly connectionString: string,
    private readonly max: number,
  ) {}

  async acquire(): Promise<PgClient> {
    if (this.ended) throw new Error('pool: ended');
    const idle = this.idle.pop();
    if (idle) return idle;
    if (this.size < this.max) {
      this.size += 1;
      const client = new this.Client({ connectionString: this.connectionString });
      // A connection the server drops must not crash the process; it is discarded on release.
      client.on('error', () => {
        (client as PgClient & { fkBroken?: boolean }).fkBroken = true;
      });
      try {
        await client.connect();
      } catch (err) {
        this.size -= 1;
        throw err;
      }
      return client;
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  release(client: PgClient, broken = false): void {
    if (broken || (client as PgClient & { fkBroken?: boolean }).fkBroken || this.ended) {
      this.size -= 1;
      client.end().catch(() => {});
      // A waiter gets a fresh connection instead.
      const w = this.waiters.shift();
      if (w && !this.ended) this.acquire().then(w, () => this.waiters.unshift(w));
      return;
    }
    const w = this.waiters.shift();
    if (w) w(client);
    else this.idle.push(client);
  }

  async end(): Promise<void> {
    this.ended = true;
    const idle = this.idle.splice(0);
    this.size -= idle.length;
    await Promise.all(idle.map((c) => c.end().catch(() => {})));
  }
}

/** Opens a PostgreSQL connection pool through `pg`. */
export async function openPostgres(options: PostgresOptions | string): Promise<SqlClient> {
  const opts = typeof options === 'string' ? { connectionString: options } : options;
  const { default: Client } = await import('pg/lib/client.js');
  const pool = new ClientPool(Client, opts.connectionString, opts.max ?? 10);
  const toResult = <T>(r: { rows: unknown[]; rowCount: number | null }): QueryResult<T> => ({
    rows: r.rows as T[],
    rowCount: r.rowCount ?? r.rows.length,
  });
  const withClient = async <T>(fn: (c: PgClient) => Promise<T>): Promise<T> => {
    const client = await pool.acquire();
    let broken = false;
    try {
      return await fn(client);
    } catch (err) {
      // Connection-level failures (no SQLSTATE) poison the connection; SQL errors do not.
      broken = typeof (err as { code?: unknown }).code !== 'string' || String((err as { code: string }).code).startsWith('E');
      throw err;
    } finally {
      pool.release(client, broken);
    }
  };
  // Check the connection now, so a wrong DATABASE_URL fails at start, not at the first request.
  await withClient((c) => c.query('SELECT 1'));
  return {
    dialect: 'postgres',
    query: (text, params) => withClient(async (c) => toResult(await c.query(text, params ? [...params] : undefined))),
    transaction: (fn) =>
      withClient(async (c) => {
        await c.query('BEGIN');
        try {
          const out = await fn({ query: async (text, params) => toResult(await c.query(text, params ? [...params] : undefined)) });
          await c.query('COMMIT');
          return out;
        } catch (err) {
          await c.query('ROLLBACK').catch(() => {});
          throw err;
        }
      }),
    close: () => pool.end(),
  };
}
