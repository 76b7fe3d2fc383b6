// An IndexedDB open that is slow, blocked or failing: the outbox runs in memory meanwhile, keeps
// waiting for (or retrying) the open, and moves its rows to disk once the database opens.
import 'fake-indexeddb/auto';
import { IDBDatabase as FDBDatabase, IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IngestRequest } from '@feedbackkit/core';
import { createOutbox } from './outbox.js';
import { aesGcm } from './at-rest.js';
import type { AtRest, KeyStore, Outbox, OutboxOptions } from './outbox.js';
import { backend, clock, queued, rawRows, submission, testOptions } from '../test/helpers.js';

const NAME = 'feedbackkit-outbox:default';
const opened: Outbox[] = [];
afterEach(() => {
  for (const o of opened.splice(0)) o.close();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function make(factory: IDBFactory, over: Partial<OutboxOptions> = {}) {
  const c = clock();
  const b = backend();
  const outbox = createOutbox({ ...testOptions(c, factory, b.fetch), ...over });
  opened.push(outbox);
  const durability: boolean[] = [];
  outbox.addEventListener('durability', (e) => durability.push((e as CustomEvent<{ durable: boolean }>).detail.durable));
  return { outbox, b, c, durability };
}

/** The next `open` of `factory` does not start until `release()` (a cold disk): its request stays pending meanwhile. */
function slowOpen(factory: IDBFactory) {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const real = factory.open.bind(factory);
  vi.spyOn(factory, 'open').mockImplementationOnce((name: string, version?: number) => {
    let r: IDBOpenDBRequest | undefined;
    const proxy = {} as { -readonly [K in keyof IDBOpenDBRequest]: IDBOpenDBRequest[K] };
    Object.defineProperties(proxy, { result: { get: () => r!.result }, transaction: { get: () => r!.transaction }, error: { get: () => r!.error } });
    void gate.then(() => {
      r = real(name, version);
      r.onupgradeneeded = (e) => proxy.onupgradeneeded?.call(r!, e);
      r.onsuccess = (e) => proxy.onsuccess?.call(r!, e);
      r.onerror = (e) => proxy.onerror?.call(r!, e);
    });
    return proxy as IDBOpenDBRequest;
  });
  return release;
}

const sentIds = (requests: Array<{ body: IngestRequest }>) => requests.flatMap((r) => r.body.submissions.map((s) => s.id));
const fakeTimers = () => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
/** Lets fake-indexeddb (setImmediate) and the promises around it run. */
const settle = async (cond: () => boolean) => {
  // Bounded by wall time, not a tick count: WebCrypto (the encrypt tests) runs on libuv's thread
  // pool, which a loaded machine can make slower than any fixed number of turns (Date is not faked).
  for (const end = Date.now() + 10_000; !cond() && Date.now() < end; ) await new Promise((r) => setImmediate(r));
  expect(cond()).toBe(true);
};

describe('IndexedDB that opens late', () => {
  it('an open slower than 3 s: memory first, then the rows move to disk (same ids, none delivered twice) and the outbox is durable again', async () => {
    fakeTimers();
    const factory = new IDBFactory();
    const release = slowOpen(factory);
    const { outbox, b, c, durability } = make(factory);
    const first = outbox.submit(submission());
    await vi.advanceTimersByTimeAsync(3000);
    expect(await first).toMatchObject({ durable: false });
    expect(durability).toEqual([false]);
    expect(await outbox.flush()).toMatchObject({ delivered: 1 }); // delivered from memory
    const kept = [];
    for (let i = 0; i < 2; i++) c.advance(1), kept.push(await outbox.submit(submission()));
    expect(kept.map((r) => r.durable)).toEqual([false, false]);

    release();
    await settle(() => durability.length == 2);
    expect(durability).toEqual([false, true]);
    expect(outbox.stats().durable).toBe(true);
    // Only what memory still held, under the same ids; the delivered one is not written.
    expect((await queued(factory)).sort()).toEqual(kept.map((r) => `q/${r.id}`).sort());
    c.advance(1);
    const later = await outbox.submit(submission());
    expect(later.durable).toBe(true);
    expect(await outbox.flush()).toMatchObject({ delivered: 3, pending: 0 });
    // Each id sent once, in creation order, each single-item batch with its own Idempotency-Key.
    expect(sentIds(b.requests)).toEqual([(await first).id, ...kept.map((r) => r.id), later.id]);
    expect(await queued(factory)).toEqual([]);
  });

  it('a row in flight from memory while the rows move is settled on disk: deleted once acknowledged, never sent again', async () => {
    fakeTimers();
    const factory = new IDBFactory();
    const release = slowOpen(factory);
    let answer!: (r: Response) => void;
    const requests: string[][] = [];
    const fetch = (async (_u: RequestInfo | URL, init?: RequestInit) => {
      const ids = (JSON.parse(String(init!.body)) as IngestRequest).submissions.map((s) => s.id);
      requests.push(ids);
      return requests.length == 1 ? new Promise<Response>((r) => (answer = r)) : Response.json({ accepted: ids, rejected: [] });
    }) as typeof globalThis.fetch;
    const { outbox, c, durability } = make(factory, { fetch });
    const p = outbox.submit(submission());
    await vi.advanceTimersByTimeAsync(3000);
    const { id } = await p;
    const flushing = outbox.flush(); // claims the row (a lease in memory) and waits for the answer
    await settle(() => requests.length == 1);
    release();
    await settle(() => durability.length == 2);
    expect(await queued(factory)).toEqual([`q/${id}`]); // moved with its lease
    answer(Response.json({ accepted: [id], rejected: [] }));
    expect(await flushing).toMatchObject({ delivered: 1 });
    expect(await queued(factory)).toEqual([]);
    c.advance(60_000); // past any lease
    expect(await outbox.flush()).toMatchObject({ delivered: 0, pending: 0 });
    expect(requests).toEqual([[id]]);
  });

  it('what is submitted or settled while the rows move runs on disk afterwards, not on the memory left behind', async () => {
    fakeTimers();
    const factory = new IDBFactory();
    const release = slowOpen(factory);
    let answer!: () => void;
    const requests: string[][] = [];
    const fetch = (async (_u: RequestInfo | URL, init?: RequestInit) => {
      const ids = (JSON.parse(String(init!.body)) as IngestRequest).submissions.map((s) => s.id);
      requests.push(ids);
      const ack = () => Response.json({ accepted: ids, rejected: [] });
      return requests.length == 1 ? new Promise<Response>((r) => (answer = () => r(ack()))) : ack();
    }) as typeof globalThis.fetch;
    const { outbox, c, durability } = make(factory, { fetch });
    const p = outbox.submit(submission());
    await vi.advanceTimersByTimeAsync(3000);
    const first = (await p).id;
    const flushing = outbox.flush(); // in flight from memory
    await settle(() => requests.length == 1);
    // The moment the move's disk transaction starts (memory is held by the move): a submit
    // commits, and the in-flight request is answered (its settle).
    const original = FDBDatabase.prototype.transaction;
    let during: Promise<{ id: string }> | undefined;
    vi.spyOn(FDBDatabase.prototype, 'transaction').mockImplementation(function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
      if (args[1] === 'readwrite' && !during) (during = outbox.submit(submission())), answer();
      return original.apply(this, args);
    });
    release();
    await settle(() => durability.length == 2);
    const second = (await during!).id;
    // The drain goes on from disk: the new submission is there (not left in memory) and is sent.
    expect(await flushing).toMatchObject({ delivered: 2, pending: 0 });
    expect(await queued(factory)).toEqual([]);
    c.advance(60_000); // past any lease
    expect(await outbox.flush()).toMatchObject({ delivered: 0, pending: 0 });
    expect(requests).toEqual([[first], [second]]); // the first is never sent again
  });

  it('a blocked open (another tab holds an older version open) is waited for, not given up: released, the rows move', async () => {
    fakeTimers();
    const factory = new IDBFactory();
    const old = await new Promise<IDBDatabase>((res) => {
      const r = factory.open(NAME, 1);
      r.onsuccess = () => res(r.result);
    });
    let blocked = 0;
    old.onversionchange = () => blocked++; // an old build that does not close on versionchange
    const { outbox, b, durability } = make(factory);
    const p = outbox.submit(submission());
    await settle(() => blocked == 1); // asked to close; it does not, so the open is blocked
    await vi.advanceTimersByTimeAsync(3000);
    const { id, durable } = await p;
    expect(durable).toBe(false);
    await vi.advanceTimersByTimeAsync(600_000); // ten minutes: still waiting, still in memory
    expect(durability).toEqual([false]);
    old.close(); // that tab goes away
    await settle(() => durability.length == 2);
    expect(outbox.stats().durable).toBe(true);
    expect(await queued(factory)).toEqual([`q/${id}`]);
    expect(await outbox.flush()).toMatchObject({ delivered: 1 });
    expect(sentIds(b.requests)).toEqual([id]);
  });

  it('a failing open is retried with doubling waits (1 s … 60 s), and no more once the outbox is closed', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const factory = new IDBFactory();
    const real = factory.open.bind(factory);
    let failures = 8;
    const at: number[] = [];
    const start = Date.now();
    const spy = vi.spyOn(factory, 'open').mockImplementation((name: string, version?: number) => {
      at.push(Date.now() - start);
      if (failures-- > 0) throw new DOMException('no storage', 'SecurityError');
      return real(name, version);
    });
    const { outbox, durability } = make(factory);
    const { id, durable } = await outbox.submit(submission());
    expect(durable).toBe(false);
    for (let i = 0; i < 300 && durability.length < 2; i++) await vi.advanceTimersByTimeAsync(1000);
    expect(durability).toEqual([false, true]);
    // The open that failed, then at once and after 1, 2, 4 … s, capped at 60 s; the ninth opens.
    expect(at).toEqual([0, 0, 1000, 3000, 7000, 15000, 31000, 63000, 123000]);
    expect(spy).toHaveBeenCalledTimes(9);
    expect(await queued(factory)).toEqual([`q/${id}`]);

    // Closed while still failing: the retries stop.
    const other = new IDBFactory();
    const spy2 = vi.spyOn(other, 'open').mockImplementation(() => {
      throw new DOMException('no storage', 'SecurityError');
    });
    const second = make(other).outbox;
    await second.submit(submission());
    await vi.advanceTimersByTimeAsync(4000);
    const calls = spy2.mock.calls.length;
    second.close();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(calls).toBeGreaterThan(2);
    expect(spy2.mock.calls.length).toBe(calls);
  });

  // aesGcm caches the key per key store; a plug-in that reads the key store on every call (here:
  // aesGcm behind a new wrapper each time) must get the memory's key for a row sealed in memory too.
  it.each(['caches its key', 'reads the key store each time'])('with encrypt (a plug-in that %s), rows claimed from memory just before the move are read with the key they were sealed with: delivered, none dead-lettered as unreadable', async (kind) => {
    fakeTimers();
    const factory = new IDBFactory();
    const release = slowOpen(factory);
    // The first decrypt (the drain reading the first claimed row) waits until the rows have moved.
    const real = aesGcm();
    const ks = (keys: KeyStore): KeyStore => (kind == 'caches its key' ? keys : (k) => keys(k));
    let letGo!: () => void;
    const gate = new Promise<void>((r) => (letGo = r));
    let opens = 0;
    const encrypt: AtRest = {
      seal: (json, keys) => real.seal(json, ks(keys)),
      open: async (sealed, keys) => (opens++ || (await gate), real.open(sealed, ks(keys))),
    };
    const { outbox, b, c, durability } = make(factory, { encrypt });
    const p = [outbox.submit(submission()), (c.advance(1), outbox.submit(submission()))];
    await vi.advanceTimersByTimeAsync(3000);
    const ids = (await Promise.all(p)).map((r) => (expect(r.durable).toBe(false), r.id));
    const flushing = outbox.flush(); // claims both rows from memory, then reads them one by one
    await settle(() => opens == 1);
    release();
    await settle(() => durability.length == 2); // moved (and sealed again with the database key) meanwhile
    letGo();
    expect(await flushing).toMatchObject({ delivered: 2, deadLettered: 0, pending: 0 });
    expect(await outbox.deadLetters()).toEqual([]);
    expect(sentIds(b.requests)).toEqual(ids);
    expect(await queued(factory)).toEqual([]);
  });

  it('close() while a failing open waits for its retry clears that wait: no timer is left running', async () => {
    fakeTimers();
    const factory = new IDBFactory();
    const spy = vi.spyOn(factory, 'open').mockImplementation(() => {
      throw new DOMException('no storage', 'SecurityError');
    });
    const { outbox } = make(factory);
    expect(await outbox.submit(submission())).toMatchObject({ durable: false });
    await vi.advanceTimersByTimeAsync(64_000); // waits of 1, 2 … 32 s so far: now one of 60 s
    const calls = spy.mock.calls.length;
    expect(vi.getTimerCount()).toBe(1);
    outbox.close();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(600_000);
    expect(spy.mock.calls.length).toBe(calls);
  });

  it('a move that fails leaves the rows in memory (still delivered from there) and is tried again', async () => {
    fakeTimers();
    const factory = new IDBFactory();
    const release = slowOpen(factory);
    const { outbox, b, durability } = make(factory);
    const p = outbox.submit(submission());
    await vi.advanceTimersByTimeAsync(3000);
    const { id } = await p;
    const original = FDBDatabase.prototype.transaction;
    let refused = 0;
    let failing = true;
    vi.spyOn(FDBDatabase.prototype, 'transaction').mockImplementation(function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
      if (failing && args[1] === 'readwrite') throw (refused++, new DOMException('full', 'QuotaExceededError'));
      return original.apply(this, args);
    });
    release();
    await settle(() => refused == 1);
    expect(durability).toEqual([false]);
    expect(await queued(factory)).toEqual([]);
    const second = await outbox.submit(submission());
    expect(second.durable).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    await settle(() => refused == 2);
    expect(durability).toEqual([false]);
    failing = false;
    await vi.advanceTimersByTimeAsync(2000);
    await settle(() => durability.length == 2);
    expect((await queued(factory)).sort()).toEqual([`q/${id}`, `q/${second.id}`].sort());
    expect(await outbox.flush()).toMatchObject({ delivered: 2 });
    expect(sentIds(b.requests).sort()).toEqual([id, second.id].sort());
  });

  it('does not overwrite a row another tab holds under the same id, and carries dead letters over', async () => {
    fakeTimers();
    const factory = new IDBFactory();
    const release = slowOpen(factory);
    const [one, two] = ['0190aaaa-0000-7000-8000-000000000001', '0190aaaa-0000-7000-8000-000000000002'];
    const fetch = (async () => Response.json({ accepted: [], rejected: [{ id: one, reason: 'invalid answer' }] })) as typeof globalThis.fetch;
    const { outbox, durability } = make(factory, { fetch });
    const p = outbox.submit(submission({ id: one }));
    await vi.advanceTimersByTimeAsync(3000);
    await p;
    expect(await outbox.flush()).toMatchObject({ deadLettered: 1 }); // a dead letter in memory
    await outbox.submit(submission({ id: two }));
    // Another tab (its open is not slow) queues the same id first.
    await make(factory).outbox.submit(submission({ id: two, context: { channel: 'kiosk' } }));
    release();
    await settle(() => durability.length == 2);
    const rows = await rawRows(factory);
    expect(Object.keys(rows).filter((k) => !k.startsWith('m/')).sort()).toEqual([`d/${one}`, `q/${two}`]);
    expect(JSON.parse((rows[`q/${two}`] as { b: string }).b).context.channel).toBe('kiosk');
    expect(await outbox.deadLetters()).toMatchObject([{ id: one, status: 0, reason: 'invalid answer', submission: { id: one } }]);
  });

  it('with encrypt, rows held in memory are sealed with the database key when they move (readable by the next page)', async () => {
    fakeTimers();
    const factory = new IDBFactory();
    const release = slowOpen(factory);
    const { outbox, durability } = make(factory, { encrypt: aesGcm() });
    const text = { t: { type: 'text' as const, value: 'my secret comment' } };
    const p = outbox.submit(submission({ answers: text }));
    await vi.advanceTimersByTimeAsync(3000);
    const ids = [(await p).id];
    release();
    // Submits while the rows move: sealed with the memory key, committed on disk, sealed again.
    for (let i = 0; durability.length < 2 && i < 500; i++) {
      if (i % 5 == 0) ids.push((await outbox.submit(submission({ answers: text }))).id);
      await new Promise((r) => setImmediate(r));
    }
    for (let i = 0; i < 3; i++) ids.push((await outbox.submit(submission({ answers: text }))).id);
    expect(durability).toEqual([false, true]);
    outbox.close();
    const rows = await rawRows(factory);
    for (const id of ids) expect(rows[`q/${id}`]).toBeDefined(), expect(JSON.stringify(rows[`q/${id}`])).not.toContain('secret');
    vi.useRealTimers();
    const next = make(factory, { encrypt: aesGcm() });
    const r = await next.outbox.flush();
    expect(r).toMatchObject({ delivered: ids.length, deadLettered: 0 });
    expect(next.b.requests.flatMap((q) => q.body.submissions.map((s) => s.answers.t))).toEqual(ids.map(() => text.t));
  });
});
