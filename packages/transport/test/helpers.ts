// Shared by the transport's Node tests: a deterministic clock and random source, a valid
// submission, a reference backend that speaks wire protocol v1 and dedups by id, and a raw
// read of the outbox's IndexedDB rows.
import type { IngestRequest, Submission } from '@feedbackkit/core';

/** Seeded PRNG (scripts/prng.mjs), so every fault schedule can be replayed from its seed. */
export { prng as rng } from '../../../scripts/prng.mjs';

export function clock(start = Date.UTC(2026, 10, 22, 10)) {
  const c = { wall: start, mono: 0, now: () => c.wall, monotonic: () => c.mono, advance: (ms: number) => ((c.wall += ms), (c.mono += ms)) };
  return c;
}

export const submission = (over: Partial<Submission> = {}) => ({
  status: 'complete' as const,
  answers: { q1: { type: 'rating' as const, scale: { kind: 'nps' as const }, value: 9 } },
  context: { channel: 'web' },
  ...over,
});

/** A backend that commits each id once and answers with the ack JSON. */
export function backend() {
  const committed = new Map<string, number>();
  const requests: Array<{ body: IngestRequest; headers: Headers; keepalive?: boolean }> = [];
  return {
    committed,
    requests,
    commit(ids: string[]) {
      for (const id of ids) committed.set(id, (committed.get(id) ?? 0) + 1);
    },
    /** A fetch that acks everything (override per test by wrapping). */
    fetch: (async (_url: RequestInfo | URL, init?: RequestInit) => {
      const body = JSON.parse(String(init!.body)) as IngestRequest;
      requests.push({ body, headers: new Headers(init!.headers), keepalive: init!.keepalive });
      const ids = body.submissions.map((s) => s.id);
      for (const id of ids) if (!committed.has(id)) committed.set(id, 1);
      return Response.json({ accepted: ids, rejected: [] });
    }) as typeof fetch,
  };
}

/** A fetch that never answers, and a promise that resolves once it was called (the request is out). */
export function hangs() {
  let sent!: () => void;
  const sending = new Promise<void>((r) => (sent = r));
  const fetch = (() => (sent(), new Promise<Response>(() => undefined))) as typeof globalThis.fetch;
  return { fetch, sending };
}

/** Every row of an outbox's object store (`{}` before the store exists), read over a fresh connection. */
export async function rawRows(factory: IDBFactory, name = 'default'): Promise<Record<string, Record<string, unknown>>> {
  const db = await new Promise<IDBDatabase>((res, rej) => {
    const r = factory.open(`feedbackkit-outbox:${name}`);
    r.onsuccess = () => res(r.result);
    r.onerror = () => rej(r.error);
  });
  if (!db.objectStoreNames.contains('outbox')) return db.close(), {};
  const store = db.transaction('outbox').objectStore('outbox');
  const [keys, values] = await Promise.all(
    [store.getAllKeys(), store.getAll()].map((r) => new Promise<unknown[]>((res) => (r.onsuccess = () => res(r.result as unknown[])))),
  );
  db.close();
  return Object.fromEntries(keys!.map((k, i) => [String(k), values![i] as Record<string, unknown>]));
}

/** The keys of the queued rows (`q/<id>`). */
export const queued = async (factory: IDBFactory): Promise<string[]> => Object.keys(await rawRows(factory)).filter((k) => k.startsWith('q/'));

/** The options every Node outbox test starts from: the test collector, no auto flush, the test clock, a fixed jitter draw. */
export function testOptions(c: ReturnType<typeof clock>, indexedDB: IDBFactory, fetch: typeof globalThis.fetch) {
  return { endpoint: 'https://collector.test/v1/submissions', indexedDB, fetch, autoFlush: false, now: c.now, monotonic: c.monotonic, random: () => 0.5 };
}
