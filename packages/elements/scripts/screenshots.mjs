// Screenshots of every element for the docs, taken from the BUILT package in Chromium.
//
//   node packages/elements/scripts/screenshots.mjs            (builds dist/ first if missing)
//   node packages/elements/scripts/screenshots.mjs --build    (always rebuilds schema, core, elements)
//   node packages/elements/scripts/screenshots.mjs fb-kiosk   (only shots whose name contains it)
//
// Bundles a page entry that imports `@feedbackkit/elements/define/*.js` (resolved through the
// package's exports map, so dist/, with lit and @feedbackkit/* beside it) with esbuild into a
// temporary directory, serves that directory on 127.0.0.1 (a free port), renders each state in
// Chromium through playwright-core and writes packages/elements/docs/screenshots/<name>.png:
// element-sized clips at deviceScaleFactor 1. The server and the browser are closed on exit.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const pkg = join(import.meta.dirname, '..');
const root = join(pkg, '..', '..');
const out = join(pkg, 'docs', 'screenshots');
const args = process.argv.slice(2);
const only = args.find((a) => !a.startsWith('--'));

// 1. The built packages (the elements import core and schema through their dist/).
const rollup = join(root, 'node_modules', '.bin', 'rollup');
for (const name of ['schema', 'core', 'elements']) {
  const dir = join(root, 'packages', name);
  if (args.includes('--build') || !existsSync(join(dir, 'dist', 'index.js'))) {
    console.log(`building packages/${name}`);
    execFileSync(rollup, ['-c', 'rollup.config.mjs'], { cwd: dir, stdio: 'inherit' });
  }
}

