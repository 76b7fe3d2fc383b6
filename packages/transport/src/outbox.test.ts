import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { createStore, set } from 'idb-keyval';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FeedbackError } from '@feedbackkit/core';
import type { IngestRequest } from '@feedbackkit/core';
import { createOutbox } from './outbox.js';
import { aesGcm } from './at-rest.js';
import { migrateV1 } from './migrate-v1.js';
import type { OutboxOptions } from './outbox.js';
import { backend, clock, hangs, queued, rawRows, submission, testOptions } from '../test/helpers.js';

const DAY = 86_400_000;
const opened: Array<{ close(): void }> = [];
afterEach(() => {
  for (const o of opened.splice(0)) o.close();
  vi.restoreAllMocks();
});

function make(over: Partial<OutboxOptions> = {}) {
  const c = clock();
  const b = backend();
  const factory = new IDBFactory();
  const options: OutboxOptions = { ...testOptions(c, factory, b.fetch), ...over };
  const outbox = createOutbox(options);
  opened.push(outbox);
  return { outbox, c, b, factory, options };
}

/** A backend that refuses with `status` and `body` every request carrying the submission `poison.id`. */
function refusing(status: number, body: string) {
  const b = backend();
  const poison = { id: '' };
  const fetch = (async (u: RequestInfo | URL, init?: RequestInit) => {
    const req = JSON.parse(String(init!.body)) as IngestRequest;
    return req.submissions.some((s) => s.id === poison.id) ? new Response(body, { status }) : b.fetch(u, init);
  }) as typeof globalThis.fetch;
  return { b, fetch, poison };
}


