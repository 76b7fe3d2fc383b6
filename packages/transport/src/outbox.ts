/**
 * The durable outbox: write-ahead to IndexedDB, claim-with-lease delivery, per-id
 * acknowledgement, retries with backoff, a dead-letter store, one flushing tab.
 * See README.md for the guarantees and their limits.
 */
import { FeedbackError, uuidv7Compact } from '@feedbackkit/core';
import type { IngestRequest, IngestResponse, Submission } from '@feedbackkit/core';
import { checkSubmission } from './check.js';
import type { ParseResult } from './check.js';
import { backoff, CAP_MS, isRetryableStatus, parseAck, parseRetryAfter } from './retry.js';
import { D, idbStore, memoryStore, META, Q } from './store.js';
import type { Meta, Row, RunTx, Tx, Upgrade } from './store.js';

export type OverflowPolicy = 'reject-new' | 'evict-oldest';
export type DropReason = 'overflow' | 'evicted' | 'quota' | 'too-large' | 'expired';

export interface OutboxOptions {
  /** The collector URL (wire protocol v1). */
  endpoint: string;
  /** Names the database, the lock and the channel; outboxes with different names are independent. Default 'default'. */
  name?: string;
  headers?: Record<string, string>;
  /** Default 1000. */
  maxItems?: number;
  /** Default 5 MiB (JSON bytes of the queued submissions). */
  maxBytes?: number;
  /** Largest single submission, default 256 KiB; larger ones are rejected by `submit`. */
  maxItemBytes?: number;
  /** What a full queue does with a new submission. Default 'reject-new'. */
  overflow?: OverflowPolicy;
  /** Undeliverable items expire after this long, by `createdAt` AND by time in the queue. Default 14 days. */
  retentionMs?: number;
  /** Submissions per request, default 50 (and at most 512 KiB of JSON). */
  batchSize?: number;
  /** Dead letters kept, default 100. Once full, a refused row stays in the queue (reported, retried with backoff); no letter is deleted. */
  maxDeadLetters?: number;
  /** Per-request timeout (`AbortSignal.timeout`), default 20 s. */
  timeoutMs?: number;
  /** Encrypt rows at rest: `encrypt: aesGcm()` (AES-GCM, non-extractable key kept in the same database). */
  encrypt?: AtRest;
  /** Applied to every submission before it is written. Pass `false` to store as given. */
  redact?: false | ((submission: Submission) => Submission);
  /** Full validation, e.g. `safeParseSubmission` from `@feedbackkit/schema`. Default: a small structural check. */
  validate?: (input: unknown) => ParseResult;
  /** Adapts the request for a backend that does not speak protocol v1. */
  encode?: (request: IngestRequest) => { body: BodyInit; headers?: Record<string, string> };
  /** Reads that backend's response as an acknowledgement; return `undefined` for "not acknowledged". See README for the risk. */
  decode?: (response: Response, request: IngestRequest) => Promise<IngestResponse | undefined>;
  /**
   * A schema upgrade run inside IndexedDB's versionchange transaction, e.g. `migrateV1` (from
   * `@feedbackkit/transport`) to move the rows of the plain idb-keyval layout into the queue.
   */
  upgrade?: Upgrade;
  /** Ask for persistent storage (`navigator.storage.persist()`). */
  persist?: boolean;
  /** Flush automatically (leader election, timers, page-lifecycle events). Default true. */
  autoFlush?: boolean;
  // ---- injectable for tests ----
  fetch?: typeof fetch;
  /** IndexedDB factory; `null` forces the in-memory fallback. */
  indexedDB?: IDBFactory | null;
  /** Web Locks; `null` uses the IndexedDB lease instead. */
  locks?: LockManager | null;
  /** Wall clock (ms since epoch). */
  now?: () => number;
  /** Monotonic clock (ms), e.g. `performance.now`. */
  monotonic?: () => number;
  random?: () => number;
}

export interface SubmitResult {
  id: string;
  /** `true` once the row is committed to IndexedDB; `false` when only memory holds it. */
  durable: boolean;
}

export interface FlushResult {
  delivered: number;
  deadLettered: number;
  pending: number;
  /** Wall-clock ms of the next attempt that is waiting for a backoff or a lease, if any. */
  nextAt?: number;
}

export interface OutboxStats {
  pending: number;
  inflight: number;
  delivered: number;
  deadLettered: number;
  dropped: number;
  droppedBy: Partial<Record<DropReason, number>>;
  durable: boolean;
  leader: boolean;
}

export interface DeadLetter {
  id: string;
  submission: Submission | undefined;
  /** HTTP status, or 0 when the backend rejected the id in an acknowledgement. */
  status: number;
  reason: string;
  at: number;
}

