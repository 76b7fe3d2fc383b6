// Fault matrix, page and process lifecycle (issue #6 scenarios 5, 6, 8, 9, 10): tabs closed
// mid-flight, the browser SIGKILLed right after `submit` resolved, a reload loop, five tabs
// with one flusher, IndexedDB unavailable. Same invariant as network.e2e.mjs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeItems, openPage, sleep, spawnBrowser, tempProfile, useHarness, waitUntil } from './harness.mjs';

let h;
let browser;
const newContext = useHarness((harness, b) => {
  h = harness;
  browser = b;
});

const stats = (page) => page.evaluate(() => window.fk.stats());
async function submitAll(page, items, durable = true) {
  const results = await page.evaluate((its) => window.fk.submit(its), items);
  for (const r of results) assert.deepEqual(r, { id: r.id, ok: true, durable }, `submit of ${r.id} resolved (durable: ${durable})`);
  return items.map((i) => i.id);
}

// timeoutMs 1000 → a crashed flusher's lease lapses after 1000 + 5000 ms (README "Leader takeover").
const LEASE_WAIT = 6000;

describe('fault matrix: lifecycle', { timeout: 180_000 }, () => {
  it('6. browser SIGKILLed right after submit resolved, relaunched on the same profile: delivered', async () => {
    h.reset();
    const profile = tempProfile('s6');
    let b;
    try {
      b = await spawnBrowser(profile.dir);
      const page = await openPage(b.context, h.pageUrl({ name: 's6', timeoutMs: 1000 }));
      // The collector is unreachable while the first browser lives (requests hang), so the
      // relaunched browser has to deliver from disk.
      h.fault = () => ({ delay: 60_000 });
      const submitted = await submitAll(page, makeItems('s6', 5));
      await b.kill();
      assert.equal((await h.stored('s6')).length, 0, 'nothing reached the collector before the kill');
      h.fault = () => undefined;
      const killedAt = Date.now();
      b = await spawnBrowser(profile.dir);
      const page2 = await openPage(b.context, h.pageUrl({ name: 's6', timeoutMs: 1000 }));
      const done = await h.waitStored('s6', submitted, 20_000);
      await waitUntil('the relaunched outbox to be empty', async () => (await stats(page2)).pending === 0);
      assert.ok(done - killedAt < LEASE_WAIT + 8000, `delivered ${done - killedAt} ms after the kill`);
      await h.assertInvariant('s6', { submitted });
    } finally {
      await b?.close();
      profile.remove();
    }
  });

  it('5. tab closed mid-flight: re-sent on the next page load, stored once', async () => {
    h.reset();
    const context = await newContext();
    const o = { name: 's5', timeoutMs: 1000, jitter: 'max' };
    const page = await openPage(context, h.pageUrl(o));
    // The first request commits at the collector, then its response is held back.
    h.fault = (r) => (r.k === 1 ? { delayAfter: 30_000 } : undefined);
    const submitted = await submitAll(page, makeItems('s5', 4));
    await waitUntil('the collector to commit the first request', () => h.of('s5')[0]?.status === 200);
    await page.close();
    const page2 = await openPage(context, h.pageUrl(o));
    await waitUntil('the next page load to deliver (ack) all four', async () => (await stats(page2)).delivered === 4, { timeout: 20_000 });
    const s = await stats(page2);
    assert.equal(s.pending, 0);
    const resent = h.requests.filter((r) => r.k > 1 && !r.keepalive && r.tab === 's5');
    assert.ok(resent.some((r) => submitted.every((id) => r.ids.includes(id))), 'the next page re-sent the batch');
    await h.assertInvariant('s5', { submitted });
    await context.close();
  });

  it('10. IndexedDB unavailable: { durable: false } reported and memory delivery works', async () => {
    h.reset();
    const context = await newContext();
    // Storage blocked: every open() throws, as in a locked-down or private profile.
    await context.addInitScript(() => {
      IDBFactory.prototype.open = function () {
        throw new DOMException('The user denied permission to access the database.', 'SecurityError');
      };
    });
    const page = await openPage(context, h.pageUrl({ name: 's10' }));
    const submitted = await submitAll(page, makeItems('s10', 5), false);
    await h.waitStored('s10', submitted);
    const events = await page.evaluate(() => window.fk.log.filter((e) => e.type === 'durability').map((e) => e.detail));
    assert.equal(events.length, 1, 'one durability event');
    assert.equal(events[0].durable, false);
    await waitUntil('all delivered', async () => (await stats(page)).delivered === 5);
    assert.equal((await stats(page)).durable, false);
    await h.assertInvariant('s10', { submitted });
    await context.close();
  });

  it('9. five tabs submitting with random closes: never more than one flusher; takeover within 2 s', async () => {
    h.reset();
    // Each send takes 150 ms at the proxy, so two flushers would overlap there.
    h.fault = () => ({ delayAfter: 150 });
    const context = await newContext();
    const pages = [];
    for (let i = 0; i < 5; i++) pages.push(await openPage(context, h.pageUrl({ name: 's9', timeoutMs: 1000, tab: `t${i}` })));
    await waitUntil('one leader', async () => (await Promise.all(pages.map(stats))).filter((s) => s.leader).length === 1);
    const submitted = [];
    const takeovers = [];
    const open = new Set(pages);
    for (let round = 0; round < 3; round++) {
      // All open tabs submit at once.
      const batches = [...open].map((p) => ({ p, items: makeItems('s9', 6) }));
      await Promise.all(batches.map(({ p, items }) => submitAll(p, items)));
      for (const { items } of batches) submitted.push(...items.map((i) => i.id));
      await sleep(100 + Math.floor(Math.random() * 300));
      if (round < 2) {
        // Close the leader (it dies mid-drain), then measure how long until another tab leads.
        const all = [...open];
        const leaderIdx = (await Promise.all(all.map(stats))).findIndex((s) => s.leader);
        const leader = all[leaderIdx];
        open.delete(leader);
        const closedAt = Date.now();
        await leader.close();
        const newLeaderAt = await waitUntil(
          'another tab to take over',
          async () => {
            const ts = await Promise.all([...open].map((p) => p.evaluate(() => window.fk.log.find((e) => e.type === 'leader')?.t ?? 0)));
            const t = ts.filter((x) => x >= closedAt);
            return t.length ? Math.min(...t) : 0;
          },
          { timeout: 5000 },
        );
        takeovers.push(newLeaderAt - closedAt);
      }
    }
    for (const ms of takeovers) assert.ok(ms <= 2000, `takeover after ${ms} ms (limit 2000 ms)`);
    await h.waitStored('s9', submitted, 30_000);
    assert.equal(h.maxFlushers, 1, `at most one flushing request at a time (saw ${h.maxFlushers})`);
    const flushingTabs = new Set(h.requests.filter((r) => !r.keepalive).map((r) => r.tab));
    assert.ok(flushingTabs.size >= 2, `the flusher changed tabs after the leader closed (${[...flushingTabs].join(', ')})`);
    const leaders = (await Promise.all([...open].map(stats))).filter((s) => s.leader).length;
    assert.equal(leaders, 1, 'exactly one leader among the open tabs');
    await h.assertInvariant('s9', { submitted });
    await context.close();
  });

  it('8. reload loop while sending: everything stored once', async () => {
    h.reset();
    h.fault = () => ({ delay: 200 });
    const context = await newContext();
    const o = { name: 's8', timeoutMs: 1000, jitter: 'max' };
    const page = await openPage(context, h.pageUrl(o));
    const submitted = [];
    for (let i = 0; i < 8; i++) {
      submitted.push(...(await submitAll(page, makeItems('s8', 3))));
      await sleep(Math.floor(Math.random() * 150));
      await page.reload();
      await page.waitForFunction(() => window.fkReady === true);
    }
    await h.waitStored('s8', submitted, 30_000);
    await waitUntil('the last page to hold nothing', async () => (await stats(page)).pending === 0, { timeout: 15_000 });
    await h.assertInvariant('s8', { submitted });
    await context.close();
  });
});