describe('submit (write-ahead)', () => {
  it('resolves { id, durable: true } after the row is committed, readable from a fresh connection', async () => {
    const { outbox, factory } = make();
    const r = await outbox.submit(submission());
    expect(r.durable).toBe(true);
    expect(await queued(factory)).toEqual([`q/${r.id}`]);
  });

  it('fills a UUIDv7 id and createdAt from the clock when absent, keeps given ones', async () => {
    const { outbox, c, b } = make();
    const r = await outbox.submit(submission());
    expect(r.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // UUIDv7's first 48 bits are the ms timestamp: Date.UTC(2026,10,22,10) = 1795341600000 = 0x01a0_ab4c_1700
    expect(r.id.replace('-', '').slice(0, 12)).toBe((1795341600000).toString(16).padStart(12, '0'));
    await outbox.submit(submission({ id: '0190c1e0-0000-7000-8000-000000000001', createdAt: '2026-01-01T00:00:00.000Z' }));
    await outbox.flush();
    const sent = b.requests.flatMap((q) => q.body.submissions);
    expect(sent.map((s) => [s.id, s.createdAt])).toEqual([
      ['0190c1e0-0000-7000-8000-000000000001', '2026-01-01T00:00:00.000Z'],
      [r.id, new Date(c.wall).toISOString()],
    ]);
  });

  it('rejects a bad submission with a FeedbackError naming the field, and stores nothing', async () => {
    const { outbox, factory } = make();
    const err = await outbox.submit({ ...submission(), status: 'maybe' as never }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FeedbackError);
    expect(err).toMatchObject({ code: 'invalid-submission', field: 'status', details: { value: 'maybe' } });
    await expect(outbox.submit({ ...submission(), createdAt: 'yesterday' })).rejects.toMatchObject({ field: 'createdAt' });
    expect(await queued(factory)).toEqual([]);
    expect(outbox.stats().pending).toBe(0);
  });

  it('uses a pluggable validator (e.g. safeParseSubmission from @feedbackkit/schema)', async () => {
    const validate = vi.fn(() => ({ success: false, issues: [{ path: ['answers', 'q1', 'value'], message: 'off scale' }] }));
    const { outbox } = make({ validate });
    await expect(outbox.submit(submission())).rejects.toMatchObject({ code: 'invalid-submission', field: 'answers.q1.value', details: { value: 9 } });
    expect(validate).toHaveBeenCalledOnce();
  });

  // fake-indexeddb ignores the option, so only a spy can tell that it is passed.
  it("every write transaction asks for durability: 'strict'", async () => {
    const { IDBDatabase: FDBDatabase } = await import('fake-indexeddb');
    const spy = vi.spyOn(FDBDatabase.prototype, 'transaction');
    const { outbox } = make();
    await outbox.submit(submission());
    await outbox.flush();
    await outbox.purge();
    const writes = spy.mock.calls.filter((c) => c[1] === 'readwrite');
    expect(writes.length).toBeGreaterThanOrEqual(4); // submit, claim, settle, purge
    for (const c of writes) expect(c[2]).toEqual({ durability: 'strict' });
  });

  it('group-commits concurrent submits into few transactions', async () => {
    const { outbox, factory } = make();
    await outbox.submit(submission()); // opens the database
    const proto = Object.getPrototypeOf(await new Promise<IDBDatabase>((res) => {
      const r = factory.open('probe');
      r.onsuccess = () => res(r.result);
    })) as IDBDatabase;
    const spy = vi.spyOn(proto, 'transaction');
    const results = await Promise.all(Array.from({ length: 20 }, () => outbox.submit(submission())));
    expect(new Set(results.map((r) => r.id)).size).toBe(20);
    // 20 submits in one task → one readwrite transaction (a second only if a submit arrives mid-commit).
    expect(spy.mock.calls.filter((c) => c[1] === 'readwrite').length).toBeLessThanOrEqual(2);
    expect(await queued(factory)).toHaveLength(21);
  });

  it('applies redact before the write: the raw row never holds the secret', async () => {
    const redact = (s: import('@feedbackkit/core').Submission) => ({
      ...s,
      answers: { ...s.answers, t: { type: 'text' as const, value: '[card]' } },
    });
    const { outbox, factory, b } = make({ redact });
    await outbox.submit(submission({ answers: { t: { type: 'text', value: '4111 1111 1111 1111' } } }));
    expect(JSON.stringify(await rawRows(factory))).not.toContain('4111');
    await outbox.flush();
    expect(b.requests[0]!.body.submissions[0]!.answers.t).toEqual({ type: 'text', value: '[card]' });
  });
});

describe('delivery and acknowledgement', () => {
  it('sends protocol v1 with sentAt; a one-item batch carries Idempotency-Key, a larger one does not', async () => {
    const { outbox, c, b, factory } = make();
    const one = await outbox.submit(submission());
    expect(await outbox.flush()).toMatchObject({ delivered: 1, deadLettered: 0, pending: 0 });
    c.advance(1000);
    await outbox.submit(submission());
    await outbox.submit(submission());
    await outbox.flush();
    expect(b.requests.map((r) => [r.body.protocol, r.body.sentAt, r.body.submissions.length, r.headers.get('idempotency-key')])).toEqual([
      [1, '2026-11-22T10:00:00.000Z', 1, one.id],
      [1, '2026-11-22T10:00:01.000Z', 2, null],
    ]);
    expect(b.requests[0]!.headers.get('content-type')).toBe('application/json');
    expect(await queued(factory)).toEqual([]);
    expect(outbox.stats()).toMatchObject({ delivered: 3, pending: 0 });
  });

  it('a jitter draw of 0 still waits the 250 ms backoff floor before the next attempt', async () => {
    let n = 0;
    const { outbox, c } = make({ random: () => 0, fetch: (async () => (n++, new Response(null, { status: 503 }))) as typeof fetch });
    await outbox.submit(submission());
    expect((await outbox.flush()).nextAt).toBe(c.wall + 250);
    c.advance(249);
    await outbox.flush();
    expect(n).toBe(1);
    c.advance(1);
    await outbox.flush();
    expect(n).toBe(2);
  });

  it('treats a 200 without the ack JSON (captive portal) as a failure and keeps the rows', async () => {
    let reply = () => new Response('<html>Login to Wi-Fi</html>', { status: 200, headers: { 'content-type': 'text/html' } });
    const { outbox, factory, c } = make({ fetch: (async () => reply()) as typeof fetch });
    await outbox.submit(submission());
    const r = await outbox.flush();
    expect(r).toMatchObject({ delivered: 0, pending: 1 });
    // backoff(0) with random 0.5 = 0.5 * 1000 = 500 ms
    expect(r.nextAt).toBe(c.wall + 500);
    for (const body of ['{}', '{"ok":true}', '{"accepted":"all"}', '{"accepted":[],"rejected":[]}', '']) {
      c.advance(10 * 60_000);
      reply = () => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
      expect(await outbox.flush()).toMatchObject({ delivered: 0, deadLettered: 0, pending: 1 });
    }
    // a 3xx that was not followed is no acknowledgement either
    c.advance(10 * 60_000);
    reply = () => new Response(null, { status: 302, headers: { location: 'http://portal.test/' } });
    expect(await outbox.flush()).toMatchObject({ delivered: 0, pending: 1 });
    expect(await queued(factory)).toHaveLength(1);
  });

  it('deletes only ids echoed in accepted; rejected go to dead-letter; the rest retry', async () => {
    let call = 0;
    const b = backend();
    const fetch = (async (_u: RequestInfo | URL, init?: RequestInit) => {
      const ids = (JSON.parse(String(init!.body)) as IngestRequest).submissions.map((s) => s.id);
      call++;
      // first call: accept #0, reject #1, say nothing of #2 (and echo an id we never sent)
      if (call === 1) return Response.json({ accepted: [ids[0], 'not-ours'], rejected: [{ id: ids[1], reason: 'unknown survey' }] });
      return b.fetch(_u, init);
    }) as typeof globalThis.fetch;
    const { outbox, c } = make({ fetch });
    const ids = [];
    // 1 ms apart: UUIDv7 orders by ms, so the batch order is the submit order
    for (let i = 0; i < 3; i++, c.advance(1)) ids.push((await outbox.submit(submission())).id);
    const events: unknown[] = [];
    outbox.addEventListener('dead-letter', (e) => events.push((e as CustomEvent).detail));
    const r = await outbox.flush();
    expect(r).toMatchObject({ delivered: 1, deadLettered: 1, pending: 1 });
    expect(events).toEqual([{ items: [{ id: ids[1], status: 0, reason: 'unknown survey' }] }]);
    const letters = await outbox.deadLetters();
    expect(letters.map((l) => [l.id, l.reason, l.submission?.id])).toEqual([[ids[1], 'unknown survey', ids[1]]]);
    c.advance(r.nextAt! - c.wall);
    expect(await outbox.flush()).toMatchObject({ delivered: 1, pending: 0 });
    expect(b.requests.flatMap((q) => q.body.submissions.map((s) => s.id))).toEqual([ids[2]]);
  });

  it('splits a batch refused with a 4xx so only the poison item is dead-lettered', async () => {
    const { b, fetch, poison } = refusing(422, '{"error":"bad answer"}');
    const { outbox, c } = make({ fetch });
    // 1 ms apart (UUIDv7 orders by millisecond only): the poison item sits between the others,
    // so an acknowledgement comes before its lone refusal (first in line, see the next test).
    await outbox.submit(submission());
    c.advance(1);
    poison.id = (await outbox.submit(submission())).id;
    c.advance(1);
    await outbox.submit(submission());
    const r = await outbox.flush();
    expect(r).toMatchObject({ delivered: 2, deadLettered: 1, pending: 0 });
    expect((await outbox.deadLetters()).map((l) => [l.id, l.status, l.reason])).toEqual([[poison.id, 422, '{"error":"bad answer"}']]);
    expect(b.committed.has(poison.id)).toBe(false);
  });

  it('a poison item first in its batch is kept until the endpoint acknowledges another request, then dead-lettered', async () => {
    const { fetch, poison } = refusing(400, 'bad');
    const { outbox, c } = make({ fetch });
    poison.id = (await outbox.submit(submission())).id;
    c.advance(1); // UUIDv7 orders by millisecond only
    await outbox.submit(submission());
    c.advance(1);
    await outbox.submit(submission());
    // Refused alone before anything else was acknowledged: it backs off on its own; the others go on.
    const first = await outbox.flush();
    expect(first).toMatchObject({ delivered: 2, deadLettered: 0, pending: 1 });
    c.advance(first.nextAt! - c.wall);
    expect(await outbox.flush()).toMatchObject({ delivered: 0, deadLettered: 1, pending: 0 });
    expect((await outbox.deadLetters()).map((l) => [l.id, l.status])).toEqual([[poison.id, 400]]);
  });

  // e2e audit: a 407 from a proxy split 300 rows into single sends, each refused alone and
  // dead-lettered, and the letters beyond maxDeadLetters deleted (306 requests, 200 submissions gone).
  for (const status of [401, 403, 407, 404])
    it(`an endpoint-wide ${status} keeps every row, backs off and stops the drain`, async () => {
      let down = true;
      const b = backend();
      let n = 0;
      const fetch = (async (u: RequestInfo | URL, init?: RequestInit) => (n++, down ? new Response('<html>no</html>', { status }) : b.fetch(u, init))) as typeof globalThis.fetch;
      const { outbox, c } = make({ fetch });
      const ids: string[] = [];
      for (let i = 0; i < 120; i++, c.advance(1)) ids.push((await outbox.submit(submission())).id);
      const r = await outbox.flush();
      // 401/403/407: one request. Another 4xx: the batch, then two rows alone refused with no acknowledgement between.
      expect(n).toBe(status == 404 ? 3 : 1);
      expect(r).toMatchObject({ delivered: 0, deadLettered: 0, pending: 120 });
      // Backing off: nothing more is sent until then.
      expect((await outbox.flush()).nextAt).toBeGreaterThan(c.wall);
      expect(n).toBe(status == 404 ? 3 : 1);
      expect(outbox.stats()).toMatchObject({ dropped: 0, deadLettered: 0 });
      expect(await outbox.deadLetters()).toEqual([]);
      down = false;
      for (let i = 0; i < 200 && outbox.stats().pending; i++) {
        const next = await outbox.flush();
        c.advance(Math.max((next.nextAt ?? c.wall) - c.wall, 0));
      }
      expect([...b.committed.keys()].sort()).toEqual(ids.sort());
      expect(outbox.stats()).toMatchObject({ deadLettered: 0, dropped: 0 });
    });

  it('an endpoint that starts refusing everything in the middle of a split dead-letters at most one row', async () => {
    const b = backend();
    let n = 0;
    const fetch = (async (u: RequestInfo | URL, init?: RequestInit) =>
      ++n == 1 ? new Response('bad batch', { status: 400 }) : n == 2 ? b.fetch(u, init) : new Response('gone', { status: 404 })) as typeof globalThis.fetch;
    const { outbox, c } = make({ fetch });
    for (let i = 0; i < 5; i++, c.advance(1)) await outbox.submit(submission());
    // The batch is split; the first row alone is acknowledged; then everything is refused:
    // the second row (refused after an acknowledgement) is dead-lettered, the third means endpoint-wide.
    expect(await outbox.flush()).toMatchObject({ delivered: 1, deadLettered: 1, pending: 3 });
    expect(n).toBe(4);
  });

  it('a full dead-letter store deletes no letter: a refused row stays queued (reported, counted), retried with backoff', async () => {
    const b = backend();
    let refuse = true;
    const fetch = (async (u: RequestInfo | URL, init?: RequestInit) => {
      if (!refuse) return b.fetch(u, init);
      const ids = (JSON.parse(String(init!.body)) as IngestRequest).submissions.map((s) => s.id);
      return Response.json({ accepted: [], rejected: ids.map((id) => ({ id, reason: 'schema mismatch' })) });
    }) as typeof globalThis.fetch;
    const { outbox, c } = make({ fetch, maxDeadLetters: 2 });
    const ids: string[] = [];
    const events: unknown[] = [];
    outbox.addEventListener('dropped', (e) => events.push((e as CustomEvent).detail));
    outbox.addEventListener('dead-letter', (e) => events.push((e as CustomEvent).detail));
    for (let i = 0; i < 3; i++, c.advance(1)) ids.push((await outbox.submit(submission())).id);
    const r = await outbox.flush();
    expect(r).toMatchObject({ delivered: 0, deadLettered: 3, pending: 1 });
    expect(events).toEqual([{ items: ids.map((id) => ({ id, status: 0, reason: 'schema mismatch' })) }]);
    expect((await outbox.deadLetters()).map((l) => l.id).sort()).toEqual(ids.slice(0, 2).sort());
    expect(outbox.stats()).toMatchObject({ dropped: 0, pending: 1 });
    // The backend is fixed: the row it refused is still there to deliver.
    refuse = false;
    c.advance(r.nextAt! - c.wall);
    expect(await outbox.flush()).toMatchObject({ delivered: 1, pending: 0 });
    expect([...b.committed.keys()]).toEqual([ids[2]]);
  });

  it('honours Retry-After in seconds and as an HTTP-date on 429/503', async () => {
    let reply = new Response(null, { status: 429, headers: { 'retry-after': '7' } });
    const { outbox, c } = make({ fetch: (async () => reply) as typeof fetch });
    await outbox.submit(submission());
    // 7 s
    expect((await outbox.flush()).nextAt).toBe(c.wall + 7000);
    c.advance(7000);
    reply = new Response(null, { status: 503, headers: { 'retry-after': new Date(c.wall + 42_000).toUTCString() } });
    // 42 s (toUTCString keeps whole seconds; c.wall is on a whole second)
    expect((await outbox.flush()).nextAt).toBe(c.wall + 42_000);
    // not due yet: nothing is sent
    c.advance(41_000);
    expect(await outbox.flush()).toMatchObject({ delivered: 0, nextAt: c.wall + 1000 });
  });

  it('never retries sooner than its own backoff: Retry-After 0, a past date, a client clock ahead of the server', async () => {
    // e2e audit: `Retry-After: 0` (or a date in the past) gave a 0 ms delay, and the leader's
    // timer fired again at once (1,321 requests in 2 s).
    let reply = () => new Response(null, { status: 503, headers: { 'retry-after': '0' } });
    const { outbox, c } = make({ fetch: (async () => reply()) as typeof fetch, random: () => 0.5 });
    await outbox.submit(submission());
    // the first failure's backoff: floor(0.5 × 1 s)
    expect((await outbox.flush()).nextAt! - c.wall).toBe(500);
    c.advance(500);
    reply = () => new Response(null, { status: 429, headers: { 'retry-after': new Date(c.wall - 60_000).toUTCString() } });
    expect((await outbox.flush()).nextAt! - c.wall).toBe(1000);
    c.advance(1000);
    // The server's clock is 10 min behind ours: its date means 30 s from its `Date`, not "in the past".
    reply = () =>
      new Response(null, {
        status: 503,
        headers: { date: new Date(c.wall - 600_000).toUTCString(), 'retry-after': new Date(c.wall - 570_000).toUTCString() },
      });
    expect((await outbox.flush()).nextAt! - c.wall).toBe(30_000);
  });

  it('backs off with full jitter after network errors and timeouts', async () => {
    let n = 0;
    const fetch = (async () => {
      n++;
      throw n % 2 ? new TypeError('Failed to fetch') : new DOMException('timed out', 'TimeoutError');
    }) as typeof globalThis.fetch;
    const { outbox, c } = make({ fetch, random: () => 0.5 });
    await outbox.submit(submission());
    // failure k (k = 1, 2, 3) waits 0.5 · 2^(k−1) s: 500, 1000, 2000 ms
    for (const wait of [500, 1000, 2000]) {
      const r = await outbox.flush();
      expect(r.nextAt! - c.wall).toBe(wait);
      c.advance(wait);
    }
    expect(n).toBe(3);
  });

  it('re-sends an item whose lease expired (a flusher died mid-send), not before', async () => {
    const { fetch: hangingFetch, sending } = hangs();
    const { outbox, options, c, b } = make({ fetch: hangingFetch, timeoutMs: 20_000 });
    await outbox.submit(submission());
    void outbox.flush(); // claims and hangs forever
    await sending; // the request is out: the claim is done
    const other = createOutbox({ ...options, fetch: b.fetch });
    opened.push(other);
    expect(await other.flush()).toMatchObject({ delivered: 0, pending: 1, nextAt: c.wall + 25_000 });
    c.advance(25_000); // the lease is timeout + 5 s
    expect(await other.flush()).toMatchObject({ delivered: 1, pending: 0 });
  });
});

describe('bounded storage', () => {
  it("'reject-new' refuses the item that does not fit and counts it", async () => {
    const { outbox } = make({ maxItems: 2 });
    const drops: unknown[] = [];
    outbox.addEventListener('dropped', (e) => drops.push((e as CustomEvent).detail));
    await outbox.submit(submission());
    await outbox.submit(submission());
    const err = await outbox.submit(submission({ id: '0190c1e0-0000-7000-8000-0000000000ff' })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'outbox-full' });
    expect(drops).toEqual([{ ids: ['0190c1e0-0000-7000-8000-0000000000ff'], reason: 'overflow' }]);
    expect(outbox.stats()).toMatchObject({ pending: 2, dropped: 1, droppedBy: { overflow: 1 } });
  });

  it("'evict-oldest' drops the oldest row to make room and counts it", async () => {
    const { outbox, c, factory } = make({ maxItems: 2, overflow: 'evict-oldest' });
    const a = await outbox.submit(submission());
    c.advance(1);
    const b2 = await outbox.submit(submission());
    c.advance(1);
    const drops: unknown[] = [];
    outbox.addEventListener('dropped', (e) => drops.push((e as CustomEvent).detail));
    const d = await outbox.submit(submission());
    expect(drops).toEqual([{ ids: [a.id], reason: 'evicted' }]);
    expect((await queued(factory)).sort()).toEqual([`q/${b2.id}`, `q/${d.id}`].sort());
  });

  it('limits bytes: maxBytes for the queue, maxItemBytes for one item', async () => {
    const big = (n: number) => submission({ answers: { t: { type: 'text', value: 'x'.repeat(n) } } });
    const { outbox } = make({ maxBytes: 3000, maxItemBytes: 2000 });
    await outbox.submit(big(1500));
    await expect(outbox.submit(big(1500))).rejects.toMatchObject({ code: 'outbox-full' });
    await expect(outbox.submit(big(2500))).rejects.toMatchObject({ code: 'too-large', field: 'submission' });
    expect(outbox.stats().droppedBy).toEqual({ overflow: 1, 'too-large': 1 });
  });

  it('rejects an item over 256 KiB by default', async () => {
    const { outbox } = make();
    const value = 'x'.repeat(256 * 1024);
    await expect(outbox.submit(submission({ answers: { t: { type: 'text', value } } }))).rejects.toMatchObject({ code: 'too-large' });
  });

  it('treats QuotaExceededError like a full queue', async () => {
    const { outbox } = make();
    await outbox.submit(submission());
    const FDBObjectStore = (await import('fake-indexeddb')).IDBObjectStore;
    const put = vi.spyOn(FDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('disk full', 'QuotaExceededError');
    });
    await expect(outbox.submit(submission())).rejects.toMatchObject({ code: 'quota-exceeded' });
    put.mockRestore();
    expect(outbox.stats()).toMatchObject({ pending: 1, droppedBy: { quota: 1 } });
  });
  it.each([1, Infinity])("'evict-oldest' over the storage quota evicts and writes in one transaction (%s refused put)", async (refusals) => {
    const { outbox, c, factory } = make({ overflow: 'evict-oldest' });
    const old = await outbox.submit(submission());
    c.advance(1);
    const kept = await outbox.submit(submission());
    c.advance(1);
    const FDBObjectStore = (await import('fake-indexeddb')).IDBObjectStore;
    const real = FDBObjectStore.prototype.put;
    let left = refusals;
    const put = vi.spyOn(FDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      if (left-- > 0) throw new DOMException('disk full', 'QuotaExceededError');
      return real.call(this, value, key);
    });
    const drops: unknown[] = [];
    outbox.addEventListener('dropped', (e) => drops.push((e as CustomEvent).detail));
    // What the other tabs are told left the queue: only what a committed transaction deleted.
    const told: string[][] = [];
    const channel = new BroadcastChannel('feedbackkit-outbox:default');
    channel.onmessage = ({ data }) => data && told.push(data);
    const added = outbox.submit(submission());
    const heard = async () => {
      await outbox.submit(submission()); // a later transaction that commits
      await new Promise((r) => setTimeout(r, 20));
      channel.close();
      return told;
    };
    if (refusals == 1) {
      // The first write was refused; the second evicts the oldest row (max(1 new row, 2 / 10)) and stores the new one.
      const { id } = await added;
      put.mockRestore();
      expect(drops).toEqual([{ ids: [old.id], reason: 'evicted' }]);
      expect((await queued(factory)).sort()).toEqual([`q/${kept.id}`, `q/${id}`].sort());
      expect(outbox.stats()).toMatchObject({ pending: 2, droppedBy: { evicted: 1 } });
      expect(await heard()).toEqual([[old.id]]);
    } else {
      // Every write refused: the eviction was part of the refused transaction, so nothing was evicted for nothing.
      await expect(added).rejects.toMatchObject({ code: 'quota-exceeded' });
      put.mockRestore();
      expect(drops).toEqual([{ ids: [expect.any(String)], reason: 'quota' }]);
      expect((await queued(factory)).sort()).toEqual([`q/${old.id}`, `q/${kept.id}`].sort());
      expect(outbox.stats()).toMatchObject({ pending: 2, droppedBy: { quota: 1 } });
      // The refused eviction is not announced (it was before: with the next commit).
      expect(await heard()).toEqual([]);
    }
  });
});

