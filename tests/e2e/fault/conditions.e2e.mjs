// Fault matrix, hostile conditions (issue #6 scenarios 11, 14, 15, 16, 17): storage quota,
// clock jumps, a slow network with timeouts, back/forward-cache navigation, a kiosk offline
// for a weekend. Same invariant as network.e2e.mjs.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { makeItems, openPage, sleep, spawnBrowser, tempProfile, useHarness, waitUntil } from './harness.mjs';

let h;
let browser;
useHarness((harness, b) => {
  h = harness;
  browser = b;
});

const stats = (page) => page.evaluate(() => window.fk.stats());
const submit = (page, items) => page.evaluate((its) => window.fk.submit(its), items);
async function submitAll(page, items) {
  const results = await submit(page, items);
  for (const r of results) assert.deepEqual(r, { id: r.id, ok: true, durable: true }, `submit of ${r.id} resolved durable`);
  return items.map((i) => i.id);
}
/** Runs `fn` with a fresh context (its own IndexedDB) on the test page; always closes it. */
async function withPage(o, fn) {
  h.reset();
  const context = await browser.newContext();
  try {
    await fn({ context, page: await openPage(context, h.pageUrl(o)) });
  } finally {
    await context.close();
  }
}
/**
 * The same on a Chromium this test spawned on a temporary profile: storage-quota overrides
 * apply only to a profile's default context, and playwright's own launch turns the
 * back/forward cache off (--disable-back-forward-cache).
 */
async function withSpawned(tag, o, fn, { quota } = {}) {
  h.reset();
  const profile = tempProfile(tag);
  const b = await spawnBrowser(profile.dir);
  try {
    const page = await b.context.newPage();
    const cdp = await b.context.newCDPSession(page);
    // The override holds reliably only when set before the origin first opens its database.
    if (quota) await cdp.send('Storage.overrideQuotaForOrigin', { origin: h.url, quotaSize: quota });
    await page.goto(h.pageUrl(o));
    await page.waitForFunction(() => window.fkReady === true);
    await fn({ context: b.context, page, cdp });
  } finally {
    await b.close();
    profile.remove();
  }
}

