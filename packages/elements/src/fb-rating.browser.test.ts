/// <reference types="mocha" />
import { expect } from '@esm-bundle/chai';
import { scales } from '@feedbackkit/core';
import type { Scale } from '@feedbackkit/core';
import { safeParseSubmission } from '@feedbackkit/schema';
import '../src/define/fb-rating.js';
import './locales/fb-rating.js';
import type { FbRating } from './fb-rating.js';
import type { FbSubmitEvent } from './shared/events.js';
import { axeViolations, contrast } from '../test/axe.js';
import { centre, emulateMedia, forcedColors, resetMouse, sendKeys, sendMouse, setViewport } from '../test/wtr.js';

async function mount(markup: string): Promise<FbRating> {
  document.body.innerHTML = markup;
  const el = document.querySelector('fb-rating')!;
  await el.updateComplete;
  return el;
}
const radios = (el: FbRating) => Array.from(el.shadowRoot!.querySelectorAll<HTMLElement>('[role=radio]'));
const names = (el: FbRating) => radios(el).map((r) => r.getAttribute('aria-label'));
const deepActive = (): Element | null => {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
};

afterEach(async () => {
  document.body.replaceChildren();
  document.documentElement.removeAttribute('dir');
  document.documentElement.removeAttribute('lang');
});