describe('expiry and clocks', () => {
  it('expires an undeliverable item after 14 days by createdAt and by time in the queue', async () => {
    const { outbox, c } = make({ fetch: (async () => new Response(null, { status: 503 })) as typeof fetch });
    await outbox.submit(submission());
    await outbox.flush();
    c.advance(13 * DAY);
    await outbox.flush();
    expect(outbox.stats().pending).toBe(1);
    c.advance(DAY);
    const drops: unknown[] = [];
    outbox.addEventListener('dropped', (e) => drops.push((e as CustomEvent).detail));
    await outbox.flush();
    expect(outbox.stats()).toMatchObject({ pending: 0, droppedBy: { expired: 1 } });
    expect(drops).toHaveLength(1);
  });

  it('a forward wall-clock jump does not expire anything early', async () => {
    const { outbox, c } = make({ fetch: (async () => new Response(null, { status: 503 })) as typeof fetch });
    await outbox.submit(submission());
    await outbox.flush();
    c.wall += 30 * DAY; // the wall clock jumps, the monotonic clock does not
    c.mono += 60_000;
    await outbox.flush();
    expect(outbox.stats()).toMatchObject({ pending: 1, dropped: 0 });
  });

  it('an old createdAt alone does not expire a freshly queued item', async () => {
    const { outbox, c } = make({ fetch: (async () => new Response(null, { status: 503 })) as typeof fetch });
    await outbox.submit(submission({ createdAt: new Date(c.wall - 60 * DAY).toISOString() }));
    await outbox.flush();
    expect(outbox.stats()).toMatchObject({ pending: 1, dropped: 0 });
  });

  it('a backward jump does not stall the queue (a wait beyond the cap counts as due)', async () => {
    let ok = false;
    const b = backend();
    const fetch = ((u: RequestInfo | URL, i?: RequestInit) => (ok ? b.fetch(u, i) : Promise.resolve(new Response(null, { status: 503, headers: { 'retry-after': '60' } })))) as typeof globalThis.fetch;
    const { outbox, c } = make({ fetch });
    await outbox.submit(submission());
    await outbox.flush(); // due in 60 s
    c.wall -= 2 * DAY; // now "due" is two days ahead
    ok = true;
    expect(await outbox.flush()).toMatchObject({ delivered: 1, pending: 0 });
  });
});

