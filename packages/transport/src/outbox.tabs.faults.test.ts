// The seeded fault schedule with two tabs: two auto-flushing outboxes share one fake IndexedDB
// (one Web-Locks manager, or the IndexedDB leader lease, per seed; one BroadcastChannel), on fake
// timers, against a backend that fails the ways the protocol anticipates (network errors, 5xx,
// 429 with Retry-After, partial acknowledgements, timeouts, lost responses). Tabs die and open
// again, pages flush by hand (two flushers at once), and in some seeds one tab's database opens
// late (memory first, then its rows move to disk under the same faults).
// Invariant: the backend's deduplicated store ends with exactly the submitted ids; across both
// tabs each id's acknowledgement is processed once (one 'delivered'); no open tab sends an id
// after its acknowledgement was processed, nor while another open tab's request for it is
// unanswered; the queue ends empty. Fast (fake timers) and deterministic per seed: a failure
// names its seed; replay it with FK_TABS_SEED=<seed> (FK_DEBUG=1 prints its fault log).
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IngestRequest } from '@feedbackkit/core';
import { createOutbox } from './outbox.js';
import type { Outbox, OutboxOptions } from './outbox.js';
import { rng, submission } from '../test/helpers.js';

const SEEDS = Number(process.env.FK_TABS_SEEDS ?? 60);
const STEPS = 40;
const TIMEOUT_MS = 5000;

/** BroadcastChannel within one test: delivered in a microtask, in order, to the other channels of that name. */
class Channel {
  static open = new Set<Channel>();
  onmessage: ((e: { data: unknown }) => void) | null = null;
  constructor(readonly name: string) {
    Channel.open.add(this);
  }
  postMessage(data: unknown) {
    for (const c of Channel.open) if (c !== this && c.name === this.name) queueMicrotask(() => c.onmessage?.({ data: structuredClone(data) }));
  }
  close() {
    Channel.open.delete(this);
  }
}

