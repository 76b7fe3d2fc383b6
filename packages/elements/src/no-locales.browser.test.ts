/// <reference types="mocha" />
// A page that loads define/*.js only (no locales/*.js pack): a Chinese or Arabic page gets
// English and one console warning per language and element naming the import to add.
import { expect } from '@esm-bundle/chai';
import type { SurveyDefinition } from '@feedbackkit/core';
import type { ReactiveElement } from '@lit/reactive-element';
import '../src/define/fb-rating.js';
import '../src/define/fb-prompt.js';
import '../src/define/fb-survey.js';
import '../src/define/fb-kiosk.js';
import type { FbRating } from './fb-rating.js';
import type { FbSurvey } from './fb-survey.js';

const DEF: SurveyDefinition = {
  id: 'nopack',
  version: 1,
  questions: [{ id: 'q', type: 'rating', prompt: { en: 'Rate us', ar: 'قيّمنا' }, scale: { kind: 'csat' } }],
};

/** Renders `html`, lets `setup` finish each element, and returns the console warnings, sorted. */
async function warningsFor(html: string, setup: (el: ReactiveElement) => void = () => {}): Promise<string[]> {
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (m: string) => warnings.push(m);
  try {
    document.body.innerHTML = html;
    for (const el of document.body.querySelectorAll<ReactiveElement>('*')) {
      if (!el.localName.startsWith('fb-')) continue;
      setup(el);
      await el.updateComplete;
    }
    return warnings.sort();
  } finally {
    console.warn = warn;
  }
}
const needs = (lang: string, tag: string) => `Feedbackkit: lang=${lang} needs import '@feedbackkit/elements/locales/${tag}.js'`;

describe('elements without their zh-CN/ar packs', () => {
  afterEach(() => document.body.replaceChildren());

  it('<fb-rating> and <fb-prompt> fall back to English and warn once per language, naming locales/<tag>.js', async () => {
    const warnings = await warningsFor(`<div lang="ar" dir="rtl"><fb-rating scale="stars" points="3"></fb-rating>
      <fb-rating scale="nps"></fb-rating><fb-prompt prompt-id="nopack"></fb-prompt></div>
      <fb-rating scale="csat" lang="zh-CN"></fb-rating><fb-rating scale="csat" lang="en"></fb-rating>`);
    const first = document.querySelector<FbRating>('fb-rating')!;
    expect(first.shadowRoot!.querySelector('[role=radio]')!.getAttribute('aria-label')).to.equal('1 star');
    expect(warnings).to.deep.equal([needs('ar', 'fb-prompt'), needs('ar', 'fb-rating'), needs('zh-CN', 'fb-rating')]);
  });

  it('<fb-survey> keeps the definition\'s own text, shows English chrome and warns once per language', async () => {
    const warnings = await warningsFor(
      `<fb-survey lang="ar"></fb-survey><fb-survey lang="ar"></fb-survey><fb-survey lang="zh-CN"></fb-survey><fb-survey lang="en"></fb-survey>`,
      (el) => ((el as FbSurvey).definition = DEF),
    );
    const first = document.querySelector<FbSurvey>('fb-survey')!;
    expect(first.shadowRoot!.textContent).to.contain('قيّمنا');
    expect(first.shadowRoot!.querySelector('button[type=submit]')!.textContent!.trim()).to.equal('Submit');
    expect(warnings).to.deep.equal([needs('ar', 'fb-survey'), needs('zh-CN', 'fb-survey')]);
  });

  it('<fb-kiosk> warns once per language', async () => {
    const warnings = await warningsFor(`<fb-kiosk lang="ar" branch="b1" counter="c1"></fb-kiosk>
      <fb-kiosk lang="zh-CN" branch="b1" counter="c2"></fb-kiosk><fb-kiosk lang="en" branch="b1" counter="c3"></fb-kiosk>`);
    expect(warnings).to.deep.equal([needs('ar', 'fb-kiosk'), needs('zh-CN', 'fb-kiosk')]);
  });
});