export interface Outbox extends EventTarget {
  submit(submission: Partial<Submission> & Omit<Submission, 'id' | 'createdAt'>): Promise<SubmitResult>;
  flush(): Promise<FlushResult>;
  stats(): OutboxStats;
  deadLetters(): Promise<DeadLetter[]>;
  /** Delete everything this outbox stores (queue and dead letters), e.g. on a shared device. */
  purge(): Promise<number>;
  close(): void;
}

/**
 * Where an at-rest cipher keeps its key: in the outbox's own database. Called without a key
 * it resolves the stored one (or `undefined`); with a key it stores it unless one exists
 * (another tab won the race) and resolves the stored one.
 */
export type KeyStore = <T>(key?: T) => Promise<T | undefined>;
/** An at-rest cipher plug-in, e.g. `aesGcm()`. */
export interface AtRest {
  seal(json: string, keys: KeyStore): Promise<unknown>;
  open(sealed: unknown, keys: KeyStore): Promise<string>;
}
/** What one request came to (`{}`: not acknowledged, e.g. a network error). Members named `_x` are private (the published build mangles them). */
interface Outcome {
  _ack?: IngestResponse;
  /** Retry after this many ms; `undefined` → backoff. */
  _retryIn?: number;
  /** A refused request (4xx): its status and body. */
  _status?: number;
  _body?: string;
  /** Not acknowledged for a reason of the row's own (not the endpoint's): it backs off alone, newer rows go on. */
  _own?: 1;
}
type Entry<T> = [string, T];

const KIB = 1024;
const DAY = 864e5;
const LEADER = 'm/leader';
const KEY = 'm/key';

const isQuota = (e: unknown) => (e as Error)?.name == 'QuotaExceededError';
/** `p`, or over the storage quota what `alt` makes of it. */
const orQuota = <T, U = T>(p: Promise<T>, alt: (e: unknown) => U | Promise<U>): Promise<T | U> =>
  p.catch((e: unknown) => (isQuota(e) ? alt(e) : Promise.reject(e)));
const refuse = (code: string, id: string, why: string, value: unknown = id) =>
  new FeedbackError(code, `submission ${id} not stored: ${why}`, { field: 'submission', value });

