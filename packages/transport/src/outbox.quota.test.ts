// Draining over the storage quota (found by the e2e fault matrix, scenario 11c). Over quota
// Chromium aborts every transaction that puts anything, while a transaction that only
// deletes still commits. The store below does the same: while `full.on`, any put throws
// QuotaExceededError (so its whole transaction aborts) and deletes go through.
import 'fake-indexeddb/auto';
import { IDBFactory, IDBObjectStore as FDBObjectStore } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IngestRequest } from '@feedbackkit/core';
import { createOutbox } from './outbox.js';
import type { Outbox, OutboxOptions } from './outbox.js';
import { backend, clock, hangs, rawRows, submission } from '../test/helpers.js';

const full = { on: false, refused: 0 };
const opened: Outbox[] = [];
beforeEach(() => {
  full.on = false;
  full.refused = 0;
  const put = FDBObjectStore.prototype.put;
  vi.spyOn(FDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
    if (full.on) {
      full.refused++;
      throw new DOMException('over quota', 'QuotaExceededError');
    }
    return put.call(this, value, key);
  });
});
afterEach(() => {
  for (const o of opened.splice(0)) o.close();
  vi.restoreAllMocks();
});

type Answer = (ids: string[]) => Response | Promise<Response>;
/** An outbox (batches of 3) whose backend answers with `answer` (default: accept all, dedup by id). */
function make(over: Partial<OutboxOptions> = {}) {
  const c = clock();
  const b = backend();
  const factory = new IDBFactory();
  const sent: string[][] = [];
  const hooks: { answer?: Answer; during?: () => Promise<void> } = {};
  const options: OutboxOptions = {
    endpoint: 'https://collector.test/v1/submissions',
    indexedDB: factory,
    autoFlush: false,
    batchSize: 3,
    now: c.now,
    monotonic: c.monotonic,
    random: () => 0.5,
    fetch: (async (url: RequestInfo | URL, init?: RequestInit) => {
      const ids = (JSON.parse(String(init!.body)) as IngestRequest).submissions.map((s) => s.id);
      sent.push(ids);
      await hooks.during?.();
      return hooks.answer ? hooks.answer(ids) : b.fetch(url, init);
    }) as typeof fetch,
    ...over,
  };
  const outbox = createOutbox(options);
  opened.push(outbox);
  return { outbox, c, b, factory, options, sent, hooks };
}

const queuedIds = async (factory: IDBFactory) =>
  Object.keys(await rawRows(factory))
    .filter((k) => k.startsWith('q/'))
    .map((k) => k.slice(2));

/** `n` submissions 1 ms apart (UUIDv7 orders by millisecond only). */
async function fill(outbox: Outbox, n: number, c: ReturnType<typeof clock>): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++, c.advance(1)) ids.push((await outbox.submit(submission())).id);
  return ids;
}

