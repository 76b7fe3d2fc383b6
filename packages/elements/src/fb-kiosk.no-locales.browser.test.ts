/// <reference types="mocha" />
// A page that loads define/fb-kiosk.js only (no locales/fb-kiosk.js pack): a Chinese or
// Arabic kiosk gets English and one console warning per language naming the import to add.
import { expect } from '@esm-bundle/chai';
import '../src/define/fb-kiosk.js';
import type { FbKiosk } from './fb-kiosk.js';

describe('<fb-kiosk> without its zh-CN/ar pack', () => {
  it('falls back to English and warns once per language, naming locales/fb-kiosk.js', async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (m: string) => warnings.push(m);
    try {
      document.body.innerHTML = `<fb-kiosk lang="ar" branch="b1" counter="c1"></fb-kiosk><fb-kiosk lang="zh-CN" branch="b1" counter="c2"></fb-kiosk>
        <fb-kiosk lang="en" branch="b1" counter="c3"></fb-kiosk>`;
      for (const el of document.querySelectorAll<FbKiosk>('fb-kiosk')) await el.updateComplete;
      expect(warnings.sort()).to.deep.equal([
        "Feedbackkit: lang=ar needs import '@feedbackkit/elements/locales/fb-kiosk.js'",
        "Feedbackkit: lang=zh-CN needs import '@feedbackkit/elements/locales/fb-kiosk.js'",
      ]);
    } finally {
      console.warn = warn;
      document.body.replaceChildren();
    }
  });
});