describe('resilience', () => {
  it('falls back to memory when IndexedDB is unavailable and says so', async () => {
    const { outbox } = make({ indexedDB: null });
    expect(await outbox.submit(submission())).toMatchObject({ durable: false });
    expect(await outbox.flush()).toMatchObject({ delivered: 1 });
  });

  it('falls back to memory when opening IndexedDB fails, with a durability event', async () => {
    const factory = new IDBFactory();
    vi.spyOn(factory, 'open').mockImplementation(() => {
      throw new DOMException('blocked', 'SecurityError');
    });
    const { outbox, b } = make({ indexedDB: factory });
    const events: unknown[] = [];
    outbox.addEventListener('durability', (e) => events.push((e as CustomEvent<{ durable: boolean }>).detail.durable));
    expect(await outbox.submit(submission())).toMatchObject({ durable: false });
    expect(events).toEqual([false]);
    expect(outbox.stats().durable).toBe(false);
    await outbox.flush();
    expect(b.committed.size).toBe(1);
  });

  it('falls back to memory when indexedDB.open never finishes (after 3 s)', async () => {
    const factory = new IDBFactory();
    vi.spyOn(factory, 'open').mockImplementation(() => ({}) as IDBOpenDBRequest);
    const { outbox } = make({ indexedDB: factory });
    const started = performance.now();
    expect(await outbox.submit(submission())).toMatchObject({ durable: false });
    expect(performance.now() - started).toBeGreaterThanOrEqual(2900);
  });

  it('reopens after the connection is lost (InvalidStateError, UnknownError)', async () => {
    const { outbox, factory } = make();
    await outbox.submit(submission());
    const db = await new Promise<IDBDatabase>((res) => {
      const r = factory.open('probe2');
      r.onsuccess = () => res(r.result);
    });
    const proto = Object.getPrototypeOf(db) as IDBDatabase;
    const original = proto.transaction;
    let failures = 2;
    vi.spyOn(proto, 'transaction').mockImplementation(function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
      if (failures-- > 0) throw new DOMException('closed', failures ? 'InvalidStateError' : 'UnknownError');
      return original.apply(this, args);
    });
    expect(await outbox.submit(submission())).toMatchObject({ durable: true });
    expect(await queued(factory)).toHaveLength(2);
  });

  it('does not fall back to memory when the database opened but its first transactions fail (rows on disk would be stranded)', async () => {
    const factory = new IDBFactory();
    const first = make({ indexedDB: factory });
    await first.outbox.submit(submission()); // a row on disk
    first.outbox.close();
    const probe = await new Promise<IDBDatabase>((res) => {
      const r = factory.open('probe4');
      r.onsuccess = () => res(r.result);
    });
    const proto = Object.getPrototypeOf(probe) as IDBDatabase;
    const original = proto.transaction;
    const spy = vi.spyOn(proto, 'transaction').mockImplementation(function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
      if (args[1] === 'versionchange') return original.apply(this, args);
      throw new DOMException('closing', 'InvalidStateError');
    });
    const second = make({ indexedDB: factory });
    await expect(second.outbox.submit(submission())).rejects.toMatchObject({ name: 'InvalidStateError' });
    expect(second.outbox.stats().durable).toBe(true);
    spy.mockRestore();
    expect(await second.outbox.flush()).toMatchObject({ delivered: 1 }); // the row from disk
  });

  it('gives up after bounded reopen attempts with the error, never silently', async () => {
    const { outbox, factory } = make();
    await outbox.submit(submission());
    const db = await new Promise<IDBDatabase>((res) => {
      const r = factory.open('probe3');
      r.onsuccess = () => res(r.result);
    });
    vi.spyOn(Object.getPrototypeOf(db) as IDBDatabase, 'transaction').mockImplementation(() => {
      throw new DOMException('closed', 'InvalidStateError');
    });
    await expect(outbox.submit(submission())).rejects.toMatchObject({ name: 'InvalidStateError' });
  });
});

