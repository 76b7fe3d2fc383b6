import { FeedbackError } from '@feedbackkit/core';
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

/** What a listener reports about its connection. */
export type ListenerState =
  | { state: 'listening'; again: boolean }
  | { state: 'lost'; error?: unknown; retryInMs: number };

export interface Listener {
  /** Stops listening (and closes a dedicated connection). */
  close(): Promise<void>;
}

/**
 * A database client. `openPglite` and `openPostgres` give every session they open `work_mem`
 * `WORK_MEM` (64 MB) when it is made; the collector's queries count on it for speed, not for
 * correctness (a client of your own without it answers the same, slower).
 */
export interface SqlClient extends SqlRunner {
  readonly dialect: 'pglite' | 'postgres';
  /** Runs `fn` inside BEGIN … COMMIT on one connection; ROLLBACK when it throws. */
  transaction<T>(fn: (tx: SqlRunner) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * `LISTEN channel` (a plain lower-case identifier): `onMessage` gets each payload sent with
   * `pg_notify(channel, payload)` by any session on the database, from when the listener is
   * listening. PostgreSQL: on one dedicated connection (not from the pool), reconnected with
   * backoff when it drops; `onState` says when it listens (`again` after a drop: notifications
   * sent in between were missed) and when it lost the connection. Optional: a client without
   * it gives only in-process events.
   */
  listen?(channel: string, onMessage: (payload: string) => void, onState?: (s: ListenerState) => void): Promise<Listener>;
  close(): Promise<void>;
}

/** Channel names are used as identifiers in LISTEN: only these are accepted. */
export const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function checkChannel(channel: string): void {
  if (!CHANNEL_NAME.test(channel)) throw new Error(`listen: ${JSON.stringify(channel).slice(0, 80)} is not a lower-case identifier of at most 63 characters`);
}

const SNAPSHOT_MODE = 'ISOLATION LEVEL REPEATABLE READ READ ONLY';

/**
 * `work_mem` of every connection these clients open (PostgreSQL's default is 4 MB): room to
 * aggregate and sort rollup cells in memory. The fold merging a second's ratings into the cells
 * spilled to disk with 4 MB (measured 2x its time), a year of per-teller weekly cells was hashed
 * 3-7x slower, a filtered staff × week scan of the raw ratings 490 -> 360 ms of SQL. Set once
 * per session where the connection is made, not per query: a `SET` at connection time, no
 * statement and no transaction around each read. It is a limit per sort or hash node, not an
 * allocation: the small statements (ingest, alerts, audit) use what they need.
 */
export const WORK_MEM = '64MB';
const WORK_MEM_SET = `SET work_mem = '${WORK_MEM}'`;
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
  // One session for the life of the client: set once (see WORK_MEM).
  await db.exec(WORK_MEM_SET);
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
    // PGlite is one session in this process: LISTEN on it, NOTIFY from it, no connection to lose.
    listen: async (channel, onMessage, onState) => {
      checkChannel(channel);
      const unlisten = await db.listen(channel, onMessage);
      onState?.({ state: 'listening', again: false });
      let open = true;
      return {
        close: async () => {
          if (!open) return;
          open = false;
          if (!db.closed) await unlisten();
        },
      };
    },
    close: () => db.close(),
  };
}

export interface PostgresOptions {
  connectionString: string;
  /** Pool size (default 10). */
  max?: number;
  /** A listener's reconnection delay: doubles from `min` to `max` ms after each failure (default 250 → 10,000, with jitter). */
  listenBackoff?: { min?: number; max?: number };
  /**
   * `work_mem` each new pooled connection is given with `SET` (default `WORK_MEM`, 64 MB), e.g.
   * `'128MB'`; `false` sets nothing. Use `false` behind PgBouncer in transaction (or statement)
   * pooling mode: a session `SET` lands on whichever server connection PgBouncer lent at that
   * moment, i.e. on other clients' sessions, and later statements of this collector may run on
   * connections that never got it. Set it on the role or database instead (`ALTER ROLE
   * feedbackkit SET work_mem = '64MB'`), which every server connection picks up at login.
   */
  workMem?: string | false;
}

/** A `work_mem` value as PostgreSQL writes memory settings: an integer and an optional unit. */
const MEMORY_SETTING = /^[1-9]\d{0,9}(?:kB|MB|GB|TB)?$/;