describe('over the storage quota (writes abort, deletes commit)', () => {
  it('the simulated store refuses writes and lets deletes through', async () => {
    const { outbox, c } = make();
    await fill(outbox, 1, c);
    full.on = true;
    await expect(outbox.submit(submission())).rejects.toMatchObject({ code: 'quota-exceeded' });
    expect(full.refused).toBeGreaterThan(0);
  });

  it('drains the whole queue: every row delivered once and deleted, in creation order', async () => {
    const { outbox, c, b, factory, sent } = make();
    const ids = await fill(outbox, 7, c);
    full.on = true;
    const r = await outbox.flush();
    // 7 rows in batches of 3: requests of 3, 3 and 1.
    expect(sent).toEqual([ids.slice(0, 3), ids.slice(3, 6), ids.slice(6)]);
    expect(r).toMatchObject({ delivered: 7, deadLettered: 0, pending: 0 });
    expect(full.refused).toBeGreaterThan(0); // the leased claims really were refused
    expect([...b.committed.values()]).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect([...b.committed.keys()]).toEqual(ids);
    expect(await queuedIds(factory)).toEqual([]);
    expect(outbox.stats()).toMatchObject({ pending: 0, delivered: 7, dropped: 0 });
  });

  // e2e 11c saw pending 0 with delivered 0 after the collector stored every id: `pending` was
  // set inside the transaction body, before its commit, while `delivered` is counted once the
  // commit resolves; over quota the window spans the refused write, its abort and the redo.
  it.each([true, false])('stats() counts a row delivered in the same moment it leaves pending (over quota: %s)', async (over) => {
    const { outbox, c } = make();
    await fill(outbox, 3, c);
    full.on = over;
    const torn: Array<[number, number]> = [];
    let polling = true;
    const poll = () => {
      const { pending, delivered } = outbox.stats();
      if (pending + delivered != 3) torn.push([pending, delivered]);
      if (polling) setImmediate(poll);
    };
    poll();
    const r = await outbox.flush();
    polling = false;
    expect(r).toMatchObject({ delivered: 3, pending: 0 });
    expect(torn).toEqual([]);
  });

  it('deletes only acknowledged ids: a partial ack leaves the rest on disk, delivered later', async () => {
    const { outbox, c, b, factory, sent, hooks } = make();
    const ids = await fill(outbox, 3, c);
    full.on = true;
    // The backend accepts the first and third id only, and says nothing about the second.
    hooks.answer = (got) => {
      b.commit([got[0]!, got[2]!]);
      return Response.json({ accepted: [got[0], got[2]], rejected: [] });
    };
    const r = await outbox.flush();
    expect(r).toMatchObject({ delivered: 2, pending: 1 });
    expect(await queuedIds(factory)).toEqual([ids[1]]);
    // Its backoff (attempt 1, jitter 0.5: floor(0.5 × 1000) = 500 ms) lives in memory: not re-sent before.
    expect(r.nextAt).toBe(c.wall + 500);
    expect(await outbox.flush()).toMatchObject({ delivered: 0, pending: 1 });
    expect(sent).toHaveLength(1);
    hooks.answer = undefined;
    expect(await outbox.flush()).toMatchObject({ delivered: 0, pending: 1 }); // still before the 500 ms
    expect(sent).toHaveLength(1);
  });

  it('a failing endpoint deletes nothing and backs off in memory (no request loop), then delivers', async () => {
    const { outbox, b, c, factory, sent, hooks } = make();
    const ids = await fill(outbox, 4, c);
    full.on = true;
    hooks.answer = () => new Response('busy', { status: 503 });
    const r = await outbox.flush();
    // One request (the first batch of 3), then the drain stops: the endpoint is failing.
    expect(sent).toEqual([ids.slice(0, 3)]);
    expect(r).toMatchObject({ delivered: 0, pending: 4 });
    expect((await queuedIds(factory)).sort()).toEqual([...ids].sort());
    // The batch's backoff (attempt 1, jitter 0.5: floor(0.5 × 1000) = 500 ms) is kept in
    // memory and holds every row, the unsent fourth too (creation order).
    expect(await outbox.flush()).toMatchObject({ delivered: 0, pending: 4, nextAt: c.wall + 500 });
    expect(sent).toHaveLength(1);
    hooks.answer = undefined;
    c.advance(500);
    expect(await outbox.flush()).toMatchObject({ delivered: 4, pending: 0 });
    expect([...b.committed.keys()]).toEqual(ids);
    expect(await queuedIds(factory)).toEqual([]);
  });

  it('a rejected row is kept (its dead letter cannot be written), never re-sent, and moved once space frees', async () => {
    const { outbox, c, b, factory, sent, hooks } = make();
    const ids = await fill(outbox, 3, c);
    const letters: unknown[] = [];
    outbox.addEventListener('dead-letter', (e) => letters.push((e as CustomEvent).detail));
    full.on = true;
    hooks.answer = (got) => {
      b.commit([got[0]!, got[2]!]);
      return Response.json({ accepted: [got[0], got[2]], rejected: [{ id: got[1], reason: 'bad answer' }] });
    };
    const r = await outbox.flush();
    // Not a failing endpoint: the drain goes on, and there is nothing else to send.
    expect(r).toMatchObject({ delivered: 2, deadLettered: 0, pending: 1 });
    expect(r.nextAt).toBeUndefined();
    expect(await queuedIds(factory)).toEqual([ids[1]]);
    expect(letters).toEqual([]);
    expect(await outbox.flush()).toMatchObject({ delivered: 0, deadLettered: 0, pending: 1 });
    expect(sent).toHaveLength(1); // not re-sent while over quota
    full.on = false;
    expect(await outbox.flush()).toMatchObject({ delivered: 0, deadLettered: 1, pending: 0 });
    expect(sent).toHaveLength(1); // moved, not re-sent
    expect(letters).toEqual([{ items: [{ id: ids[1], status: 0, reason: 'bad answer' }] }]);
    expect(await outbox.deadLetters()).toMatchObject([{ id: ids[1], status: 0, reason: 'bad answer' }]);
    expect(await queuedIds(factory)).toEqual([]);
  });

  it('a lone row refused with a 4xx over quota keeps its status and body for the dead letter', async () => {
    const { outbox, c, b, sent, hooks } = make({ batchSize: 1 });
    const [id, other] = await fill(outbox, 2, c);
    hooks.answer = (got) => (got[0] === id ? new Response('schema mismatch', { status: 422 }) : (b.commit(got), Response.json({ accepted: got })));
    // Refused alone before the endpoint acknowledged anything else: kept (it backs off on its
    // own); then the other row is acknowledged, which makes the refusal the row's own.
    expect(await outbox.flush()).toMatchObject({ delivered: 1, deadLettered: 0, pending: 1 });
    expect(b.committed.has(other!)).toBe(true);
    c.advance(1000);
    full.on = true;
    expect(await outbox.flush()).toMatchObject({ delivered: 0, deadLettered: 0, pending: 1 });
    full.on = false;
    expect(await outbox.flush()).toMatchObject({ deadLettered: 1, pending: 0 });
    expect(sent).toEqual([[id], [other], [id]]);
    expect(await outbox.deadLetters()).toMatchObject([{ id, status: 422, reason: 'schema mismatch' }]);
  });

  it('claims without writing a lease over quota; leased claims resume once space frees', async () => {
    const { outbox, c, factory, hooks } = make({ batchSize: 1 });
    const ids = await fill(outbox, 2, c);
    const leases: Array<{ l: unknown; o: unknown }> = [];
    hooks.during = async () => {
      const rows = await rawRows(factory);
      const row = Object.entries(rows).find(([k]) => k.startsWith('q/'))![1];
      leases.push({ l: row.l, o: row.o });
    };
    full.on = true;
    hooks.answer = (got) => {
      full.on = false; // space frees after the first request
      return Response.json({ accepted: got, rejected: [] });
    };
    expect(await outbox.flush()).toMatchObject({ delivered: 2, pending: 0 });
    // First send over quota: the row on disk has no lease. Second: a real lease, timeout 20 s + 5 s.
    expect(leases[0]).toEqual({ l: 0, o: undefined });
    expect(leases[1]!.l).toBe(c.wall + 25_000);
    expect(typeof leases[1]!.o).toBe('string');
    expect(await queuedIds(factory)).toEqual([]);
    expect(ids).toHaveLength(2);
  });

  it('writes the queue totals it owed once space frees: the queue is exactly as full as it looks', async () => {
    const { outbox, c, factory } = make({ maxItems: 4 });
    await fill(outbox, 4, c);
    full.on = true;
    expect(await outbox.flush()).toMatchObject({ delivered: 4, pending: 0 });
    full.on = false;
    // The stored totals still say 4 rows; 4 more must fit (maxItems 4), or the debt was lost.
    const meta = (await rawRows(factory))['m/meta']!;
    expect(meta.n).toBe(4);
    await fill(outbox, 4, c);
    expect((await rawRows(factory))['m/meta']).toMatchObject({ n: 4 });
    await expect(outbox.submit(submission())).rejects.toMatchObject({ code: 'outbox-full' });
  });

  it('two write transactions that start together pay the owed totals once', async () => {
    const { outbox, c, factory, hooks } = make();
    await fill(outbox, 4, c);
    full.on = true;
    // The first batch of 3: 2 acknowledged; then the endpoint fails (the drain goes on after an
    // acknowledgement, so the second batch must fail for only 2 rows to go).
    let calls = 0;
    hooks.answer = (got) => (calls++ ? new Response(null, { status: 503 }) : Response.json({ accepted: got.slice(0, 2), rejected: [] }));
    await outbox.flush(); // deletes 2 of the first batch of 3: the stored totals still say 4
    full.on = false;
    hooks.answer = () => new Response(null, { status: 503 });
    c.advance(60_000);
    // A submit and a flush at once: their transactions queue one behind the other.
    await Promise.all([outbox.submit(submission()), outbox.flush()]);
    // 4 − 2 deleted + 1 new = 3 rows, and the stored totals agree.
    expect(await queuedIds(factory)).toHaveLength(3);
    expect((await rawRows(factory))['m/meta']).toMatchObject({ n: 3 });
  });

  it('a backoff kept in memory is written by the next claim that can write', async () => {
    const { outbox, c, factory, hooks } = make();
    const [id] = await fill(outbox, 1, c);
    full.on = true;
    hooks.answer = () => new Response(null, { status: 500 });
    await outbox.flush();
    expect((await rawRows(factory))[`q/${id}`]).toMatchObject({ t: 0, d: 0 });
    full.on = false;
    await outbox.flush(); // still backing off: claims nothing, but writes what it owed
    expect((await rawRows(factory))[`q/${id}`]).toMatchObject({ t: 1, d: c.wall + 500, l: 0 });
  });

  it('a flusher that dies mid-send over quota leaves no lease: the next one re-sends at once, stored once', async () => {
    const { fetch: hangingFetch, sending } = hangs();
    const { outbox, c, options, b, factory } = make({ fetch: hangingFetch });
    const ids = await fill(outbox, 2, c);
    full.on = true;
    void outbox.flush(); // claims without a lease and hangs forever
    await sending; // the request is out: the claim is done
    outbox.close();
    const other = createOutbox({ ...options, fetch: b.fetch });
    opened.push(other);
    expect(await other.flush()).toMatchObject({ delivered: 2, pending: 0 });
    expect([...b.committed.entries()]).toEqual(ids.map((id) => [id, 1]));
    expect(await queuedIds(factory)).toEqual([]);
  });

  it('expires rows over quota too (a delete): counted, never sent, and the totals are right once space frees', async () => {
    const { outbox, c, factory, sent } = make({ maxItems: 2, retentionMs: 60_000 });
    const ids = await fill(outbox, 2, c);
    const drops: unknown[] = [];
    outbox.addEventListener('dropped', (e) => drops.push((e as CustomEvent).detail));
    c.advance(61_000);
    full.on = true;
    expect(await outbox.flush()).toMatchObject({ delivered: 0, pending: 0 });
    expect(sent).toEqual([]);
    expect(drops).toEqual([{ ids, reason: 'expired' }]);
    expect(outbox.stats().droppedBy).toEqual({ expired: 2 });
    expect(await queuedIds(factory)).toEqual([]);
    full.on = false;
    await fill(outbox, 2, c); // maxItems 2: fits only if the owed totals were paid
    await expect(outbox.submit(submission())).rejects.toMatchObject({ code: 'outbox-full' });
  });

  it('purge() deletes everything over quota too, and the totals are right once space frees', async () => {
    const { outbox, c, factory } = make({ maxItems: 3 });
    await fill(outbox, 3, c);
    full.on = true;
    expect(await outbox.purge()).toBe(3);
    expect(Object.keys(await rawRows(factory)).filter((k) => !k.startsWith('m/'))).toEqual([]);
    expect(outbox.stats().pending).toBe(0);
    full.on = false;
    await fill(outbox, 3, c); // maxItems 3: fits only if the stored totals (still 3) were paid
    await expect(outbox.submit(submission())).rejects.toMatchObject({ code: 'outbox-full' });
  });

  it('an automatic flusher that is not the leader does not claim without a lease', async () => {
    // No Web Locks and the IndexedDB leader lease cannot be written over quota: nobody leads.
    const { outbox, c } = make({ autoFlush: true, locks: null });
    await fill(outbox, 1, c);
    await new Promise((r) => setTimeout(r, 10));
    full.on = true;
    outbox.close(); // stops its timers; flush() still works and it is no longer the leader
    await expect(outbox.flush()).rejects.toMatchObject({ name: 'QuotaExceededError' });
  });
});