describe('<fb-rating> structure and names', () => {
  it('renders NPS as a radio group of 11 with localized names and visible anchors', async () => {
    const el = await mount('<fb-rating scale="nps" lang="en"></fb-rating>');
    const group = el.shadowRoot!.querySelector('[role=radiogroup]')!;
    expect(group.getAttribute('aria-labelledby')).to.equal('label');
    expect(radios(el).length).to.equal(11);
    expect(names(el)[0]).to.equal('0 – Not at all likely');
    expect(names(el)[9]).to.equal('9');
    expect(names(el)[10]).to.equal('10 – Extremely likely');
    const anchors = Array.from(el.shadowRoot!.querySelectorAll('[part=anchors] span'), (s) => s.textContent);
    expect(anchors).to.deep.equal(['Not at all likely', 'Extremely likely']);
  });

  it('names stars with plural rules and CSAT points with their words', async () => {
    const stars = await mount('<fb-rating scale="stars" lang="en"></fb-rating>');
    expect(names(stars)).to.deep.equal(['1 star', '2 stars', '3 stars', '4 stars', '5 stars']);
    const csat = await mount('<fb-rating scale="csat" points="3" lang="en"></fb-rating>');
    expect(names(csat)).to.deep.equal(['1 – Dissatisfied', '2 – Neutral', '3 – Satisfied']);
  });

  it('speaks Chinese and Arabic (point labels from locales/fb-rating.js)', async () => {
    const zh = await mount('<fb-rating scale="evaluator" lang="zh-CN"></fb-rating>');
    expect(names(zh)).to.deep.equal(['不满意', '一般', '满意']);
    const ar = await mount('<div lang="ar" dir="rtl"><fb-rating scale="stars" points="3"></fb-rating></div>');
    // Arabic plural categories: 1 → one, 2 → two, 3 → few.
    expect(names(ar)).to.deep.equal(['نجمة واحدة', 'نجمتان', `${new Intl.NumberFormat('ar').format(3)} نجوم`]);
  });

  it("names every point with the words of core's scales, in English and Simplified Chinese", async () => {
    // The element carries its own words (fb-rating-messages.ts, locales/fb-rating.ts) so that
    // it does not load core's label tables; they must say what core's scales say.
    for (const s of Object.values(scales) as Scale[]) {
      if (s.kind === 'stars') continue; // named by the plural "stars" message, not by labels
      for (const lang of ['en', 'zh-CN'] as const) {
        const attrs = s.kind === 'likert' ? `min="${s.min}" max="${s.max}"` : `points="${s.values.length}"`;
        const el = await mount(`<fb-rating scale="${s.kind}" ${attrs} lang="${lang}"></fb-rating>`);
        const last = s.values.length - 1;
        const expected = s.values.map((v, i) => {
          if (s.kind === 'nps' || s.kind === 'likert') {
            const end = i === 0 ? s.anchors[lang].low : i === last ? s.anchors[lang].high : '';
            return end ? `${v} – ${end}` : String(v);
          }
          const label = s.labels[lang][i]!;
          return s.kind === 'csat' || s.kind === 'ces' ? `${v} – ${label}` : label;
        });
        expect(names(el), `${s.id} ${lang}`).to.deep.equal(expected);
        if (s.kind !== 'thumbs' && s.kind !== 'evaluator') {
          const anchors = Array.from(el.shadowRoot!.querySelectorAll('[part=anchors] span'), (a) => a.textContent);
          expect(anchors, `${s.id} ${lang} anchors`).to.deep.equal([s.anchors[lang].low, s.anchors[lang].high]);
        }
      }
    }
  });

  it('re-renders when the document language changes', async () => {
    document.documentElement.lang = 'en';
    const el = await mount('<fb-rating scale="thumbs"></fb-rating>');
    expect(names(el)).to.deep.equal(['Thumbs down', 'Thumbs up']);
    document.documentElement.lang = 'zh-CN';
    await new Promise((r) => setTimeout(r)); // MutationObserver, then Lit's update
    await el.updateComplete;
    expect(names(el)).to.deep.equal(['不满意', '满意']);
  });

  it('renders label text containing markup as text (no HTML injection)', async () => {
    const payload = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
    const el = document.createElement('fb-rating');
    el.label = payload;
    document.body.append(el);
    await el.updateComplete;
    const label = el.shadowRoot!.querySelector('[part=label]')!;
    expect(label.textContent!.trim()).to.equal(payload);
    expect(el.shadowRoot!.querySelector('img, script')).to.equal(null);
    expect((window as unknown as { __xss?: number }).__xss).to.equal(undefined);
  });

  it('has one tab stop (roving tabindex) on the selected point, else the first', async () => {
    const el = await mount('<fb-rating scale="csat"></fb-rating>');
    expect(radios(el).map((r) => r.tabIndex)).to.deep.equal([0, -1, -1, -1, -1]);
    el.value = 4;
    await el.updateComplete;
    expect(radios(el).map((r) => r.tabIndex)).to.deep.equal([-1, -1, -1, 0, -1]);
    expect(radios(el)[3]!.getAttribute('aria-checked')).to.equal('true');
  });

  it('ignores a value that is not on the scale', async () => {
    const el = await mount('<fb-rating scale="csat" value="9"></fb-rating>');
    expect(el.value).to.equal(null);
  });

  it('shows the selection by shape as well as colour (circle, thicker outline)', async () => {
    const el = await mount('<fb-rating scale="nps" value="3"></fb-rating>');
    const [off, on] = [getComputedStyle(radios(el)[2]!), getComputedStyle(radios(el)[3]!)];
    expect(on.borderTopLeftRadius).to.equal('50%');
    expect(off.borderTopLeftRadius).to.not.equal('50%');
    expect(parseFloat(on.borderTopWidth)).to.be.greaterThan(parseFloat(off.borderTopWidth));
  });

  it('never sets touch-action: none (page scroll stays with the page)', async () => {
    const el = await mount('<fb-rating scale="nps"></fb-rating>');
    expect(getComputedStyle(el).touchAction).to.equal('auto');
    expect(getComputedStyle(radios(el)[0]!).touchAction).to.equal('manipulation');
  });

  it('wraps the 11 NPS points at 320 px, with hit areas of at least 48 px', async () => {
    await setViewport({ width: 320, height: 640 });
    try {
      const el = await mount('<fb-rating scale="nps" style="margin:0 8px"></fb-rating>');
      const rs = radios(el).map((r) => r.getBoundingClientRect());
      const tops = new Set(rs.map((r) => Math.round(r.top)));
      expect(tops.size).to.be.greaterThan(1);
      for (const r of rs) expect(r.right).to.be.at.most(320);
      expect(document.documentElement.scrollWidth).to.be.at.most(320);
      const after = getComputedStyle(radios(el)[0]!, '::after');
      expect(parseFloat(after.width)).to.be.at.least(48);
      expect(parseFloat(after.height)).to.be.at.least(48);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });
});

describe('<fb-rating> keyboard', () => {
  it('arrows move and select, Home/End go to the ends, no wrap-around', async () => {
    const el = await mount('<button id="before">before</button><fb-rating scale="csat"></fb-rating>');
    const changes: number[] = [];
    el.addEventListener('change', () => changes.push(el.value!));
    document.getElementById('before')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(deepActive()).to.equal(radios(el)[0]);
    await sendKeys({ press: 'ArrowRight' });
    expect(el.value).to.equal(2);
    await sendKeys({ press: 'ArrowDown' });
    expect(el.value).to.equal(3);
    await sendKeys({ press: 'End' });
    expect(el.value).to.equal(5);
    await sendKeys({ press: 'ArrowRight' }); // at the end: stays
    expect(el.value).to.equal(5);
    await sendKeys({ press: 'Home' });
    expect(el.value).to.equal(1);
    await sendKeys({ press: 'ArrowLeft' }); // at the start: stays
    await sendKeys({ press: 'ArrowUp' });
    expect(el.value).to.equal(1);
    await el.updateComplete;
    expect(deepActive()).to.equal(radios(el)[0]);
    expect(changes).to.deep.equal([2, 3, 5, 1]);
    // Tab leaves the group in one step (one tab stop).
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(null);
  });

  it('reverses Left/Right in RTL (computed direction), not Up/Down', async () => {
    const el = await mount('<div dir="rtl"><fb-rating scale="csat" value="3"></fb-rating></div>');
    el.focus();
    await sendKeys({ press: 'ArrowLeft' });
    expect(el.value).to.equal(4);
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'ArrowRight' });
    expect(el.value).to.equal(2);
    await sendKeys({ press: 'ArrowDown' });
    expect(el.value).to.equal(3);
  });

  it('autosubmit: arrows only select; Space submits', async () => {
    const el = await mount('<fb-rating scale="nps" autosubmit></fb-rating>');
    const got: FbSubmitEvent[] = [];
    document.addEventListener('fb-submit', (e) => got.push(e), { once: true });
    el.focus();
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    expect(got.length).to.equal(0);
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(got.length).to.equal(1);
    expect(Object.values(got[0]!.detail.answers)[0]).to.deep.include({ type: 'rating', value: 2 });
  });
});

