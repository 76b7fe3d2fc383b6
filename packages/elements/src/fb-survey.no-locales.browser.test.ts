/// <reference types="mocha" />
// A page that loads define/fb-survey.js only (no locales/fb-survey.js pack): an Arabic or
// Chinese survey gets English chrome and one console warning per language naming the import.
import { expect } from '@esm-bundle/chai';
import type { SurveyDefinition } from '@feedbackkit/core';
import '../src/define/fb-survey.js';
import type { FbSurvey } from './fb-survey.js';

const DEF: SurveyDefinition = {
  id: 'nopack',
  version: 1,
  questions: [{ id: 'q', type: 'rating', prompt: { en: 'Rate us', ar: 'قيّمنا' }, scale: { kind: 'csat' } }],
};

describe('<fb-survey> without its zh-CN/ar pack', () => {
  it('falls back to English and warns once per language, naming locales/fb-survey.js', async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (m: string) => warnings.push(m);
    try {
      document.body.innerHTML = `<fb-survey lang="ar"></fb-survey><fb-survey lang="ar"></fb-survey>
        <fb-survey lang="zh-CN"></fb-survey><fb-survey lang="en"></fb-survey>`;
      const all = Array.from(document.querySelectorAll<FbSurvey>('fb-survey'));
      for (const el of all) (el.definition = DEF), await el.updateComplete;
      // The survey's own text is still localized; the chrome (the submit button) is English.
      expect(all[0]!.shadowRoot!.textContent).to.contain('قيّمنا');
      expect(all[0]!.shadowRoot!.querySelector('button[type=submit]')!.textContent!.trim()).to.equal('Submit');
      expect(warnings.sort()).to.deep.equal([
        "Feedbackkit: lang=ar needs import '@feedbackkit/elements/locales/fb-survey.js'",
        "Feedbackkit: lang=zh-CN needs import '@feedbackkit/elements/locales/fb-survey.js'",
      ]);
    } finally {
      console.warn = warn;
      document.body.replaceChildren();
    }
  });
});
