/**
 * The storage layer: one object store of key → row, reached through transactions that
 * resolve only once the browser reports them committed (`durability: 'strict'`).
 *
 * idb-keyval's `createStore` opens the database without a version and with the browser's
 * default (often relaxed) durability, so it can neither migrate a schema nor promise that a
 * write survives a power cut. We keep its shape instead — a `UseStore`
 * `(mode, callback(rawObjectStore))` — and its `promisifyRequest`, and add what the outbox
 * needs: a versioned open with migrations, strict durability, and reopening after the
 * connection is lost (Safari closes connections behind our back). A `Map` implements the
 * same interface when IndexedDB cannot be used at all.
 */
import { promisifyRequest } from 'idb-keyval';

/** The few operations a transaction body uses; every call joins the same transaction. */
export interface Tx {
  get<T>(key: string): Promise<T | undefined>;
  put(key: string, value: unknown): void;
  del(key: string): void;
  /** `[key, value]` pairs whose key starts with `prefix`, in key order: at most `count`, after key `after`. */
  list<T>(prefix: string, count?: number, after?: string): Promise<Array<[string, T]>>;
}

export type RunTx = (<T>(mode: IDBTransactionMode, body: (tx: Tx) => Promise<T>) => Promise<T>) & {
  /** Set once the database has opened: later failures are transient, not "no IndexedDB". */
  opened?: boolean;
};

export const STORE = 'outbox';
/** v1: the plain idb-keyval layout (store `keyval`, submission values keyed by id). v2: this one. */
export const DB_VERSION = 2;
const V1_STORE = 'keyval';

const range = (prefix: string, after?: string) => IDBKeyRange.bound(after ?? prefix, prefix + '\uffff', !!after);

function idbTx(store: IDBObjectStore): Tx {
  return {
    get: (key) => promisifyRequest(store.get(key)),
    put: (key, value) => void store.put(value, key),
    del: (key) => void store.delete(key),
    list: async (prefix, count, after) => {
      const [keys, values] = await Promise.all([
        promisifyRequest(store.getAllKeys(range(prefix, after), count)),
        promisifyRequest(store.getAll(range(prefix, after), count)),
      ]);
      return keys.map((k, i) => [k as string, values[i]]);
    },
  };
}

/**
 * Migrations run inside the versionchange transaction, so a migration either completes
 * entirely or leaves the old data untouched: data is moved, never dropped.
 */
export type Migrate = (tx: Tx, oldVersion: number, v1Rows: Array<[string, unknown]>) => Promise<void>;

function upgrade(request: IDBOpenDBRequest, oldVersion: number, migrate: Migrate): void {
  const db = request.result;
  const txn = request.transaction!;
  if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE);
  const target = idbTx(txn.objectStore(STORE));
  if (oldVersion === 1 && db.objectStoreNames.contains(V1_STORE)) {
    const old = txn.objectStore(V1_STORE);
    // Copy every v1 row, then empty (not delete) the old store, in this one atomic transaction.
    void Promise.all([promisifyRequest(old.getAllKeys()), promisifyRequest(old.getAll())])
      .then(([keys, values]) => migrate(target, 1, keys.map((k, i) => [String(k), values[i]])))
      .then(() => old.clear());
  } else void migrate(target, oldVersion, []);
}

export const OPEN_TIMEOUT_MS = 3000;

const RETRYABLE = new Set(['InvalidStateError', 'UnknownError', 'TransactionInactiveError']);

export function isConnectionLoss(error: unknown): boolean {
  return error instanceof Error && RETRYABLE.has(error.name);
}

/**
 * A `RunTx` over IndexedDB. Connection loss (the `close` event, `InvalidStateError`,
 * `UnknownError`) drops the cached connection and retries the whole transaction up to
 * `maxReopen` times; a transaction that aborted committed nothing, so retrying is safe.
 */
export function idbStore(factory: IDBFactory, name: string, migrate: Migrate, maxReopen = 3): RunTx {
  let dbp: Promise<IDBDatabase> | undefined;
  const open = (version?: number): Promise<IDBDatabase> =>
    new Promise((resolve, reject) => {
      const request = factory.open(name, version);
      // Some browsers leave `open` pending forever (a stuck Safari profile, a tab blocking an
      // upgrade): give up after OPEN_TIMEOUT_MS so the caller can fall back instead of hanging.
      const timer = setTimeout(() => reject(new DOMException('indexedDB.open did not finish', 'TimeoutError')), OPEN_TIMEOUT_MS);
      request.onupgradeneeded = (e) => upgrade(request, e.oldVersion, migrate);
      request.onsuccess = () => (clearTimeout(timer), resolve(request.result));
      request.onerror = () => (clearTimeout(timer), reject(request.error));
    });
  const getDb = () =>
    (dbp ??= open(DB_VERSION)
      .catch((e: unknown) =>
        // A newer build upgraded the database: open it as it is (rows stay compatible).
        e instanceof Error && e.name === 'VersionError' ? open() : Promise.reject(e),
      )
      .then(
        (db) => {
          run.opened = true;
          db.onclose = () => (dbp = undefined);
          db.onversionchange = () => {
            db.close();
            dbp = undefined;
          };
          return db;
        },
        (e: unknown) => {
          dbp = undefined;
          throw e;
        },
      ));

  const run: RunTx = async (mode, body) => {
    for (let attempt = 0; ; attempt++) {
      try {
        const db = await getDb();
        const txn = db.transaction(STORE, mode, { durability: 'strict' });
        const done = promisifyRequest(txn as unknown as IDBRequest<unknown>);
        let result: Awaited<ReturnType<typeof body>>;
        try {
          result = await body(idbTx(txn.objectStore(STORE)));
        } catch (e) {
          try {
            txn.abort();
          } catch {
            // already finished
          }
          done.catch(() => undefined);
          throw e;
        }
        await done;
        return result;
      } catch (e) {
        if (attempt >= maxReopen || !isConnectionLoss(e)) throw e;
        dbp = undefined;
      }
    }
  };
  return run;
}

/** The same interface over a Map, for when IndexedDB is unavailable. Transactions run one at a time. */
export function memoryStore(): RunTx {
  const map = new Map<string, unknown>();
  let chain: Promise<unknown> = Promise.resolve();
  return (_mode, body) => {
    const run = chain.then(async () => {
      const undo: Array<() => void> = [];
      const write = (key: string, value: unknown, del: boolean) => {
        const had = map.has(key);
        const old = map.get(key);
        undo.push(() => (had ? map.set(key, old) : map.delete(key)));
        if (del) map.delete(key);
        else map.set(key, structuredClone(value));
      };
      const tx: Tx = {
        get: async (key) => structuredClone(map.get(key)) as never,
        put: (key, value) => write(key, value, false),
        del: (key) => write(key, undefined, true),
        list: async (prefix, count, after = '') =>
          [...map.keys()]
            .filter((k) => k.startsWith(prefix) && k > after)
            .sort()
            .slice(0, count)
            .map((k) => [k, structuredClone(map.get(k))] as [string, never]),
      };
      try {
        return await body(tx);
      } catch (e) {
        // All or nothing, like an aborted transaction.
        for (const u of undo.reverse()) u();
        throw e;
      }
    });
    chain = run.catch(() => undefined);
    return run;
  };
}
