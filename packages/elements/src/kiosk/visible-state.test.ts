import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// "Nothing of the previous answer remains in element state" is proved in Chromium by walking
// every field reachable from <fb-kiosk> (fb-kiosk.browser.test.ts). A `#private` field is out
// of any walk's sight, so the fields that can hold an answer are TypeScript-`private` instead
// (visible to Reflect.ownKeys). `#` fields cost fewer bytes (minifiers shorten their names),
// so the others stay `#`: each is listed here as holding no answer data. A new `#` field
// fails this test until someone decides which kind it is.
const src = join(import.meta.dirname, '..');
const NO_ANSWER_DATA: Record<string, string[]> = {
  // Message catalogs, config parsed from attributes (the scale's shape, the key map, origins),
  // handles, timers, focus/announcement flags; listener arrows (functions) are not fields of data
  // and are not matched.
  'fb-kiosk.ts': ['#i18n', '#points', '#shape', '#keyMap', '#origins', '#channel', '#wakeLock', '#noticeTimer', '#focusHeading', '#warningFrom'],
  // The config callback, the clock and callbacks, times (ms) and the timer id.
  'kiosk/kiosk-session.ts': ['#followUpFor', '#now', '#callbacks', '#deadline', '#timer', '#inputFrom'],
  // Times of accepted ratings and the transaction log (ids and times only).
  'kiosk/misuse-guard.ts': ['#recent', '#lastAccepted', '#transactions'],
};
/** `#name` declared with a type, a value or nothing, except `= (…) =>` / `= async (…) =>` listeners. */
const privateFields = (text: string) =>
  [...text.matchAll(/^\s*(?:static\s+)?(?:readonly\s+)?(#\w+)\s*(?=[:;=])(?!=\s*(?:async\s*)?\()/gm)].map((m) => m[1]);

describe('kiosk state is visible to the "nothing remains" walk', () => {
  for (const [file, allowed] of Object.entries(NO_ANSWER_DATA)) {
    it(`${file} keeps answers out of #private fields`, () => {
      expect(privateFields(readFileSync(join(src, file), 'utf8'))).toEqual(allowed);
    });
  }

  it('finds #private data fields and skips listener arrows (the check itself)', () => {
    const text = '  #refused: Submission | undefined;\n  readonly #onKey = (e: Event): void => {};\n  #s = emptySnapshot();\n  readonly #on = async (): Promise<void> => {};\n';
    expect(privateFields(text)).toEqual(['#refused', '#s']);
  });
});