describe('<fb-rating> submit button by keyboard', () => {
  it('Tab reaches the button after the group; Enter on it submits the selected value', async () => {
    const el = await mount('<fb-rating scale="csat" value="4" submit-button></fb-rating>');
    const got: FbSubmitEvent[] = [];
    document.addEventListener('fb-submit', (e) => got.push(e), { once: true });
    el.focus();
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement!.getAttribute('part')).to.equal('submit');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(got.length).to.equal(1);
    expect(Object.values(got[0]!.detail.answers)[0]).to.deep.include({ value: 4 });
  });

  it('after Enter on Submit, focus moves to the thank-you status instead of falling to the body (WCAG 2.4.3)', async () => {
    const el = await mount('<fb-rating scale="nps" value="9" submit-button></fb-rating>');
    el.focus();
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement!.getAttribute('part')).to.equal('submit');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    await new Promise((r) => requestAnimationFrame(r)); // style recalc: a hidden focused button loses focus here
    expect(document.activeElement).to.equal(el);
    const status = el.shadowRoot!.activeElement!;
    expect(status.getAttribute('role')).to.equal('status');
    expect(status.textContent).to.contain('Thank you');
  });

  it("the button's 48 px hit area stays around the button (it once covered the whole page)", async () => {
    const el = await mount('<p style="height:200px">before</p><fb-rating scale="csat" submit-button></fb-rating>');
    const button = el.shadowRoot!.querySelector<HTMLElement>('[part=submit]')!;
    const box = button.getBoundingClientRect();
    const after = getComputedStyle(button, '::after');
    expect(parseFloat(after.height)).to.be.at.least(48);
    expect(parseFloat(after.width)).to.be.at.most(Math.max(box.width, 48) + 0.5);
    // A point of the page far from the element (the paragraph above it) is not its button.
    const p = document.querySelector('p')!.getBoundingClientRect();
    expect(document.elementFromPoint(p.left + 10, p.top + 10)!.localName).to.equal('p');
  });
});

