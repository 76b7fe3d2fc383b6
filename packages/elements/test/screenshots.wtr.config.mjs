// Screenshots of the elements for the docs, taken in Chromium by test/docs.screenshots.ts:
//   node_modules/.bin/wtr --config packages/elements/test/screenshots.wtr.config.mjs
// writes packages/elements/test/screenshots/<name>.png.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import base from '../../../web-test-runner.config.mjs';

const out = join(import.meta.dirname, 'screenshots');

function screenshotPlugin() {
  return {
    name: 'fb-screenshot',
    async executeCommand({ command, payload, session }) {
      if (command !== 'fb-screenshot') return undefined;
      const { name, clip } = payload;
      if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`bad screenshot name ${name}`);
      mkdirSync(out, { recursive: true });
      const page = session.browser.getPage(session.id);
      await page.screenshot({ path: join(out, `${name}.png`), clip });
      return true;
    },
  };
}

export default {
  ...base,
  files: ['packages/elements/test/**/*.screenshots.ts'],
  plugins: [...base.plugins, screenshotPlugin()],
};