export function createOutbox(options: OutboxOptions): Outbox {
  const {
    endpoint,
    name = 'default',
    maxItems = 1000,
    maxBytes = 5 * KIB * KIB,
    maxItemBytes = 256 * KIB,
    retentionMs = 14 * DAY,
    batchSize = 50,
    maxDeadLetters = 100,
    timeoutMs = 2e4,
    validate = checkSubmission,
    autoFlush = true,
    now = Date.now,
    monotonic = () => performance.now(),
    random = Math.random,
    encrypt,
    encode,
    decode,
  } = options;
  const evict = options.overflow == 'evict-oldest';
  const redact = options.redact || ((s: Submission) => s);
  const factory = options.indexedDB === undefined ? globalThis.indexedDB : options.indexedDB;
  const locks = options.locks === undefined ? globalThis.navigator?.locks : options.locks;
  const lockName = 'feedbackkit-outbox:' + name;
  const leaseMs = timeoutMs + 5000;
  // Ids always come from the CSPRNG (an injected `random` drives only the jitter).
  const token = uuidv7Compact(now());
  const isoNow = () => new Date(now()).toISOString();

  const target = new EventTarget() as Outbox;
  const emit = (type: string, detail?: unknown) => target.dispatchEvent(new CustomEvent(type, { detail }));
  const counts = { pending: 0, inflight: 0, delivered: 0, deadLettered: 0, dropped: 0 };
  const droppedBy: OutboxStats['droppedBy'] = {};
  let durable = true;
  let leader = false;
  let closed: unknown;
  let retry: ReturnType<typeof setTimeout> | undefined;
  /** This tab's newest undelivered submissions (id → JSON and its bytes, at most 48 KiB in all), for the keepalive send at page hide. */
  const recent = new Map<string, [string, number]>();
  /** Ids deleted from the queue, told to the other tabs once committed so that none sends them at page hide. */
  const gone: string[] = [];
  let channel = globalThis.BroadcastChannel ? new BroadcastChannel(lockName) : undefined;

  // ---- storage, with the memory fallback ----
  let run: RunTx = factory ? idbStore(factory, lockName, options.upgrade) : () => Promise.reject(new Error('no IndexedDB'));
  // Fall back to memory only if the database never opened: once it has, a failure is
  // transient (rows on disk would be stranded), so the error goes to the caller instead.
  // A transaction that starts after the store changed (to memory, or back to disk) runs on the new one.
  const tx: RunTx = (body, ro) => {
    const r = run;
    return r((t) => (r == run ? body(t) : Promise.reject(0)), ro).catch((e: unknown) => {
      if (r != run) return tx(body, ro);
      if (!durable || r._opened || isQuota(e)) throw e;
      durable = false;
      // The memory's own key store, not `tx`'s (which follows `run` to disk after the move).
      keys = keysIn((run = memoryStore()));
      emit('durability', { durable, error: e });
      if (r._ready) void toDisk(r);
      return run(body, ro);
    });
  };
  /**
   * In memory because IndexedDB did not open (yet): wait for the open (a failed one is retried
   * after 1, 2, 4 … 60 s) until the outbox is closed, then move the rows held in memory to disk in
   * one transaction and switch to it. The move runs inside a memory transaction, so nothing else
   * touches memory meanwhile; what was queued behind it runs on disk (see `tx`). A row delivered
   * from memory is gone before the move; one in flight moves with its lease and is settled on
   * disk. A row already on disk under the same key is not written again. A move that
   * fails leaves everything in memory (still delivered from there) and is tried again.
   * `close` clears the wait before the next try (`retry`), which ends the loop.
   */
  const toDisk = async (disk: RunTx, wait = 500) => {
    for (const mem = run; !closed; await new Promise((r) => (retry = setTimeout(r, (wait = Math.min(wait * 2, 6e4)))))) {
      try {
        await disk._ready!();
        const diskKeys = keysIn(disk);
        await mem(async (m) => {
          const rows = [...(await m._list<Row>(Q)), ...(await m._list<Row>(D))];
          // Sealed in memory with the memory key (or not at all): sealed again with the database's.
          if (encrypt)
            for (const [, r] of rows) r.b = await encrypt.seal(typeof r.b == 'string' ? r.b : await encrypt.open(r.b, keysIn(((b: (t: Tx) => unknown) => b(m)) as RunTx)), diskKeys);
          await disk(async (t) => {
            // Time in the queue starts again on the database's outbox clock (it can only live longer).
            const el = (await t._get<Meta>(META))?.el ?? 0;
            const there = await Promise.all(rows.map(([k]) => t._get(k)));
            rows.forEach(([k, r], i) => there[i] || t._put(k, k < Q ? r : { ...r, e: el }));
          });
          run = disk;
          keys = diskKeys;
          // The stored totals do not include the moved rows: recounted by the next transaction.
          stale = durable = true;
        });
        emit('durability', { durable });
        return wake();
      } catch {
        // Not open, or the move failed: everything stays in memory.
      }
    }
  };

  const dropped = (ids: string[], reason: DropReason): undefined => {
    if (ids[0]) {
      counts.dropped += ids.length;
      droppedBy[reason] = (droppedBy[reason] ?? 0) + ids.length;
      emit('dropped', { ids, reason });
    }
  };

  /** The outbox clock (`Meta.el`): wall time is trusted only as far as the monotonic clock confirms it. */
  let lastMono = 0;
  let lastWall: number | undefined;

  // ---- over quota: what could not be written yet ----
  // An origin over its storage quota can still delete but not write: Chromium aborts every
  // transaction that puts anything, and a lease, a backoff and the queue totals are all puts.
  // Delivery then goes on without writing (see `txm`): the rows such a transaction would have
  // put wait here, applied wherever rows are read, and the next transaction that can write
  // writes them first. Memory only: a tab that dies loses them, and its rows are simply sent
  // again. A lease exists to keep two flushers apart, and the Web Lock (or `autoFlush: false`,
  // where the page decides who flushes) already makes this the only one; a re-send is made
  // harmless by the ids (and `Idempotency-Key`).
  /** Rows not yet written (a backoff, a lease held in memory), by key. */
  const unwritten = new Map<string, Row>();
  const view = <T>(key: string, r: T): T => r && { ...r, ...unwritten.get(key) };
  /**
   * Is a 4xx for a row sent alone the row's fault, or the endpoint's (a wrong URL, a WAF)? Only
   * an acknowledgement of another request tells: `acks` counts those, `seen` holds the count when
   * a row was split from a refused batch or last refused alone, `last` the last row refused alone
   * since the last acknowledgement.
   */
  let acks = 0;
  let last: string | undefined;
  const seen = new Map<string, number>();
  /** Rows the backend rejected whose move to the dead-letter store could not be written: kept on disk, not re-sent. */
  const rejectedIds = new Map<string, Outcome>();
  /** Set once a transaction deleted rows without writing the queue totals: they are recounted from the rows. */
  let stale: unknown;
  /** Deletes a queued row inside `txm` (and from the keepalive list; `gone` is told to the other tabs once committed). */
  const del = (t: Tx, meta: Meta, [key, r]: Entry<Row>) => (t._del(key), recent.delete(r.id), gone.push(r.id), meta.n--, (meta.bytes -= r.s), r.id);
  /**
   * A write transaction that reads the queue totals and writes them back, after writing what
   * earlier ones over quota could not. Over quota, if `defer()` says so, it is redone without
   * writing: deletes go to disk, puts to `unwritten`, and the stored totals are stale until a
   * transaction that can write recounts them from the rows (so does every one without writing).
   */
  const txm = <T>(body: (t: Tx, meta: Meta) => Promise<T>, defer?: () => unknown): Promise<T> => {
    const go = (write?: 1) => {
      let left = 0;
      return tx(async (t) => {
        const meta = (await t._get<Meta>(META)) ?? { n: 0, bytes: 0, el: 0, w: now() };
        const wall = now();
        const mono = monotonic();
        // Our own last reading (set together with `lastMono`): the monotonic clock measured the
        // interval. Otherwise (a new session, another tab, a write that did not commit) only a
        // wall-clock gap is known: never negative, at most a day.
        meta.el += meta.w === lastWall ? Math.max(mono - lastMono, 0) : Math.min(Math.max(wall - meta.w, 0), DAY);
        meta.w = lastWall = wall;
        lastMono = mono;
        // Read once the transaction runs: an earlier one over quota has committed by then.
        if (stale || !write) {
          meta.n = meta.bytes = 0;
          for (const [, r] of await t._list<Row>(Q)) meta.n++, (meta.bytes += r.s);
        }
        if (write) {
          // All reads at once (one round trip), then the puts of the rows still there.
          const held = [...unwritten];
          (await Promise.all(held.map(([k]) => t._get(k)))).forEach((r, i) => r && t._put(...held[i]!));
        }
        const result = await body(
          write
            ? t
            : ({
                _over: 1,
                _get: (k) => t._get(k).then((r) => view(k, r)),
                _put: (k, v) => unwritten.set(k, v as Row),
                _del: t._del,
                _list: (...a) => t._list(...a).then((rows) => rows.map(([k, r]) => [k, view(k, r)])),
                _count: t._count,
              } as Tx),
          meta,
        );
        if (write) t._put(META, meta);
        left = meta.n;
        return result;
      }).then((result) => {
        // Only once committed, with the counts the caller adds in the same microtask run: a
        // body that aborts (over quota, the write before the redo) or has not committed yet
        // must not show rows leaving the queue before they show as delivered.
        counts.pending = left;
        for (const id of gone) seen.delete(id);
        if (gone[0]) channel?.postMessage(gone.splice(0));
        stale = !write;
        if (write) unwritten.clear();
        return result;
      }, (e: unknown) => {
        // Not committed: its rows are still queued (a redo pushes them again).
        gone.length = 0;
        throw e;
      });
    };
    return orQuota(go(1), (e) => (defer?.() ? go() : Promise.reject(e)));
  };

  // ---- encryption at rest (a plug-in: see at-rest.ts) ----
  // Reading the key is a readonly transaction; storing one stays readwrite (check and put in one
  // transaction, so two tabs never keep different keys).
  const keysIn =
    (r: RunTx): KeyStore =>
    (key) =>
      r(async (t) => (await t._get<typeof key>(KEY)) ?? (key && (t._put(KEY, key), key)), !key);
  let keys = keysIn(tx);
  /**
   * A stored body as a submission (a string: JSON as written; anything else: sealed by `encrypt`
   * with `k`, the key store of the store it was read from: taken in that transaction, since the
   * late-open move switches `keys` between a claim and the reads of its rows).
   */
  const read = async (b: unknown, k: KeyStore) => JSON.parse(typeof b == 'string' ? b : await encrypt!.open(b, k)) as Submission;

  // ---- submit, with group commit ----
  /** A submission's row before `commit` stamps it with the outbox clock (`e`). */
  type NewRow = Omit<Row, 'e'>;
  /** The submits of one task, committed in one transaction (IndexedDB runs the transactions in order). */
  let group: NewRow[] | undefined;
  let groupDone: Promise<Set<string> | undefined>;

  /** Writes a group's rows; resolves with the ids stored, or `undefined` when the storage quota refused them all. */
  async function commit(plain: NewRow[]): Promise<Set<string> | undefined> {
    const k = keys;
    const rows = encrypt ? await Promise.all(plain.map(async (r) => ({ ...r, b: await encrypt.seal(r.b as string, k) }))) : plain;
    const attempt = (room = 0) =>
      txm(async (t, meta) => {
        // Sealed with the memory key, but the outbox has moved to disk since: seal them again.
        if (k != keys) throw plain;
        const stored = new Set<string>();
        const full: string[] = [];
        const evicted: string[] = [];
        let victims: Array<Entry<Row>> | undefined;
        /** Rows that may be evicted, oldest first: the queue's key order, which is the order it is sent in (UUIDv7 ids: creation order). Read once, when first needed. */
        const unleased = async () => (victims ??= (await t._list<Row>(Q)).filter(([, r]) => !leased(r)));
        const evictFrom = (v: Array<Entry<Row>>) => v[0] && evicted.push(del(t, meta, v.shift()!));
        // Over the storage quota: first make room, as many rows as the group or a tenth of the queue.
        if (room) for (let v = await unleased(), k = Math.max(room, v.length / 10); k-- > 0 && evictFrom(v); );
        const existing = await Promise.all(rows.map((r) => t._get(Q + r.id)));
        for (const [i, row] of rows.entries()) {
          if (!stored.has(row.id) && !existing[i]) {
            const fits = () => meta.n < maxItems && meta.bytes + row.s <= maxBytes;
            if (evict && !fits()) for (const v = await unleased(); !fits() && evictFrom(v); );
            if (!fits()) {
              full.push(row.id);
              continue;
            }
            t._put(Q + row.id, { ...row, e: meta.el });
            meta.n++;
            meta.bytes += row.s;
          }
          stored.add(row.id);
        }
        return { _stored: stored, _full: full, _evicted: evicted };
      });
    // The disk is full: the same policy as a full queue. With 'evict-oldest' the evictions and
    // the group's rows are one transaction, so over a real quota (Chromium refuses any
    // transaction that writes) nothing is evicted for nothing: the new submissions are refused
    // and counted, never lost uncounted.
    const result = await orQuota(attempt(), () => (evict ? orQuota(attempt(rows.length), () => undefined) : undefined)).catch((e: unknown) =>
      e == plain ? 0 : Promise.reject(e),
    );
    if (result === 0) return commit(plain);
    if (!result) return dropped(rows.map((r) => r.id), 'quota');
    dropped(result._evicted, 'evicted');
    dropped(result._full, 'overflow');
    if (result._stored.size) wake();
    return result._stored;
  }

  target.submit = async (input) => {
    if (closed) throw new FeedbackError('closed', 'the outbox is closed', { field: 'outbox' });
    const filled = { ...input } as Submission;
    filled.id ??= uuidv7Compact(now());
    filled.createdAt ??= isoNow();
    const checked = validate(filled);
    if (!checked.success) {
      const { path: at = '', message = 'invalid' } = checked.issues?.[0] ?? {};
      const path = [at].flat().join('.');
      throw new FeedbackError('invalid-submission', `submission.${path}: ${message}`, {
        field: path,
        value: path.split('.').reduce<unknown>((o, k) => (k ? (o as Record<string, unknown> | undefined)?.[k] : o), filled),
      });
    }
    const sub = redact(filled);
    const id = sub.id;
    const json = JSON.stringify(sub);
    const size = new TextEncoder().encode(json).length;
    if (size > maxItemBytes) throw (dropped([id], 'too-large'), refuse('too-large', id, `${size} bytes, over ${maxItemBytes}`, size));
    const row = { id, c: Date.parse(sub.createdAt), s: size, b: json, t: 0, d: 0, l: 0 };
    if (!group) {
      const rows: NewRow[] = (group = []);
      // Every submit of this task joins the group (the callback runs after them).
      groupDone = Promise.resolve().then(() => ((group = undefined), commit(rows)));
    }
    group.push(row);
    const stored = await groupDone;
    if (!stored) throw refuse('quota-exceeded', id, 'over the storage quota');
    if (!stored.has(id)) throw refuse('outbox-full', id, `full (maxItems ${maxItems}, maxBytes ${maxBytes})`);
    // Remember it for the keepalive send: the newest that fit in one request of 48 KiB.
    recent.set(id, [json, size]);
    let bytes = 120;
    for (const [k, [, n]] of [...recent].reverse()) if ((bytes += n + 1) > 48 * KIB) recent.delete(k);
    return { id, durable };
  };

  // ---- delivery ----
  const leased = (r: Row, at = now()) => r.l > at && r.l - at <= leaseMs;

  /**
   * Claims the next batch, leasing its rows in the same transaction. `eager`: the browser just
   * came back online, so a backoff wait (not a `Retry-After`) is over. Over quota only the
   * leader (or a page that flushes by hand) claims, with leases held in memory (see `txm`).
   */
  const claim = (eager: unknown) =>
    txm(
      async (t, meta) => {
        const at = now();
        // Leading by the Web Lock: the only flusher of this name in every tab.
        const byLock = leader && locks ? 1 : undefined;
        const rows: Row[] = [];
        const expired: string[] = [];
        let nextAt = Infinity;
        let bytes = 0;
        // Once a row is waiting out a backoff after an endpoint-wide failure, newer rows wait with
        // it: creation order holds, and holding them back costs nothing. A row backing off for a
        // reason of its own (`i`) holds nothing.
        let held: unknown;
        // Pages of 200 rows, stopping once the batch is full (the next claim resumes the scan).
        for (let page: Array<Entry<Row>>, after: string | undefined; nextAt > at; after = page.at(-1)![0]) {
          // An empty queue holds nothing: this also settles totals left stale (over quota, or by a closed tab).
          if (!(page = await t._list<Row>(Q, 200, after))[0]) {
            if (!after) meta.n = meta.bytes = 0;
            break;
          }
          for (const entry of page) {
            const r = entry[1];
            if (rejectedIds.has(r.id)) continue;
            // Expired by createdAt AND by time in the queue (the outbox clock): a clock jump alone expires nothing.
            if (at - r.c >= retentionMs && meta.el - r.e >= retentionMs) expired.push(del(t, meta, entry));
            // A lease the last Web-Locks leader took ended with its lock: the lock is this tab's now.
            else if (leased(r, at) && !(r.k && byLock && r.o != token)) nextAt = Math.min(nextAt, r.l);
            // A `not before` further ahead than the longest possible wait means the clock went back: due now.
            else if (r.d > at && r.d - at <= CAP_MS && !(eager && !r.ra)) (nextAt = Math.min(nextAt, r.d)), (held ||= !r.i);
            else if (!held)
              if (rows.length < batchSize && !rows[0]?.solo && (!r.solo || !rows[0]) && bytes + r.s <= 512 * KIB) rows.push(r), (bytes += r.s);
              else nextAt = at;
          }
        }
        for (const r of rows) t._put(Q + r.id, { ...r, l: at + leaseMs, o: token, k: byLock });
        return { _rows: rows, _expired: expired, _nextAt: nextAt, _keys: keys };
      },
      () => leader || !autoFlush,
    );

  async function send(subs: Submission[], keepalive?: boolean): Promise<Outcome> {
    const request: IngestRequest = { protocol: 1, sentAt: isoNow(), submissions: subs };
    const encoded = encode ? encode(request) : { body: JSON.stringify(request) };
    try {
      const response = await (options.fetch ?? fetch)(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...options.headers, ...encoded.headers, ...(subs[1] ? {} : { 'idempotency-key': subs[0]!.id }) },
        body: encoded.body,
        keepalive,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const status = response.status;
      if (isRetryableStatus(status)) {
        void response.body?.cancel().catch(() => 0);
        // An HTTP-date is read against the server's own clock (its `Date` header) when it sent one.
        const h = response.headers;
        return { _retryIn: parseRetryAfter(h.get('retry-after'), Date.parse(h.get('date')!) || now()) };
      }
      if (status > 399) return { _status: status, _body: (await response.text().catch(() => '')).slice(0, 1024) };
      const ack = await (decode ? decode(response, request) : response.json().then(parseAck));
      // The endpoint works: a row it left out backs off on its own.
      if (ack) return acks++, (last = undefined), { _ack: ack, _own: 1 };
    } catch {
      // A network error, the timeout, or a body that is not JSON.
    }
    // Not JSON (a captive portal, a proxy's login page) or not the ack: not acknowledged.
    return {};
  }

  /**
   * Applies one outcome to the rows of a batch in one transaction, counting into a flush's
   * result `into`; without one (a keepalive send) nothing is retried.
   * Over quota (see `txm`) a rejected row stays on disk, marked in `rejectedIds` so it is not
   * re-sent, until its move to the dead-letter store can be written.
   */
  async function settle(rows: Array<Pick<Row, 'id'>>, o: Outcome, into?: FlushResult) {
    const s = await txm(
      async (t, meta) => {
        const at = now();
        const accepted = new Set(o._ack?.accepted);
        const rejected = new Map(o._ack?.rejected.map((r) => [r.id, r.reason]));
        const refused = o._status;
        const delivered: string[] = [];
        const dead: Array<Pick<DeadLetter, 'id' | 'status' | 'reason'>> = [];
        const kept: string[] = [];
        // Room in the dead-letter store, read only when a row may need it.
        let room = maxDeadLetters - ((refused && !rows[1]) || rejected.size ? await t._count(D) : 0);
        let nextAt = Infinity;
        // One jitter draw per batch: its rows become due together and are re-sent together.
        const jitter = random();
        // All reads at once: one round trip to the IndexedDB backend, not one per row.
        const current = await Promise.all(rows.map((r) => t._get<Row>(Q + r.id)));
        rows.forEach(({ id }, i) => {
          const cur = current[i];
          const reason = refused && !rows[1] ? o._body : rejected.get(id);
          const item = { id, status: refused ?? 0, reason: reason! };
          if (!cur) return;
          if (accepted.has(id)) delivered.push(del(t, meta, [Q + id, cur]));
          else if (reason !== undefined && t._over) kept.push(id);
          else if (reason !== undefined && room-- > 0) {
            t._put(D + id, { ...item, at, b: cur.b });
            dead.push(item);
            del(t, meta, [Q + id, cur]);
          } else if (into && cur.o === token) {
            // Refused while the dead-letter store is full: reported, but kept rather than deleting a letter.
            if (reason !== undefined) dead.push(item);
            // A 4xx for several items: resend each alone so one poison item blocks no other.
            // `Retry-After` is the least the backend asks for, never less than our own backoff
            // (`Retry-After: 0` or a past date must not make a retry loop).
            const split = refused && rows[1];
            const d = at + (split ? 0 : Math.max(o._retryIn ?? 0, backoff(cur.t, () => jitter)));
            nextAt = Math.min(nextAt, d);
            t._put(Q + id, {
              ...cur,
              l: 0,
              o: undefined,
              t: cur.t + 1,
              d,
              solo: split ? 1 : cur.solo,
              ra: o._retryIn ? 1 : undefined,
              i: reason !== undefined || o._own,
            });
          }
        });
        return { _delivered: delivered, _dead: dead, _nextAt: nextAt, _kept: kept };
      },
      () => 1,
    );
    const { _delivered: delivered, _dead: dead } = s;
    for (const { id } of rows) rejectedIds.delete(id);
    for (const id of s._kept) rejectedIds.set(id, o);
    for (const c of [counts, into]) if (c) (c.delivered += delivered.length), (c.deadLettered += dead.length);
    if (delivered[0]) emit('delivered', { ids: delivered });
    if (dead[0]) emit('dead-letter', { items: dead });
    return s;
  }

  /** Set by the `online` event: the next drain sends rows that were only waiting out a backoff. */
  let online: unknown;
  async function drain(): Promise<FlushResult> {
    const eager = online;
    online = 0;
    const result: FlushResult = { delivered: 0, deadLettered: 0, pending: 0 };
    // Rejected rows whose move to the dead-letter store could not be written: try again.
    // (Alone, the row gets the same reason: a lone 4xx's body, or the ack's `rejected` entry.)
    for (const [id, o] of [...rejectedIds]) await settle([{ id }], o, result);
    for (;;) {
      const c = await claim(eager);
      const rows: Row[] = [];
      const subs: Submission[] = [];
      const unreadable: IngestResponse['rejected'] = [];
      dropped(c._expired, 'expired');
      // A row that cannot be read (its key is gone, `encrypt` no longer passed) becomes a dead
      // letter instead of blocking the queue behind it.
      for (const r of c._rows) await read(r.b, c._keys).then((s) => subs.push(s) && rows.push(r), (e: unknown) => unreadable.push({ id: r.id, reason: 'unreadable: ' + e }));
      if (unreadable[0]) await settle(unreadable, { _ack: { accepted: [], rejected: unreadable } }, result);
      if (!rows[0]) {
        if (c._rows[0]) continue;
        if (c._nextAt < Infinity) result.nextAt = c._nextAt;
        break;
      }
      counts.inflight = subs.length;
      let outcome = await send(subs).finally(() => (counts.inflight = 0));
      const id = rows[0].id;
      if (outcome._status)
        if (rows[1]) for (const r of rows) seen.set(r.id, acks);
        else {
          // Refused alone. A second row refused alone with no acknowledgement between: the endpoint
          // refuses everything (back off, stop). No acknowledgement since this row was split or last
          // refused: kept, it backs off on its own. Otherwise the refusal is the row's own.
          outcome = last && last != id ? {} : seen.get(id)! < acks ? outcome : { _own: 1 };
          seen.set(id, acks);
          last = id;
        }
      const s = await settle(rows, outcome, result);
      if (!(outcome._status || outcome._own) && s._nextAt < Infinity) {
        // The endpoint is failing (its rows back off): stop here and come back when the earliest row is due.
        result.nextAt = Math.min(c._nextAt, s._nextAt);
        break;
      }
    }
    result.pending = counts.pending;
    return result;
  }

  let flushing: Promise<FlushResult> | undefined;
  target.flush = async () => {
    while (flushing) await flushing.catch(() => 0);
    const r = await (flushing = drain().finally(() => (flushing = undefined)));
    schedule(r.nextAt);
    return r;
  };

  target.stats = () => ({ ...counts, droppedBy: { ...droppedBy }, durable, leader });

  // `keys` is read as soon as the letters' transaction resolves, before any other task runs, so it
  // is that store's: a late-open move that switches it holds the memory store and seals (crypto
  // and a disk transaction: other tasks) before it does.
  target.deadLetters = async () =>
    Promise.all(
      (await tx((t) => t._list<DeadLetter & { b: unknown }>(D), 1)).map(async ([, { b, ...l }]) => ({
        ...l,
        submission: await read(b, keys).catch(() => undefined),
      })),
    );

  target.purge = () =>
    txm(
      async (t, meta) => {
        const rows = [...(await t._list<Row>(Q)), ...(await t._list<Row>(D))];
        for (const [k, r] of rows) t._del(k), gone.push(r.id);
        meta.n = meta.bytes = 0;
        recent.clear();
        unwritten.clear();
        rejectedIds.clear();
        return rows.length;
      },
      // Over quota too: the stored totals are recounted once a write succeeds.
      () => 1,
    );

  // ---- automatic flushing: one leader, woken by the others ----
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timerAt = Infinity;
  // In memory (`!durable`) each tab holds its own rows, so each flushes them, leader or not.
  const flusher = () => leader || (autoFlush && !durable);
  function schedule(at: number | undefined) {
    if (!flusher() || closed || at === undefined || at >= timerAt) return;
    clearTimeout(timer);
    timerAt = at;
    // No deadline the outbox sets lies further ahead than the backoff cap or a lease: one that
    // does means the wall clock went back since it was set (maybe between a settle and this
    // call), and `claim` counts such a row as due now. Otherwise never sleep beyond the cap.
    const wait = at - now();
    timer = setTimeout(
      () => {
        timerAt = Infinity;
        // A flush that failed (storage full, connection lost) is tried again 5 s later: no stall until the next wake.
        target.flush().catch(() => schedule(now() + 5000));
      },
      wait > Math.max(CAP_MS, leaseMs) ? 0 : Math.min(Math.max(wait, 0), CAP_MS),
    );
  }
  const wakeUp = () => schedule(now());
  const wake = () => (flusher() ? wakeUp() : channel?.postMessage(0));
  // A message is a wake-up call (0), or ids that left the queue in another tab.
  if (channel) channel.onmessage = ({ data }: MessageEvent<string[] | 0>) => (data ? data.map((id) => recent.delete(id)) : wakeUp());

  const stop = new AbortController();
  let releaseLock: (() => void) | undefined;
  let leaseTimer: ReturnType<typeof setInterval> | undefined;
  let renew: (() => Promise<void>) | undefined;
  function becomeLeader(is: boolean) {
    if (is != leader) {
      leader = is;
      emit(is ? 'leader' : 'follower');
      if (is) wakeUp();
    }
  }

  let keepaliveSent: unknown;
  /** Page hide: send this tab's newest undelivered submissions that fit in 48 KiB; rows stay until acknowledged. */
  const onHide = () => {
    const subs = [...recent.values()].map(([json]) => JSON.parse(json) as Submission);
    if (!keepaliveSent && subs[0])
      void send(subs, (keepaliveSent = true))
        .then((o) => o._ack && settle(subs, o))
        .catch(() => 0);
  };
  const onShow = () => {
    keepaliveSent = 0;
    wake();
  };

  if (autoFlush) {
    if (locks)
      locks
        .request(lockName, { signal: stop.signal }, () => {
          becomeLeader(true);
          return new Promise<void>((resolve) => (releaseLock = resolve));
        })
        .catch(() => 0);
    else {
      // The IndexedDB leader lease (1.5 s, renewed every 0.5 s); once closed, the same
      // transaction hands it back (deletes it) if it is this outbox's.
      renew = () =>
        tx(async (t) => {
          const at = now();
          const l = await t._get<{ o: string; l: number }>(LEADER);
          const mine = !l || l.o === token || !(l.l > at && l.l - at <= 1500);
          if (mine) closed ? t._del(LEADER) : t._put(LEADER, { o: token, l: at + 1500 });
          return mine && !closed;
        }).then(becomeLeader, () => becomeLeader(false));
      void renew();
      leaseTimer = setInterval(renew, 500);
    }
    // Removed by `close` (the same abort signal as the lock request). `visibilitychange` is
    // fired at the document and bubbles to the window.
    const on = (type: string, f: () => void) => globalThis.window?.addEventListener(type, f, { signal: stop.signal });
    on('visibilitychange', () => (document.visibilityState == 'hidden' ? onHide() : onShow()));
    on('pagehide', onHide);
    on('pageshow', onShow);
    on('online', () => ((online = 1), wake()));
  }
  if (options.persist) void globalThis.navigator?.storage?.persist?.().catch(() => 0);

  target.close = () => {
    if (closed) return;
    closed = 1;
    clearTimeout(timer);
    clearTimeout(retry);
    clearInterval(leaseTimer);
    stop.abort();
    releaseLock?.();
    channel?.close();
    // A closed outbox may still flush by hand: it tells no other tab.
    channel = undefined;
    leader = false;
    void renew?.();
  };

  return target;
}
