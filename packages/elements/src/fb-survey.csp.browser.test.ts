/// <reference types="mocha" />
// <fb-survey> and <fb-kiosk> under the strict CSP of the issue: a same-origin frame whose
// policy comes from a <meta> in its own document, loading the define modules from 'self'.
// The parent drives the frame's DOM and listens for securitypolicyviolation events.
import { expect } from '@esm-bundle/chai';
import type { Submission } from '@feedbackkit/core';
import type { FbKiosk } from './fb-kiosk.js';
import type { FbSurvey } from './fb-survey.js';

const POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; require-trusted-types-for 'script'";
const XSS = '<img src=x onerror="parent.__cspXss=1"><script>parent.__cspXss=2</script>';

interface Frame {
  doc: Document;
  win: Window & typeof globalThis;
  violations: string[];
}

async function strictFrame(): Promise<Frame> {
  const iframe = document.createElement('iframe');
  const base = new URL('./', import.meta.url).href;
  iframe.srcdoc = `<!doctype html><html lang="en"><head>
    <meta http-equiv="Content-Security-Policy" content="${POLICY}">
    <script type="module" src="${base}define/fb-survey.ts"></script>
    <script type="module" src="${base}define/fb-kiosk.ts"></script>
    <script>parent.__inlineRan = true</script>
    </head><body><div style="color: red" id="probe"></div></body></html>`;
  const violations: string[] = [];
  const loaded = new Promise<void>((resolve) => iframe.addEventListener('load', () => resolve(), { once: true }));
  document.body.append(iframe);
  await loaded;
  const win = iframe.contentWindow as Window & typeof globalThis;
  const doc = iframe.contentDocument!;
  doc.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('elements not defined in the CSP frame')), 8_000));
  await Promise.race([Promise.all([win.customElements.whenDefined('fb-survey'), win.customElements.whenDefined('fb-kiosk')]), timeout]);
  return { doc, win, violations };
}

afterEach(() => {
  document.body.replaceChildren();
});

describe('strict CSP page', () => {
  it('the policy is in force (inline script blocked) and violations are observed', async () => {
    const { doc, violations } = await strictFrame();
    expect((window as unknown as { __inlineRan?: boolean }).__inlineRan).to.equal(undefined);
    // An inline style attribute is a violation the listener must see, or the checks below prove nothing.
    doc.getElementById('probe')!.setAttribute('style', 'color: blue');
    await new Promise((r) => setTimeout(r, 100));
    expect(violations.join()).to.match(/style-src/);
  });

  it('<fb-survey> renders, styles itself and submits with no CSP violation; XSS stays text', async () => {
    const { doc, win, violations } = await strictFrame();
    const el = doc.createElement('fb-survey') as FbSurvey;
    el.definition = {
      id: 'csp',
      version: 1,
      title: XSS,
      questions: [{ id: 'q', type: 'rating', prompt: XSS, scale: { kind: 'csat', points: 5 }, required: true }],
    };
    const seen: Submission[] = [];
    doc.addEventListener('fb-submit', (e) => seen.push((e as CustomEvent<Submission>).detail));
    doc.body.append(el);
    await el.updateComplete;
    const root = el.shadowRoot!;
    expect(root.querySelector('#heading')!.textContent).to.equal(XSS);
    // Styles arrive as adopted (constructable) stylesheets, which CSP allows.
    expect(root.adoptedStyleSheets.length).to.be.greaterThan(0);
    const face = root.querySelector('label.option span.face')!;
    expect(win.getComputedStyle(face).minHeight).to.equal('48px');
    root.querySelector<HTMLInputElement>('input[value="4"]')!.click();
    root.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await el.updateComplete;
    expect(seen.map((s) => s.status)).to.deep.equal(['complete']);
    expect(root.querySelector('img, script')).to.equal(null);
    expect((window as unknown as { __cspXss?: number }).__cspXss).to.equal(undefined);
    expect(violations).to.deep.equal([]);
  });

  it('<fb-kiosk> renders and records a rating with no CSP violation', async () => {
    const { doc, win, violations } = await strictFrame();
    const el = doc.createElement('fb-kiosk') as FbKiosk;
    el.setAttribute('debounce-seconds', '0');
    el.reasons = [{ id: 'x', label: XSS }];
    const seen: Submission[] = [];
    doc.addEventListener('fb-submit', (e) => seen.push((e as CustomEvent<Submission>).detail));
    doc.body.append(el);
    await el.updateComplete;
    const faces = el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button.face');
    expect(win.getComputedStyle(faces[0]!).minHeight).not.to.equal('0px');
    faces[0]!.click();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('button.reason')!.textContent!.trim()).to.equal(XSS);
    el.shadowRoot!.querySelector<HTMLButtonElement>('button.primary')!.click();
    await el.updateComplete;
    expect(seen.map((s) => s.status)).to.deep.equal(['complete']);
    expect(violations).to.deep.equal([]);
  });
});