/** The session `SET` for `openPostgres`'s `workMem` option, or null for none; throws 'invalid-option' for anything else. */
export function workMemStatement(workMem: string | false | undefined): string | null {
  if (workMem === false) return null;
  if (workMem === undefined) return WORK_MEM_SET;
  if (typeof workMem !== 'string' || !MEMORY_SETTING.test(workMem)) {
    throw new FeedbackError('invalid-option', `workMem: ${JSON.stringify(workMem)?.slice(0, 40)} is not a memory setting such as '64MB' (an integer and kB, MB, GB or TB), or false`, {
      field: 'workMem',
      value: workMem,
    });
  }
  return `SET work_mem = '${workMem}'`;
}

/** Opens a PostgreSQL connection pool through `pg`. */
export async function openPostgres(options: PostgresOptions | string): Promise<SqlClient> {
  const opts = typeof options === 'string' ? { connectionString: options } : options;
  const sessionSet = workMemStatement(opts.workMem);
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    connectionString: opts.connectionString,
    max: opts.max ?? 10,
    // Each new connection's session settings (see WORK_MEM), awaited by the pool before it hands
    // the connection out: a failure fails the query the connection was opened for, and the
    // connection is dropped. (A `SET` on the 'connect' event would queue behind nothing awaited,
    // which pg deprecates; a startup `options` would be overridden by one in DATABASE_URL.)
    // `workMem: false` (PgBouncer in transaction pooling) sets nothing.
    ...(sessionSet === null
      ? {}
      : {
          onConnect: async (client: { query(text: string): Promise<unknown> }) => {
            await client.query(sessionSet);
          },
        }),
  });
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
    listen: (channel, onMessage, onState) => listenPostgres(pg.Client, opts, channel, onMessage, onState),
    close: () => pool.end(),
  };
}

interface ListenClient {
  connect(): Promise<unknown>;
  query(text: string): Promise<unknown>;
  end(): Promise<void>;
  on(event: 'error', fn: (err: Error) => void): unknown;
  on(event: 'end', fn: () => void): unknown;
  on(event: 'notification', fn: (n: { channel: string; payload?: string | undefined }) => void): unknown;
}

/**
 * One dedicated connection that LISTENs, and opens a new one (after 250 ms, 500 ms, … up to
 * 10 s, with jitter) whenever it fails or drops. Resolves once the first attempt is over,
 * listening or not: later attempts go on in the background until `close`.
 */
async function listenPostgres(
  Client: new (config: { connectionString: string; application_name: string }) => ListenClient,
  opts: PostgresOptions,
  channel: string,
  onMessage: (payload: string) => void,
  onState?: (s: ListenerState) => void,
): Promise<Listener> {
  checkChannel(channel);
  const minDelay = opts.listenBackoff?.min ?? 250;
  const maxDelay = opts.listenBackoff?.max ?? 10_000;
  let closed = false;
  let current: ListenClient | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let failures = 0;
  let listenedBefore = false;
  let pending: Promise<void> = Promise.resolve();

  const attempt = async (): Promise<void> => {
    const client = new Client({ connectionString: opts.connectionString, application_name: 'feedbackkit-listen' });
    let down = false;
    const drop = (error?: unknown): void => {
      if (down) return;
      down = true;
      if (current === client) current = null;
      client.end().catch(() => {});
      if (closed) return;
      failures += 1;
      const retryInMs = Math.round(Math.min(maxDelay, minDelay * 2 ** (failures - 1)) * (0.5 + Math.random() / 2));
      onState?.({ state: 'lost', error, retryInMs });
      timer = setTimeout(() => {
        timer = null;
        pending = attempt();
      }, retryInMs);
      (timer as { unref?: () => void }).unref?.();
    };
    client.on('error', drop);
    client.on('end', () => drop(new Error('listen: the connection ended')));
    client.on('notification', (n) => {
      if (!down && n.channel === channel) onMessage(n.payload ?? '');
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${channel}`);
    } catch (err) {
      drop(err);
      return;
    }
    if (down) return;
    if (closed) {
      down = true;
      await client.end().catch(() => {});
      return;
    }
    current = client;
    failures = 0;
    onState?.({ state: 'listening', again: listenedBefore });
    listenedBefore = true;
  };

  pending = attempt();
  await pending;
  return {
    close: async () => {
      closed = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      await pending;
      const c = current;
      current = null;
      if (c) await c.end().catch(() => {});
    },
  };
}