describe('at rest', () => {
  it('encrypts rows with AES-GCM under a non-extractable key stored in the database', async () => {
    const { outbox, factory, b } = make({ encrypt: aesGcm() });
    await outbox.submit(submission({ answers: { t: { type: 'text', value: 'my secret comment' } } }));
    const rows = await rawRows(factory);
    const key = rows['m/key'] as unknown as CryptoKey;
    expect(key.algorithm.name).toBe('AES-GCM');
    expect(key.extractable).toBe(false);
    const row = Object.entries(rows).find(([k]) => k.startsWith('q/'))![1] as { b: { ct: ArrayBuffer } };
    expect(new TextDecoder().decode(row.b.ct)).not.toContain('secret');
    await outbox.flush();
    expect(b.requests[0]!.body.submissions[0]!.answers.t).toEqual({ type: 'text', value: 'my secret comment' });
  });

  it('deadLetters() and reading the at-rest key are readonly transactions (no write lock, no durable commit)', async () => {
    const factory = new IDBFactory();
    const reject = (async (_u: RequestInfo | URL, init?: RequestInit) => {
      const ids = (JSON.parse(String(init!.body)) as IngestRequest).submissions.map((s) => ({ id: s.id, reason: 'bad answer' }));
      return Response.json({ accepted: [], rejected: ids });
    }) as typeof fetch;
    const first = make({ indexedDB: factory, encrypt: aesGcm(), fetch: reject });
    const { id } = await first.outbox.submit(submission());
    expect(await first.outbox.flush()).toMatchObject({ deadLettered: 1 });
    first.outbox.close();
    // A new page: its cipher has not read the key yet.
    const { outbox } = make({ indexedDB: factory, encrypt: aesGcm() });
    const probe = await new Promise<IDBDatabase>((res) => {
      const r = factory.open('probe-ro');
      r.onsuccess = () => res(r.result);
    });
    const proto = Object.getPrototypeOf(probe) as IDBDatabase;
    const spy = vi.spyOn(proto, 'transaction');
    expect(await outbox.deadLetters()).toMatchObject([{ id, status: 0, reason: 'bad answer', submission: { id } }]);
    const modes = spy.mock.calls.map((c) => c[1]);
    expect(modes).toEqual(['readonly', 'readonly']); // the letters, then the key
  });

  it('purge() deletes the queue and the dead letters', async () => {
    const { outbox, factory } = make({ fetch: (async () => new Response('no', { status: 400 })) as typeof fetch });
    await outbox.submit(submission());
    await outbox.flush();
    await outbox.submit(submission());
    expect(await outbox.purge()).toBe(2);
    expect(Object.keys(await rawRows(factory)).filter((k) => !k.startsWith('m/'))).toEqual([]);
    expect(outbox.stats().pending).toBe(0);
  });
});

