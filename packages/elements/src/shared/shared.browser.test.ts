/// <reference types="mocha" />
import { expect } from '@esm-bundle/chai';
import { defineElement } from './define.js';
import { ReactiveElement } from '@lit/reactive-element';
import { I18nController, resolveLocale, setMessages, warnMissingPack } from './i18n.js';
import type { Catalog } from './i18n.js';
import { buildSubmission, contextFromElement } from './submission.js';

describe('defineElement', () => {
  it('registers a free tag, then warns once (never throws) when another class claims it', () => {
    const warnings: unknown[][] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      class A extends HTMLElement {}
      class B extends HTMLElement {}
      expect(defineElement('fb-test-define', A)).to.equal(true);
      expect(defineElement('fb-test-define', A)).to.equal(false); // same class: silent
      expect(defineElement('fb-test-define', B)).to.equal(false);
      expect(defineElement('fb-test-define', B)).to.equal(false);
      expect(customElements.get('fb-test-define')).to.equal(A);
      expect(warnings.length).to.equal(1);
      expect(String(warnings[0]![0])).to.contain('<fb-test-define>');
    } finally {
      console.warn = warn;
    }
  });
});

describe('contextFromElement and resolveLocale', () => {
  afterEach(() => document.body.replaceChildren());

  it('reads context attributes and inherits missing ones from fb-* ancestors only', () => {
    document.body.innerHTML = `
      <div lang="zh-CN" branch="not-from-a-div">
        <fb-x-outer channel="counter" branch="B01" staff="S7" stage="completed">
          <section><span id="leaf" counter="3" transaction="T-9" branch="B02" segment=""></span></section>
        </fb-x-outer>
      </div>`;
    const leaf = document.getElementById('leaf')!;
    expect(contextFromElement(leaf)).to.deep.equal({
      counter: '3',
      transaction: 'T-9',
      branch: 'B02', // its own attribute wins over the ancestor's
      channel: 'counter',
      staff: 'S7',
      stage: 'completed',
      locale: 'zh-CN',
    });
  });

  it('finds lang through a shadow root', () => {
    const host = document.createElement('div');
    host.lang = 'ar';
    document.body.append(host);
    const inner = document.createElement('span');
    host.attachShadow({ mode: 'open' }).append(inner);
    expect(resolveLocale(inner)).to.equal('ar');
  });

  it('buildSubmission gives a UUIDv7 id and an ISO time', () => {
    const s = buildSubmission({
      answers: { q: { type: 'rating', scale: { kind: 'nps' }, value: 9 } },
      status: 'complete',
      context: { channel: 'web' },
      createdAt: new Date(Date.UTC(2026, 10, 22, 10)),
    });
    expect(s.id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(s.createdAt).to.equal('2026-11-22T10:00:00.000Z');
    expect(s.status).to.equal('complete');
    expect('survey' in s).to.equal(false);
  });
});

describe('warnMissingPack: a built-in language without its pack', () => {
  // An element whose catalog has English (and here zh-CN) only, as define/<tag>.js ships it.
  const catalog: Catalog<'hi'> = { en: { hi: 'Hello' } };
  class FbXI18n extends ReactiveElement {
    cat: Catalog<'hi'> = catalog;
    i18n = new I18nController<'hi'>(this, this.cat);
    protected override update(changed: Map<PropertyKey, unknown>): void {
      super.update(changed);
      warnMissingPack(this, this.i18n.locale, this.cat);
    }
  }
  customElements.define('fb-x-i18n', FbXI18n);
  class FbXI18nB extends FbXI18n {
    override cat: Catalog<'hi'> = { en: { hi: 'Hello' }, 'zh-CN': { hi: '你好' } };
  }
  customElements.define('fb-x-i18n-b', FbXI18nB);

  it('warns once per language and element, naming the locales/ import to add; not for packs present, other languages or setMessages', async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (m: string) => warnings.push(m);
    const mount = async (lang: string, tag = 'fb-x-i18n') => {
      const el = document.createElement(tag) as FbXI18n;
      el.lang = lang;
      document.body.append(el);
      await el.updateComplete;
      return el;
    };
    try {
      const ar = await mount('ar-EG');
      expect(ar.i18n.t('hi')).to.equal('Hello'); // falls back to English
      await mount('ar');
      ar.requestUpdate();
      await ar.updateComplete;
      expect(warnings).to.deep.equal([`Feedbackkit: lang=ar-EG needs import '@feedbackkit/elements/locales/fb-x-i18n.js'`]);
      await mount('zh-TW');
      expect(warnings).to.have.length(2);
      expect(warnings[1]).to.equal(`Feedbackkit: lang=zh-TW needs import '@feedbackkit/elements/locales/fb-x-i18n.js'`);
      await mount('zh-Hans'); // the same language: no second warning
      await mount('fr'); // not a built-in language: English is the documented fallback
      await mount('en-GB');
      await mount('arn'); // Mapudungun, not Arabic
      // Another element: its zh-CN pack is registered (zh-TW uses it); the page brought its
      // own Arabic with setMessages.
      await mount('zh-TW', 'fb-x-i18n-b');
      setMessages('ar', { hi: 'مرحبا' });
      const b = await mount('ar-SA', 'fb-x-i18n-b');
      expect(b.i18n.t('hi')).to.equal('مرحبا');
      expect(warnings.length).to.equal(2);
    } finally {
      console.warn = warn;
      document.body.replaceChildren();
    }
  });
});
