// Fault matrix scenario 7: SIGKILL the browser at random moments while it submits and drains,
// relaunch on the same profile, repeat (50 rounds in CI; FK_E2E_NIGHTLY=1 for 500). Zero loss:
// every submit that resolved is stored; zero duplicates: each id stored once; nothing stored
// that was never submitted (ids whose submit was cut short by the kill may or may not be).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeItems, NIGHTLY, openPage, sleep, spawnBrowser, tempProfile, useHarness, waitUntil } from './harness.mjs';

const ROUNDS = Number(process.env.FK_E2E_KILL_ROUNDS ?? (NIGHTLY ? 500 : 50));
let h;
useHarness((harness) => {
  h = harness;
}, { browser: false });

describe('fault matrix: random kills', { timeout: NIGHTLY ? 3_600_000 : 240_000 }, () => {
  it(`7. SIGKILL at random moments during a drain, ${ROUNDS} rounds: zero loss, zero duplicates`, async (t) => {
    const profile = tempProfile('s7');
    const o = { name: 's7', timeoutMs: 1000, batchSize: 5 };
    const resolved = [];
    const cut = [];
    let b;
    const started = Date.now();
    try {
      for (let round = 0; round < ROUNDS; round++) {
        // Random latency before and after the collector commits: kills land before the
        // request, between commit and response, and between response and settle.
        h.fault = () => ({ delay: Math.floor(Math.random() * 120), delayAfter: Math.floor(Math.random() * 120) });
        b = await spawnBrowser(profile.dir);
        const page = await openPage(b.context, h.pageUrl(o));
        const items = makeItems('s7', 4);
        let results;
        const submitting = page.evaluate((its) => window.fk.submit(its), items).then(
          (r) => (results = r),
          () => undefined,
        );
        await sleep(Math.floor(Math.random() * 400));
        await b.kill();
        await submitting;
        if (results) {
          for (const r of results) {
            assert.equal(r.ok, true, `round ${round}: submit ${r.id} failed: ${r.message}`);
            resolved.push(r.id);
          }
        } else cut.push(...items.map((i) => i.id));
      }
      t.diagnostic(`${ROUNDS} rounds in ${Math.round((Date.now() - started) / 1000)} s; ${resolved.length} submits resolved before a kill, ${cut.length} cut short`);
      // Final launch: the queue drains (crashed flushers' leases lapse after 6 s).
      h.fault = () => undefined;
      b = await spawnBrowser(profile.dir);
      const page = await openPage(b.context, h.pageUrl(o));
      await h.waitStored('s7', resolved, 30_000);
      await waitUntil('the outbox to be empty', async () => (await page.evaluate(() => window.fk.stats())).pending === 0, { timeout: 20_000 });
      const rows = await h.assertInvariant('s7', { submitted: resolved, mayHave: cut });
      t.diagnostic(`stored ${rows.length} (${resolved.length} required + ${rows.length - resolved.length} of ${cut.length} cut short); ${h.requests.length} requests`);
      assert.ok(resolved.length >= ROUNDS, 'most rounds resolved their submits before the kill (the test exercises drains, not only submits)');
    } finally {
      await b?.close();
      profile.remove();
    }
  });
});
