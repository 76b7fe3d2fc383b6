// <fb-rating> in real Chromium (Debian's /usr/bin/chromium via playwright-core), from the
// BUILT packages:
//   1. one page load → an interactive rating: navigation start → module evaluation starts →
//      `fb-rating` defined → first render complete (`updateComplete`) → first radio focused,
//      p50/p95 over fresh-context (cold cache) loads, at full speed and with CPU throttled 4×
//      (CDP Emulation.setCPUThrottlingRate, roughly a mid-range phone). Two bundles: the rating
//      alone (define/fb-rating.js through esbuild, as the size bench does) and the script-tag
//      embed (dist/feedbackkit.min.js, all elements + outbox, data-endpoint set).
//      Baseline: the same question as a static HTML radio group of 11 inputs, no script.
//   2. 100 ratings on one page: insert → all rendered → layout, JS heap and DOM nodes added
//      (CDP Performance.getMetrics after a forced GC), and one click on a point of each.
//      Baseline: 100 plain HTML radio groups of 11 inputs each, inserted and clicked the same way.
//   3. main-thread long tasks (PerformanceObserver 'longtask', > 50 ms) during 1 and 2.
// Pages and bundles come from one loopback server (helpers shared with transport in browser.mjs).
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { bundleForBrowser, launchChromium, percentile, serveLoopback } from './browser.mjs';

// Marks the moment the bundle's first statement runs (prepended to each bundle; for an ES
// module with no imports that is the start of its evaluation).
const EVAL_MARK = "performance.mark('fk:eval-start');\n";

// Classic inline script in <head>, before any bundle: observes long tasks and marks each
// step towards an interactive rating. `__fk.done` tells the driver the page is finished.
const HEAD = `<script>
window.__fk = { longTasks: [], done: false };
new PerformanceObserver((l) => { for (const e of l.getEntries()) __fk.longTasks.push({ start: e.startTime, duration: e.duration }); }).observe({ type: 'longtask' });
customElements.whenDefined('fb-rating').then(async () => {
  performance.mark('fk:defined');
  const el = document.querySelector('fb-rating');
  if (!el) return;
  await el.updateComplete;
  performance.mark('fk:rendered');
  const radio = el.shadowRoot.querySelector('[role=radio][tabindex="0"]');
  radio.focus();
  if (el.shadowRoot.activeElement !== radio) throw new Error('first radio did not take focus');
  performance.mark('fk:focusable');
  __fk.done = true;
});
</script>`;

// Table columns in this order (a row leaves out what does not apply).
const COLUMNS = ['measure', 'CPU', 'n', 'p50', 'p95', 'baseline', 'ratio', 'p50 steps', 'long tasks'];

const QUESTION = 'How likely are you to recommend us to a friend or colleague?';
const htmlRadios = (name) =>
  `<fieldset><legend>${QUESTION}</legend>${Array.from({ length: 11 }, (_, i) => `<label><input type="radio" name="${name}" value="${i}">${i}</label>`).join('')}</fieldset>`;

const page = (body) => `<!doctype html><html lang="en"><meta charset="utf-8"><title>bench</title>${HEAD}<body>${body}</body></html>`;

const PAGES = {
  // 1. one rating, rating bundle alone
  '/one-rating': page('<script type="module" src="/rating.js"></script><fb-rating scale="nps"></fb-rating>'),
  // 1. one rating, the script-tag embed configured from its own tag (opens the outbox too)
  '/one-embed': page(
    '<script type="module" src="/feedbackkit.min.js" data-endpoint="/collect" data-site-key="bench"></script><fb-rating scale="nps"></fb-rating>',
  ),
  // 1. baseline: static HTML, the inline script at the end marks it interactive
  '/one-html': page(
    `${htmlRadios('nps')}<script>performance.mark('fk:rendered'); const r = document.querySelector('input'); r.focus();
     if (document.activeElement !== r) throw new Error('radio did not take focus'); performance.mark('fk:focusable'); __fk.done = true;</script>`,
  ),
  // 2. empty pages the driver fills with 100 questions
  '/many-rating': page('<script type="module" src="/rating.js"></script><main></main>'),
  '/many-html': page('<main></main>'),
};

