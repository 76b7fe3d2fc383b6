#!/usr/bin/env node
// Screenshots of the demo for the docs (docs/screenshots/*.png), in headless Chromium:
// the dashboard over seeded demo data, and each example at phone (320 px) and desktop
// widths. Also checks that no page scrolls sideways at 320 px. Build first (`npm run build`).
//   node scripts/demo-screenshots.mjs
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemo } from './demo-server.mjs';
import { launchChromium, splitKnownCsp, watchedPage } from '../tests/e2e-demo/browser.mjs';

const out = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
mkdirSync(out, { recursive: true });
const adminToken = 'fk_admin_screenshots_0000001';
const demo = await startDemo({ port: 0, siteKey: 'fk_site_screenshots', adminToken, seed: true });
const browser = await launchChromium();
const failures = [];

async function shot(name, width, height, go, { fullPage = false } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1, reducedMotion: 'reduce' });
  const { page, problems } = await watchedPage(context);
  await go(page);
  await page.waitForTimeout(400);
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  if (sideways > 0) failures.push(`${name}: scrolls sideways by ${sideways}px at ${width}px`);
  const [unexpected] = splitKnownCsp(problems.filter((p) => !/ERR_INTERNET_DISCONNECTED/.test(p)));
  if (unexpected.length > 0) failures.push(`${name}: ${unexpected.join(' | ')}`);
  await page.screenshot({ path: join(out, `${name}.png`), fullPage });
  console.log(`${name}.png  ${width}×${height}${fullPage ? ' full page' : ''}  sideways overflow: ${sideways}px`);
  await context.close();
}

const transfer = async (page) => {
  await page.goto(`${demo.url}/examples/banking/`);
  await page.getByRole('button', { name: 'Confirm transfer' }).click();
  await page.locator('fb-survey input[type="radio"]').first().waitFor();
};

try {
  await shot('dashboard', 1280, 900, async (page) => {
    await page.goto(`${demo.url}/dashboard#token=${adminToken}`);
    await page.getByText('Live', { exact: true }).waitFor();
    await page.getByTestId('score-nps').filter({ hasNotText: '—' }).waitFor();
  }, { fullPage: true });
  await shot('dashboard-320', 320, 800, async (page) => {
    await page.goto(`${demo.url}/dashboard#token=${adminToken}`);
    await page.getByTestId('score-nps').filter({ hasNotText: '—' }).waitFor();
  });
  await shot('banking', 1024, 760, transfer);
  await shot('banking-320', 320, 640, async (page) => {
    await transfer(page);
    await page.locator('fb-survey input[type="radio"]').nth(2).check();
    await page.locator('fb-survey').getByRole('button', { name: 'Next' }).click();
    await page.locator('fb-survey').getByLabel('Fees').waitFor();
  });
  await shot('checkout-320', 320, 640, async (page) => {
    await page.goto(`${demo.url}/examples/checkout/`);
    const survey = page.locator('fb-survey');
    await survey.locator('input[type="radio"]').nth(3).check();
    await survey.getByRole('button', { name: 'Next' }).click();
    await survey.locator('input[type="radio"]').nth(5).check();
  });
  await shot('checkout-offline-320', 320, 640, async (page) => {
    await page.goto(`${demo.url}/examples/checkout/`);
    await page.context().setOffline(true);
    const survey = page.locator('fb-survey');
    await survey.locator('input[type="radio"]').nth(4).check();
    await survey.getByRole('button', { name: 'Next' }).click();
    await survey.locator('input[type="radio"]').nth(6).check();
    await survey.getByRole('button', { name: 'Submit' }).click();
    await page.locator('#delivery').filter({ hasText: 'will send when online' }).waitFor();
  });
  await shot('kiosk-teller', 1024, 640, async (page) => {
    await page.goto(`${demo.url}/examples/kiosk/teller.html`);
    await page.getByRole('button', { name: /Finish transaction/ }).click();
  });
  await shot('kiosk', 1024, 640, async (page) => {
    await page.goto(`${demo.url}/examples/kiosk/`);
    await page.waitForFunction(() => customElements.get('fb-kiosk') !== undefined);
    await page.evaluate(() => new BroadcastChannel('feedbackkit-demo-counter').postMessage({ type: 'feedbackkit:kiosk-start', transaction: 'T-SHOT-1', branch: 'B-017', counter: 'B-017/3', staff: 'E-0815' }));
  });
  await shot('kiosk-320', 320, 640, async (page) => {
    await page.goto(`${demo.url}/examples/kiosk/`);
    await page.waitForFunction(() => customElements.get('fb-kiosk') !== undefined);
    await page.evaluate(() => new BroadcastChannel('feedbackkit-demo-counter').postMessage({ type: 'feedbackkit:kiosk-start', transaction: 'T-SHOT-2', branch: 'B-017', counter: 'B-017/3', staff: 'E-0815' }));
  });
} finally {
  await browser.close();
  await demo.close();
}
if (failures.length > 0) {
  console.error(`\n${failures.join('\n')}`);
  process.exit(1);
}