describe('<fb-rating> pointer', () => {
  afterEach(() => resetMouse());

  it('commits on click (after pointerup), never on pointerdown', async () => {
    const el = await mount('<fb-rating scale="nps"></fb-rating>');
    const target = radios(el)[7]!;
    await sendMouse({ type: 'move', position: centre(target) });
    await sendMouse({ type: 'down' });
    await el.updateComplete;
    expect(el.value).to.equal(null);
    await sendMouse({ type: 'up' });
    await el.updateComplete;
    expect(el.value).to.equal(7);
  });

  it('selects nothing when the press ends elsewhere (a drag or scroll that began on a point)', async () => {
    const el = await mount('<fb-rating scale="nps"></fb-rating><p style="height:200px">page</p>');
    await sendMouse({ type: 'move', position: centre(radios(el)[4]!) });
    await sendMouse({ type: 'down' });
    await sendMouse({ type: 'move', position: centre(document.querySelector('p')!) });
    await sendMouse({ type: 'up' });
    await el.updateComplete;
    expect(el.value).to.equal(null);
  });

  it('a second tap on the selected point keeps it (no tap-to-clear) and fires no change', async () => {
    const el = await mount('<fb-rating scale="smiley"></fb-rating>');
    let changes = 0;
    el.addEventListener('change', () => changes++);
    radios(el)[4]!.click();
    radios(el)[4]!.click();
    await el.updateComplete;
    expect(el.value).to.equal(5);
    expect(changes).to.equal(1);
  });

  it('fires input (composed) and change (bubbles) on a new value', async () => {
    const el = await mount('<div id="wrap"><fb-rating scale="thumbs"></fb-rating></div>');
    const seen: string[] = [];
    document.getElementById('wrap')!.addEventListener('input', (e) => seen.push(`${e.type}:${e.composed}`));
    document.getElementById('wrap')!.addEventListener('change', (e) => seen.push(`${e.type}:${e.bubbles}`));
    radios(el)[1]!.click();
    expect(seen).to.deep.equal(['input:true', 'change:true']);
    expect(el.value).to.equal(1);
  });
});

describe('<fb-rating> in a <form>', () => {
  it('contributes name=value to FormData, validates required, resets to the default', async () => {
    document.body.innerHTML = `<form><fb-rating name="nps" scale="nps" required></fb-rating>
      <fb-rating name="stars" scale="stars" value="4"></fb-rating><button type="reset">reset</button></form>`;
    const form = document.querySelector('form')!;
    const [nps, stars] = Array.from(document.querySelectorAll('fb-rating'));
    await nps!.updateComplete;
    await stars!.updateComplete;
    expect(nps!.form).to.equal(form);
    expect(nps!.validity.valueMissing).to.equal(true);
    expect(form.checkValidity()).to.equal(false);
    expect([...new FormData(form).entries()]).to.deep.equal([['stars', '4']]);

    radios(nps!)[9]!.click();
    radios(stars!)[1]!.click();
    await nps!.updateComplete;
    await stars!.updateComplete;
    expect(nps!.validity.valid).to.equal(true);
    expect(form.checkValidity()).to.equal(true);
    expect([...new FormData(form).entries()]).to.deep.equal([
      ['nps', '9'],
      ['stars', '2'],
    ]);

    form.reset();
    await nps!.updateComplete;
    await stars!.updateComplete;
    expect(nps!.value).to.equal(null);
    expect(stars!.value).to.equal(4); // back to its value attribute
    expect([...new FormData(form).entries()]).to.deep.equal([['stars', '4']]);
  });

  it('a disabled fieldset disables it (no tab stop, clicks ignored)', async () => {
    document.body.innerHTML = '<form><fieldset disabled><fb-rating name="r" scale="csat"></fb-rating></fieldset></form>';
    const el = document.querySelector('fb-rating')!;
    await el.updateComplete;
    radios(el)[2]!.click();
    await el.updateComplete;
    expect(el.value).to.equal(null);
    expect(radios(el).every((r) => r.tabIndex === -1)).to.equal(true);
  });

  it('restores state from the browser (formStateRestoreCallback)', async () => {
    const el = await mount('<form><fb-rating name="r" scale="csat"></fb-rating></form>');
    el.formStateRestoreCallback('4');
    await el.updateComplete;
    expect(el.value).to.equal(4);
  });
});

