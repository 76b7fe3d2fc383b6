// The demo end to end in real Chromium: the banking example (strict CSP + Trusted Types) →
// the built elements → the durable outbox → the collector on in-memory PGlite → the
// dashboard shows the new score, and updates live when another one arrives.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { BANKING_CSP, DEMO_SITE, seedDemo, startDemo } from '../../scripts/demo-server.mjs';
import { launchChromium, watchedPage } from './browser.mjs';

const siteKey = 'fk_site_e2e_demo_key_000001';
const adminToken = 'fk_admin_e2e_demo_token_000001';
let demo;
let browser;

before(async () => {
  [demo, browser] = await Promise.all([startDemo({ port: 0, siteKey, adminToken }), launchChromium()]);
});

after(async () => {
  await browser?.close();
  await demo?.close();
});

async function adminGet(path) {
  const res = await fetch(`${demo.url}${path}`, { headers: { authorization: `Bearer ${adminToken}` } });
  assert.equal(res.status, 200, `${path}: HTTP ${res.status}`);
  return res.json();
}

test('banking NPS → outbox → collector → dashboard, with no CSP violation on either page', { timeout: 120_000 }, async (t) => {
  const context = await browser.newContext();
  const bank = await watchedPage(context);
  const response = await bank.page.goto(`${demo.url}/examples/banking/`);
  assert.equal(response.headers()['content-security-policy'], BANKING_CSP);

  await bank.page.getByRole('button', { name: 'Confirm transfer' }).click();
  await bank.page.getByRole('heading', { name: 'Transfer sent' }).waitFor();
  const survey = bank.page.locator('fb-survey');
  // NPS 3 (a detractor) → the reason-code step → the comment box.
  await survey.locator('input[type="radio"]').nth(3).check();
  await survey.getByRole('button', { name: 'Next' }).click();
  await survey.getByLabel('Fees').check();
  await survey.getByRole('button', { name: 'Next' }).click();
  const box = survey.locator('textarea');
  await box.pressSequentially('Card 4111 1111 1111 1111 was charged twice', { delay: 5 });
  const shown = await box.inputValue();
  assert.ok(!shown.includes('4111 1111 1111 1111'), `the card number is redacted in the box (got ${JSON.stringify(shown)})`);

  const posted = bank.page.waitForResponse((r) => r.url().endsWith('/v1/submissions') && r.request().method() === 'POST');
  await survey.getByRole('button', { name: 'Submit' }).click();
  const ack = await (await posted).json();
  assert.equal(ack.accepted.length, 1, `collector accepted the submission: ${JSON.stringify(ack)}`);
  assert.equal(ack.rejected.length, 0);

  // What the collector stored: the rating, its reason, the page context, and the comment without the card number.
  const exported = await adminGet('/v1/export?format=json');
  assert.equal(exported.count, 1);
  const stored = exported.submissions[0];
  assert.equal(stored.id, ack.accepted[0]);
  assert.deepEqual(stored.payload.answers.nps, { type: 'rating', scale: { kind: 'nps' }, value: 3, reasons: ['fees'] });
  assert.equal(stored.context.site, 'demo-bank');
  assert.equal(stored.context.stage, 'completed');
  assert.ok(!JSON.stringify(stored.payload).includes('4111'), 'no card digits reached the collector');

  // The dashboard: token in the fragment, taken into sessionStorage and removed from the address bar.
  const dash = await watchedPage(context);
  await dash.page.goto(`${demo.url}/dashboard#token=${adminToken}`);
  const nps = dash.page.getByTestId('score-nps');
  // One detractor: NPS = (0 promoters − 1 detractor) / 1 × 100 = −100.
  await assert.doesNotReject(nps.filter({ hasText: '−100' }).waitFor({ timeout: 15_000 }));
  assert.equal(new URL(dash.page.url()).hash, '', 'the token left the address bar');
  await dash.page.getByText('Live', { exact: true }).waitFor({ timeout: 15_000 });
  const reasons = dash.page.locator('fk-dashboard table caption', { hasText: 'Reason codes' });
  assert.equal(await reasons.count(), 1, 'the reason chart has a table alternative');

  // Live: a promoter sent straight to the collector (a kiosk has no Origin) reaches the open
  // dashboard over /v1/stream. NPS = (1 − 1) / 2 × 100 = 0.
  const now = new Date().toISOString();
  const live = await fetch(`${demo.url}/v1/submissions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-feedbackkit-key': siteKey },
    body: JSON.stringify({
      protocol: 1,
      sentAt: now,
      submissions: [{ id: '01936a6e-0000-7000-8000-000000000001', createdAt: now, status: 'complete', answers: { nps: { type: 'rating', scale: { kind: 'nps' }, value: 10 } }, context: { site: 'demo-bank' } }],
    }),
  });
  assert.equal(live.status, 200, await live.text());
  await assert.doesNotReject(nps.filter({ hasText: /^0$/ }).waitFor({ timeout: 15_000 }));

  assert.deepEqual(bank.problems, [], 'banking page: no CSP violations or errors');
  assert.deepEqual(dash.problems, [], 'dashboard: no CSP violations or errors');

  // The banking policy really enforces Trusted Types: a raw HTML string sink throws.
  const sink = await bank.page.evaluate(() => {
    try {
      document.createElement('div').innerHTML = '<b>x</b>';
      return 'allowed';
    } catch (e) {
      return e.name;
    }
  });
  assert.equal(sink, 'TypeError');
  await context.close();
});

test('checkout: answers given offline survive closing the tab and are sent by the next page load', { timeout: 90_000 }, async (t) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const first = await watchedPage(context);
  await first.page.goto(`${demo.url}/examples/checkout/`);
  await context.setOffline(true);
  const survey = first.page.locator('fb-survey');
  await survey.locator('input[type="radio"]').nth(3).check(); // CSAT 4 of 5
  await survey.getByRole('button', { name: 'Next' }).click();
  await survey.locator('input[type="radio"]').nth(5).check(); // CES 6 of 7
  await survey.getByRole('button', { name: 'Submit' }).click();
  await first.page.locator('#delivery', { hasText: 'Saved on this phone — will send when online' }).waitFor({ timeout: 15_000 });
  const problems = (first.problems.filter((p) => !/net::ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(p)));
  assert.deepEqual(problems, [], 'checkout page: no CSP violations or errors');
  await first.page.close(); // the tab is gone with the response still only on the device

  // Closing the tab fires pagehide, and the outbox's keepalive send (the "unload bonus") may
  // outlive the page's offline emulation in Chromium. Either way: at most one copy now, and
  // exactly one after the next page load.
  const before = await adminGet('/v1/export?format=json&stage=post-purchase');
  assert.ok(before.count <= 1, `at most one copy stored at close, got ${before.count}`);
  if (before.count === 1) t.diagnostic('delivered by the pagehide keepalive send as the tab closed');
  await context.setOffline(false);
  const second = await watchedPage(context);
  await second.page.goto(`${demo.url}/examples/checkout/`);
  // Usually within a second or two; but attempts the first page made while offline leave a
  // backoff (full jitter, doubling) stored with the row, and a tab closed mid-attempt leaves
  // the row claimed until its lease (timeout + 5 s = 25 s) ends — the next page honours both.
  let stored;
  for (let i = 0; i < 240 && !stored; i++) {
    const now = await adminGet('/v1/export?format=json&stage=post-purchase');
    stored = now.submissions[0];
    if (!stored) await new Promise((r) => setTimeout(r, 250));
  }
  assert.ok(stored, 'the next page load delivered the queued response');
  const after = await adminGet('/v1/export?format=json&stage=post-purchase');
  assert.equal(after.count, 1, 'stored exactly once');
  assert.deepEqual(stored.payload.answers, {
    csat: { type: 'rating', scale: { kind: 'csat', points: 5 }, value: 4 },
    ces: { type: 'rating', scale: { kind: 'ces', points: 7 }, value: 6 },
  });
  t.diagnostic(`delivered after reopening: ${stored.id}`);
  await context.close();
});

test('kiosk: the teller console starts a rating; the evaluator records it with branch, counter, staff and transaction', { timeout: 90_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 700 } });
  const kiosk = await watchedPage(context);
  await kiosk.page.goto(`${demo.url}/examples/kiosk/`);
  await kiosk.page.waitForFunction(() => customElements.get('fb-kiosk') !== undefined);
  const teller = await watchedPage(context);
  await teller.page.goto(`${demo.url}/examples/kiosk/teller.html`);
  const txn = await teller.page.locator('#txn').textContent();
  await teller.page.getByLabel('Staff').selectOption('E-0907');
  await teller.page.getByRole('button', { name: /Finish transaction/ }).click();
  await kiosk.page.getByText('Served by E-0907').waitFor({ timeout: 10_000 });
  // The kiosk ignores taps for 0.7 s after a screen appears (its double-tap guard); a person is slower.
  await kiosk.page.waitForTimeout(900);
  const posted = kiosk.page.waitForResponse((r) => r.url().endsWith('/v1/submissions') && r.request().method() === 'POST');
  await kiosk.page.getByRole('button', { name: 'Satisfied', exact: true }).click();
  const ack = await (await posted).json();
  assert.equal(ack.accepted.length, 1, JSON.stringify(ack));
  const exported = await adminGet(`/v1/export?format=json&staff=E-0907`);
  const row = exported.submissions.find((s) => s.id === ack.accepted[0]);
  assert.ok(row, 'stored');
  const ctx = row.payload.context;
  assert.equal(ctx.transaction, txn);
  assert.deepEqual([ctx.branch, ctx.counter, ctx.staff, ctx.channel, ctx.site], ['B-017', 'B-017/3', 'E-0907', 'counter', 'demo-bank']);
  assert.deepEqual(row.payload.answers.rating, { type: 'rating', scale: { kind: 'evaluator', points: 3 }, value: 3 });
  assert.deepEqual(kiosk.problems, [], 'kiosk page: no CSP violations or errors');
  assert.deepEqual(teller.problems, [], 'teller console: no CSP violations or errors');
  await context.close();
});

test('the demo serves no project files outside the example pages', async () => {
  for (const path of ['/examples/banking/package.json', '/examples/banking/README.md', '/examples/banking/..%2f..%2fpackage.json', '/examples/nope/', '/dashboard/..%2F..%2Fpackage.json']) {
    const res = await fetch(`${demo.url}${path}`);
    assert.equal(res.status, 404, path);
    await res.body?.cancel();
  }
  const dash = await fetch(`${demo.url}/dashboard`);
  assert.match(dash.headers.get('content-security-policy') ?? '', /script-src 'self'; style-src 'self'/);
  await dash.body?.cancel();
});

// Last: it adds the seed set to the same collector (the earlier tests count exact rows).
test('seeded data is marked as demo data; an alert can be acknowledged from the dashboard', { timeout: 120_000 }, async () => {
  const { uuidv7 } = await import('../../packages/core/dist/index.js');
  const stored = await seedDemo(demo.collector, `${siteKey}-seed`, uuidv7);
  assert.ok(stored > 1000, `seeded ${stored}`);
  const open = (await adminGet('/v1/alerts')).alerts;
  const b003 = open.find((a) => a.metric === 'nps' && a.groupBy === 'branch' && a.segment === 'B-003');
  assert.ok(b003, `the B-003 dip raised an alert (open: ${open.map((a) => `${a.metric}/${a.segment}/${a.rule}`).join(', ')})`);

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const dash = await watchedPage(context);
  await dash.page.goto(`${demo.url}/dashboard#token=${adminToken}`);
  await dash.page.getByTestId('demo-banner').filter({ hasText: DEMO_SITE }).waitFor({ timeout: 15_000 });
  const items = dash.page.getByTestId('alerts').locator('li');
  await dash.page.getByRole('heading', { name: `Alerts (${open.length} open)` }).waitFor({ timeout: 15_000 });
  assert.equal(await items.count(), open.length);
  const acked = dash.page.waitForResponse((r) => r.url().endsWith(`/v1/alerts/${b003.id}/ack`));
  await dash.page.getByRole('button', { name: `Acknowledge alert ${b003.id}`, exact: true }).click();
  assert.equal((await acked).status(), 200);
  await dash.page.getByRole('heading', { name: `Alerts (${open.length - 1} open)` }).waitFor({ timeout: 10_000 });
  const after = await adminGet('/v1/alerts?status=acked');
  assert.deepEqual(after.alerts.map((a) => [a.id, a.ackedBy]), [[b003.id, 'demo-admin']]);
  // The league table ranks the seeded branches; B-003 (the dip) is not first.
  const league = dash.page.getByTestId('league');
  await league.locator('tbody tr').nth(3).waitFor();
  assert.notEqual(await league.locator('tbody tr').first().locator('th').textContent(), 'B-003');
  assert.deepEqual(dash.problems, [], 'dashboard: no CSP violations or errors');
  await context.close();
});

// axe-core (WCAG 2.x A/AA rules) over every demo page in the state a person sees it. The
// context bypasses CSP only so axe's own source can be evaluated; the CSP tests are above.
test('axe: no WCAG A/AA violations on the dashboard and the example pages', { timeout: 120_000 }, async () => {
  const axeSource = readFileSync(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1024, height: 800 } });
  const page = await context.newPage();
  const check = async (name) => {
    await page.evaluate(axeSource);
    const result = await page.evaluate(() =>
      window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }).then((r) =>
        r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`),
      ),
    );
    assert.deepEqual(result, [], `${name}: axe violations`);
  };
  await page.goto(`${demo.url}/dashboard#token=${adminToken}`);
  await page.getByTestId('demo-banner').waitFor({ timeout: 15_000 });
  await page.getByTestId('league').locator('tbody tr').first().waitFor();
  await check('dashboard');
  await page.goto(`${demo.url}/examples/banking/`);
  await page.getByRole('button', { name: 'Confirm transfer' }).click();
  await page.locator('fb-survey input[type="radio"]').first().waitFor();
  await check('banking with the prompt open');
  await page.goto(`${demo.url}/examples/checkout/`);
  await page.locator('fb-survey input[type="radio"]').first().waitFor();
  await check('checkout');
  await page.goto(`${demo.url}/examples/kiosk/teller.html`);
  await check('teller console');
  await page.goto(`${demo.url}/examples/kiosk/`);
  await page.waitForFunction(() => customElements.get('fb-kiosk') !== undefined);
  await check('kiosk');
  await context.close();
});
