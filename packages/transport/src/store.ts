/**
 * The storage layer: one object store of key → row, reached through transactions that
 * resolve only once the browser reports them committed (`durability: 'strict'`).
 *
 * idb-keyval's `createStore` opens the database without a version and with the browser's
 * default (often relaxed) durability, so it can neither migrate a schema nor promise that a
 * write survives a power cut. We keep its shape instead — a `UseStore`
 * `(mode, callback(rawObjectStore))`, readwrite unless a read asks for readonly — and its `promisifyRequest`, and add what the outbox
 * needs: a versioned open with migrations, strict durability, and reopening after the
 * connection is lost (Safari closes connections behind our back). A `Map` implements the
 * same interface while IndexedDB cannot be used (not at all, or not yet: see the outbox's `toDisk`).
 *
 * Members named `_x` are private: the published build mangles them (see rollup.config.mjs).
 */
import { promisifyRequest as req } from 'idb-keyval';

/** The few operations a transaction body uses; every call joins the same transaction. */
export interface Tx {
  _get<T>(key: string): Promise<T | undefined>;
  _put(key: string, value: unknown): void;
  _del(key: string): void;
  /** `[key, value]` pairs whose key starts with `prefix`, in key order: at most `count`, after key `after`. */
  _list<T>(prefix: string, count?: number, after?: string): Promise<Array<[string, T]>>;
  /** How many keys start with `prefix` (no values read). */
  _count(prefix: string): Promise<number>;
  /** Set on a transaction that cannot write (over the storage quota): its puts are kept in memory. */
  _over?: 1;
}

/**
 * Runs `body` in one transaction: readwrite, or readonly when `ro` is truthy (a pure read: it still
 * sees every write created before it, but runs alongside other reads and needs no durable commit).
 */
export type RunTx = (<T>(body: (tx: Tx) => Promise<T>, ro?: unknown) => Promise<T>) & {
  /** Set once the database has opened: later failures are transient, not "no IndexedDB". */
  _opened?: boolean;
  /** IndexedDB only: resolves once the database is open, however long that takes (a failed open rejects; the next call opens again). */
  _ready?: () => Promise<unknown>;
};

/** A queued submission, as stored under `q/<id>` (field names are the stored format: keep them). */
export interface Row {
  id: string;
  /** createdAt, ms. */
  c: number;
  /** The outbox clock (see Meta.el) at enqueue. */
  e: number;
  /** JSON bytes. */
  s: number;
  b: unknown;
  /** Failed attempts. */
  t: number;
  /** Not before (wall ms). */
  d: number;
  /** Lease expiry (wall ms) and owner token. */
  l: number;
  o?: string;
  /** Leased by the Web-Locks leader: once another outbox holds the lock, that leader is gone (closed, or its page is). */
  k?: 1;
  /** Send alone: its batch was refused with a 4xx. */
  solo?: 1;
  /** `d` honours a backend's `Retry-After` over 0: kept even when the browser comes back online. */
  ra?: 1;
  /** Backing off for a reason of its own (refused alone, or left out of an acknowledgement): newer rows do not wait behind it. */
  i?: unknown;
}
/** Queue totals and the outbox clock: `el` ms of trusted elapsed time, as of wall time `w` (stored under `m/meta`). */
export interface Meta {
  n: number;
  bytes: number;
  el: number;
  w: number;
}
/**
 * A schema upgrade, run inside the versionchange transaction after the v2 store exists, so a
 * migration either completes entirely or leaves the old data untouched: data is moved, never
 * dropped. `oldVersion` 0 is a new database. The outbox's own layout has one version (v2); the
 * v1 → v2 mover for the plain idb-keyval layout is opt-in (`migrateV1`, migrate-v1.ts).
 */
export type Upgrade = (txn: IDBTransaction, oldVersion: number) => unknown;

export const STORE = 'outbox';
export const Q = 'q/';
export const D = 'd/';
export const META = 'm/meta';
/** How long a transaction waits for the database to open before the outbox runs in memory (the open goes on: see `idbStore`). */
const OPEN_TIMEOUT_MS = 3000;
/** Connection loss: the transaction aborted and committed nothing, so it is retried on a new connection. */
const RETRYABLE = ['InvalidStateError', 'UnknownError', 'TransactionInactiveError'];

