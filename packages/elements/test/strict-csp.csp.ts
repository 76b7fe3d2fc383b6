/// <reference types="mocha" />
// Runs under test/csp.wtr.config.mjs, on a page served with
// default-src 'self'; script-src 'self'; style-src 'self'; require-trusted-types-for 'script'.
import { expect } from '@esm-bundle/chai';
import '../src/define/fb-rating.js';
import '../src/define/fb-prompt.js';
import '../src/locales/fb-rating.js';
import '../src/locales/fb-prompt.js';
import { sendKeys } from './wtr.js';

const violations: SecurityPolicyViolationEvent[] = [];
document.addEventListener('securitypolicyviolation', (e) => violations.push(e));
const settle = () => new Promise((r) => setTimeout(r, 50));
const describeViolation = (e: SecurityPolicyViolationEvent) => `${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber} ${e.sample}`;

describe('strict CSP page', () => {
  it('the policy is in force (positive control: eval and inline styles are blocked)', async () => {
    expect(() => (0, eval)('1 + 1')).to.throw(EvalError);
    const style = document.createElement('style');
    style.textContent = 'body { --csp-probe: 1; }';
    document.head.append(style);
    await settle();
    expect(getComputedStyle(document.body).getPropertyValue('--csp-probe')).to.equal('');
    // eval is refused by Trusted Types (or by script-src without 'unsafe-eval').
    expect(violations.some((v) => ['script-src', 'require-trusted-types-for'].includes(v.effectiveDirective))).to.equal(true);
    expect(violations.map((v) => v.effectiveDirective)).to.include('style-src-elem');
    style.remove();
    violations.length = 0;
  });

  it('<fb-rating> and <fb-prompt> render, style and work with no violation', async () => {
    // Built with DOM calls: Trusted Types forbids innerHTML strings on this page.
    const el = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string>, ...kids: Array<Node | string>) => {
      const e = document.createElement(tag);
      for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
      e.append(...kids);
      return e;
    };
    const nps = el('fb-rating', { scale: 'nps', autosubmit: '' });
    const prompt = el('fb-prompt', { modal: '', 'prompt-id': `csp-${Date.now()}` }, nps);
    const stars = el('fb-rating', { name: 'stars', scale: 'stars', required: '' });
    const smiley = el('fb-rating', { scale: 'smiley', lang: 'ar', dir: 'rtl' });
    document.body.append(el('button', { id: 'page' }, 'page'), prompt, el('form', {}, stars), smiley);
    for (const e of [prompt, nps, stars, smiley]) await e.updateComplete;

    // Styles arrive as adopted (constructable) stylesheets, never <style> elements.
    for (const e of [prompt, nps, stars, smiley]) {
      expect(e.shadowRoot!.adoptedStyleSheets.length, e.localName).to.be.greaterThan(0);
      expect(e.shadowRoot!.querySelector('style'), e.localName).to.equal(null);
    }
    const option = nps.shadowRoot!.querySelector('[role=radio]')!;
    expect(getComputedStyle(option).minWidth).to.not.equal('0px'); // the stylesheet applied

    // Interact: open the modal, use the keyboard, submit; a label with markup stays text.
    const submitted: Event[] = [];
    document.addEventListener('fb-submit', (e) => submitted.push(e));
    prompt.show();
    await prompt.updateComplete;
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'Enter' });
    await nps.updateComplete;
    await nps.updateComplete;
    expect(submitted.length).to.equal(1);
    stars.label = '<img src=x onerror="document.title=1"><b>bold</b>';
    smiley.shadowRoot!.querySelectorAll<HTMLElement>('[role=radio]')[2]!.click();
    await stars.updateComplete;
    expect(stars.shadowRoot!.querySelector('img, b')).to.equal(null);
    prompt.hide();
    await settle();
    expect(violations.map(describeViolation)).to.deep.equal([]);
  });
});
