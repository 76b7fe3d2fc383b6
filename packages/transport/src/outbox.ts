/**
 * The durable outbox: write-ahead to IndexedDB, claim-with-lease delivery, per-id
 * acknowledgement, retries with backoff, a dead-letter store, one flushing tab.
 * See README.md for the guarantees and their limits.
 */
import { FeedbackError } from '@feedbackkit/core';
import type { IngestRequest, IngestResponse, Submission } from '@feedbackkit/core';
import { checkSubmission } from './check.js';
import type { ParseResult } from './check.js';
import { backoff, CAP_MS, isRetryableStatus, parseAck, parseRetryAfter } from './retry.js';
import { idbStore, memoryStore } from './store.js';
import type { RunTx, Tx } from './store.js';
import { uuidv7 } from './uuid.js';

export type OverflowPolicy = 'reject-new' | 'evict-oldest';
export type DropReason = 'overflow' | 'evicted' | 'quota' | 'too-large' | 'expired' | 'dead-letter-overflow';

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
  /** Dead letters kept (oldest dropped, counted), default 100. */
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

/** Where an at-rest cipher keeps its key: in the outbox's own database. */
export interface KeyStore {
  get(): Promise<unknown>;
  /** Stores `key` unless one exists (another tab won the race); returns the stored one. */
  add<T>(key: T): Promise<T>;
}
/** An at-rest cipher plug-in, e.g. `aesGcm()`. */
export interface AtRest {
  seal(json: string, keys: KeyStore): Promise<unknown>;
  open(sealed: unknown, keys: KeyStore): Promise<string>;
}
interface Row {
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
  /** Send alone: its batch was refused with a 4xx. */
  solo?: 1;
  /** `d` is the backend's `Retry-After`, kept even when the browser comes back online. */
  ra?: 1;
}
/** Queue totals and the outbox clock: `el` ms of trusted elapsed time, as of wall time `w`. */
interface Meta {
  n: number;
  bytes: number;
  el: number;
  w: number;
}

const Q = 'q/';
const D = 'd/';
const META = 'm/meta';
const KEY = 'm/key';
const LEADER = 'm/leader';
const KIB = 1024;
const DAY = 864e5;
const KEEPALIVE_BYTES = 48 * KIB;
const LEADER_LEASE_MS = 1500;
/** After a flush that threw (not a failed request: those back off per row), try again this much later. */
const FLUSH_RETRY_MS = 5000;
/** Wall time between two sessions counts as queue time only up to this much (a jump is indistinguishable from a gap). */
const GAP_CAP = DAY;

const encoder = new TextEncoder();
const utf8Length = (s: string) => encoder.encode(s).byteLength;