export const all = (store: IDBObjectStore, range?: IDBKeyRange | null, count?: number) =>
  Promise.all([req(store.getAllKeys(range, count)), req(store.getAll(range, count))]).then(([keys, values]) =>
    keys.map((k, i): [string, never] => [k as string, values[i] as never]),
  );

export const idbTx = (store: IDBObjectStore): Tx => ({
  _get: (key) => req(store.get(key)),
  _put: (key, value) => store.put(value, key),
  _del: (key) => store.delete(key),
  _list: (prefix, count, after) => all(store, IDBKeyRange.bound(after ?? prefix, prefix + '\uffff', !!after), count),
  _count: (prefix) => req(store.count(IDBKeyRange.bound(prefix, prefix + '\uffff'))),
});

/**
 * A `RunTx` over IndexedDB. Connection loss (the `close` event, `InvalidStateError`,
 * `UnknownError`) drops the cached connection and retries the whole transaction up to 3
 * times; a transaction that aborted committed nothing, so retrying is safe.
 */
export function idbStore(factory: IDBFactory, name: string, upgrade?: Upgrade): RunTx {
  let dbp: Promise<IDBDatabase> | undefined;
  // No timeout here: an open that is slow (a cold disk) or blocked (another tab holds an older
  // version open) stays pending and is used once it succeeds. Only a transaction's wait for it is
  // bounded (see `run`); a new open would queue behind this one anyway (the spec's connection queue).
  const open = (version?: number): Promise<IDBDatabase> =>
    new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory.open(name, version);
      request.onupgradeneeded = (e) => {
        const db = request.result;
        if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE);
        upgrade?.(request.transaction!, e.oldVersion);
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  const getDb = () =>
    (dbp ??= open(2)
      // A newer build upgraded the database: open it as it is (rows stay compatible).
      .catch((e: Error) => (e.name == 'VersionError' ? open() : Promise.reject(e)))
      .then(
        (db) => {
          run._opened = true;
          db.onclose = () => (dbp = undefined);
          // Another tab upgrades the database: let it (the next transaction opens again).
          db.onversionchange = () => (db.close(), (dbp = undefined));
          return db;
        },
        (e: unknown) => {
          dbp = undefined;
          throw e;
        },
      ));

  const run: RunTx = async (body, ro) => {
    for (let attempt = 0; ; attempt++) {
      try {
        let timer: ReturnType<typeof setTimeout> | undefined;
        // Wait at most 3 s for the connection (the caller falls back instead of hanging); the open goes on.
        const db = await Promise.race([
          getDb(),
          new Promise<never>((_, reject) => (timer = setTimeout(reject, OPEN_TIMEOUT_MS, new DOMException('open timed out', 'TimeoutError')))),
        ]).finally(() => clearTimeout(timer));
        const txn = db.transaction(STORE, ro ? 'readonly' : 'readwrite', { durability: 'strict' });
        const done = req(txn as unknown as IDBRequest);
        try {
          const result = await body(idbTx(txn.objectStore(STORE)));
          await done;
          return result;
        } catch (e) {
          done.catch(() => 0);
          try {
            txn.abort();
          } catch {
            // already finished
          }
          throw e;
        }
      } catch (e) {
        if (attempt > 2 || !RETRYABLE.includes((e as Error)?.name)) throw e;
        dbp = undefined;
      }
    }
  };
  run._ready = getDb;
  return run;
}

/** The same interface over a Map, for when IndexedDB is unavailable. Transactions run one at a time, all or nothing. */
export function memoryStore(): RunTx {
  let map = new Map<string, unknown>();
  let chain: Promise<unknown> = Promise.resolve();
  const copy = structuredClone as <T>(v: T) => never;
  return (body) => {
    const run = chain.then(() => {
      // The transaction works on a copy, which replaces the map only if it completes.
      const m = new Map(map);
      return body({
        _get: async (key) => copy(m.get(key)),
        _put: (key, value) => m.set(key, copy(value)),
        _del: (key) => m.delete(key),
        _list: async (prefix, count, after = '') =>
          [...m.keys()]
            .filter((k) => k.startsWith(prefix) && k > after)
            .sort()
            .slice(0, count)
            .map((k) => [k, copy(m.get(k))]),
        _count: async (prefix) => [...m.keys()].filter((k) => k.startsWith(prefix)).length,
      }).then((result) => ((map = m), result));
    });
    chain = run.catch(() => 0);
    return run;
  };
}
