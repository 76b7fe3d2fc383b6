/// <reference types="mocha" />
// A page that loads define/*.js only (no locales/*.js pack): a Chinese or Arabic page gets
// English and one console warning per language and element naming the import to add.
import { expect } from '@esm-bundle/chai';
import '../src/define/fb-rating.js';
import '../src/define/fb-prompt.js';
import type { FbPrompt } from './fb-prompt.js';
import type { FbRating } from './fb-rating.js';

describe('<fb-rating> and <fb-prompt> without their zh-CN/ar packs', () => {
  it('fall back to English and warn once per language, naming locales/<tag>.js', async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (m: string) => warnings.push(m);
    try {
      document.body.innerHTML = `<div lang="ar" dir="rtl"><fb-rating scale="stars" points="3"></fb-rating>
        <fb-rating scale="nps"></fb-rating><fb-prompt prompt-id="nopack"></fb-prompt></div>
        <fb-rating scale="csat" lang="zh-CN"></fb-rating><fb-rating scale="csat" lang="en"></fb-rating>`;
      for (const el of document.querySelectorAll<FbRating | FbPrompt>('fb-rating, fb-prompt')) await el.updateComplete;
      const first = document.querySelector('fb-rating')!;
      expect(first.shadowRoot!.querySelector('[role=radio]')!.getAttribute('aria-label')).to.equal('1 star');
      expect(warnings.sort()).to.deep.equal([
        "Feedbackkit: lang=ar needs import '@feedbackkit/elements/locales/fb-prompt.js'",
        "Feedbackkit: lang=ar needs import '@feedbackkit/elements/locales/fb-rating.js'",
        "Feedbackkit: lang=zh-CN needs import '@feedbackkit/elements/locales/fb-rating.js'",
      ]);
    } finally {
      console.warn = warn;
      document.body.replaceChildren();
    }
  });
});