export function createOutbox(options: OutboxOptions): Outbox {
  const {
    endpoint,
    name = 'default',
    maxItems = 1000,
    maxBytes = 5 * KIB * KIB,
    maxItemBytes = 256 * KIB,
    overflow = 'reject-new',
    retentionMs = 14 * DAY,
    batchSize = 50,
    maxDeadLetters = 100,
    timeoutMs = 20_000,
    validate = checkSubmission,
    autoFlush = true,
    now = Date.now,
    monotonic = () => performance.now(),
    random = Math.random,
  } = options;
  const redact = options.redact === false ? undefined : options.redact;
  const doFetch = options.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
  const factory = options.indexedDB === undefined ? globalThis.indexedDB : options.indexedDB;
  const locks = options.locks === undefined ? globalThis.navigator?.locks : options.locks;
  const leaseMs = timeoutMs + 5000;
  // Ids always come from the CSPRNG (an injected `random` drives only the jitter).
  const fillRandom = <T extends Uint8Array>(b: T) => crypto.getRandomValues(b);
  const token = uuidv7(now(), fillRandom);

  const target = new EventTarget() as Outbox;
  const emit = (type: string, detail: unknown) => target.dispatchEvent(new CustomEvent(type, { detail }));
  const counts = { delivered: 0, deadLettered: 0, dropped: 0 };
  const droppedBy: OutboxStats['droppedBy'] = {};
  let pending = 0;
  let inflight = 0;
  let durable = true;
  let leader = false;
  let closed = false;
  /** This tab's newest undelivered submissions (JSON, at most 48 KiB), for the keepalive send at page hide. */
  const recent = new Map<string, string>();
  let recentBytes = 0;
  function remember(id: string, json: string) {
    recent.set(id, json);
    recentBytes += json.length;
    for (const [k, v] of recent) {
      if (recentBytes <= KEEPALIVE_BYTES) break;
      forget(k, v);
    }
  }
  function forget(id: string, json = recent.get(id)) {
    if (json !== undefined && recent.delete(id)) recentBytes -= json.length;
  }


  // ---- storage, with the memory fallback ----
  let run: RunTx = factory ? idbStore(factory, `feedbackkit-outbox:${name}`, migrate) : () => Promise.reject(new Error('no IndexedDB'));
  // Fall back to memory only if the database never opened: once it has, a failure is
  // transient (rows on disk would be stranded), so the error goes to the caller instead.
  const tx: RunTx = async (mode, body) => {
    try {
      return await run(mode, body);
    } catch (e) {
      if (!durable || run.opened || isQuota(e)) throw e;
      durable = false;
      run = memoryStore();
      emit('durability', { durable: false, error: e });
      return run(mode, body);
    }
  };

  function dropped(ids: string[], reason: DropReason) {
    if (!ids.length) return;
    counts.dropped += ids.length;
    droppedBy[reason] = (droppedBy[reason] ?? 0) + ids.length;
    for (const id of ids) forget(id);
    emit('dropped', { ids, reason });
  }

  /** The outbox clock: wall time is trusted only as far as the monotonic clock confirms it. */
  let lastMono: number | undefined;
  let lastWall: number | undefined;
  function tick(meta: Meta, advance: boolean): number {
    const wall = now();
    const mono = monotonic();
    // Our own last reading: the monotonic clock measured the interval. Otherwise (a new
    // session, another tab) only a wall-clock gap is known: never negative, at most a day.
    const ours = advance && lastMono !== undefined && meta.w === lastWall;
    const el = meta.el + (ours ? Math.max(mono - lastMono!, 0) : Math.min(Math.max(wall - meta.w, 0), GAP_CAP));
    if (advance) {
      meta.el = el;
      meta.w = lastWall = wall;
      lastMono = mono;
    }
    return el;
  }
  const freshMeta = (): Meta => ({ n: 0, bytes: 0, el: 0, w: now() });

  // ---- over quota: what could not be written yet ----
  // An origin over its storage quota can still delete but not write: Chromium aborts every
  // transaction that puts anything, and a lease, a backoff, a dead letter and the queue totals
  // are all puts. Delivery then goes on without them (see `claim` and `settle`); what they
  // would have written waits here, applied wherever rows are read, until a transaction can
  // write it. Memory only: a tab that dies loses it, and its rows are simply sent again.
  /** Row fields not yet written (a backoff, a lease held in memory), by id. */
  const unwritten = new Map<string, Partial<Row>>();
  /** Rows the backend rejected whose move to the dead-letter store could not be written: kept on disk, not re-sent. */
  const rejectedIds = new Map<string, Outcome>();
  /** Deleted rows not yet subtracted from the stored queue totals. */
  const owed = { n: 0, bytes: 0 };
  const view = (r: Row): Row => ({ ...r, ...unwritten.get(r.id) });
  /** A write transaction that reads the queue totals (less what is owed) and writes them back. */
  const txm = <T>(body: (t: Tx, meta: Meta) => Promise<T>): Promise<T> => {
    let paid = owed;
    return tx('readwrite', async (t) => {
      const meta = (await t.get<Meta>(META)) ?? freshMeta();
      // Read once the transaction runs: an earlier one that paid has committed and settled its debt.
      paid = { ...owed };
      meta.n = Math.max(meta.n - paid.n, 0);
      meta.bytes = Math.max(meta.bytes - paid.bytes, 0);
      const result = await body(t, meta);
      t.put(META, meta);
      pending = meta.n;
      return result;
    }).then((result) => {
      owed.n -= paid.n;
      owed.bytes -= paid.bytes;
      return result;
    });
  };

  // ---- encryption at rest (a plug-in: see at-rest.ts) ----
  const keys: KeyStore = {
    get: () => tx('readonly', (t) => t.get(KEY)),
    add: (key) => tx('readwrite', async (t) => (await t.get<typeof key>(KEY)) ?? (t.put(KEY, key), key)),
  };
  const seal = async (json: string) => (options.encrypt ? options.encrypt.seal(json, keys) : json);
  const unseal = async (b: unknown) => (typeof b === 'string' ? b : options.encrypt!.open(b, keys));

  // ---- submit, with group commit ----
  type Waiting = { row: Row; resolve: (r: SubmitResult) => void; reject: (e: unknown) => void };
  let group: Waiting[] = [];
  let committing = false;

  async function commit(items: Waiting[]): Promise<void> {
    let result: { stored: Set<string>; full: string[]; evicted: string[] };
    const attempt = () =>
      txm(async (t, meta) => {
        const el = tick(meta, false);
        const stored = new Set<string>();
        const full: string[] = [];
        const evicted: string[] = [];
        let victims: Array<[string, Row]> | undefined;
        const existing = await Promise.all(items.map((w) => t.get(Q + w.row.id)));
        for (const [i, { row }] of items.entries()) {
          if (stored.has(row.id) || existing[i]) {
            stored.add(row.id);
            continue;
          }
          const fits = () => meta.n + 1 <= maxItems && meta.bytes + row.s <= maxBytes;
          if (!fits() && overflow === 'evict-oldest') {
            victims ??= (await t.list<Row>(Q)).filter(([, r]) => !leased(r)).sort(([, a], [, b]) => a.e - b.e);
            while (!fits() && victims.length) {
              const [key, v] = victims.shift()!;
              t.del(key);
              meta.n--;
              meta.bytes -= v.s;
              evicted.push(v.id);
            }
          }
          if (!fits()) {
            full.push(row.id);
            continue;
          }
          t.put(Q + row.id, { ...row, e: el });
          meta.n++;
          meta.bytes += row.s;
          stored.add(row.id);
        }
        return { stored, full, evicted };
      });
    try {
      result = await attempt();
    } catch (e) {
      if (!isQuota(e)) throw e;
      // The disk is full: same policy as a full queue.
      // Over quota, the browser may refuse even the eviction's transaction: then the new
      // submissions are refused and counted below, never lost uncounted.
      const evicted = overflow === 'evict-oldest' ? await evictOldest(items.length).catch((x) => (isQuota(x) ? [] : Promise.reject(x))) : [];
      dropped(evicted, 'evicted');
      try {
        if (!evicted.length) throw e;
        result = await attempt();
      } catch (again) {
        if (!isQuota(again)) throw again;
        dropped(
          items.map((w) => w.row.id),
          'quota',
        );
        for (const w of items) w.reject(refuse('quota-exceeded', w.row.id, 'storage quota exceeded'));
        return;
      }
    }
    dropped(result.evicted, 'evicted');
    dropped(result.full, 'overflow');
    for (const w of items) {
      if (result.stored.has(w.row.id)) w.resolve({ id: w.row.id, durable });
      else w.reject(refuse('outbox-full', w.row.id, `the outbox is full (maxItems ${maxItems}, maxBytes ${maxBytes})`));
    }
    if (result.stored.size) wake();
  }

  async function evictOldest(count: number): Promise<string[]> {
    return txm(async (t, meta) => {
      const rows = (await t.list<Row>(Q)).filter(([, r]) => !leased(r)).sort(([, a], [, b]) => a.e - b.e);
      const out = rows.slice(0, Math.max(count, Math.ceil(rows.length / 10)));
      for (const [key, r] of out) {
        t.del(key);
        meta.n--;
        meta.bytes -= r.s;
      }
      return out.map(([, r]) => r.id);
    });
  }

  async function pump(): Promise<void> {
    committing = true;
    // Let every submit of this task join the first group.
    await Promise.resolve();
    while (group.length) {
      const items = group;
      group = [];
      try {
        await commit(items);
      } catch (e) {
        for (const w of items) w.reject(e);
      }
    }
    committing = false;
  }

  target.submit = async (input) => {
    if (closed) throw new FeedbackError('closed', 'the outbox is closed', { field: 'outbox' });
    const filled = { ...input } as Submission;
    filled.id ??= uuidv7(now(), fillRandom);
    filled.createdAt ??= new Date(now()).toISOString();
    const checked = validate(filled);
    if (!checked.success) {
      const issue = checked.issues?.[0];
      const path = Array.isArray(issue?.path) ? issue.path.join('.') : String(issue?.path ?? '');
      throw new FeedbackError('invalid-submission', `submission.${path}: ${issue?.message ?? 'invalid'}`, {
        field: path,
        value: path ? path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], filled) : filled,
      });
    }
    const sub = redact ? redact(filled) : filled;
    const json = JSON.stringify(sub);
    const size = utf8Length(json);
    if (size > maxItemBytes) {
      dropped([sub.id], 'too-large');
      throw refuse('too-large', sub.id, `${size} bytes is over the ${maxItemBytes}-byte limit`, size);
    }
    const row: Row = { id: sub.id, c: Date.parse(sub.createdAt), e: 0, s: size, b: await seal(json), t: 0, d: 0, l: 0 };
    const result = await new Promise<SubmitResult>((resolve, reject) => {
      group.push({ row, resolve, reject });
      if (!committing) void pump();
    });
    remember(sub.id, json);
    return result;
  };

  // ---- delivery ----
  const leased = (r: Row, at = now()) => r.l > at && r.l - at <= leaseMs;
  /** A `not before` further ahead than the longest possible wait means the clock went back: due now. */
  const dueAt = (r: Row, at: number) => (r.d - at > CAP_MS ? at : r.d);
  const expired = (r: Row, at: number, el: number) => at - r.c >= retentionMs && el - r.e >= retentionMs;

  interface Claim {
    rows: Row[];
    expired: string[];
    nextAt: number;
  }
  /**
   * Claims the next batch, leasing its rows in the same transaction. `eager`: the browser just
   * came back online, so a backoff wait (not a `Retry-After`) is over.
   *
   * Over quota the lease writes abort, so the flusher claims without writing: a read-only scan
   * whose leases live only in memory. That keeps every guarantee: a lease exists to keep two
   * flushers apart, and the Web Lock (or `autoFlush: false`, where the page decides who
   * flushes) already makes this the only one; if the tab dies mid-send, its rows are sent
   * again later, which their ids (and `Idempotency-Key`) make harmless. Nothing is deleted
   * by such a claim, not even expired rows: they wait for a claim that can write.
   */
  const claim = (eager: boolean): Promise<Claim> =>
    claimIn(eager, true).catch((e: unknown) => (isQuota(e) && (leader || !autoFlush) ? claimIn(eager, false) : Promise.reject(e)));

  const claimIn = (eager: boolean, lease: boolean): Promise<Claim> => {
    const body = async (t: Tx, meta: Meta) => {
      const el = tick(meta, lease);
      const at = now();
      const out: Claim = { rows: [], expired: [], nextAt: Infinity };
      // Write what an earlier transaction over quota could not (claimed rows are put again below).
      const written = [...unwritten.keys()];
      if (lease && written.length) {
        const rows = await Promise.all(written.map((id) => t.get<Row>(Q + id)));
        rows.forEach((r) => r && t.put(Q + r.id, view(r)));
      }
      let bytes = 0;
      // Once a row is waiting out a backoff, newer rows wait with it: creation order holds
      // (backoffs come from endpoint-wide failures, so holding them back costs nothing).
      let held = false;
      // Pages of 200 rows, stopping once the batch is full (the next claim resumes the scan).
      for (let page: Array<[string, Row]> = [], after: string | undefined; out.nextAt > at; ) {
        page = await t.list<Row>(Q, 200, after);
        if (!page.length) {
          // An empty queue holds nothing: this also settles totals a closed tab still owed.
          if (!after && lease) meta.n = meta.bytes = 0;
          break;
        }
        after = page[page.length - 1]![0];
        for (const [key, stored] of page) {
          const r = view(stored);
          if (rejectedIds.has(r.id)) continue;
          if (expired(r, at, el)) {
            if (!lease) continue;
            t.del(key);
            meta.n--;
            meta.bytes -= r.s;
            out.expired.push(r.id);
            written.push(r.id);
          } else if (leased(r, at)) out.nextAt = Math.min(out.nextAt, r.l);
          else if (dueAt(r, at) > at && !(eager && !r.ra)) {
            out.nextAt = Math.min(out.nextAt, r.d);
            held = true;
          } else if (held) continue;
          else if (out.rows.length < batchSize && !out.rows[0]?.solo && (!r.solo || !out.rows.length) && bytes + r.s <= 512 * KIB) {
            out.rows.push(r);
            bytes += r.s;
          } else out.nextAt = at;
        }
      }
      if (lease) for (const r of out.rows) t.put(Q + r.id, { ...r, l: at + leaseMs, o: token });
      return { out, written, at, n: meta.n };
    };
    return (lease ? txm(body) : tx('readonly', async (t) => body(t, (await t.get<Meta>(META)) ?? freshMeta()))).then(({ out, written, at, n }) => {
      if (lease) for (const id of written) unwritten.delete(id);
      else {
        pending = Math.max(n - owed.n, 0);
        for (const r of out.rows) unwritten.set(r.id, { ...unwritten.get(r.id), l: at + leaseMs, o: token });
      }
      return out;
    });
  };

  interface Outcome {
    ack?: IngestResponse;
    /** Retry after this many ms; `undefined` → backoff. */
    retryIn?: number;
    /** A refused request: status and body. */
    refused?: { status: number; body: string };
    error?: string;
  }

  async function send(subs: Submission[], keepalive = false): Promise<Outcome> {
    const request: IngestRequest = { protocol: 1, sentAt: new Date(now()).toISOString(), submissions: subs };
    const encoded = options.encode ? options.encode(request) : { body: JSON.stringify(request) };
    const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers, ...encoded.headers };
    if (subs.length === 1) headers['idempotency-key'] = subs[0]!.id;
    let response: Response;
    try {
      response = await doFetch(endpoint, {
        method: 'POST',
        headers,
        body: encoded.body,
        keepalive,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      return { error: e instanceof Error && e.name === 'TimeoutError' ? 'timeout' : 'network' };
    }
    const status = response.status;
    if (isRetryableStatus(status)) {
      void response.body?.cancel().catch(() => undefined);
      return { error: `http ${status}`, retryIn: parseRetryAfter(response.headers.get('retry-after'), now()) };
    }
    if (status >= 400) return { refused: { status, body: (await response.text().catch(() => '')).slice(0, 1024) } };
    let ack: IngestResponse | undefined;
    try {
      ack = options.decode ? await options.decode(response, request) : parseAck(await response.json());
    } catch {
      // not JSON: a captive portal, a proxy's login page
    }
    return ack ? { ack } : { error: `http ${status} without an acknowledgement` };
  }

  /**
   * Applies one outcome to the rows of a batch in one transaction. `retry` is false for keepalive sends.
   * Over quota that transaction aborts (backoffs, dead letters and totals are writes), so it is
   * redone as one that only deletes the acknowledged ids. The rest waits in memory until a
   * transaction can write it: backoffs in `unwritten`, deleted totals in `owed`, and a rejected
   * row stays on disk, marked in `rejectedIds` so it is not re-sent, until it can be moved.
   */
  const settle = (rows: Row[], o: Outcome, retry = true) =>
    settleIn(rows, o, retry, true)
      .catch((e: unknown) => (isQuota(e) ? settleIn(rows, o, retry, false) : Promise.reject(e)))
      .then(({ delivered, dead, overflowed, kept, nextAt }) => {
        counts.delivered += delivered.length;
        counts.deadLettered += dead.length;
        for (const id of delivered) forget(id);
        for (const d of dead) forget(d.id);
        if (delivered.length) emit('delivered', { ids: delivered });
        if (dead.length) emit('dead-letter', { items: dead.map(({ id, status, reason }) => ({ id, status, reason })) });
        dropped(overflowed, 'dead-letter-overflow');
        return { delivered: delivered.length, dead: dead.length, kept, nextAt };
      });

  const settleIn = (rows: Row[], o: Outcome, retry: boolean, write: boolean) => {
    const body = async (t: Tx) => {
      const at = now();
      const accepted = new Set(o.ack?.accepted);
      const rejected = new Map(o.ack?.rejected.map((r) => [r.id, r.reason]));
      const delivered: string[] = [];
      const dead: DeadLetter[] = [];
      const freed = { n: 0, bytes: 0 };
      /** Ids with nothing left in memory: their row is deleted, or written in full. */
      const done: string[] = [];
      const later: Array<[string, Partial<Row>]> = [];
      const kept: string[] = [];
      let nextAt = Infinity;
      // One jitter draw per batch: its rows become due together and are re-sent together.
      const jitter = random();
      // All reads at once: one round trip to the IndexedDB backend, not one per row.
      const current = await Promise.all(rows.map((r) => t.get<Row>(Q + r.id)));
      for (const [i, r] of rows.entries()) {
        const stored = current[i];
        if (!stored) {
          done.push(r.id);
          continue;
        }
        const cur = view(stored);
        const reason = o.refused && rows.length === 1 ? o.refused.body : rejected.get(r.id);
        const status = o.refused?.status ?? 0;
        if (accepted.has(r.id) || (reason !== undefined && write)) {
          t.del(Q + r.id);
          freed.n++;
          freed.bytes += cur.s;
          done.push(r.id);
          if (accepted.has(r.id)) delivered.push(r.id);
          else {
            const letter = { id: r.id, submission: undefined, status, reason: reason!, at, b: cur.b };
            t.put(D + r.id, letter);
            dead.push(letter);
          }
        } else if (reason !== undefined) kept.push(r.id);
        else if (retry && cur.o === token) {
          // A 4xx for several items: resend each alone so one poison item blocks no other.
          const t2 = cur.t + 1;
          const d = at + (o.refused ? 0 : (o.retryIn ?? backoff(t2 - 1, () => jitter)));
          nextAt = Math.min(nextAt, d);
          const next: Partial<Row> = { l: 0, o: undefined, t: t2, d, solo: o.refused ? 1 : cur.solo, ra: o.retryIn === undefined ? undefined : 1 };
          if (write) {
            t.put(Q + r.id, { ...cur, ...next });
            done.push(r.id);
          } else later.push([r.id, next]);
        }
      }
      // Keep the newest dead letters (the list already holds this transaction's puts).
      const letters = dead.length ? await t.list<DeadLetter>(D) : [];
      const overflowed = letters
        .sort(([, a], [, b]) => a.at - b.at)
        .slice(0, Math.max(letters.length - maxDeadLetters, 0))
        .map(([k, l]) => (t.del(k), l.id));
      return { delivered, dead, overflowed, nextAt, freed, done, later, kept };
    };
    return (
      write
        ? txm(async (t, meta) => {
            const s = await body(t);
            meta.n -= s.freed.n;
            meta.bytes -= s.freed.bytes;
            return s;
          })
        : tx('readwrite', body)
    ).then((s) => {
      if (!write) {
        owed.n += s.freed.n;
        owed.bytes += s.freed.bytes;
        pending = Math.max(pending - s.freed.n, 0);
      }
      for (const id of s.done) unwritten.delete(id), rejectedIds.delete(id);
      for (const [id, next] of s.later) unwritten.set(id, { ...unwritten.get(id), ...next });
      for (const id of s.kept) rejectedIds.set(id, o);
      return { ...s, kept: s.kept.length };
    });
  };

  /** Set by the `online` event: the next drain sends rows that were only waiting out a backoff. */
  let online = false;
  async function drain(): Promise<FlushResult> {
    const eager = online;
    online = false;
    const result: FlushResult = { delivered: 0, deadLettered: 0, pending: 0 };
    // Rejected rows whose move to the dead-letter store could not be written: try again.
    // (Alone, the row gets the same reason: a lone 4xx's body, or the ack's `rejected` entry.)
    for (const [id, o] of [...rejectedIds]) result.deadLettered += (await settle([{ id } as Row], o)).dead;
    for (;;) {
      const c = await claim(eager);
      dropped(c.expired, 'expired');
      if (!c.rows.length) {
        if (c.nextAt < Infinity) result.nextAt = c.nextAt;
        break;
      }
      // A row that cannot be read (its key is gone, `encrypt` no longer passed) becomes a dead
      // letter instead of blocking the queue behind it.
      const read = await Promise.all(c.rows.map((r) => unseal(r.b).then((j) => JSON.parse(j) as Submission, (e: unknown) => String(e))));
      const unreadable = c.rows.filter((_, i) => typeof read[i] == 'string');
      if (unreadable.length) {
        const u = await settle(unreadable, { ack: { accepted: [], rejected: unreadable.map((r) => ({ id: r.id, reason: `unreadable: ${read[c.rows.indexOf(r)]}` })) } });
        result.deadLettered += u.dead;
        c.rows = c.rows.filter((r) => !unreadable.includes(r));
        if (!c.rows.length) continue;
      }
      const subs = read.filter((x): x is Submission => typeof x != 'string');
      inflight = subs.length;
      const outcome = await send(subs).finally(() => (inflight = 0));
      const s = await settle(c.rows, outcome);
      result.delivered += s.delivered;
      result.deadLettered += s.dead;
      if (outcome.error || s.delivered + s.dead + s.kept < c.rows.length - (outcome.refused ? c.rows.length : 0)) {
        // The endpoint is failing: stop here and come back when the earliest row is due.
        result.nextAt = Math.min(c.nextAt, s.nextAt);
        break;
      }
    }
    result.pending = pending;
    return result;
  }

  let flushing: Promise<FlushResult> | undefined;
  target.flush = async () => {
    while (flushing) await flushing.catch(() => undefined);
    flushing = drain().finally(() => (flushing = undefined));
    const r = await flushing;
    schedule(r.nextAt);
    return r;
  };

  target.stats = () => ({ pending, inflight, ...counts, droppedBy: { ...droppedBy }, durable, leader });

  target.deadLetters = async () => {
    const letters = await tx('readonly', (t) => t.list<DeadLetter & { b: unknown }>(D));
    return Promise.all(
      letters.map(async ([, { b, ...l }]) => ({ ...l, submission: await unseal(b).then((j) => JSON.parse(j) as Submission, () => undefined) })),
    );
  };

  const purgeIn = async (t: Tx) => {
    const keys = [...(await t.list(Q)), ...(await t.list(D))].map(([k]) => k);
    for (const k of keys) t.del(k);
    recent.clear();
    recentBytes = 0;
    unwritten.clear();
    rejectedIds.clear();
    return { n: keys.length, meta: (await t.get<Meta>(META)) ?? freshMeta() };
  };
  target.purge = () =>
    txm(async (t, meta) => {
      meta.n = meta.bytes = 0;
      return (await purgeIn(t)).n;
    }).catch((e: unknown) =>
      // Over quota: delete only; the stored totals are owed in full until a write succeeds.
      isQuota(e)
        ? tx('readwrite', purgeIn).then(({ n, meta }) => {
            owed.n = meta.n;
            owed.bytes = meta.bytes;
            pending = 0;
            return n;
          })
        : Promise.reject(e),
    );

  // ---- automatic flushing: one leader, woken by the others ----
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timerAt = Infinity;
  function schedule(at: number | undefined) {
    if (!leader || closed || at === undefined || at >= timerAt) return;
    clearTimeout(timer);
    timerAt = at;
    // Never sleep longer than the backoff cap: a clock jump cannot stall the queue.
    timer = setTimeout(
      () => {
        timerAt = Infinity;
        // A flush that failed (storage full, connection lost) is tried again: no stall until the next wake.
        target.flush().catch(() => schedule(now() + FLUSH_RETRY_MS));
      },
      Math.min(Math.max(at - now(), 0), CAP_MS),
    );
  }
  const channel = autoFlush && typeof BroadcastChannel === 'function' ? new BroadcastChannel(`feedbackkit-outbox:${name}`) : undefined;
  function wake() {
    if (leader) schedule(now());
    else channel?.postMessage('wake');
  }
  if (channel) channel.onmessage = () => schedule(now());

  const lockAbort = new AbortController();
  let releaseLock: (() => void) | undefined;
  let leaseTimer: ReturnType<typeof setInterval> | undefined;
  function becomeLeader(is: boolean) {
    if (is === leader) return;
    leader = is;
    target.dispatchEvent(new Event(is ? 'leader' : 'follower'));
    if (is) schedule(now());
  }

  const win = typeof window === 'object' ? window : undefined;
  const doc = typeof document === 'object' ? document : undefined;
  let keepaliveSent = false;
  /** Page hide: send this tab's newest undelivered submissions that fit in 48 KiB; rows stay until acknowledged. */
  const onHide = () => {
    if (keepaliveSent || !recent.size) return;
    keepaliveSent = true;
    const subs: Submission[] = [];
    let bytes = 120;
    for (const json of recent.values()) {
      bytes += utf8Length(json) + 1;
      if (bytes > KEEPALIVE_BYTES) break;
      subs.push(JSON.parse(json) as Submission);
    }
    const rows = subs.map((s) => ({ id: s.id }) as Row);
    if (rows.length)
      void send(subs, true)
        .then((o) => o.ack && settle(rows, o, false))
        .catch(() => undefined);
  };
  const onShow = () => {
    keepaliveSent = false;
    wake();
  };
  const onVisibility = () => (doc?.visibilityState === 'hidden' ? onHide() : onShow());
  const onOnline = () => {
    online = true;
    wake();
  };

  if (autoFlush) {
    if (locks)
      locks
        .request(`feedbackkit-outbox:${name}`, { signal: lockAbort.signal }, () => {
          becomeLeader(true);
          return new Promise<void>((resolve) => (releaseLock = resolve));
        })
        .catch(() => undefined);
    else {
      const renew = () =>
        tx('readwrite', async (t) => {
          const at = now();
          const l = await t.get<{ o: string; l: number }>(LEADER);
          const mine = !l || l.o === token || !(l.l > at && l.l - at <= LEADER_LEASE_MS);
          if (mine && !closed) t.put(LEADER, { o: token, l: at + LEADER_LEASE_MS });
          return mine && !closed;
        })
          .then(becomeLeader)
          .catch(() => becomeLeader(false));
      void renew();
      leaseTimer = setInterval(renew, LEADER_LEASE_MS / 3);
    }
    doc?.addEventListener('visibilitychange', onVisibility);
    win?.addEventListener('pagehide', onHide);
    win?.addEventListener('pageshow', onShow);
    win?.addEventListener('online', onOnline);
    if (options.persist) void globalThis.navigator?.storage?.persist?.().catch(() => false);
  }

  target.close = () => {
    if (closed) return;
    closed = true;
    clearTimeout(timer);
    clearInterval(leaseTimer);
    lockAbort.abort();
    releaseLock?.();
    channel?.close();
    doc?.removeEventListener('visibilitychange', onVisibility);
    win?.removeEventListener('pagehide', onHide);
    win?.removeEventListener('pageshow', onShow);
    win?.removeEventListener('online', onOnline);
    if (leader && !locks)
      void run('readwrite', async (t) => {
        const l = await t.get<{ o: string }>(LEADER);
        if (l?.o === token) t.del(LEADER);
      }).catch(() => undefined);
    leader = false;
  };

  // ---- migrations: rows are moved, never dropped ----
  async function migrate(t: Tx, oldVersion: number, v1Rows: Array<[string, unknown]>) {
    if (oldVersion !== 1) return;
    const meta = (await t.get<Meta>(META)) ?? freshMeta();
    for (const [key, value] of v1Rows) {
      const sub = value as Submission;
      const ok = checkSubmission(value).success;
      const json = JSON.stringify(value) ?? 'null';
      const id = ok ? sub.id : key;
      if (ok) {
        t.put(Q + id, { id, c: Date.parse(sub.createdAt), e: meta.el, s: utf8Length(json), b: json, t: 0, d: 0, l: 0 } satisfies Row);
        meta.n++;
        meta.bytes += utf8Length(json);
      } else t.put(D + id, { id, submission: undefined, status: 0, reason: 'migration: not a submission', at: now(), b: json });
    }
    t.put(META, meta);
  }

  return target;
}

const isQuota = (e: unknown) => e instanceof Error && e.name === 'QuotaExceededError';
const refuse = (code: string, id: string, why: string, value: unknown = id) =>
  new FeedbackError(code, `submission ${id} was not stored: ${why}`, { field: 'submission', value });
