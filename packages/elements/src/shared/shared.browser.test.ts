/// <reference types="mocha" />
import { expect } from '@esm-bundle/chai';
import { defineElement } from './define.js';
import { resolveLocale } from './i18n.js';
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
