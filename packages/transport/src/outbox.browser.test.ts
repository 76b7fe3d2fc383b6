// Real Chromium: real IndexedDB, Web Locks, BroadcastChannel and page-lifecycle events.
import { expect } from '@esm-bundle/chai';
import type { IngestRequest } from '@feedbackkit/core';
import { createOutbox } from './outbox.js';
import { aesGcm } from './at-rest.js';
import type { Outbox, OutboxOptions } from './outbox.js';

const sub = (text = 'fine') => ({
  status: 'complete' as const,
  answers: { q1: { type: 'rating' as const, scale: { kind: 'nps' as const }, value: 9 }, t: { type: 'text' as const, value: text } },
  context: { channel: 'web' },
});

let n = 0;
const open: Outbox[] = [];
afterEach(() => {
  for (const o of open.splice(0)) o.close();
});

/** A fetch that records requests and acks every id. */
function collector() {
  const requests: Array<{ body: IngestRequest; init: RequestInit }> = [];
  const fetch = (async (_u: RequestInfo | URL, init?: RequestInit) => {
    const body = JSON.parse(String(init!.body)) as IngestRequest;
    requests.push({ body, init: init! });
    return Response.json({ accepted: body.submissions.map((s) => s.id), rejected: [] });
  }) as typeof globalThis.fetch;
  return { requests, fetch };
}

function make(over: Partial<OutboxOptions> & { name: string }) {
  const o = createOutbox({ endpoint: '/collect', ...over });
  open.push(o);
  return o;
}

async function rawRow(name: string, key: string): Promise<unknown> {
  const db = await new Promise<IDBDatabase>((res, rej) => {
    const r = indexedDB.open(`feedbackkit-outbox:${name}`);
    r.onsuccess = () => res(r.result);
    r.onerror = () => rej(r.error);
  });
  const value = await new Promise((res) => {
    const r = db.transaction('outbox').objectStore('outbox').get(key);
    r.onsuccess = () => res(r.result);
  });
  db.close();
  return value;
}

/** The outbox module loaded in a new same-origin iframe: another tab's outbox, which dies with `frame.remove()`. */
async function inFrameModule() {
  const frame = document.createElement('iframe');
  document.body.append(frame);
  const mod = await (frame.contentWindow as unknown as { eval(code: string): Promise<{ createOutbox: typeof createOutbox }> }).eval(
    "import('/packages/transport/src/outbox.ts')",
  );
  return { frame, mod };
}