describe('<fb-rating> fb-submit', () => {
  it('announces a schema-valid submission with context from attributes and fb-* ancestors', async () => {
    const el = await mount(`<fb-x-host channel="counter" branch="BJ-001">
      <fb-rating scale="evaluator" question="service" counter="7" staff="S-12" transaction="T-1" stage="completed"
        survey-id="counter-eval" lang="zh-CN" submit-button></fb-rating></fb-x-host>`);
    let event: FbSubmitEvent | undefined;
    document.addEventListener('fb-submit', (e) => (event = e), { once: true });
    // Nothing selected: the button reports invalid and announces nothing.
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part=submit]')!.click();
    expect(event).to.equal(undefined);
    radios(el)[2]!.click();
    await el.updateComplete;
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part=submit]')!.click();
    expect(event).to.not.equal(undefined);
    expect(event!.bubbles && event!.composed).to.equal(true);
    const s = event!.detail;
    const parsed = safeParseSubmission(s);
    expect(parsed.success, JSON.stringify(parsed)).to.equal(true);
    expect(s.status).to.equal('complete');
    expect(s.survey).to.deep.equal({ id: 'counter-eval' });
    expect(s.answers).to.deep.equal({ service: { type: 'rating', scale: { kind: 'evaluator', points: 3 }, value: 3 } });
    expect(s.context).to.deep.equal({
      channel: 'counter',
      branch: 'BJ-001',
      counter: '7',
      staff: 'S-12',
      transaction: 'T-1',
      stage: 'completed',
      locale: 'zh-CN',
    });
    await el.updateComplete;
    expect(el.submitted).to.equal(true);
    expect(el.shadowRoot!.querySelector('[role=status]')!.textContent).to.equal('感谢您的反馈。');
    // Submitted: further taps change nothing until reset().
    radios(el)[0]!.click();
    expect(el.value).to.equal(3);
    el.reset();
    await el.updateComplete;
    expect(el.value).to.equal(null);
    expect(el.submitted).to.equal(false);
  });

  it('autosubmit on click, once', async () => {
    const el = await mount('<fb-rating scale="nps" autosubmit></fb-rating>');
    const got: FbSubmitEvent[] = [];
    document.addEventListener('fb-submit', (e) => got.push(e));
    radios(el)[10]!.click();
    await el.updateComplete;
    await el.updateComplete;
    radios(el)[3]!.click();
    await el.updateComplete;
    expect(got.length).to.equal(1);
    expect(got[0]!.detail.answers).to.deep.equal({ rating: { type: 'rating', scale: { kind: 'nps' }, value: 10 } });
  });
});