describe('fault matrix: conditions', { timeout: 180_000 }, () => {
  /** Fills a 512 KiB quota with 40 × ~24 KB of incompressible text while the collector is down. */
  async function fillQuota(cdp, page, branch) {
    h.fault = () => ({ status: 503 });
    const items = makeItems(branch, 40).map((it) => ({ ...it, comment: randomBytes(18_000).toString('base64') }));
    const results = [];
    for (let i = 0; i < items.length; i += 4) results.push(...(await submit(page, items.slice(i, i + 4))));
    const reported = await page.evaluate(() => window.fk.log.filter((e) => e.type === 'dropped').map((e) => e.detail));
    // Lift the quota and let the collector answer.
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: h.url });
    h.fault = () => undefined;
    return { items, results, reported };
  }

  it('11a. storage quota exceeded, overflow "reject-new": the new submissions are refused, counted and reported', async () => {
    await withSpawned('s11a', { name: 's11a', jitter: 'max' }, async ({ cdp, page }) => {
      const { items, results, reported } = await fillQuota(cdp, page, 's11a');
      const ok = results.filter((r) => r.ok).map((r) => r.id);
      const refused = results.filter((r) => !r.ok);
      assert.ok(refused.length > 0, 'the quota was hit');
      assert.ok(ok.length > 0, 'submissions under the quota were stored');
      for (const r of refused) assert.equal(r.code, 'quota-exceeded', `${r.id}: ${r.message}`);
      // Reject-new refuses the newest: every stored one precedes every refused one.
      assert.deepEqual(results.map((r) => r.ok), results.map((_, i) => i < ok.length), 'the oldest were kept, the newest refused');
      const s = await stats(page);
      assert.equal(s.droppedBy.quota, refused.length, 'each refused submission is counted under droppedBy.quota');
      assert.deepEqual(reported.flatMap((d) => d.ids).sort(), refused.map((r) => r.id).sort(), 'each drop was reported in a dropped event');
      assert.ok(reported.every((d) => d.reason === 'quota'));
      await h.waitStored('s11a', ok, 20_000);
      await h.assertInvariant('s11a', { submitted: items.map((i) => i.id), drops: refused.map((r) => r.id) });
    }, { quota: 512 * 1024 });
  });

  it('11b. storage quota exceeded, overflow "evict-oldest": every drop counted and reported, no uncounted loss', async (t) => {
    await withSpawned('s11b', { name: 's11b', jitter: 'max', overflow: 'evict-oldest' }, async ({ cdp, page }) => {
      const { items, results, reported } = await fillQuota(cdp, page, 's11b');
      const evicted = reported.filter((d) => d.reason === 'evicted').flatMap((d) => d.ids);
      const refused = results.filter((r) => !r.ok);
      // Chromium refuses every write transaction once the origin is over its quota, the
      // eviction's deletes included; the outbox then refuses the new submission (counted as
      // 'quota') instead of failing with an uncounted raw QuotaExceededError.
      for (const r of refused) assert.equal(r.code, 'quota-exceeded', `${r.id}: ${r.message}`);
      assert.ok(evicted.length + refused.length > 0, 'the quota was hit');
      const drops = [...evicted, ...refused.map((r) => r.id)];
      const s = await stats(page);
      assert.equal(s.dropped, drops.length, 'every drop is counted');
      assert.equal(s.droppedBy.evicted ?? 0, evicted.length);
      assert.equal(s.droppedBy.quota ?? 0, refused.length);
      assert.deepEqual(reported.flatMap((d) => d.ids).sort(), [...drops].sort(), 'every drop was reported');
      t.diagnostic(`evicted ${evicted.length}, refused ${refused.length} of ${items.length}`);
      const kept = items.map((i) => i.id).filter((id) => !drops.includes(id));
      await h.waitStored('s11b', kept, 20_000);
      await h.assertInvariant('s11b', { submitted: items.map((i) => i.id), drops });
    }, { quota: 512 * 1024 });
  });

  it('11c. storage quota exceeded: the queue still drains while the origin is over its quota', async () => {
    await withSpawned('s11c', { name: 's11c', jitter: 'max' }, async ({ page }) => {
      h.fault = () => ({ status: 503 });
      const items = makeItems('s11c', 40).map((it) => ({ ...it, comment: randomBytes(18_000).toString('base64') }));
      const results = [];
      for (let i = 0; i < items.length; i += 4) results.push(...(await submit(page, items.slice(i, i + 4))));
      const ok = results.filter((r) => r.ok).map((r) => r.id);
      const refused = results.filter((r) => !r.ok);
      assert.ok(refused.length > 0 && ok.length > 0, `the quota was hit (${ok.length} stored, ${refused.length} refused)`);
      for (const r of refused) assert.equal(r.code, 'quota-exceeded', `${r.id}: ${r.message}`);
      h.fault = () => undefined;
      // Still over quota (the override stays): delivering what is queued is the only way to
      // free space. The leases, backoffs and totals cannot be written, yet the queue drains.
      const flushed = await page.evaluate(() => window.fk.flush().then((r) => r, (e) => ({ error: `${e.name}: ${e.message}` })));
      assert.equal(flushed.error, undefined, `flush while over quota: ${flushed.error}`);
      await h.waitStored('s11c', ok, 30_000);
      await waitUntil('every stored row acknowledged and deleted', async () => (await stats(page)).pending === 0, { timeout: 10_000 });
      const s = await stats(page);
      assert.equal(s.delivered, ok.length, 'each stored submission delivered (acknowledged) once by this page');
      assert.equal(s.droppedBy.quota, refused.length);
      await h.assertInvariant('s11c', { submitted: items.map((i) => i.id), drops: refused.map((r) => r.id) });
      // Not asserted: that a new submission fits right after the drain. Observed: Chromium still
      // refused it (quota-exceeded) at once; its usage figure had not yet dropped after the deletes.
    }, { quota: 512 * 1024 });
  });

  it('14. clock jumps of +1 day and −1 day: no early expiry, no stall', async () => {
    // retentionMs 1 h: a +1 day wall-clock jump makes every item "a day old" by createdAt;
    // only the monotonic time in the queue keeps them alive.
    const o = { name: 's14', jitter: 'max', skew: true, retentionMs: 3_600_000 };
    await withPage(o, async ({ page }) => {
      h.fault = (r) => (r.k === 1 ? { status: 503 } : undefined);
      const ahead = await submitAll(page, makeItems('s14', 4));
      await waitUntil('the first failure', () => h.of('s14')[0]?.end > 0);
      await page.evaluate(() => (window.__fkSkew = 86_400_000));
      await h.waitStored('s14', ahead, 10_000);
      await waitUntil('the acknowledgement', async () => (await stats(page)).delivered === 4);
      let s = await stats(page);
      assert.equal(s.droppedBy.expired ?? 0, 0, 'nothing expired after +1 day');
      assert.equal(s.delivered, 4);

      // −1 day from the true time: a backoff deadline now lies a day ahead and must not stall the queue.
      const n0 = h.of('s14').length;
      h.fault = (r) => (r.k === n0 + 1 ? { status: 503 } : undefined);
      await page.evaluate(() => (window.__fkSkew = 0));
      const behind = await submitAll(page, makeItems('s14', 4));
      await waitUntil('the next failure', () => h.of('s14')[n0]?.end > 0);
      const jumped = Date.now();
      await page.evaluate(() => (window.__fkSkew = -86_400_000));
      const done = await h.waitStored('s14', behind, 10_000);
      // The backoff after one failure is 999 ms; allow slack for a loaded machine.
      assert.ok(done - jumped < 4000, `delivered ${done - jumped} ms after the −1 day jump`);
      await waitUntil('the acknowledgement', async () => (await stats(page)).delivered === 8);
      s = await stats(page);
      const drops = await page.evaluate(() => window.fk.log.filter((e) => e.type === 'dropped').map((e) => ({ ...e.detail, t: e.t })));
      assert.equal(s.droppedBy.expired ?? 0, 0, `nothing expired after −1 day (dropped: ${JSON.stringify(drops)}; ahead ${ahead.join(',')}; behind ${behind.join(',')})`);
      assert.equal(s.pending, 0);
      await h.assertInvariant('s14', { submitted: [...ahead, ...behind] });
    });
  });

  it('15. slow network (5 s latency, 1.5 s timeouts): no retry storm, one request at a time', async () => {
    await withPage({ name: 's15', jitter: 'max', timeoutMs: 1500 }, async ({ page }) => {
      // Every answer takes 5 s (the collector commits at once): each attempt times out.
      h.fault = () => ({ delayAfter: 5000 });
      const submitted = await submitAll(page, makeItems('s15', 10));
      const t0 = Date.now();
      await sleep(9000);
      const during = h.requests.filter((r) => r.tab === 's15' && r.start - t0 < 9000);
      // Hand-worked schedule: attempt 1 at 0 s, times out at 1.5 s, waits 0.999 s → attempt 2 at
      // ≈2.5 s, out at 4.0 s, waits 1.998 s → attempt 3 at ≈6.0 s, out at 7.5 s, waits 3.996 s →
      // attempt 4 at ≈11.5 s. So at most 3 attempts in the first 9 s (a loaded machine only delays them).
      assert.ok(during.length >= 2 && during.length <= 3, `attempts in 9 s: ${during.length} (expected 2–3)`);
      assert.equal(h.maxInflight, 1, `concurrent requests at the proxy: ${h.maxInflight}`);
      assert.equal((await stats(page)).delivered, 0);
      h.fault = () => undefined;
      await h.waitStored('s15', submitted, 15_000);
      await waitUntil('acknowledged', async () => (await stats(page)).delivered === 10, { timeout: 15_000 });
      assert.equal(h.maxInflight, 1);
      await h.assertInvariant('s15', { submitted });
    });
  });

  it('16. back/forward-cache navigation: flushing resumes', async () => {
    await withSpawned('s16', { name: 's16', jitter: 'max' }, async ({ cdp, page }) => {
      const notUsed = [];
      await cdp.send('Page.enable');
      cdp.on('Page.backForwardCacheNotUsed', (e) => notUsed.push(...e.notRestoredExplanations.map((x) => x.reason)));
      // The collector is down: one attempt fails (backoff 999 ms), then the page leaves and its
      // timers freeze in the back/forward cache.
      h.fault = () => ({ status: 503 });
      const submitted = await submitAll(page, makeItems('s16', 3));
      await waitUntil('a failed attempt', () => h.of('s16')[0]?.end > 0);
      await page.goto(`${h.url}/other.html`);
      h.fault = () => undefined;
      await sleep(1500);
      assert.equal((await h.stored('s16')).length, 0, 'nothing was delivered while the page was in the cache');
      const back = Date.now();
      // A page restored from the cache fires no load event: wait for the commit only.
      await page.goBack({ waitUntil: 'commit' });
      await waitUntil('pageshow', () => page.evaluate(() => window.fk.log.some((e) => e.type === 'pageshow' && e.detail.persisted)), { timeout: 5000 }).catch(() => false);
      const shows = await page.evaluate(() => window.fk.log.filter((e) => e.type === 'pageshow').map((e) => e.detail.persisted));
      assert.deepEqual(shows, [false, true], `the page came back from the back/forward cache (not restored because: ${notUsed.join(', ') || 'n/a'})`);
      const done = await h.waitStored('s16', submitted, 10_000);
      assert.ok(done - back < 3000, `delivered ${done - back} ms after coming back`);
      await waitUntil('acknowledged by the restored page', async () => (await stats(page)).delivered === 3);
      await h.assertInvariant('s16', { submitted });
    });
  });

  it('17. kiosk offline for a weekend, 300 ratings: all delivered in creation order within the drain target', async (t) => {
    await withPage({ name: 's17' }, async ({ context, page }) => {
      await context.setOffline(true);
      // 300 ratings, one every 12 minutes: 300 × 12 min = 60 h, Friday evening to Monday morning.
      const items = makeItems('s17', 300, { startMs: Date.now() - 60 * 3_600_000, stepMs: 12 * 60_000 });
      for (let i = 0; i < items.length; i += 25) await submitAll(page, items.slice(i, i + 25));
      assert.equal((await stats(page)).pending, 300);
      assert.equal(h.requests.filter((r) => r.tab === 's17').length, 0, 'nothing sent while offline');
      const online = Date.now();
      await context.setOffline(false);
      const submitted = items.map((i) => i.id);
      const done = await h.waitStored('s17', submitted, 30_000);
      const ms = done - online;
      t.diagnostic(`300 ratings drained ${ms} ms after reconnect (${Math.round(300_000 / ms)} /s end to end) in ${h.of('s17').length} requests`);
      // Drain target for this suite: within 10 s of reconnect (≥ 30 ratings/s end to end through
      // Chromium, the proxy and PGlite on a shared 2-core machine; the outbox-only drain rate is in docs/benchmarks.md).
      assert.ok(ms <= 10_000, `drained in ${ms} ms (target 10 000 ms)`);
      // Creation order: ids in the order they first reached the collector.
      const seen = [];
      const once = new Set();
      const ours = new Set(submitted);
      for (const r of h.of('s17')) for (const id of r.ids) if (ours.has(id) && !once.has(id)) (once.add(id), seen.push(id));
      assert.deepEqual(seen, submitted, 'sent in creation order');
      const rows = await h.assertInvariant('s17', { submitted });
      assert.deepEqual(rows.map((r) => r.id), submitted, 'stored (received_at, id) order equals creation order');
    });
  });
});
