// Browser tests (*.browser.test.ts) in real Chromium: Debian's /usr/bin/chromium driven
// through @web/test-runner-chrome (puppeteer-core), no browser download.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * `command('emulate-forced-colors', 'active' | 'none')` from a test: forced colours through
 * CDP. The runner's own `emulateMedia` passes colour scheme and reduced motion only and
 * silently drops `forcedColors` with this launcher, so `(forced-colors: active)` would stay false.
 */
const cdpSessions = new Map();
const forcedColors = {
  name: 'emulate-forced-colors',
  async executeCommand({ command, payload, session }) {
    if (command !== 'emulate-forced-colors') return undefined;
    let cdp = cdpSessions.get(session.id);
    if (!cdp) cdpSessions.set(session.id, (cdp = await session.browser.getPage(session.id).createCDPSession()));
    await cdp.send('Emulation.setEmulatedMedia', { features: [{ name: 'forced-colors', value: payload }] });
    return true;
  },
};

export default {
  files: ['packages/*/src/**/*.browser.test.ts'],
  nodeResolve: { exportConditions: ['@feedbackkit/source', 'browser', 'development'] },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }), forcedColors],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      },
    }),
  ],
  concurrency: 1,
  browserStartTimeout: 60_000,
  testsFinishTimeout: 300_000,
  testFramework: { config: { timeout: 15_000 } },
};