const until = async (cond: () => boolean, ms = 3000) => {
  const start = performance.now();
  while (!cond()) {
    if (performance.now() - start > ms) throw new Error(`timed out after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return performance.now() - start;
};

describe('outbox in Chromium', () => {
  it('submit resolves only once the row is readable from a fresh connection', async () => {
    const name = `durable-${n++}-${Date.now()}`;
    const o = make({ name, autoFlush: false, fetch: collector().fetch });
    const r = await o.submit(sub());
    expect(r.durable).to.equal(true);
    const row = (await rawRow(name, `q/${r.id}`)) as { id: string; b: string };
    expect(row.id).to.equal(r.id);
    expect(JSON.parse(row.b).id).to.equal(r.id);
  });

  it('elects one leader with Web Locks; a follower wakes it over BroadcastChannel; takeover is within 2 s', async () => {
    const name = `locks-${n++}-${Date.now()}`;
    const a = collector();
    const b = collector();
    const first = make({ name, fetch: a.fetch });
    await until(() => first.stats().leader);
    const second = make({ name, fetch: b.fetch });
    await new Promise((r) => setTimeout(r, 100));
    expect(second.stats().leader).to.equal(false);
    // the follower enqueues; the leader delivers
    const { id } = await second.submit(sub());
    await until(() => a.requests.some((q) => q.body.submissions.some((s) => s.id === id)));
    expect(b.requests).to.have.length(0);
    // the leader goes away: the follower takes over well within 2 s
    first.close();
    const took = await until(() => second.stats().leader, 2000);
    expect(took).to.be.below(2000);
    const next = await second.submit(sub());
    await until(() => b.requests.some((q) => q.body.submissions.some((s) => s.id === next.id)));
  });

  it('falls back to an IndexedDB lease without Web Locks; takeover is within 2 s', async () => {
    const name = `lease-${n++}-${Date.now()}`;
    const a = collector();
    const b = collector();
    const first = make({ name, fetch: a.fetch, locks: null });
    await until(() => first.stats().leader);
    const second = make({ name, fetch: b.fetch, locks: null });
    await new Promise((r) => setTimeout(r, 1200));
    expect(second.stats().leader, 'two leaders').to.equal(false);
    const { id } = await second.submit(sub());
    await until(() => a.requests.some((q) => q.body.submissions.some((s) => s.id === id)));
    first.close();
    const took = await until(() => second.stats().leader, 2000);
    expect(took).to.be.below(2000);
  });

  /** An outbox that is never granted the lock (a follower, so only the page-hide path sends), against a backend answering 504. */
  function hideOnly(prefix: string) {
    const name = `${prefix}-${n++}-${Date.now()}`;
    const calls: RequestInit[] = [];
    const fetch = (async (_u: RequestInfo | URL, init?: RequestInit) => {
      calls.push(init!);
      return new Response('gateway timeout', { status: 504 });
    }) as typeof globalThis.fetch;
    const locks = { request: () => new Promise(() => undefined) } as unknown as LockManager;
    return { name, calls, o: make({ name, fetch, locks }) };
  }

  it('on pagehide sends what fits in 48 KiB with keepalive, and keeps the rows until acknowledged', async () => {
    const { name, calls, o } = hideOnly('keepalive');
    const ids: string[] = [];
    // 8 submissions of ~10 KB: about 80 KB, more than fits
    for (let i = 0; i < 8; i++) ids.push((await o.submit(sub('x'.repeat(10_000)))).id);
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    await until(() => calls.length > 0);
    expect(calls).to.have.length(1); // not re-sent until re-armed by pageshow
    expect(calls[0]!.keepalive).to.equal(true);
    const body = String(calls[0]!.body);
    expect(new TextEncoder().encode(body).byteLength).to.be.at.most(48 * 1024);
    const sent = (JSON.parse(body) as IngestRequest).submissions.map((s) => s.id);
    // the newest first: 4 × ~10 KB fit in 48 KiB, 5 do not (5 × 10,040 B > 49,152 B)
    expect([...sent].sort()).to.deep.equal(ids.slice(4).sort());
    await new Promise((r) => setTimeout(r, 50));
    expect(await rawRow(name, `q/${ids[0]}`)).to.not.equal(undefined);
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
    await until(() => calls.length === 2);
  });

  it('visibilitychange to hidden (fired at the document, bubbling to the window as browsers fire it) sends with keepalive', async () => {
    const { calls, o } = hideOnly('hidden');
    const { id } = await o.submit(sub());
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    try {
      document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
    } finally {
      delete (document as { visibilityState?: unknown }).visibilityState;
    }
    await until(() => calls.length > 0);
    expect(calls[0]!.keepalive).to.equal(true);
    expect((JSON.parse(String(calls[0]!.body)) as IngestRequest).submissions.map((s) => s.id)).to.deep.equal([id]);
  });

  it('a follower does not send at page hide what the leader in another frame delivered (BroadcastChannel)', async () => {
    const name = `told-${n++}-${Date.now()}`;
    const { frame, mod } = await inFrameModule();
    const a = collector();
    const inFrame = mod.createOutbox({ endpoint: '/collect', name, fetch: a.fetch });
    try {
      await until(() => inFrame.stats().leader);
      const calls: RequestInit[] = [];
      const fetch = (async (_u: RequestInfo | URL, init?: RequestInit) => (calls.push(init!), new Response('gateway timeout', { status: 504 }))) as typeof globalThis.fetch;
      const follower = make({ name, fetch, locks: { request: () => new Promise(() => undefined) } as unknown as LockManager });
      const { id } = await follower.submit(sub());
      await until(() => a.requests.some((q) => q.body.submissions.some((s) => s.id === id)));
      await new Promise((r) => setTimeout(r, 100)); // the leader's message reaches this page
      window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
      await new Promise((r) => setTimeout(r, 100));
      expect(calls).to.have.length(0);
    } finally {
      inFrame.close();
      frame.remove();
    }
  });

  for (const mode of ['Web Locks', 'IndexedDB lease'] as const)
    it(`(${mode}) a leader in another frame that dies without cleanup is replaced within 2 s`, async () => {
      const name = `frame-${n++}-${Date.now()}`;
      const { frame, mod } = await inFrameModule();
      const a = collector();
      const locks = mode === 'Web Locks' ? {} : { locks: null };
      const inFrame = mod.createOutbox({ endpoint: '/collect', name, fetch: a.fetch, ...locks });
      await until(() => inFrame.stats().leader);
      const b = collector();
      const here = make({ name, fetch: b.fetch, ...locks });
      await new Promise((r) => setTimeout(r, 600));
      expect(here.stats().leader).to.equal(false);
      frame.remove(); // the tab dies: no close(), no cleanup
      const took = await until(() => here.stats().leader, 2000);
      expect(took).to.be.below(2000);
      const { id } = await here.submit(sub());
      await until(() => b.requests.some((q) => q.body.submissions.some((s) => s.id === id)));
    });

  it('(Web Locks) what a leader frame had in flight when it died is re-sent by the next leader at once, not after its lease', async () => {
    const name = `inflight-${n++}-${Date.now()}`;
    const { frame, mod } = await inFrameModule();
    let sending = 0;
    const hang = (() => (sending++, new Promise<Response>(() => undefined))) as typeof globalThis.fetch;
    const inFrame = mod.createOutbox({ endpoint: '/collect', name, fetch: hang });
    await until(() => inFrame.stats().leader);
    const { id } = await inFrame.submit(sub());
    await until(() => sending > 0); // claimed with a 25 s lease, the request out
    const b = collector();
    make({ name, fetch: b.fetch }); // waits for the lock
    frame.remove(); // the tab dies mid-send
    const took = await until(() => b.requests.some((q) => q.body.submissions.some((s) => s.id === id)), 5000);
    expect(took).to.be.below(3000);
  });

  it('falls back to memory when indexedDB.open throws, and says so', async () => {
    const blocked = { open: () => { throw new DOMException('denied', 'SecurityError'); } } as unknown as IDBFactory;
    const c = collector();
    const o = make({ name: `blocked-${n++}`, autoFlush: false, indexedDB: blocked, fetch: c.fetch });
    let event: { durable: boolean } | undefined;
    o.addEventListener('durability', (e) => (event = (e as CustomEvent).detail));
    expect(await o.submit(sub())).to.include({ durable: false });
    expect(event?.durable).to.equal(false);
    expect(await o.flush()).to.include({ delivered: 1 });
  });

  it('an open blocked by an older version held open elsewhere: memory after 3 s, then the rows move to disk once it closes', async () => {
    const name = `blocked-open-${n++}-${Date.now()}`;
    const old = await new Promise<IDBDatabase>((res) => {
      const r = indexedDB.open(`feedbackkit-outbox:${name}`, 1);
      r.onsuccess = () => res(r.result);
    });
    old.onversionchange = () => undefined; // an old build that does not close
    const c = collector();
    const o = make({ name, autoFlush: false, fetch: c.fetch });
    const events: boolean[] = [];
    o.addEventListener('durability', (e) => events.push((e as CustomEvent).detail.durable));
    const { id, durable } = await o.submit(sub());
    expect(durable).to.equal(false);
    old.close();
    await until(() => events.length == 2, 3000);
    expect(events).to.deep.equal([false, true]);
    expect(((await rawRow(name, `q/${id}`)) as { id: string }).id).to.equal(id);
    expect(await o.flush()).to.include({ delivered: 1 });
    expect(c.requests.map((q) => q.body.submissions[0]!.id)).to.deep.equal([id]);
  });

  it('encrypts at rest with a non-extractable AES-GCM key kept in IndexedDB', async () => {
    const name = `crypto-${n++}-${Date.now()}`;
    const c = collector();
    const o = make({ name, autoFlush: false, encrypt: aesGcm(), fetch: c.fetch });
    const r = await o.submit(sub('card 4111 1111 1111 1111'));
    const key = (await rawRow(name, 'm/key')) as CryptoKey;
    expect(key).to.be.instanceOf(CryptoKey);
    expect(key.extractable).to.equal(false);
    const row = (await rawRow(name, `q/${r.id}`)) as { b: { ct: ArrayBuffer } };
    expect(new TextDecoder().decode(row.b.ct)).to.not.contain('4111');
    await o.flush();
    expect(c.requests[0]!.body.submissions[0]!.answers.t).to.deep.equal({ type: 'text', value: 'card 4111 1111 1111 1111' });
  });
});