/** One exclusive Web Lock shared by the tabs: granted in request order, released when the callback's promise settles; an aborted wait rejects. */
function lockManager(): LockManager {
  let busy = false;
  const waiting: Array<() => void> = [];
  const next = () => ((busy = false), waiting.shift()?.());
  return {
    request: (_name: string, o: { signal?: AbortSignal }, cb: () => Promise<void>) =>
      new Promise<void>((resolve, reject) => {
        const grant = () => ((busy = true), cb().then(resolve, reject).finally(next));
        if (!busy) return grant();
        waiting.push(grant);
        o.signal?.addEventListener('abort', () => {
          const i = waiting.indexOf(grant);
          if (i >= 0) waiting.splice(i, 1), reject(new DOMException('aborted', 'AbortError'));
        });
      }),
  } as unknown as LockManager;
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

type Fault = 'ok' | 'network' | 'lost' | '500' | '503' | '429' | 'partial' | 'timeout' | 'timeout-committed';

async function runSeed(seed: number) {
  const random = rng(seed);
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'], now: Date.UTC(2026, 10, 22, 10) });
  vi.stubGlobal('BroadcastChannel', Channel);
  const factory = new IDBFactory();
  type Tab = { outbox: Outbox; closed: boolean; durability: boolean[] };
  const stored = new Set<string>();
  const received = new Map<string, number>();
  const deliveredBy = new Map<string, number>();
  const submitted: string[] = [];
  const violations: string[] = [];
  /** Ids in a request of an open tab that has not been answered yet. */
  const inflight = new Map<string, { closed: boolean }>();
  const log: string[] = [];
  let faults = true;

  const fetchFor = (tab: () => Tab) =>
    (async (_u: RequestInfo | URL, init?: RequestInit) => {
      const body = JSON.parse(String(init!.body)) as IngestRequest;
      const ids = body.submissions.map((s) => s.id);
      const headers = new Headers(init!.headers);
      if (ids.length === 1 && headers.get('idempotency-key') !== ids[0]) violations.push(`no Idempotency-Key for ${ids[0]}`);
      const open = !tab().closed;
      for (const id of ids) {
        received.set(id, (received.get(id) ?? 0) + 1);
        if (deliveredBy.has(id) && open) violations.push(`an open tab re-sent ${id} after its acknowledgement was processed`);
        // (A tab that died with a request out does not count: the next Web-Locks leader re-sends its rows at once, as documented.)
        if (inflight.get(id)?.closed === false && open) violations.push(`${id} sent by two open tabs at once`);
      }
      if (open) for (const id of ids) inflight.set(id, tab());
      const done = () => ids.forEach((id) => inflight.delete(id));
      const commit = (some: string[]) => some.forEach((id) => stored.add(id));
      const kinds: Fault[] = ['ok', 'ok', 'ok', 'network', 'lost', '500', '503', '429', 'partial', 'timeout', 'timeout-committed'];
      const fault: Fault = faults ? kinds[Math.floor(random() * kinds.length)]! : 'ok';
      log.push(`${fault}:${ids.length}`);
      if (!fault.startsWith('timeout')) done();
      switch (fault) {
        case 'network':
          throw new TypeError('Failed to fetch');
        case 'lost': // committed, then the connection dropped
          commit(ids);
          throw new TypeError('Failed to fetch');
        case '500':
        case '503':
          return new Response('busy', { status: Number(fault) });
        case '429':
          return new Response(null, { status: 429, headers: { 'retry-after': String(Math.floor(random() * 120)) } });
        case 'partial': {
          const some = ids.filter(() => random() < 0.5);
          commit(some);
          return Response.json({ accepted: some, rejected: [] });
        }
        case 'timeout':
        case 'timeout-committed': // the request's timeout (AbortSignal.timeout in the outbox) fires first
          if (fault === 'timeout-committed') commit(ids);
          return new Promise<Response>((_, reject) => setTimeout(() => (done(), reject(new DOMException('The operation timed out.', 'TimeoutError'))), TIMEOUT_MS));
        case 'ok':
          commit(ids);
          return Response.json({ accepted: ids, rejected: [] });
      }
    }) as typeof globalThis.fetch;

  const webLocks = random() < 0.5 ? lockManager() : null;
  const base: Omit<OutboxOptions, 'fetch'> = {
    endpoint: 'https://collector.test/v1/submissions',
    name: `tabs-${seed}`,
    indexedDB: factory,
    locks: webLocks,
    timeoutMs: TIMEOUT_MS,
    now: () => Date.now(),
    monotonic: () => Date.now(),
    random,
    batchSize: 1 + Math.floor(random() * 6),
  };
  // In some seeds the first tab's IndexedDB opens late (a cold disk): its opens wait for `release`,
  // so it runs in memory (after 3 s) and moves its rows to disk at a random step, under faults.
  const late = random() < 0.3;
  const releaseAt = Math.floor(random() * STEPS);
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const slow = {
    open(name: string, version?: number) {
      let r: IDBOpenDBRequest | undefined;
      const proxy = {} as { -readonly [K in keyof IDBOpenDBRequest]: IDBOpenDBRequest[K] };
      Object.defineProperties(proxy, { result: { get: () => r!.result }, transaction: { get: () => r!.transaction }, error: { get: () => r!.error } });
      void gate.then(() => {
        r = factory.open(name, version);
        r.onupgradeneeded = (e) => proxy.onupgradeneeded?.call(r!, e);
        r.onsuccess = (e) => proxy.onsuccess?.call(r!, e);
        r.onerror = (e) => proxy.onerror?.call(r!, e);
      });
      return proxy as IDBOpenDBRequest;
    },
  } as unknown as IDBFactory;
  let moved = 0;
  const open = (slowly = false): Tab => {
    const tab: Tab = { outbox: undefined as unknown as Outbox, closed: false, durability: [] };
    tab.outbox = createOutbox({ ...base, ...(slowly ? { indexedDB: slow } : {}), fetch: fetchFor(() => tab) });
    tab.outbox.addEventListener('delivered', (e) => {
      for (const id of (e as CustomEvent<{ ids: string[] }>).detail.ids) deliveredBy.set(id, (deliveredBy.get(id) ?? 0) + 1);
    });
    tab.outbox.addEventListener('durability', (e) => {
      if (tab.durability.push((e as CustomEvent<{ durable: boolean }>).detail.durable) == 2) moved++;
    });
    return tab;
  };
  const tabs = [open(late), open()];
  const ticks = async (n = 30) => {
    for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
  };
  // Fake time passes in steps of 250 ms, with IndexedDB (setImmediate) given its turns between them.
  const pass = async (ms: number) => {
    for (let left = ms; left > 0; left -= 250) await vi.advanceTimersByTimeAsync(Math.min(left, 250)), await ticks();
  };
  /** Awaits `p` while fake time passes (a submit in a tab whose database has not opened waits 3 s for it). */
  const meanwhile = async <T>(p: Promise<T>): Promise<T> => {
    let done = false;
    p.then(
      () => (done = true),
      () => (done = true),
    );
    for (await ticks(); !done; ) await pass(250);
    return p;
  };
  // ids from the seeded generator (UUIDv7 layout, time = the fake clock), so a seed replays exactly
  const newId = () => {
    const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
    const t = Date.now().toString(16).padStart(12, '0');
    return `${t.slice(0, 8)}-${t.slice(8)}-7${hex(3)}-${'89ab'[Math.floor(random() * 4)]}${hex(3)}-${hex(12)}`;
  };

  for (let step = 0; step < STEPS; step++) {
    const r = random();
    const i = Math.floor(random() * 2);
    if (late && step == releaseAt) release(), log.push('opened');
    if (r < 0.4) {
      const n = 1 + Math.floor(random() * 3);
      const results = await meanwhile(Promise.all(Array.from({ length: n }, () => tabs[i]!.outbox.submit(submission({ id: newId() })))));
      for (const res of results) expect(res.durable || late, `seed ${seed}`).toBe(true), submitted.push(res.id);
    } else if (r < 0.5) {
      // the page flushes by hand, leader or not: two flushers at once, kept apart by the leases
      void tabs[i]!.outbox.flush().catch(() => 0);
      log.push(`flush:${i}`);
    } else if (r < 0.57 && tabs[i]!.outbox.stats().durable) {
      // the tab dies (its lock or lease goes with it) and another opens (not a tab in memory: its
      // rows would die with it, a stated limit)
      tabs[i]!.closed = true;
      tabs[i]!.outbox.close();
      tabs[i] = open();
      log.push(`restart:${i}`);
    } else {
      await pass(Math.floor(random() * 4000));
    }
    await ticks();
  }

  // Faults stop (and a late database opens): everything must drain.
  faults = false;
  release();
  for (let i = 0; i < 120 && submitted.some((id) => !deliveredBy.has(id)); i++) await pass(5000);
  await pass(2000);
  const context = `seed ${seed} (${webLocks ? 'Web Locks' : 'IndexedDB lease'}${late ? ', late open' : ''}; ${log.join(',')})`;
  const flushed = await Promise.all(tabs.map((t) => t.outbox.flush()));
  if (process.env.FK_DEBUG) console.log(context);
  const pending = flushed.map((f) => f.pending);
  for (const t of tabs) t.outbox.close();
  vi.useRealTimers();
  expect(violations, context).toEqual([]);
  expect(tabs.map((t) => t.outbox.stats().durable), context).toEqual([true, true]);
  // A tab that ran in memory is back on disk (a closed one may have fallen back with nothing in memory).
  for (const t of tabs) expect(t.durability, context).toEqual(t.durability[0] === false ? [false, true] : []);
  expect([...stored].sort(), context).toEqual([...submitted].sort());
  for (const id of submitted) expect(deliveredBy.get(id), `${context}: 'delivered' for ${id}`).toBe(1);
  const [queue, meta] = await new Promise<[number, unknown]>((res) => {
    const req = factory.open(`feedbackkit-outbox:tabs-${seed}`);
    req.onsuccess = () => {
      const store = req.result.transaction('outbox').objectStore('outbox');
      const q = store.count(IDBKeyRange.bound('q/', 'q/\uffff'));
      const m = store.get('m/meta');
      m.onsuccess = () => (req.result.close(), res([q.result, m.result]));
    };
  });
  expect(queue, context).toBe(0);
  expect(meta, context).toMatchObject({ n: 0, bytes: 0 });
  expect(pending, context).toEqual([0, 0]);
  return { moved, submitted: submitted.length, requests: log.filter((l) => !/^(restart|flush)/.test(l)).length, resent: [...received.values()].filter((n) => n > 1).length };
}

describe('seeded fault schedule, two auto-flushing tabs on one database', () => {
  it(`delivers every submission exactly once across ${SEEDS} seeds`, async () => {
    const only = process.env.FK_TABS_SEED ? Number(process.env.FK_TABS_SEED) : undefined;
    const totals = { moved: 0, submitted: 0, requests: 0, resent: 0 };
    for (let seed = only ?? 1; seed <= (only ?? SEEDS); seed++) {
      const t = await runSeed(seed).catch((e: unknown) => {
        throw new Error(`seed ${seed} failed (replay: FK_TABS_SEED=${seed}): ${(e as Error).message}`, { cause: e });
      });
      for (const k of Object.keys(totals) as Array<keyof typeof totals>) totals[k] += t[k];
    }
    if (only) return;
    expect(totals.submitted).toBeGreaterThan(SEEDS * 10);
    expect(totals.resent).toBeGreaterThan(0); // lost responses and timeouts really made re-sends
    expect(totals.moved).toBeGreaterThan(SEEDS / 10); // seeds where a tab ran in memory, then moved to disk
    console.log(`two-tab fault schedule: ${SEEDS} seeds × ${STEPS} steps`, totals);
  }, 60_000);
});
