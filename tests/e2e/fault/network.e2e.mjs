// Fault matrix, network faults (issue #6 scenarios 1, 2, 3, 4, 12, 13): real Chromium, the
// built transport, the real collector behind a fault-injecting proxy. Each scenario checks
// the invariant: the collector stores exactly the submitted set minus what the outbox counted
// and reported as dropped or dead-lettered, each id once.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeItems, openPage, sleep, useHarness, waitUntil } from './harness.mjs';

let h;
let browser;
const newContext = useHarness((harness, b) => {
  h = harness;
  browser = b;
});

/** A fresh context (its own IndexedDB) with the test page; options as in harness PAGE_JS. */
async function fresh(o) {
  h.reset();
  const context = await newContext();
  const page = await openPage(context, h.pageUrl(o));
  return { context, page };
}

async function submitAll(page, items) {
  const results = await page.evaluate((its) => window.fk.submit(its), items);
  for (const r of results) assert.deepEqual(r, { id: r.id, ok: true, durable: true }, `submit of ${r.id} resolved durable`);
  return items.map((i) => i.id);
}

const ids = (reqs) => reqs.flatMap((r) => r.ids);

describe('fault matrix: network', { timeout: 120_000 }, () => {
  it('1. offline at submit, then online: delivered within 2 s of reconnect', async () => {
    const { context, page } = await fresh({ name: 's1' });
    await context.setOffline(true);
    const items = makeItems('s1', 5);
    const submitted = await submitAll(page, items);
    // Offline long enough for several failed attempts (backoff grows: 1 s, 2 s, 4 s upper bounds).
    await sleep(4000);
    assert.equal(h.of('s1').length, 0, 'no request reached the network while offline');
    assert.equal((await page.evaluate(() => window.fk.stats())).pending, 5, 'all five still queued');
    const online = Date.now();
    await context.setOffline(false);
    const done = await h.waitStored('s1', submitted, 10_000);
    assert.ok(done - online <= 2000, `delivered ${done - online} ms after reconnect (limit 2000 ms)`);
    await h.assertInvariant('s1', { submitted });
    await context.close();
  });

  it('2. 500/502/503 for a while, then recovering: backoff observed, all stored once', async () => {
    const statuses = [500, 502, 503];
    // jitter 'max' makes the full-jitter delay its upper bound: floor(0.999 × 1000 × 2^k) =
    // 999, 1998, 3996 ms after the 1st, 2nd, 3rd failure.
    const { context, page } = await fresh({ name: 's2', jitter: 'max' });
    h.fault = (r) => (r.k <= 3 ? { status: statuses[r.k - 1], body: 'upstream down' } : undefined);
    const submitted = await submitAll(page, makeItems('s2', 8));
    await h.waitStored('s2', submitted, 20_000);
    const reqs = h.of('s2');
    assert.equal(reqs.length, 4, `3 failures + 1 success (got ${reqs.map((r) => r.status).join(',')})`);
    assert.deepEqual(reqs.map((r) => r.status), [500, 502, 503, 200]);
    const expected = [999, 1998, 3996];
    for (let k = 0; k < 3; k++) {
      const gap = reqs[k + 1].start - reqs[k].sent;
      assert.ok(gap >= expected[k] - 5, `retry ${k + 1} waited ${gap} ms ≥ ${expected[k]} ms`);
      assert.ok(gap <= expected[k] + 2500, `retry ${k + 1} waited ${gap} ms, not far beyond ${expected[k]} ms`);
    }
    for (const r of reqs) assert.deepEqual([...r.ids].sort(), [...submitted].sort(), 'each attempt carries the whole batch');
    await h.assertInvariant('s2', { submitted });
    await context.close();
  });

  it('3. 429 with Retry-After in seconds and as an HTTP-date: no request before the deadline', async () => {
    const { context, page } = await fresh({ name: 's3', jitter: 'max' });
    let dateDeadline = 0;
    h.fault = (r) => {
      if (r.k === 1) return { status: 429, headers: { 'retry-after': '2' }, body: 'slow down' };
      if (r.k === 2) {
        // An HTTP-date has whole seconds: the deadline is that second, 2–3 s from now.
        const header = new Date(Date.now() + 3000).toUTCString();
        dateDeadline = Date.parse(header);
        return { status: 429, headers: { 'retry-after': header }, body: 'slow down' };
      }
      return undefined;
    };
    const submitted = await submitAll(page, makeItems('s3', 3));
    await h.waitStored('s3', submitted, 20_000);
    const [a, b, c] = h.of('s3');
    assert.equal(h.of('s3').length, 3);
    const wait1 = b.start - a.sent;
    assert.ok(wait1 >= 2000 - 5, `after "Retry-After: 2" the next request came ${wait1} ms later (≥ 2000)`);
    assert.ok(wait1 <= 2000 + 2500, `…and not far later (${wait1} ms)`);
    assert.ok(c.start >= dateDeadline - 5, `after the HTTP-date the next request came ${c.start - dateDeadline} ms after the deadline (≥ 0)`);
    assert.ok(c.start <= dateDeadline + 2500, `…and not far later (${c.start - dateDeadline} ms)`);
    await h.assertInvariant('s3', { submitted });
    await context.close();
  });

  it('4. the collector commits, then the connection drops before the response: retried, stored once', async () => {
    const { context, page } = await fresh({ name: 's4', jitter: 'max' });
    h.fault = (r) => (r.k === 1 ? { drop: 'after' } : undefined);
    const submitted = await submitAll(page, makeItems('s4', 6));
    await h.waitStored('s4', submitted);
    await waitUntil('the outbox to see the acknowledgement', async () => (await page.evaluate(() => window.fk.stats())).delivered === 6);
    const reqs = h.of('s4');
    assert.equal(reqs[0].outcome, 'committed-then-dropped');
    assert.ok(reqs.length >= 2, 'the batch was sent again');
    assert.deepEqual([...reqs[1].ids].sort(), [...submitted].sort(), 'the same ids were re-sent');
    const stats = await page.evaluate(() => window.fk.stats());
    assert.equal(stats.pending, 0);
    await h.assertInvariant('s4', { submitted });
    await context.close();
  });

  it('12. a poison item refused with 400 mid-queue: dead-lettered, the rest delivered', async () => {
    const { context, page } = await fresh({ name: 's12', jitter: 'max' });
    const items = makeItems('s12', 10);
    const poison = items[4].id;
    h.fault = (r) => (r.ids.includes(poison) ? { status: 400, headers: { 'content-type': 'application/json' }, body: '{"error":{"code":"poison"}}' } : undefined);
    const submitted = await submitAll(page, items);
    const rest = submitted.filter((id) => id !== poison);
    await h.waitStored('s12', rest);
    await waitUntil('the poison item dead-lettered, the rest acknowledged', async () => {
      const s = await page.evaluate(() => window.fk.stats());
      return s.deadLettered === 1 && s.delivered === 9;
    });
    const stats = await page.evaluate(() => window.fk.stats());
    assert.equal(stats.delivered, 9);
    assert.equal(stats.pending, 0);
    const letters = await page.evaluate(() => window.fk.deadLetters());
    assert.deepEqual(letters.map((l) => [l.id, l.status]), [[poison, 400]]);
    const events = await page.evaluate(() => window.fk.log.filter((e) => e.type === 'dead-letter').flatMap((e) => e.detail.items.map((i) => i.id)));
    assert.deepEqual(events, [poison], 'the page was told (dead-letter event)');
    // The poison item was retried alone, not with others.
    const lone = h.of('s12').filter((r) => r.ids.includes(poison) && r.ids.length === 1);
    assert.ok(lone.length >= 1, 'the poison item was isolated in a batch of one');
    await h.assertInvariant('s12', { submitted, drops: [poison] });
    await context.close();
  });

  it('13. captive portal 200 HTML and 302 to a login page: not acknowledged, retried', async () => {
    const { context, page } = await fresh({ name: 's13', jitter: 'max' });
    h.fault = (r) => {
      if (r.k === 1) return { status: 200, headers: { 'content-type': 'text/html' }, body: '<!doctype html><title>Hotel Wi-Fi</title><form>Log in</form>' };
      if (r.k === 2) return { status: 302, headers: { location: '/portal-login' } };
      return undefined;
    };
    const submitted = await submitAll(page, makeItems('s13', 4));
    await waitUntil('two portal answers', () => h.of('s13').length >= 2 && h.of('s13')[1].end > 0, { timeout: 10_000 });
    await sleep(100);
    const during = await page.evaluate(() => window.fk.stats());
    assert.equal(during.delivered, 0, 'a portal page is not an acknowledgement');
    assert.equal(during.pending, 4);
    assert.equal((await h.stored('s13')).length, 0);
    await h.waitStored('s13', submitted);
    await waitUntil('delivered', async () => (await page.evaluate(() => window.fk.stats())).delivered === 4);
    assert.equal(h.of('s13').length, 3);
    await h.assertInvariant('s13', { submitted });
    await context.close();
  });
});
