// Shared by the benches that run in real Chromium (transport, elements): bundle a BUILT
// package with esbuild, serve pages from one loopback server, launch Debian's Chromium
// through playwright-core with the same flags everywhere.
import { createServer } from 'node:http';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { BUNDLE_OPTIONS } from '../support/size.mjs';

/** Bundles one built entry file (or `stdin` options) for the browser, minified ESM; returns the code. */
export async function bundleForBrowser(entry) {
  const input = typeof entry === 'string' ? { entryPoints: [entry] } : { stdin: entry };
  const out = await build({ ...BUNDLE_OPTIONS, ...input });
  return out.outputFiles[0].text;
}

/**
 * Starts an HTTP server on 127.0.0.1 (random port) with `handler(req, res)`; returns
 * `{ origin, close }`. Bounded by the caller: always `close()` in a `finally`.
 */
export async function serveLoopback(handler) {
  const server = createServer(handler);
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((r) => server.close(r)),
  };
}

/** Headless Chromium (CHROMIUM_PATH or /usr/bin/chromium) without background traffic. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--headless'],
  });
}

/** Nearest-rank percentile of `xs` (p in 0–100). */
export function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}