describe('migrations', () => {
  it('moves v1 data (the plain idb-keyval layout) into the v2 queue without dropping any row', async () => {
    const factory = new IDBFactory();
    // v1: idb-keyval's createStore opens version 1 with one store, values keyed by id.
    const v1 = createStore.call(undefined, 'feedbackkit-outbox:default', 'keyval');
    vi.stubGlobal('indexedDB', factory);
    const good = { ...submission(), id: '0190c1e0-0000-7000-8000-000000000001', createdAt: '2026-11-20T00:00:00.000Z' };
    await set(good.id, good, v1);
    await set('junk', { hello: 'world' }, v1);
    await v1('readonly', (store) => store.transaction.db.close());
    vi.unstubAllGlobals();
    const { outbox, b } = make({ indexedDB: factory, upgrade: migrateV1 });
    expect(await outbox.flush()).toMatchObject({ delivered: 1, pending: 0 });
    expect(b.requests[0]!.body.submissions).toEqual([good]);
    // the row that was not a submission is kept as a dead letter, not dropped
    expect((await outbox.deadLetters()).map((l) => [l.id, l.reason, l.submission])).toEqual([['junk', 'migration: not a submission', { hello: 'world' }]]);
  });

  it('without migrateV1 (opt-in), a v1 database gains the v2 store and its v1 rows stay untouched', async () => {
    const factory = new IDBFactory();
    const v1 = createStore.call(undefined, 'feedbackkit-outbox:default', 'keyval');
    vi.stubGlobal('indexedDB', factory);
    const good = { ...submission(), id: '0190c1e0-0000-7000-8000-000000000001', createdAt: '2026-11-20T00:00:00.000Z' };
    await set(good.id, good, v1);
    await v1('readonly', (store) => store.transaction.db.close());
    const { outbox, b } = make({ indexedDB: factory });
    const { id } = await outbox.submit(submission());
    expect(await outbox.flush()).toMatchObject({ delivered: 1, pending: 0 });
    expect(b.requests.flatMap((r) => r.body.submissions.map((s) => s.id))).toEqual([id]);
    outbox.close();
    // Not dropped: the v1 row is still in its store, in the upgraded (v2) database.
    const db = await new Promise<IDBDatabase>((res, rej) => {
      const r = factory.open('feedbackkit-outbox:default');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    expect(db.version).toBe(2);
    const kept = await new Promise((res) => (db.transaction('keyval').objectStore('keyval').get(good.id).onsuccess = (e) => res((e.target as IDBRequest).result)));
    db.close();
    vi.unstubAllGlobals();
    expect(kept).toEqual(good);
  });
});

describe('page lifecycle (Node, with a stub window)', () => {
  const grant = { request: (_n: string, _o: unknown, cb: () => Promise<void>) => cb() } as unknown as LockManager;

  it('a new Web-Locks leader re-sends at once what the last leader had in flight; other leases it honours', async () => {
    // The last leader's page is gone (its lock released) while its request hangs.
    const { fetch: hangingFetch, sending } = hangs();
    const { outbox, options, c, b } = make({ fetch: hangingFetch, autoFlush: true, locks: grant });
    const { id } = await outbox.submit(submission());
    await sending; // the leader claimed it (a lease of timeoutMs + 5 s) and is sending
    outbox.close();
    const next = createOutbox({ ...options, fetch: b.fetch, locks: grant });
    opened.push(next);
    await vi.waitFor(() => expect(next.stats()).toMatchObject({ leader: true, delivered: 1, pending: 0 }), { timeout: 5000, interval: 5 });
    expect(b.committed.has(id)).toBe(true);

    // A page that flushes by hand (no lock) holds its lease against the leader, which waits it out.
    const manual = hangs();
    const byHand = createOutbox({ ...options, fetch: manual.fetch, autoFlush: false });
    opened.push(byHand);
    next.close(); // so that only byHand sends until the lease is tested
    const second = await byHand.submit(submission());
    void byHand.flush();
    await manual.sending;
    const leader = createOutbox({ ...options, fetch: b.fetch, locks: grant });
    opened.push(leader);
    expect(await leader.flush()).toMatchObject({ delivered: 0, pending: 1, nextAt: c.wall + 25_000 });
    c.advance(25_000);
    expect(await leader.flush()).toMatchObject({ delivered: 1, pending: 0 });
    expect(b.committed.has(second.id)).toBe(true);
  });

  it("'online' ends a backoff wait at once, but not a Retry-After", async () => {
    const win = new EventTarget();
    vi.stubGlobal('window', win);
    let fail: Response | Error = new TypeError('Failed to fetch');
    const b = backend();
    let calls = 0;
    const fetch = (async (u: RequestInfo | URL, i?: RequestInit) => {
      calls++;
      if (fail instanceof Error) throw fail;
      if (fail.status !== 200) return fail.clone();
      return b.fetch(u, i);
    }) as typeof globalThis.fetch;
    const { outbox, c } = make({ fetch, autoFlush: true, locks: grant, random: () => 0.99 });
    // Waits for what the leader's timers do, polling rather than guessing a delay (a loaded machine is slow).
    const until = (check: () => boolean) => vi.waitFor(() => expect(check()).toBe(true), { timeout: 5000, interval: 5 });
    const { id } = await outbox.submit(submission());
    await until(() => calls === 1); // the leader tried at once and failed: backoff 0.99 × 1 s
    await new Promise((r) => setTimeout(r, 20)); // and settled that attempt
    c.advance(100);
    fail = new Response(null, { status: 200 });
    win.dispatchEvent(new Event('online'));
    await until(() => b.committed.has(id));

    fail = new Response(null, { status: 503, headers: { 'retry-after': '120' } });
    const second = await outbox.submit(submission());
    await until(() => calls === 3);
    await new Promise((r) => setTimeout(r, 20));
    fail = new Response(null, { status: 200 });
    win.dispatchEvent(new Event('online'));
    // Nothing may be sent now; a slow machine can only make this wait pass more easily, never fail.
    await new Promise((r) => setTimeout(r, 100));
    expect(calls).toBe(3);
    expect(b.committed.has(second.id)).toBe(false); // the backend asked for 120 s
    c.advance(120_000);
    expect(await outbox.flush()).toMatchObject({ delivered: 1 });
    vi.unstubAllGlobals();
  });

  it('a leader whose flush threw (storage trouble) tries again 5 s later instead of stalling', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { outbox, b, factory } = make({ autoFlush: true, locks: grant });
    const { id } = await outbox.submit(submission()); // schedules a flush (timer 0, not yet run)
    const probe = await new Promise<IDBDatabase>((res) => {
      const r = factory.open('probe5');
      r.onsuccess = () => res(r.result);
    });
    const proto = Object.getPrototypeOf(probe) as IDBDatabase;
    const original = proto.transaction;
    let broken = true;
    const spy = vi.spyOn(proto, 'transaction').mockImplementation(function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
      if (broken && args[1] === 'readwrite') throw new DOMException('closing', 'UnknownError');
      return original.apply(this, args);
    });
    // the flush runs: 1 try + 3 reopen retries, then it throws
    const tries = () => spy.mock.calls.filter((c) => c[1] === 'readwrite').length;
    for (let i = 0; i < 200 && tries() < 4; i++) await vi.advanceTimersByTimeAsync(5);
    expect(tries()).toBe(4);
    await vi.advanceTimersByTimeAsync(20);
    broken = false;
    expect(b.committed.has(id)).toBe(false);
    await vi.advanceTimersByTimeAsync(4_000);
    expect(b.committed.has(id)).toBe(false); // nothing woke it yet
    await vi.advanceTimersByTimeAsync(1_500); // 5 s after the failure
    await vi.waitFor(() => expect(b.committed.has(id)).toBe(true));
  });

  // e2e 14 stalled: the wall clock went back a day after a failed send computed its backoff
  // deadline but before the leader armed its timer, which then slept the whole cap (5 min).
  it('a leader whose clock goes back between a backoff and its timer sends at once, not after the cap', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const b = backend();
    let ok = false;
    const fetch = ((u: RequestInfo | URL, i?: RequestInit) => (ok ? b.fetch(u, i) : Promise.resolve(new Response(null, { status: 503 })))) as typeof globalThis.fetch;
    let jump = false;
    const c = clock();
    // The jitter is drawn in the settle transaction, after its deadline's "now": jump there.
    const random = () => (jump && ((jump = false), (c.wall -= DAY), (ok = true)), 0.5);
    const { outbox } = make({ fetch, now: c.now, monotonic: c.monotonic, random, autoFlush: true, locks: grant });
    jump = true;
    const { id } = await outbox.submit(submission());
    for (let i = 0; i < 200 && !ok; i++) await vi.advanceTimersByTimeAsync(5);
    expect(ok).toBe(true); // the failed send was settled
    await vi.advanceTimersByTimeAsync(2_000);
    await vi.waitFor(() => expect(b.committed.has(id)).toBe(true));
  });

  // e2e audit: in memory each tab holds its own rows, but only the leader flushed (its own
  // memory): a follower's submission was never delivered.
  it('in memory (no IndexedDB) a follower tab delivers its own submissions', async () => {
    const b = backend();
    const never = { request: () => new Promise(() => undefined) } as unknown as LockManager;
    const leader = make({ indexedDB: null, autoFlush: true, locks: grant });
    const follower = make({ indexedDB: null, autoFlush: true, locks: never, fetch: b.fetch });
    await vi.waitFor(() => expect(leader.outbox.stats().leader).toBe(true));
    const { id, durable } = await follower.outbox.submit(submission());
    expect(durable).toBe(false);
    await vi.waitFor(() => expect(b.committed.has(id)).toBe(true), { timeout: 3000, interval: 5 });
    expect(follower.outbox.stats()).toMatchObject({ leader: false, pending: 0, delivered: 1 });
  });

  it('in memory with autoFlush: false nothing flushes by itself', async () => {
    let n = 0;
    const { outbox } = make({ indexedDB: null, random: () => 0, fetch: (async () => (n++, new Response(null, { status: 503 }))) as typeof fetch });
    await outbox.submit(submission());
    await outbox.flush(); // backoff: the 250 ms floor (full jitter alone would draw 0 ms)
    await new Promise((r) => setTimeout(r, 300)); // past it: a timer would have fired
    expect(n).toBe(1);
  });

  // e2e audit: a follower's keepalive list was pruned only by its own deletes, so every page
  // hide re-sent ids the leader had already delivered (and after another tab's purge).
  it('a follower does not send at page hide what another tab delivered or purged', async () => {
    const win = new EventTarget();
    const doc = { visibilityState: 'visible' };
    vi.stubGlobal('window', win);
    vi.stubGlobal('document', doc);
    const visibility = (state: string) => ((doc.visibilityState = state), win.dispatchEvent(new Event('visibilitychange')));
    const never = { request: () => new Promise(() => undefined) } as unknown as LockManager;
    const keepalive: string[][] = [];
    const fb = backend();
    const follower = make({
      autoFlush: true,
      locks: never,
      fetch: (async (u: RequestInfo | URL, init?: RequestInit) => (keepalive.push(JSON.parse(String(init!.body)).submissions.map((s: { id: string }) => s.id)), fb.fetch(u, init))) as typeof fetch,
    });
    const other = createOutbox({ ...follower.options, autoFlush: false, fetch: backend().fetch, locks: null });
    opened.push(other);
    const a = await follower.outbox.submit(submission());
    expect(await other.flush()).toMatchObject({ delivered: 1 });
    follower.c.advance(1);
    const b = await follower.outbox.submit(submission());
    await new Promise((r) => setTimeout(r, 20)); // the other tab's message arrives
    visibility('hidden');
    await vi.waitFor(() => expect(keepalive).toHaveLength(1));
    expect(keepalive[0]).toEqual([b.id]);
    expect(keepalive[0]).not.toContain(a.id);
    await new Promise((r) => setTimeout(r, 20)); // b's acknowledgement is settled
    visibility('visible');
    await follower.outbox.submit(submission());
    expect(await other.purge()).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 20));
    visibility('hidden');
    await new Promise((r) => setTimeout(r, 20));
    expect(keepalive).toHaveLength(1);
    vi.unstubAllGlobals();
  });

  it('persist: true asks navigator.storage.persist(), with or without autoFlush', async () => {
    const persist = vi.fn(async () => true);
    vi.stubGlobal('navigator', { storage: { persist } });
    make({ persist: true, autoFlush: true, locks: grant });
    expect(persist).toHaveBeenCalledOnce();
    make({ persist: true });
    expect(persist).toHaveBeenCalledTimes(2);
    vi.unstubAllGlobals();
  });
});