export default async function elementsBench({ root, quick, log }) {
  const ratingDist = join(root, 'packages/elements/dist/define/fb-rating.js');
  const embedDist = join(root, 'packages/embed/dist/feedbackkit.min.js');
  for (const f of [ratingDist, embedDist]) {
    if (!existsSync(f)) throw new Error(`${f} is missing: build first (npm run build)`);
  }
  const scripts = {
    '/rating.js': EVAL_MARK + (await bundleForBrowser(ratingDist)),
    '/feedbackkit.min.js': EVAL_MARK + readFileSync(embedDist, 'utf8'),
  };
  const kb = (path) =>
    `${(Buffer.byteLength(scripts[path]) / 1024).toFixed(1)} KB min, ${(gzipSync(scripts[path], { level: 9 }).length / 1024).toFixed(1)} KB gzip`;

  let collected = 0;
  const server = await serveLoopback((req, res) => {
    // Cross-origin isolation gives performance.now() 5 µs resolution instead of 100 µs.
    const headers = {
      'cache-control': 'no-store',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
    };
    const path = req.url.split('?')[0];
    if (req.method === 'POST' && path === '/collect') {
      collected++;
      req.resume();
      res.writeHead(200, { ...headers, 'content-type': 'application/json' });
      return res.end('{"accepted":[],"rejected":[]}');
    }
    if (scripts[path]) {
      res.writeHead(200, { ...headers, 'content-type': 'text/javascript' });
      return res.end(scripts[path]);
    }
    if (PAGES[path]) {
      res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' });
      return res.end(PAGES[path]);
    }
    res.writeHead(404, headers);
    res.end();
  });

  const load = loadavg()[0];
  const browser = await launchChromium();
  try {
    /** A fresh context (cold HTTP and code caches) with the CPU throttled `rate`×. */
    const freshPage = async (rate) => {
      const context = await browser.newContext();
      const p = await context.newPage();
      const cdp = await context.newCDPSession(p);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate });
      return { p, cdp, close: () => context.close() };
    };

    // ---- 1. page load → interactive rating
    const loads = quick ? 5 : 25;
    const startup = {}; // `${path}@${rate}` → { nav, evalStart, defined, rendered, focusable, longTasks }[]
    for (const rate of [1, 4]) {
      for (let i = 0; i < loads; i++) {
        // Interleave the three pages so drift in machine load hits each alike.
        for (const path of ['/one-html', '/one-rating', '/one-embed']) {
          const { p, close } = await freshPage(rate);
          await p.goto(server.origin + path);
          await p.waitForFunction(() => window.__fk.done, null, { timeout: 30_000 });
          await p.waitForTimeout(100); // let a long task that just ended be reported
          const m = await p.evaluate(() => {
            const at = (n) => performance.getEntriesByName(n, 'mark')[0]?.startTime ?? null;
            return {
              evalStart: at('fk:eval-start'),
              defined: at('fk:defined'),
              rendered: at('fk:rendered'),
              focusable: at('fk:focusable'),
              longTasks: window.__fk.longTasks.map((t) => t.duration),
            };
          });
          await close();
          (startup[`${path}@${rate}`] ??= []).push(m);
        }
      }
      log(`startup ${rate}× done`);
    }

    // ---- 2. 100 ratings on one page
    const rounds = quick ? 1 : 5;
    const many = {}; // `${kind}@${rate}` → per-round results
    for (const rate of [1, 4]) {
      for (let round = 0; round < rounds; round++) {
        for (const kind of ['html', 'rating']) {
          const { p, cdp, close } = await freshPage(rate);
          await p.goto(`${server.origin}/many-${kind}`);
          if (kind === 'rating') await p.evaluate(() => customElements.whenDefined('fb-rating'));
          await cdp.send('Performance.enable');
          const metrics = async () => {
            await cdp.send('HeapProfiler.collectGarbage');
            const { metrics: ms } = await cdp.send('Performance.getMetrics');
            return Object.fromEntries(ms.map((x) => [x.name, x.value]));
          };
          const before = await metrics();
          const render = await p.evaluate(
            async ({ kind, markup }) => {
              const main = document.querySelector('main');
              const t0 = performance.now();
              main.innerHTML = markup;
              if (kind === 'rating') await Promise.all([...main.querySelectorAll('fb-rating')].map((e) => e.updateComplete));
              const t1 = performance.now();
              void document.body.getBoundingClientRect().height; // style + layout
              const t2 = performance.now();
              return { rendered: t1 - t0, laidOut: t2 - t0, window: [t0, t2] };
            },
            {
              kind,
              markup:
                kind === 'rating'
                  ? Array.from({ length: 100 }, (_, i) => `<fb-rating scale="nps" name="q${i}"></fb-rating>`).join('')
                  : Array.from({ length: 100 }, (_, i) => htmlRadios(`q${i}`)).join(''),
            },
          );
          const after = await metrics();
          const clicks = await p.evaluate(async ({ kind, renderWindow }) => {
            const per = [];
            let wrong = 0;
            // Each click in a task of its own, as a person's clicks are (awaiting only
            // microtasks would run all 100 in one task).
            const nextTask = () => new Promise((r) => setTimeout(r, 0));
            const t0 = performance.now();
            if (kind === 'rating') {
              const els = [...document.querySelectorAll('fb-rating')];
              for (const [i, el] of els.entries()) {
                await nextTask();
                const t = performance.now();
                const radios = [...el.shadowRoot.querySelectorAll('[role=radio]')];
                radios[i % 11].click();
                await el.updateComplete;
                void document.body.getBoundingClientRect().height; // style + layout
                per.push(performance.now() - t);
                const checked = radios.filter((r) => r.getAttribute('aria-checked') === 'true');
                if (el.value !== i % 11 || checked.length !== 1 || radios.indexOf(checked[0]) !== i % 11) wrong++;
              }
            } else {
              const groups = [...document.querySelectorAll('fieldset')];
              for (const [i, g] of groups.entries()) {
                await nextTask();
                const t = performance.now();
                g.querySelectorAll('input')[i % 11].click();
                void document.body.getBoundingClientRect().height; // style + layout
                per.push(performance.now() - t);
                if (g.querySelector('input:checked')?.value !== String(i % 11)) wrong++;
              }
            }
            const total = per.reduce((a, b) => a + b, 0);
            const end = performance.now();
            await new Promise((r) => setTimeout(r, 100)); // let long tasks be reported
            // Only tasks that overlap the insert or the clicks: not the forced GC between them.
            const overlaps = (t, [a, b]) => t.start < b && t.start + t.duration > a;
            const longTasks = window.__fk.longTasks.filter((t) => overlaps(t, renderWindow) || overlaps(t, [t0, end]));
            return { per, total, wrong, longTasks: longTasks.map((t) => t.duration) };
          }, { kind, renderWindow: render.window });
          await close();
          if (clicks.wrong) throw new Error(`${kind}: ${clicks.wrong} of 100 clicks did not select their point`);
          const r = {
            ...render,
            heap: after.JSHeapUsedSize - before.JSHeapUsedSize,
            nodes: after.Nodes - before.Nodes,
            clickTotal: clicks.total,
            perClick: clicks.per,
            longTasks: clicks.longTasks,
          };
          log(`${kind} ${rate}×`, JSON.stringify({ ...r, perClick: undefined }));
          (many[`${kind}@${rate}`] ??= []).push(r);
        }
      }
    }

    // ---- rows
    const f = (x, d = 1) => x.toFixed(d);
    const ms = (x, d = 1) => `${f(x, d)} ms`;
    const median = (xs) => percentile(xs, 50);
    const lt = (runs) => {
      const all = runs.flatMap((r) => r.longTasks);
      return `${all.length}${all.length ? ` (max ${f(Math.max(...all), 0)} ms)` : ''}`;
    };
    const rows = [];
    for (const rate of [1, 4]) {
      const html = startup[`/one-html@${rate}`];
      const htmlP50 = median(html.map((m) => m.focusable));
      rows.push({
        measure: 'baseline: static HTML radio group (11 inputs), navigation start → first radio focused',
        CPU: `${rate}×`,
        n: html.length,
        p50: ms(htmlP50),
        p95: ms(percentile(html.map((m) => m.focusable), 95)),
        'long tasks': lt(html),
      });
      for (const [path, label] of [
        ['/one-rating', `fb-rating alone (define/fb-rating.js, ${kb('/rating.js')})`],
        ['/one-embed', `script-tag embed (feedbackkit.min.js, ${kb('/feedbackkit.min.js')}, data-endpoint set)`],
      ]) {
        const runs = startup[`${path}@${rate}`];
        const col = (k) => runs.map((m) => m[k]);
        const fromEval = runs.map((m) => m.focusable - m.evalStart);
        const p50 = median(col('focusable'));
        rows.push({
          measure: `${label}: navigation start → first radio focused`,
          CPU: `${rate}×`,
          n: runs.length,
          p50: ms(p50),
          p95: ms(percentile(col('focusable'), 95)),
          ratio: `${f(p50 / htmlP50, 1)}× HTML`,
          'long tasks': lt(runs),
        });
        rows.push({
          measure: `${label}: script evaluation start → first radio focused`,
          CPU: `${rate}×`,
          n: runs.length,
          p50: ms(median(fromEval), 2),
          p95: ms(percentile(fromEval, 95), 2),
          'p50 steps': [
            `eval start ${ms(median(col('evalStart')))}`,
            `+${ms(median(runs.map((m) => m.defined - m.evalStart)), 2)} defined`,
            `+${ms(median(runs.map((m) => m.rendered - m.defined)), 2)} rendered`,
            `+${ms(median(runs.map((m) => m.focusable - m.rendered)), 2)} focused`,
          ].join(' → '),
        });
      }
    }
    for (const rate of [1, 4]) {
      const h = many[`html@${rate}`];
      const r = many[`rating@${rate}`];
      const med = (runs, k) => median(runs.map((x) => x[k]));
      const range = (runs, k, d = 1) => runs.map((x) => f(x[k], d)).join(' / ');
      const ratio = (k) => `${f(med(r, k) / med(h, k), 1)}× HTML`;
      rows.push({
        measure: '100 fb-rating: insert → all rendered (updateComplete) → style + layout',
        CPU: `${rate}×`,
        n: `${r.length} pages`,
        p50: ms(med(r, 'laidOut')),
        baseline: `100 HTML radio groups: ${ms(med(h, 'laidOut'))}`,
        ratio: ratio('laidOut'),
        'p50 steps': `rendered ${ms(med(r, 'rendered'))}; per round ${range(r, 'laidOut')} ms`,
      });
      rows.push({
        measure: '100 fb-rating: JS heap added (after forced GC)',
        CPU: `${rate}×`,
        n: `${r.length} pages`,
        p50: `${f(med(r, 'heap') / 1024, 0)} KB (${f(med(r, 'heap') / 100 / 1024, 1)} KB each)`,
        baseline: `${f(med(h, 'heap') / 1024, 0)} KB`,
        ratio: ratio('heap'),
      });
      rows.push({
        measure: '100 fb-rating: DOM nodes added (shadow trees included)',
        CPU: `${rate}×`,
        n: `${r.length} pages`,
        p50: `${f(med(r, 'nodes'), 0)}`,
        baseline: `${f(med(h, 'nodes'), 0)}`,
        ratio: ratio('nodes'),
      });
      const perR = r.flatMap((x) => x.perClick);
      const perH = h.flatMap((x) => x.perClick);
      rows.push({
        measure: '100 fb-rating: click a point in each, sum of the 100 clicks',
        CPU: `${rate}×`,
        n: `${r.length} pages`,
        p50: ms(med(r, 'clickTotal')),
        baseline: `100 HTML radio clicks: ${ms(med(h, 'clickTotal'))}`,
        ratio: ratio('clickTotal'),
      });
      rows.push({
        measure: '100 fb-rating: one click → updateComplete → style + layout',
        CPU: `${rate}×`,
        n: perR.length,
        p50: ms(percentile(perR, 50), 2),
        p95: ms(percentile(perR, 95), 2),
        baseline: `HTML radio click: p50 ${ms(percentile(perH, 50), 3)}, p95 ${ms(percentile(perH, 95), 3)}`,
        ratio: `${f(percentile(perR, 50) / percentile(perH, 50), 0)}× HTML (p50)`,
      });
      rows.push({
        measure: '100 fb-rating: main-thread tasks over 50 ms during insert + clicks',
        CPU: `${rate}×`,
        n: `${r.length} pages`,
        'long tasks': lt(r),
        baseline: `HTML: ${lt(h)}`,
      });
    }
    return {
      title: 'Elements: <fb-rating> startup and 100 ratings in Chromium',
      command: 'npm run bench -- elements',
      rows: rows.map((r) => Object.fromEntries(COLUMNS.map((c) => [c, r[c]]))),
      notes: [
        'Built packages: packages/elements/dist/define/fb-rating.js bundled with esbuild (minified ESM, as in the size bench) and packages/embed/dist/feedbackkit.min.js served as built; one 127.0.0.1 server, `cache-control: no-store`, cross-origin isolated (5 µs timer). Chromium headless via playwright-core.',
        `Startup: ${loads} loads per page and CPU rate, each in a fresh browser context (cold HTTP and code caches), the three pages interleaved. Times are performance marks relative to navigation start: \`fk:eval-start\` is the bundle's first statement, then \`customElements.whenDefined\`, the element's \`updateComplete\`, and \`focus()\` landing on the first radio (checked through \`shadowRoot.activeElement\`). The HTML baseline is marked by an inline script after the radios.`,
        "The embed page has `data-endpoint` set, so the bundle also calls `init()` and sets up its outbox at startup, as a real install does; nothing is submitted. Navigation start → focused includes what every page pays (a fresh context's navigation, HTML parse, first style and layout), which the HTML baseline measures; script evaluation start → focused is what the bundle itself costs once fetched.",
        `100 ratings: median of ${rounds} fresh pages per CPU rate. Both sides are inserted as one \`innerHTML\` string into a page whose script is already loaded; heap and DOM nodes are CDP \`Performance.getMetrics\` (JSHeapUsedSize, Nodes) after \`HeapProfiler.collectGarbage\`, before and after the insert. Each click is \`HTMLElement.click()\` on point i mod 11 of question i (a synthetic click: the handler and Lit's update, not input dispatch, hit testing or paint); the bench fails unless every question then holds the clicked value. Each click runs in its own task and is timed until the DOM is updated (fb-rating: \`updateComplete\`; HTML: synchronously) and style + layout are done. Long tasks in the insert are real (100 upgrades and first renders run in one task); in the clicks they would be single clicks.`,
        'CPU 4× = CDP `Emulation.setCPUThrottlingRate` { rate: 4 }, a rough stand-in for a mid-range phone; it slows the renderer main thread only, not the network or the compositor.',
        `Long tasks: PerformanceObserver 'longtask' (tasks over 50 ms) registered in <head> before any bundle; count over all loads/pages of the row, and the longest.`,
        `The machine is shared and noisy (other helpers' builds and tests run alongside): 1-minute load average ${f(load)} when the bench started and ${f(loadavg()[0])} when it ended, on ${cpus().length} cores. Compare the ratios measured within this run, not absolute figures across runs.`,
        `Collector requests during the embed loads: ${collected}.`,
      ],
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