describe('<fb-rating> messages, forced colours, reduced motion', () => {
  it('a listener that calls preventDefault() on fb-submit keeps the element open', async () => {
    const el = await mount('<fb-rating scale="thumbs" autosubmit></fb-rating>');
    const refuse = (e: Event) => e.preventDefault();
    document.addEventListener('fb-submit', refuse);
    try {
      radios(el)[1]!.click();
      await el.updateComplete;
      await el.updateComplete;
      expect(el.submitted).to.equal(false);
    } finally {
      document.removeEventListener('fb-submit', refuse);
    }
  });

  it('takes messages globally (setMessages) and per element (messages), per key', async () => {
    const { setMessages } = await import('./shared/i18n.js');
    setMessages('en-GB', { submit: 'Send it', 'point.Satisfied': 'Chuffed' });
    const el = await mount('<fb-rating scale="csat" points="3" lang="en-GB" submit-button></fb-rating>');
    expect(el.shadowRoot!.querySelector('[part=submit]')!.textContent!.trim()).to.equal('Send it');
    expect(names(el)[2]).to.equal('3 – Chuffed');
    el.messages = { submit: 'Go' };
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part=submit]')!.textContent!.trim()).to.equal('Go');
  });

  // Forced colours CAN be emulated in Chromium (CDP Emulation.setEmulatedMedia with the
  // `forced-colors` feature), but not through the runner's built-in `emulate-media` command:
  // with the puppeteer-driven Chrome of web-test-runner.config.mjs it passes on colorScheme and
  // reducedMotion only and silently drops forcedColors (and puppeteer's emulateMediaFeatures
  // refuses the feature), so `emulateMedia({ forcedColors: 'active' })` leaves
  // `(forced-colors: active)` false. The test below uses forcedColors() of test/wtr.ts, the
  // `emulate-forced-colors` command of web-test-runner.config.mjs, which sends the CDP call
  // (and fails if it is missing).
  it('forced colours (emulated): no axe violations; the selection shows by shape, the focus ring stays visible', async () => {
    await forcedColors(async () => {
      expect(matchMedia('(forced-colors: active)').matches).to.equal(true);
      document.documentElement.lang = 'en';
      document.body.innerHTML = `<main><h1>Rating</h1><button id="before">before</button>
        <fb-rating scale="nps" value="9"></fb-rating><fb-rating scale="stars" value="3"></fb-rating>
        <fb-rating scale="smiley" value="2"></fb-rating></main>`;
      const [nps, stars, smiley] = Array.from(document.querySelectorAll('fb-rating'));
      for (const el of [nps!, stars!, smiley!]) await el.updateComplete;
      expect(matchMedia('(forced-colors: active)').matches).to.equal(true);
      const violations = await axeViolations(document);
      expect(violations, violations.join('\n')).to.deep.equal([]);
      // Numbers: the chosen one is a circle with a 3 px outline, the others 8 px corners, 1 px.
      const n = radios(nps!).map((r) => getComputedStyle(r));
      expect([n[9]!.borderRadius, n[9]!.borderTopWidth, n[9]!.borderTopStyle]).to.deep.equal(['50%', '3px', 'solid']);
      expect([n[8]!.borderRadius, n[8]!.borderTopWidth]).to.deep.equal(['8px', '1px']);
      // Symbols: filled up to the value, outlined after it; the chosen one framed by a visible border.
      const fill = (el: Element, i: number) => getComputedStyle(radios(el as FbRating)[i]!.querySelector('path')!).fill;
      expect(fill(stars!, 2)).to.not.equal('none');
      expect(fill(stars!, 3)).to.equal('none');
      for (const el of [stars!, smiley!]) {
        const chosen = getComputedStyle(radios(el as FbRating).find((r) => r.ariaChecked === 'true')!);
        const other = getComputedStyle(radios(el as FbRating).find((r) => r.ariaChecked === 'false')!);
        expect(chosen.borderTopWidth, el.getAttribute('scale')!).to.equal('3px');
        expect(chosen.borderTopColor, el.getAttribute('scale')!).to.not.equal(chosen.backgroundColor);
        expect(chosen.borderTopColor).to.not.match(/rgba\(.*, 0\)|transparent/);
        expect(other.borderTopWidth).to.equal('1px');
      }
      // Keyboard focus: a 3 px solid ring in a system colour that is not the page's Canvas.
      document.getElementById('before')!.focus();
      await sendKeys({ press: 'Tab' });
      const point = radios(nps!)[9]!;
      expect(nps!.shadowRoot!.activeElement).to.equal(point);
      const ring = getComputedStyle(point);
      expect([ring.outlineStyle, ring.outlineWidth]).to.deep.equal(['solid', '3px']);
      expect(ring.outlineColor).to.not.equal(getComputedStyle(document.body).backgroundColor);
      expect(ring.outlineColor).to.not.match(/rgba\(.*, 0\)|transparent/);
    });
  });

  it('forced colours, the stylesheet: system colours for the tokens and the selected point (runs without emulation)', async () => {
    const el = await mount('<fb-rating scale="nps" value="5"></fb-rating>');
    const rules = el.shadowRoot!.adoptedStyleSheets.flatMap((sheet) => Array.from(sheet.cssRules));
    const forced = rules.filter((r): r is CSSMediaRule => r instanceof CSSMediaRule && r.conditionText === '(forced-colors: active)');
    const text = forced.map((r) => r.cssText).join('\n');
    expect(text).to.match(/\[aria-checked="true"\][^}]*forced-color-adjust: none[^}]*background: highlight/i);
    expect(text).to.match(/--_border: ButtonText/);
  });

  it('theme tokens in tiers: --fb-rating-* over --fb-* over the default', async () => {
    await emulateMedia({ reducedMotion: 'reduce' }); // no colour transition between reads
    try {
      const el = await mount('<div style="--fb-accent: rgb(1, 2, 3)"><fb-rating scale="nps" value="5"></fb-rating></div>');
      const on = () => getComputedStyle(radios(el)[5]!).backgroundColor;
      expect(on()).to.equal('rgb(1, 2, 3)');
      el.style.setProperty('--fb-rating-accent', 'rgb(4, 5, 6)');
      expect(on()).to.equal('rgb(4, 5, 6)');
      el.style.removeProperty('--fb-rating-accent');
      el.parentElement!.style.removeProperty('--fb-accent');
      expect(on()).to.equal('rgb(29, 78, 216)'); // #1d4ed8
    } finally {
      await emulateMedia({ reducedMotion: 'no-preference' });
    }
  });

  it('reduced motion: no transitions', async () => {
    const el = await mount('<fb-rating scale="nps"></fb-rating>');
    expect(getComputedStyle(radios(el)[0]!).transitionDuration).to.not.match(/^0s(, 0s)*$/);
    await emulateMedia({ reducedMotion: 'reduce' });
    try {
      expect(getComputedStyle(radios(el)[0]!).transitionDuration).to.match(/^0s(, 0s)*$/);
    } finally {
      await emulateMedia({ reducedMotion: 'no-preference' });
    }
  });
});