describe('versions', () => {
  it('opens a database that a newer build upgraded (VersionError) as it is, rows intact', async () => {
    const factory = new IDBFactory();
    const first = make({ indexedDB: factory });
    const { id } = await first.outbox.submit(submission());
    first.outbox.close();
    // a newer build bumped the version to 3
    await new Promise<void>((res) => {
      const r = factory.open('feedbackkit-outbox:default', 3);
      r.onsuccess = () => (r.result.close(), res());
    });
    const { outbox, b } = make({ indexedDB: factory });
    expect(await outbox.flush()).toMatchObject({ delivered: 1 });
    expect(b.requests[0]!.body.submissions[0]!.id).toBe(id);
  });

  it('a row that can no longer be read (encrypt dropped) is dead-lettered, not blocking the others', async () => {
    const factory = new IDBFactory();
    const sealed = make({ indexedDB: factory, encrypt: aesGcm() });
    const secret = await sealed.outbox.submit(submission());
    sealed.outbox.close();
    const { outbox, b, c } = make({ indexedDB: factory });
    c.advance(1);
    const plain = await outbox.submit(submission());
    expect(await outbox.flush()).toMatchObject({ delivered: 1, deadLettered: 1, pending: 0 });
    expect(b.requests.flatMap((q) => q.body.submissions.map((s) => s.id))).toEqual([plain.id]);
    const [letter] = await outbox.deadLetters();
    expect(letter).toMatchObject({ id: secret.id, status: 0, submission: undefined });
    expect(letter!.reason).toMatch(/^unreadable: /);
  });

  it('rows written before encryption was turned on stay readable', async () => {
    const factory = new IDBFactory();
    const plain = make({ indexedDB: factory });
    const { id } = await plain.outbox.submit(submission());
    plain.outbox.close();
    const { outbox, b } = make({ indexedDB: factory, encrypt: aesGcm() });
    await outbox.submit(submission());
    expect(await outbox.flush()).toMatchObject({ delivered: 2 });
    expect(b.requests[0]!.body.submissions.map((s) => s.id)).toContain(id);
  });
});

describe('encode/decode adapters', () => {
  it('lets a backend that cannot echo ids be adapted', async () => {
    const fetch = vi.fn(async () => new Response('OK', { status: 201 }));
    const { outbox } = make({
      fetch: fetch as unknown as typeof globalThis.fetch,
      encode: (req) => ({ body: req.submissions.map((s) => JSON.stringify(s)).join('\n'), headers: { 'content-type': 'application/x-ndjson' } }),
      decode: async (res, req) => (res.status === 201 ? { accepted: req.submissions.map((s) => s.id), rejected: [] } : undefined),
    });
    await outbox.submit(submission());
    expect(await outbox.flush()).toMatchObject({ delivered: 1 });
    const init = (fetch.mock.calls[0] as unknown as [string, RequestInit])[1];
    expect(new Headers(init.headers).get('content-type')).toBe('application/x-ndjson');
  });
});