// 2. The page: one bundle that registers the four elements, and an empty document.
const site = mkdtempSync(join(tmpdir(), 'fb-screenshots-'));
const entry = `
  import '@feedbackkit/elements/define/fb-rating.js';
  import '@feedbackkit/elements/define/fb-prompt.js';
  import '@feedbackkit/elements/define/fb-survey.js';
  import '@feedbackkit/elements/define/fb-kiosk.js';
  import '@feedbackkit/elements/locales/all.js';
  /** Puts markup into #frame and resolves once every fb-* element in it has rendered. */
  window.fbRender = async (markup, frameStyle = '') => {
    const frame = document.getElementById('frame');
    frame.setAttribute('style', frameStyle);
    frame.innerHTML = markup;
    const all = [...frame.querySelectorAll('*')].filter((el) => el.localName.startsWith('fb-'));
    await Promise.all(all.map((el) => customElements.whenDefined(el.localName).then(() => el.updateComplete)));
    await window.fbSettle();
  };
  /** Two frames, so styles, layout and focus rings are painted. */
  window.fbSettle = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));
`;
await build({
  stdin: { contents: entry, resolveDir: pkg, loader: 'js' },
  bundle: true,
  format: 'esm',
  target: 'es2022',
  outfile: join(site, 'page.js'),
  logLevel: 'warning',
});
writeFileSync(
  join(site, 'index.html'),
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Feedbackkit elements</title><link rel="icon" href="data:,"><script type="module" src="/page.js"></script>
<style>body{margin:0;font:16px system-ui,sans-serif}#frame{box-sizing:border-box}</style></head>
<body><div id="frame"></div></body></html>`,
);

// 3. A static server for that directory only, on loopback.
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };
const server = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const file = normalize(join(site, path === '/' ? 'index.html' : path));
  if (!file.startsWith(site) || !existsSync(file) || !types[extname(file)]) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': types[extname(file)], 'cache-control': 'no-store' }).end(readFileSync(file));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  headless: true,
});

const dark = '#1f2328';
const survey = {
  id: 'branch-visit',
  version: 2,
  allowPartial: true,
  title: 'Your visit',
  questions: [
    {
      id: 'nps',
      type: 'rating',
      scale: { kind: 'nps' },
      required: true,
      prompt: 'How likely are you to recommend us?',
      reasons: {
        codes: [
          { id: 'waiting', label: 'Waiting time' },
          { id: 'attitude', label: 'Staff attitude' },
          { id: 'fees', label: 'Fees' },
          { id: 'other', label: 'Something else' },
        ],
      },
    },
    { id: 'why', type: 'text', prompt: 'What went wrong?', maxLength: 500, showIf: { question: 'nps', op: 'lte', value: 6 } },
    { id: 'callback', type: 'consent', prompt: 'Call back', purpose: 'You may call me back about my feedback', contact: 'phone' },
  ],
};
const reasons = [
  { id: 'waiting', label: 'Waiting time' },
  { id: 'attitude', label: 'Staff attitude' },
  { id: 'fees', label: 'Fees' },
  { id: 'unclear', label: 'Unclear answer' },
];

/**
 * Each shot: a viewport, a colour scheme, markup, optional steps, and what to clip (the frame
 * by default, `viewport` for the fixed-position prompt and kiosk).
 */
/** The survey after a low score: its reason-code step, with one reason chosen. */
async function surveyReasons(page) {
  await page.evaluate((d) => (document.querySelector('fb-survey').definition = d), survey);
  await page.locator('fb-survey label.option', { hasText: /^\s*3/ }).first().click();
  await page.locator('fb-survey button[type=submit]').click();
  await page.locator('fb-survey label.option', { hasText: 'Waiting time' }).click();
}

const shots = [
  { name: 'fb-rating-nps', markup: '<fb-rating scale="nps" lang="en"></fb-rating>' },
  { name: 'fb-rating-nps-selected', markup: '<fb-rating scale="nps" value="9" lang="en" submit-button></fb-rating>' },
  { name: 'fb-rating-nps-320', width: 320, markup: '<fb-rating scale="nps" value="9" lang="en"></fb-rating>' },
  { name: 'fb-rating-csat', markup: '<fb-rating scale="csat" lang="en"></fb-rating>' },
  { name: 'fb-rating-stars', markup: '<fb-rating scale="stars" value="4" lang="en"></fb-rating>' },
  { name: 'fb-rating-stars-half', markup: '<fb-rating scale="stars" step="0.5" value="3.5" lang="en"></fb-rating>' },
  { name: 'fb-rating-smiley', markup: '<fb-rating scale="smiley" value="4" lang="en"></fb-rating>' },
  { name: 'fb-rating-evaluator', markup: '<fb-rating scale="evaluator" points="3" lang="en"></fb-rating>' },
  { name: 'fb-rating-ar-rtl', markup: '<div lang="ar" dir="rtl"><fb-rating scale="nps" value="8"></fb-rating></div>' },
  { name: 'fb-rating-csat-ar-rtl', markup: '<div lang="ar" dir="rtl"><fb-rating scale="csat" value="4"></fb-rating></div>' },
  { name: 'fb-rating-dark', scheme: 'dark', markup: '<fb-rating scale="nps" value="3" lang="en" submit-button></fb-rating>' },
  { name: 'fb-rating-stars-dark', scheme: 'dark', markup: '<fb-rating scale="stars" value="2" lang="en"></fb-rating>' },
  {
    name: 'fb-prompt-nps',
    width: 560,
    height: 380,
    clip: 'viewport',
    markup: `<h1 style="margin:0 0 8px">Order confirmed</h1><p>Thank you for your order. A receipt is on its way.</p>
      <fb-prompt lang="en" prompt-id="docs-${Date.now()}"><fb-rating scale="nps" autosubmit lang="en"></fb-rating></fb-prompt>`,
    frameStyle: 'padding:24px',
    async steps(page) {
      await page.evaluate(async () => {
        const prompt = document.querySelector('fb-prompt');
        prompt.show();
        await prompt.updateComplete;
      });
    },
  },
  {
    name: 'fb-survey-reasons',
    width: 520,
    markup: '<fb-survey lang="en" channel="web"></fb-survey>',
    steps: (page) => surveyReasons(page),
  },
  {
    name: 'fb-survey-comment-redacted',
    width: 520,
    markup: '<fb-survey lang="en" channel="web"></fb-survey>',
    async steps(page) {
      await surveyReasons(page);
      await page.locator('fb-survey button[type=submit]').click();
      await page.locator('fb-survey textarea').fill('Waited 40 minutes. Call me on +44 7700 900123 or mail jane.doe@example.com');
    },
  },
  { name: 'fb-kiosk-attract', width: 800, height: 560, clip: 'viewport', markup: '<fb-kiosk lang="en" branch="B-17" counter="3" no-wake-lock></fb-kiosk>' },
  {
    name: 'fb-kiosk-rating',
    width: 800,
    height: 560,
    clip: 'viewport',
    markup: '<fb-kiosk lang="en" scale="evaluator" points="3" branch="B-17" counter="3" no-wake-lock offline queued="2"></fb-kiosk>',
    async steps(page) {
      await page.evaluate(() => document.querySelector('fb-kiosk').begin({ transaction: 'T-1042', staff: 'Mei' }));
    },
  },
  {
    name: 'fb-kiosk-follow-up',
    width: 800,
    height: 560,
    clip: 'viewport',
    markup: '<fb-kiosk lang="en" branch="B-17" counter="3" no-wake-lock></fb-kiosk>',
    async steps(page) {
      await page.evaluate((r) => (document.querySelector('fb-kiosk').reasons = r), reasons);
      await page.waitForTimeout(800); // past the debounce after the first screen
      await page.locator('fb-kiosk button.face').first().click();
      await page.waitForTimeout(800);
      await page.locator('fb-kiosk [part~=reason]', { hasText: 'Waiting time' }).click();
    },
  },
  {
    name: 'fb-kiosk-idle-warning',
    width: 800,
    height: 560,
    clip: 'viewport',
    markup: '<fb-kiosk lang="en" branch="B-17" counter="3" no-wake-lock wait-seconds="22" warning-seconds="20"></fb-kiosk>',
    async steps(page) {
      await page.evaluate(() => document.querySelector('fb-kiosk').begin({ transaction: 'T-1043', staff: 'Mei' }));
      await page.locator('fb-kiosk [part~=warning]').waitFor({ timeout: 10_000 });
    },
  },
  {
    name: 'fb-kiosk-thanks',
    width: 800,
    height: 560,
    clip: 'viewport',
    markup: '<fb-kiosk lang="en" branch="B-17" counter="3" no-wake-lock follow-up="never" thanks-seconds="30"></fb-kiosk>',
    async steps(page) {
      await page.waitForTimeout(800);
      await page.locator('fb-kiosk button.face').nth(3).click();
      await page.locator('fb-kiosk [part~=thanks]').waitFor();
    },
  },
  {
    name: 'fb-kiosk-ar-rtl',
    width: 800,
    height: 560,
    clip: 'viewport',
    markup: '<div lang="ar" dir="rtl"><fb-kiosk no-wake-lock></fb-kiosk></div>',
  },
  { name: 'fb-kiosk-dark', width: 800, height: 560, clip: 'viewport', scheme: 'dark', markup: '<fb-kiosk lang="en" no-wake-lock scale="smiley" points="5"></fb-kiosk>' },
];

mkdirSync(out, { recursive: true });
let failed = 0;
try {
  for (const shot of shots) {
    if (only && !shot.name.includes(only)) continue;
    const width = shot.width ?? 480;
    const context = await browser.newContext({
      viewport: { width, height: shot.height ?? 640 },
      deviceScaleFactor: 1,
      colorScheme: shot.scheme ?? 'light',
      reducedMotion: 'reduce',
    });
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(`${shot.name}: page error: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && console.error(`${shot.name}: console: ${m.text()}`));
    try {
      await page.goto(origin);
      await page.waitForFunction(() => typeof window.fbRender === 'function');
      const background = shot.scheme === 'dark' ? `background:${dark};color:#e6edf3;` : 'background:#fff;';
      await page.evaluate(([bg]) => document.body.setAttribute('style', bg), [background]);
      await page.evaluate(([markup, style]) => window.fbRender(markup, style), [shot.markup, shot.frameStyle ?? `padding:16px;width:${width}px;${background}`]);
      if (shot.steps) await shot.steps(page);
      await page.evaluate(() => window.fbSettle());
      const path = join(out, `${shot.name}.png`);
      if (shot.clip === 'viewport') await page.screenshot({ path });
      else await page.locator('#frame').screenshot({ path });
      console.log(`${shot.name}.png  ${readFileSync(path).length} B`);
    } catch (e) {
      failed++;
      console.error(`${shot.name}: ${e.message}`);
    } finally {
      await context.close();
    }
  }
} finally {
  await browser.close();
  await new Promise((resolve) => server.close(resolve));
  rmSync(site, { recursive: true, force: true });
}
if (failed > 0) {
  console.error(`${failed} screenshot(s) failed`);
  process.exitCode = 1;
}