describe('<fb-rating> half stars (step="0.5")', () => {
  afterEach(() => resetMouse());
  const rect = (e: Element) => e.getBoundingClientRect();

  it('offers every half point as a radio named "3.5 stars", the first star whole', async () => {
    const el = await mount('<fb-rating scale="stars" step="0.5" lang="en"></fb-rating>');
    expect(el.scaleInfo!.values).to.deep.equal([1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5]);
    expect(names(el)).to.deep.equal(['1 star', '1.5 stars', '2 stars', '2.5 stars', '3 stars', '3.5 stars', '4 stars', '4.5 stars', '5 stars']);
    const ar = await mount('<div lang="ar" dir="rtl"><fb-rating scale="stars" step="0.5" points="3"></fb-rating></div>');
    expect(names(ar)[1]).to.equal(`${new Intl.NumberFormat('ar').format(1.5)} نجمة`);
  });

  it('gives each half a 24 px wide, 48 px tall target that no neighbour covers, and a click selects the half under it', async () => {
    const el = await mount('<fb-rating scale="stars" step="0.5"></fb-rating>');
    const rs = radios(el);
    for (const r of rs.slice(1)) {
      expect(rect(r).width).to.be.at.least(24);
      // The hit area: what the point returns at its left and right edges (1 px inside) and 23 px above/below its centre.
      const b = rect(r);
      const [, y] = centre(r);
      for (const [px, py] of [[b.left + 1, y], [b.right - 1, y], [b.left + b.width / 2, y - 23], [b.left + b.width / 2, y + 23]] as const) {
        let hit = el.shadowRoot!.elementFromPoint(px, py);
        while (hit && hit !== r && !hit.matches('[role=radio]')) hit = hit.parentElement;
        expect(hit, `point ${rs.indexOf(r)} at ${px},${py}`).to.equal(r);
      }
    }
    // Two halves of one star touch: no gap between their symbols.
    expect(Math.abs(rect(rs[1]!.querySelector('svg')!).right - rect(rs[2]!.querySelector('svg')!).left)).to.be.below(1.5);
    for (const i of [3, 4]) {
      await sendMouse({ type: 'move', position: centre(rs[i]!) });
      await sendMouse({ type: 'down' });
      await sendMouse({ type: 'up' });
      await el.updateComplete;
      expect(el.value).to.equal(el.scaleInfo!.values[i]);
    }
    // Stars up to the value are filled, halves included.
    expect(rs.map((r) => r.classList.contains('on'))).to.deep.equal([true, true, true, true, true, false, false, false, false]);
  });

  it('moves by half a star with the arrow keys, mirrored in RTL (the start half on the right)', async () => {
    const el = await mount('<div dir="rtl"><fb-rating scale="stars" step="0.5" value="2"></fb-rating></div>');
    el.focus();
    await sendKeys({ press: 'ArrowLeft' });
    await el.updateComplete;
    expect(el.value).to.equal(2.5);
    const rs = radios(el);
    // In RTL the start half (2.5) lies right of its end half (3), its star shape mirrored.
    expect(rect(rs[3]!).left).to.be.above(rect(rs[4]!).left);
    expect(getComputedStyle(rs[3]!.querySelector('svg')!).transform).to.not.equal('none');
    const form = document.createElement('form');
    form.append(el);
    document.body.append(form);
    el.setAttribute('name', 'stars');
    await el.updateComplete;
    expect([...new FormData(form).entries()]).to.deep.equal([['stars', '2.5']]);
  });

  it('refuses a step other than 1 or 0.5 with a warning, like any invalid scale', async () => {
    const warn = console.warn;
    const said: string[] = [];
    console.warn = (m: string) => said.push(m);
    try {
      const el = await mount('<fb-rating scale="stars" step="0.25"></fb-rating>');
      expect(radios(el)).to.have.length(0);
      expect(said.join()).to.contain('step');
    } finally {
      console.warn = warn;
    }
  });
});

