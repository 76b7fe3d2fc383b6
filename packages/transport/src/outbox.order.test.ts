// Creation order after failures (found by the e2e fault matrix, scenario 17: a kiosk offline
// for a weekend once delivered its ratings out of order in 20 requests instead of 6).
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { createOutbox } from './outbox.js';
import type { Outbox } from './outbox.js';
import { backend, clock, submission } from '../test/helpers.js';

const opened: Outbox[] = [];
afterEach(() => {
  for (const o of opened.splice(0)) o.close();
});

/** An outbox whose fetch fails (network error) while `down.value` is true. */
function make(randoms: number[]) {
  const c = clock();
  const b = backend();
  const down = { value: true };
  let i = 0;
  const outbox = createOutbox({
    endpoint: 'https://collector.test/v1/submissions',
    indexedDB: new IDBFactory(),
    fetch: (async (url: RequestInfo | URL, init?: RequestInit) => {
      if (down.value) throw new TypeError('Failed to fetch');
      return b.fetch(url, init);
    }) as typeof fetch,
    autoFlush: false,
    now: c.now,
    monotonic: c.monotonic,
    random: () => randoms[i++ % randoms.length]!,
  });
  opened.push(outbox);
  return { outbox, c, b, down };
}

describe('creation order after failures', () => {
  it('the rows of one failed batch share one backoff and are re-sent together', async () => {
    // Draws 0.3 then 0.9: per row they would give 300 ms and 900 ms (floor(0.3 × 1000),
    // floor(0.9 × 1000)); one draw per batch gives both rows 300 ms. (0.3, not 0.1: 100 ms is
    // under the 250 ms backoff floor.)
    const { outbox, c, b, down } = make([0.3, 0.9]);
    const a = await outbox.submit(submission({ id: '0190c1e0-0000-7000-8000-00000000000a' }));
    const bb = await outbox.submit(submission({ id: '0190c1e0-0000-7000-8000-00000000000b' }));
    await outbox.flush(); // fails: both rows wait 300 ms
    down.value = false;
    c.advance(350);
    await outbox.flush();
    expect(b.requests.map((r) => r.body.submissions.map((s) => s.id))).toEqual([[a.id, bb.id]]);
  });

  it('a newer row does not overtake an older one that is backing off', async () => {
    const { outbox, c, b, down } = make([0.5]);
    const older = await outbox.submit(submission({ id: '0190c1e0-0000-7000-8000-000000000001' }));
    await outbox.flush(); // fails: floor(0.5 × 1000) = 500 ms backoff
    down.value = false;
    c.advance(100);
    const newer = await outbox.submit(submission({ id: '0190c1e0-0000-7000-8000-000000000002' }));
    // 100 ms in: the older row is not due, so the newer one waits with it.
    const early = await outbox.flush();
    expect(b.requests).toHaveLength(0);
    expect(early.nextAt).toBe(c.wall + 400);
    c.advance(400);
    await outbox.flush();
    expect(b.requests.map((r) => r.body.submissions.map((s) => s.id))).toEqual([[older.id, newer.id]]);
  });

  // e2e audit: one id the backend never acknowledged held every newer row behind its backoff,
  // and the drain stopped after each batch with a backed-off row: 500 rows took 9.3 min.
  it('an id left out of an acknowledgement backs off alone: newer rows go on in the same drain', async () => {
    const c = clock();
    const b = backend();
    let stuck = '';
    const requests: string[][] = [];
    const fetch = (async (u: RequestInfo | URL, init?: RequestInit) => {
      const got = (JSON.parse(String(init!.body)) as { submissions: Array<{ id: string }> }).submissions.map((s) => s.id);
      requests.push(got);
      await b.fetch(u, init);
      return Response.json({ accepted: got.filter((id) => id !== stuck), rejected: [] });
    }) as typeof globalThis.fetch;
    const outbox = createOutbox({ endpoint: 'https://collector.test/v1/submissions', indexedDB: new IDBFactory(), fetch, autoFlush: false, now: c.now, monotonic: c.monotonic, random: () => 0.5 });
    opened.push(outbox);
    const ids: string[] = [];
    for (let i = 0; i < 200; i++, c.advance(1)) ids.push((await outbox.submit(submission())).id);
    stuck = ids[0]!;
    const r = await outbox.flush();
    expect(r).toMatchObject({ delivered: 199, pending: 1 });
    expect(requests).toHaveLength(4);
    // its own backoff: floor(0.5 × 1 s)
    expect(r.nextAt).toBe(c.wall + 500);
  });
});
