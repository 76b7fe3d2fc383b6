// Shared by the demo's e2e test and the screenshot script: Debian's Chromium through
// playwright-core (no browser download), and a page that records CSP violations and errors.
import { chromium } from 'playwright-core';

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu'],
  });
}

/**
 * A page whose `problems` array collects every `securitypolicyviolation` (recorded in the
 * page from its first moment, through an init script that CSP does not govern), every
 * console error and every uncaught exception.
 */
export async function watchedPage(context) {
  const page = await context.newPage();
  const problems = [];
  await page.exposeFunction('__fkReport', (text) => problems.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__fkReport(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber} sample ${JSON.stringify(e.sample)}`);
    });
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  return { page, problems };
}