describe('<fb-rating> accessibility (axe, WCAG 2.x A/AA)', () => {
  const markup = `<main><h1>Rating</h1>
    <fb-rating scale="nps" value="9"></fb-rating><fb-rating scale="csat"></fb-rating>
    <fb-rating scale="stars" value="4"></fb-rating><fb-rating scale="stars" step="0.5" value="3.5"></fb-rating>
    <fb-rating scale="smiley"></fb-rating>
    <fb-rating scale="thumbs"></fb-rating><fb-rating scale="evaluator" points="5" value="4"></fb-rating>
    <fb-rating scale="likert" min="1" max="7" submit-button></fb-rating></main>`;

  async function check() {
    document.body.innerHTML = markup;
    for (const el of document.querySelectorAll('fb-rating')) await el.updateComplete;
    const violations = await axeViolations(document);
    expect(violations, violations.join('\n')).to.deep.equal([]);
  }

  it('has no violations in light mode', async () => {
    await emulateMedia({ colorScheme: 'light' });
    document.documentElement.lang = 'en';
    await check();
  });
  it('has no violations in dark mode', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    try {
      document.documentElement.lang = 'en';
      document.body.style.background = '#000';
      await check();
      // The emulation took: a selected point uses the dark accent #8ab4f8.
      const on = document.querySelector('fb-rating')!.shadowRoot!.querySelector('[aria-checked=true]')!;
      expect(getComputedStyle(on).backgroundColor).to.equal('rgb(138, 180, 248)');
    } finally {
      document.body.style.background = '';
      await emulateMedia({ colorScheme: 'light' });
    }
  });
  it('has no violations in RTL Arabic', async () => {
    document.documentElement.lang = 'ar';
    document.documentElement.dir = 'rtl';
    await check();
  });

  // The element paints its own surface, so its contrast never depends on the page: a dark
  // scheme on a white page and a light one on a black page.
  for (const [scheme, page] of [['dark', '#fff'], ['light', '#000']] as const) {
    it(`keeps its contrast in ${scheme} mode on a ${page} page (text ≥ 4.5:1, unselected symbols ≥ 3:1)`, async () => {
      await emulateMedia({ colorScheme: scheme });
      try {
        document.documentElement.lang = 'en';
        document.body.style.background = page;
        await check();
        for (const el of document.querySelectorAll('fb-rating')) {
          const root = el.shadowRoot!;
          const texts = root.querySelectorAll<HTMLElement>('.label, .anchors span, .word, .numeric [aria-checked=false]');
          for (const t of texts) expect(contrast(t, 'color'), `${el.getAttribute('scale')} ${t.className}`).to.be.at.least(4.5);
          for (const svg of root.querySelectorAll('[aria-checked=false]:not(.on) svg')) {
            expect(contrast(svg, 'stroke'), `${el.getAttribute('scale')} symbol`).to.be.at.least(3);
          }
        }
      } finally {
        document.body.style.background = '';
        await emulateMedia({ colorScheme: 'light' });
      }
    });
  }
});
