/// <reference types="mocha" />
import { expect } from '@esm-bundle/chai';
import { safeParseSubmission } from '@feedbackkit/schema';
import type { Submission } from '@feedbackkit/core';
import './define/fb-kiosk.js';
import './define/fb-rating.js'; // a page's form-associated element (key test)
import './locales/fb-kiosk.js';
import './locales/fb-rating.js'; // words of scales without faces (point.<word>) in zh-CN and ar
import type { FbKiosk } from './fb-kiosk.js';
import { FbQueueEvent } from './shared/events.js';
import type { FbSubmitEvent } from './shared/events.js';
import { axeViolations } from '../test/axe.js';
import { centre, emulateMedia, forcedColors, resetMouse, sendKeys, sendMouse, setViewport } from '../test/wtr.js';

// Real time, even while a test's fake clock is installed.
const realSetTimeout = window.setTimeout.bind(window);
const sleep = (ms: number) => new Promise((r) => realSetTimeout(r, ms));

/**
 * A fake clock for the kiosk's timing, with no dependency: it replaces `window.setTimeout`,
 * `window.clearTimeout` and `Date.now` (what the session and the element use) until
 * `restore()`; mocha and the test runner keep their own references to the real timers.
 * `tick(ms)` moves the time on, running each timer that falls due on the way at its own time
 * (and the timers those start), then lets the element render. `real(run)` gives `run` the real
 * timers (axe-core waits on them).
 */
function installClock() {
  const saved = { setTimeout: window.setTimeout, clearTimeout: window.clearTimeout, now: Date.now };
  let now = saved.now.call(Date);
  let ids = 0;
  const timers = new Map<number, { at: number; run: () => void }>();
  const fake = {
    setTimeout: ((run: () => void, ms = 0) => {
      timers.set(++ids, { at: now + Math.max(0, ms), run });
      return ids;
    }) as typeof setTimeout,
    clearTimeout: ((id?: number) => void timers.delete(id!)) as typeof clearTimeout,
  };
  Object.assign(window, fake);
  Date.now = () => now;
  clock = {
    async tick(ms: number, el?: FbKiosk) {
      const end = now + ms;
      for (;;) {
        let next: [number, { at: number; run: () => void }] | undefined;
        for (const timer of timers) if (timer[1].at <= end && (!next || timer[1].at < next[1].at)) next = timer;
        if (!next) break;
        timers.delete(next[0]);
        now = next[1].at;
        next[1].run();
      }
      now = end;
      if (el) await settle(el);
    },
    async real<T>(run: () => Promise<T>): Promise<T> {
      Object.assign(window, { setTimeout: saved.setTimeout, clearTimeout: saved.clearTimeout });
      try {
        return await run();
      } finally {
        Object.assign(window, fake);
      }
    },
    restore() {
      Object.assign(window, { setTimeout: saved.setTimeout, clearTimeout: saved.clearTimeout });
      Date.now = saved.now;
      clock = undefined;
    },
  };
  return clock;
}
let clock: { tick(ms: number, el?: FbKiosk): Promise<void>; real<T>(run: () => Promise<T>): Promise<T>; restore(): void } | undefined;

async function mount(attrs: Record<string, string> = {}, setup?: (el: FbKiosk) => void): Promise<FbKiosk> {
  const el = document.createElement('fb-kiosk');
  for (const [k, v] of Object.entries({ 'debounce-seconds': '0', ...attrs })) el.setAttribute(k, v);
  setup?.(el);
  document.body.append(el);
  await el.updateComplete;
  return el;
}
const $ = <T extends Element = HTMLElement>(el: FbKiosk, sel: string) => el.shadowRoot!.querySelector<T>(sel);
const $$ = <T extends Element = HTMLElement>(el: FbKiosk, sel: string) => Array.from(el.shadowRoot!.querySelectorAll<T>(sel));
const text = (el: FbKiosk) => el.shadowRoot!.textContent!.replace(/\s+/g, ' ').trim();
function capture(target: EventTarget = document): Submission[] {
  const seen: Submission[] = [];
  target.addEventListener('fb-submit', (e) => seen.push((e as FbSubmitEvent).detail));
  return seen;
}
async function settle(el: FbKiosk) {
  await el.updateComplete;
  await el.updateComplete;
}
/**
 * Every string reachable from the element's own fields, with its path: symbol-keyed fields
 * included (where reactive properties keep their values), through objects, arrays, Maps and
 * Sets, skipping DOM nodes and cycles. The kiosk keeps no data in `#private` fields, which no
 * walk can see (`src/kiosk/visible-state.test.ts` holds its sources to that).
 */
function retained(el: FbKiosk): [string, string][] {
  const found: [string, string][] = [];
  const seen = new Set<unknown>();
  const walk = (v: unknown, path: string, depth: number): void => {
    if (typeof v === 'string') found.push([path, v]);
    if (typeof v !== 'object' || v === null || (v instanceof Node && v !== el) || seen.has(v) || depth > 8) return;
    seen.add(v);
    const entries: [PropertyKey, unknown][] =
      v instanceof Map || v instanceof Set ? [...v].map((x, i) => [i, x]) : Reflect.ownKeys(v).map((k) => [k, (v as Record<PropertyKey, unknown>)[k]]);
    for (const [k, x] of entries) walk(x, path ? `${path}.${String(k)}` : String(k), depth + 1);
  };
  walk(el, '', -1);
  return found;
}

const REASONS = [
  { id: 'waiting', label: 'Waiting time' },
  { id: 'attitude', label: 'Staff attitude' },
];

/** Where the kiosk keeps the ids of rated or closed transactions on the device. */
const RATED_KEY = 'fb-kiosk:transactions';

afterEach(async () => {
  clock?.restore();
  document.body.replaceChildren();
  localStorage.removeItem(RATED_KEY);
  document.documentElement.removeAttribute('dir');
  document.documentElement.removeAttribute('lang');
  await emulateMedia({ colorScheme: 'light', forcedColors: 'none' });
  await resetMouse();
});

describe('<fb-kiosk> one-tap rating', () => {
  it('shows big labelled faces (≥ 48 px targets) on the attract screen', async () => {
    const el = await mount({ lang: 'en', points: '4' });
    const faces = $$(el, 'button.face');
    expect(faces.map((f) => f.textContent!.trim())).to.deep.equal(['Very dissatisfied', 'Dissatisfied', 'Satisfied', 'Very satisfied']);
    for (const f of faces) {
      const r = f.getBoundingClientRect();
      expect(r.width).to.be.at.least(48);
      expect(r.height).to.be.at.least(48);
    }
  });

  it('puts the five default faces on one row from 640 px wide (5 × 17vw + 4 rem of gaps + 2 rem of padding)', async () => {
    // At 640 px: 5 × 108.8 + 4 × 16 + 2 × 16 = 640, so they just fit; at 800 px each face is 136 px.
    try {
      for (const [width, size] of [[640, 108.8], [800, 136]] as const) {
        await setViewport({ width, height: 600 });
        const el = await mount({ lang: 'en' });
        const faces = $$(el, 'button.face');
        expect(faces).to.have.length(5);
        const tops = new Set(faces.map((f) => Math.round(f.getBoundingClientRect().top)));
        expect(tops.size, `rows at ${width} px`).to.equal(1);
        expect(faces[0]!.getBoundingClientRect().width).to.be.closeTo(size, 0.5);
        el.remove();
      }
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('keeps each face label inside its button, buttons apart and ≥ 48 px at 320 px, with and without the WCAG 1.4.12 text spacing', async () => {
    try {
      await setViewport({ width: 320, height: 600 });
      for (const spacing of [false, true]) {
        const el = await mount({ lang: 'en' });
        if (spacing) {
          const sheet = new CSSStyleSheet();
          sheet.replaceSync('*{line-height:1.5!important;letter-spacing:.12em!important;word-spacing:.16em!important}');
          el.shadowRoot!.adoptedStyleSheets = [...el.shadowRoot!.adoptedStyleSheets, sheet];
        }
        const boxes = $$(el, 'button.face').map((f) => {
          const b = f.getBoundingClientRect();
          const l = f.lastElementChild!.getBoundingClientRect();
          const at = `${f.textContent!.trim()}${spacing ? ' (text spacing)' : ''}`;
          expect(b.width, at).to.be.at.least(48);
          expect(b.height, at).to.be.at.least(48);
          expect(b.right, at).to.be.at.most(320);
          expect(l.left, at).to.be.at.least(b.left - 0.5);
          expect(l.right, at).to.be.at.most(b.right + 0.5);
          expect(l.top, at).to.be.at.least(b.top - 0.5);
          expect(l.bottom, at).to.be.at.most(b.bottom + 0.5);
          return b;
        });
        expect(boxes).to.have.length(5);
        boxes.forEach((a, i) =>
          boxes.slice(i + 1).forEach((b) => {
            const apart = a.right <= b.left + 0.5 || b.right <= a.left + 0.5 || a.bottom <= b.top + 0.5 || b.bottom <= a.top + 0.5;
            expect(apart, `faces ${i} and another overlap`).to.equal(true);
          }),
        );
        el.remove();
      }
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('labels the points of a scale without faces in the page language (CSAT in Arabic)', async () => {
    const el = await mount({ lang: 'ar', scale: 'csat' });
    const words = $$(el, 'button.face').map((f) => f.lastElementChild!.textContent);
    expect(words[0]).to.equal('غير راضٍ جدًا');
    expect(words[4]).to.equal('راضٍ جدًا');
    // Faces, smiley ones too, are named by satisfaction level (the counter device's wording).
    const smiley = await mount({ lang: 'en', scale: 'smiley', points: '3' });
    expect($$(smiley, 'button.face').map((f) => f.textContent!.trim())).to.deep.equal(['Dissatisfied', 'Neutral', 'Satisfied']);
  });

  it('one pointer tap records a schema-valid rating with the context attributes', async () => {
    const el = await mount({ branch: 'B-17', counter: '3', staff: 'E-0815', lang: 'en' });
    const seen = capture();
    const face = $$(el, 'button.face')[4]!;
    await sendMouse({ type: 'move', position: centre(face) });
    await sendMouse({ type: 'down' });
    expect(seen, 'nothing on pointerdown').to.have.length(0);
    await sendMouse({ type: 'up' });
    await settle(el);
    expect(seen).to.have.length(1);
    const s = seen[0]!;
    expect(safeParseSubmission(s).success, JSON.stringify(safeParseSubmission(s))).to.equal(true);
    expect(s.status).to.equal('complete');
    expect(s.answers).to.deep.equal({ rating: { type: 'rating', scale: { kind: 'evaluator', points: 5 }, value: 5 } });
    expect(s.context).to.include({ channel: 'kiosk', branch: 'B-17', counter: '3', staff: 'E-0815' });
    expect(text(el)).to.contain('Thank you!');
  });

  it('maps button-box keys to scale points (default digits, or a configured map)', async () => {
    const el = await mount({ points: '3' });
    const seen = capture();
    await sendKeys({ press: '1' });
    await settle(el);
    expect(seen.map((s) => (s.answers['rating'] as { value: number }).value)).to.deep.equal([1]);
    el.remove();

    const boxed = await mount({ points: '3', keys: 'F1:3 F2:2 F3:1', 'thanks-seconds': '0' });
    const more = capture();
    await sendKeys({ press: 'F3' });
    await settle(boxed);
    await sendKeys({ press: 'F1' });
    await settle(boxed);
    await sendKeys({ press: '1' }); // not mapped any more
    await settle(boxed);
    expect(more.map((s) => (s.answers['rating'] as { value: number }).value)).to.deep.equal([1, 3]);
  });

  it('leaves keys typed into the page alone: editable text, select, button, form elements; inline takes only its own', async () => {
    const page = document.createElement('div');
    page.innerHTML = '<div contenteditable="true">note: </div><select><option>1 item</option><option>2 items</option><option>3 items</option></select><button type="button">b</button><fb-rating scale="nps"></fb-rating>';
    document.body.append(page);
    const [editable, select, button] = Array.from(page.children) as HTMLElement[];
    const seen = capture();
    const full = await mount({ points: '5', 'thanks-seconds': '0' });
    editable!.focus();
    await sendKeys({ press: '2' });
    select!.focus();
    await sendKeys({ press: '3' });
    button!.focus();
    await sendKeys({ press: '4' });
    page.querySelector('fb-rating')!.focus();
    await sendKeys({ press: '5' });
    await settle(full);
    expect(editable!.textContent).to.contain('2');
    expect((select as HTMLSelectElement).value).to.equal('3 items');
    expect(seen).to.have.length(0);
    (document.activeElement as HTMLElement).blur();
    await sendKeys({ press: '1' }); // focus on the body: the button box still rates
    await settle(full);
    expect(seen).to.have.length(1);
    full.remove();

    const inline = await mount({ inline: '', points: '5', 'thanks-seconds': '0' });
    await sendKeys({ press: '2' }); // not aimed at the inline kiosk
    await settle(inline);
    expect(seen).to.have.length(1);
    $$(inline, 'button.face')[0]!.focus();
    await sendKeys({ press: '2' }); // focus inside it: a button-box press
    await settle(inline);
    expect(seen.map((s) => (s.answers['rating'] as { value: number }).value)).to.deep.equal([1, 2]);
  });

  it('is operable by keyboard: Tab to a face, Enter rates; focus goes to the new screen heading', async () => {
    const el = await mount({ lang: 'en' }, (k) => (k.reasons = REASONS));
    $$(el, 'button.face')[0]!.focus();
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal($$(el, 'button.face')[1]);
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(el.snapshot.state).to.equal('follow-up');
    expect(el.shadowRoot!.activeElement).to.equal($(el, 'h2'));
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Space' });
    await settle(el);
    expect(el.snapshot.reasons).to.deep.equal(['waiting']);
  });

  it('debounces a double tap into one rating (fake clock: 0.7 s to the millisecond)', async () => {
    const time = installClock();
    const el = await mount({ 'debounce-seconds': '0.7', 'follow-up': 'never' });
    const seen = capture();
    const face = $$(el, 'button.face')[2]!;
    face.click();
    await settle(el);
    face.click(); // the detached old button: nothing
    await sendKeys({ press: '3' }); // the second half of the double tap
    await time.tick(699, el);
    await sendKeys({ press: '3' }); // still within 0.7 s
    await settle(el);
    expect(seen).to.have.length(1);
    await time.tick(1, el);
    await sendKeys({ press: '3' }); // 0.7 s on: the next customer, during the thank-you countdown
    await settle(el);
    expect(seen).to.have.length(2);
  });

  it('flags a burst beyond max-per-minute in any rolling minute instead of dropping it (fake clock)', async () => {
    const time = installClock();
    const el = await mount({ 'max-per-minute': '1' });
    const seen = capture();
    // Ratings at 0, 59.999 s (the 2nd within a minute: burst) and 119.999 s (a minute after it: not).
    for (const wait of [0, 59_999, 60_000]) {
      await time.tick(wait, el);
      await sendKeys({ press: '5' });
      await settle(el);
    }
    expect(seen.map((s) => s.context.flags)).to.deep.equal([undefined, ['burst'], undefined]);
    expect(safeParseSubmission(seen[1]).success).to.equal(true);
  });
});

describe('<fb-kiosk> follow-up and reset', () => {
  it('asks reasons and one question after a low score; nothing remains after the reset', async () => {
    const time = installClock();
    const el = await mount({ 'thanks-seconds': '1', lang: 'en' }, (k) => {
      k.reasons = REASONS;
      k.question = { id: 'comment', type: 'text', prompt: 'Anything else?' };
    });
    const seen = capture();
    $$(el, 'button.face')[0]!.click();
    await settle(el);
    expect($(el, 'h2')!.textContent).to.equal('What could we do better?');
    const reason = $$(el, 'button.reason')[1]!;
    reason.click();
    await settle(el);
    expect(reason.getAttribute('aria-pressed')).to.equal('true');
    const box = $<HTMLTextAreaElement>(el, 'textarea')!;
    box.focus();
    await sendKeys({ type: 'Teller was rude, call 13800138000' });
    await settle(el);
    expect(box.value).not.to.contain('13800138000');
    // The walk below sees where the answer is held while the customer answers: in the rendered
    // snapshot and in the session behind it (no state hides in #private fields).
    const holders = retained(el).filter(([, x]) => x.includes('rude'));
    expect(holders, 'the rendered snapshot and the session').to.have.length(2);
    $<HTMLButtonElement>(el, 'button.primary')!.click();
    await settle(el);
    expect(seen).to.have.length(1);
    const s = seen[0]!;
    expect(safeParseSubmission(s).success).to.equal(true);
    expect(s.answers['rating']).to.deep.equal({ type: 'rating', scale: { kind: 'evaluator', points: 5 }, value: 1, reasons: ['attitude'] });
    expect((s.answers['comment'] as { value: string }).value).to.match(/^Teller was rude, call .*•/);
    expect(text(el)).to.contain('Thank you!');
    expect(text(el)).not.to.contain('rude');

    await time.tick(999, el);
    expect(el.snapshot.state).to.equal('thanks');
    await time.tick(1, el);
    // Back on the attract screen: no trace of the answer in the DOM…
    const dom = el.shadowRoot!.innerHTML;
    for (const trace of ['rude', 'Staff attitude', 'Waiting time', 'aria-pressed="true"', 'Anything else', 'removed']) {
      expect(dom, trace).not.to.contain(trace);
    }
    expect($(el, 'textarea')).to.equal(null);
    // …nor in the element's state.
    expect(el.snapshot).to.deep.equal({
      state: 'attract',
      start: undefined,
      value: undefined,
      reasons: [],
      answer: '',
      warning: false,
      remaining: 0,
    });
    const strings = retained(el).map(([, x]) => x);
    expect(strings.length).to.be.greaterThan(0);
    // The configured reason codes (`reasons`) are the kiosk's set-up, not the customer's answer.
    const config = new Set(REASONS.flatMap((r) => [r.id, r.label]));
    expect(strings.filter((x) => /rude|attitude|13800138000/.test(x) && !config.has(x))).to.deep.equal([]);
  });

  it('a refused rating (preventDefault on fb-submit) is not thanked: Try again re-sends the same submission', async () => {
    const el = await mount({ lang: 'en' });
    const ids: string[] = [];
    let refuse = true;
    el.addEventListener('fb-submit', (e) => {
      ids.push(e.detail.id);
      if (refuse) e.preventDefault();
    });
    $$(el, 'button.face')[3]!.click();
    await settle(el);
    expect($(el, 'h2')!.textContent).to.equal('Your rating could not be saved.');
    expect(text(el)).not.to.contain('Thank you');
    expect(el.shadowRoot!.activeElement).to.equal($(el, 'h2'));
    document.documentElement.lang = 'en';
    expect(await axeViolations(document)).to.deep.equal([]);
    const retry = $<HTMLButtonElement>(el, 'button.primary')!;
    expect(retry.textContent).to.equal('Try again');
    retry.click(); // refused again: still not thanked
    await settle(el);
    expect(ids).to.have.length(2);
    expect($(el, 'h2')!.textContent).to.equal('Your rating could not be saved.');
    refuse = false;
    $<HTMLButtonElement>(el, 'button.primary')!.click();
    await settle(el);
    expect(ids).to.have.length(3);
    expect(new Set(ids).size).to.equal(1);
    expect($(el, 'h2')!.textContent).to.equal('Thank you!');
    expect($(el, 'button.primary')).to.equal(null);
  });

  it('a refused rating is dropped when the thank-you countdown resets the kiosk', async () => {
    const time = installClock();
    const el = await mount({ 'thanks-seconds': '1', lang: 'en' });
    const seen = capture();
    el.addEventListener('fb-submit', (e) => e.preventDefault());
    $$(el, 'button.face')[0]!.click();
    await settle(el);
    expect($(el, 'h2')!.textContent).to.equal('Your rating could not be saved.');
    // Held for Try again (the walk sees it), then dropped.
    const id = seen[0]!.id;
    expect(retained(el).some(([, x]) => x === id), 'held').to.equal(true);
    await time.tick(1_000, el);
    expect(el.snapshot.state).to.equal('attract');
    expect(retained(el).some(([, x]) => x === id), 'dropped').to.equal(false);
    expect(el.shadowRoot!.innerHTML).not.to.contain('could not be saved');
    expect($$(el, 'button.primary')).to.have.length(0);
    expect(seen).to.have.length(1);
  });

  it('records the one choice question with the rating', async () => {
    const el = await mount({ 'follow-up': 'always', lang: 'en' }, (k) => {
      k.question = { id: 'topic', type: 'choice', prompt: 'What was it about?', options: [{ id: 'cards', label: 'Cards' }, { id: 'loans', label: 'Loans' }] };
    });
    const seen = capture();
    $$(el, 'button.face')[4]!.click();
    await settle(el);
    expect($(el, 'h2')!.textContent).to.equal('What was it about?');
    const loans = $$(el, '[role=radio]')[1]!;
    loans.click();
    await settle(el);
    expect(loans.getAttribute('aria-checked')).to.equal('true');
    $<HTMLButtonElement>(el, 'button.primary')!.click();
    await settle(el);
    expect(seen[0]!.answers).to.deep.equal({
      rating: { type: 'rating', scale: { kind: 'evaluator', points: 5 }, value: 5 },
      topic: { type: 'choice', value: ['loans'] },
    });
    expect(safeParseSubmission(seen[0]).success).to.equal(true);
  });

  it('warns 20 s before the 60 s idle reset, counts down, and "More time" extends it (WCAG 2.2.1; fake clock)', async () => {
    const time = installClock();
    const el = await mount({ lang: 'en' }, (k) => (k.reasons = REASONS));
    $$(el, 'button.face')[0]!.click();
    await settle(el);
    expect(el.snapshot.state).to.equal('follow-up');
    await time.tick(39_999, el);
    expect($(el, '[part=warning]')).to.equal(null);
    await time.tick(1, el);
    const warning = $(el, '[part=warning]')!;
    expect(warning.getAttribute('role')).to.equal('alert');
    expect(warning.textContent).to.match(/Are you still there\? This screen resets in 20 seconds/);
    await time.tick(19_000, el);
    expect(warning.querySelector('[aria-hidden]')!.textContent).to.match(/resets in 1 second/);
    // The alert's announced text stays as it was when it appeared (no announcement every second).
    expect(warning.querySelector('.sr-only')!.textContent).to.match(/resets in 20 seconds/);
    const more = $<HTMLButtonElement>(el, '[part=warning] button')!;
    expect(el.shadowRoot!.activeElement).to.equal(more);
    more.click();
    await settle(el);
    expect($(el, '[part=warning]')).to.equal(null);
    expect(el.shadowRoot!.activeElement, 'focus stays on the screen').to.equal($(el, 'h2'));
    expect(el.snapshot.state).to.equal('follow-up');
    // A full 60 s again from the click.
    await time.tick(59_999, el);
    expect(el.snapshot).to.include({ state: 'follow-up', warning: true, remaining: 1 });
    const seen = capture();
    await time.tick(1, el);
    // Walked away from the follow-up: the rating is still recorded, then the thank-you shows.
    expect(el.snapshot.state).to.equal('thanks');
    expect(seen.map((s) => s.answers['rating'])).to.deep.equal([{ type: 'rating', scale: { kind: 'evaluator', points: 5 }, value: 1 }]);
  });
});

describe('<fb-kiosk> activity and configuration', () => {
  it('any touch or key press restarts the idle limit and hides the warning (fake clock)', async () => {
    const time = installClock();
    const el = await mount({ 'idle-seconds': '2', 'warning-seconds': '1' }, (k) => (k.reasons = REASONS));
    $$(el, 'button.face')[0]!.click();
    await time.tick(1_000, el);
    expect(el.snapshot.warning).to.equal(true);
    await sendMouse({ type: 'move', position: [5, 5] });
    await sendMouse({ type: 'down' });
    await sendMouse({ type: 'up' });
    await settle(el);
    expect(el.snapshot.warning).to.equal(false);
    await time.tick(999, el);
    expect(el.snapshot.warning).to.equal(false);
    await time.tick(1, el);
    expect(el.snapshot.warning).to.equal(true);
    await sendKeys({ press: 'Shift' });
    await settle(el);
    expect(el.snapshot.warning).to.equal(false);
    expect(el.snapshot.state).to.equal('follow-up');
  });

  it('applies a timing changed at run time (on real timers: the smoke test of the reset)', async () => {
    const el = await mount({ 'thanks-seconds': '30' });
    el.thanksSeconds = 0.2;
    await settle(el);
    await sendKeys({ press: '3' });
    await settle(el);
    expect(el.snapshot.state).to.equal('thanks');
    await sleep(300);
    expect(el.snapshot.state).to.equal('attract');
  });

  it('works out its scale when scale or points change, not on each second of a countdown (fake clock)', async () => {
    // Core's scaleShape() freezes each shape it makes: count the freezes of shapes.
    const freeze = Object.freeze;
    let shapes = 0;
    Object.freeze = (<T>(o: T): Readonly<T> => {
      if (o && typeof o === 'object' && 'ref' in o && 'values' in o) shapes++;
      return freeze(o);
    }) as typeof Object.freeze;
    const warn = console.warn;
    try {
      const time = installClock();
      const el = await mount({ lang: 'en', 'wait-seconds': '5', 'warning-seconds': '4' });
      expect(el.begin({ transaction: 'T-5150' })).to.equal(true);
      await time.tick(1_000, el);
      expect(el.snapshot).to.include({ state: 'rating', warning: true, remaining: 4 });
      expect($$(el, 'button.face')).to.have.length(5);
      shapes = 0;
      // The rating screen renders again each second of the warning's countdown.
      for (const left of [3, 2, 1]) {
        await time.tick(1_000, el);
        expect($(el, '[part=warning] [aria-hidden]')!.textContent).to.contain(`resets in ${left} second`);
      }
      expect(shapes, 'scale shapes made during the countdown').to.equal(0);
      el.scale = 'csat';
      await settle(el);
      expect(shapes, 'after scale changed').to.be.greaterThan(0);
      expect($$(el, 'button.face').map((f) => f.textContent!.trim())).to.have.length(5);
      shapes = 0;
      el.points = 3;
      await settle(el);
      expect(shapes, 'after points changed').to.be.greaterThan(0);
      expect($$(el, 'button.face')).to.have.length(3);
      // A change that makes no scale (an invalid one) shows the error, and a later valid one is used again.
      console.warn = () => undefined;
      el.points = 4;
      await settle(el);
      expect($(el, '[role=alert]')!.textContent).to.equal('This kiosk is not configured correctly.');
      el.points = 7;
      await settle(el);
      expect($$(el, 'button.face')).to.have.length(7);
    } finally {
      Object.freeze = freeze;
      console.warn = warn;
    }
  });

  it('shows a configuration error for a nonsense timing', async () => {
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      const el = await mount({ 'idle-seconds': 'soon', lang: 'en' });
      expect($(el, '[role=alert]')!.textContent).to.equal('This kiosk is not configured correctly.');
    } finally {
      console.warn = warn;
    }
  });

  it('shows and logs a configuration error for a bad key map', async () => {
    const warn = console.warn;
    const warnings: string[] = [];
    console.warn = (m: string) => warnings.push(m);
    try {
      const el = await mount({ keys: 'F1:9', lang: 'en' });
      expect($(el, '[role=alert]')!.textContent).to.equal('This kiosk is not configured correctly.');
      expect(warnings.join()).to.match(/keys: "F1:9" maps to 9/);
    } finally {
      console.warn = warn;
    }
  });

  it('drops a malformed start message with a warning', async () => {
    const warn = console.warn;
    const warnings: string[] = [];
    console.warn = (m: string) => warnings.push(m);
    try {
      const el = await mount({ 'allowed-origins': location.origin });
      window.postMessage({ type: 'feedbackkit:kiosk-start', transaction: 42 }, '*');
      await sleep(50);
      expect(el.snapshot.state).to.equal('attract');
      expect(warnings.join()).to.match(/transaction must be a non-empty string/);
    } finally {
      console.warn = warn;
    }
  });
});

describe('<fb-kiosk> teller-started transactions', () => {
  const start = { type: 'feedbackkit:kiosk-start', transaction: 'T-1042', branch: 'B-9', counter: '2', staff: 'E-77' };
  /** The teller's start message (`start`, with `change`), as a teller's window posts it; then `el` renders. */
  const post = async (el: FbKiosk, change: Partial<Record<keyof typeof start, string>> = {}) => {
    window.postMessage({ ...start, ...change }, '*');
    await sleep(50);
    await settle(el);
  };

  it('starts from a postMessage of an allowed origin only', async () => {
    const denied = await mount({ 'allowed-origins': 'https://teller.example' });
    await post(denied);
    expect(denied.snapshot.state).to.equal('attract');
    denied.remove();

    const el = await mount({ 'allowed-origins': location.origin, lang: 'en' });
    const seen = capture();
    await post(el);
    expect(el.snapshot.state).to.equal('rating');
    expect(text(el)).to.contain('Served by E-77');
    $$(el, 'button.face')[3]!.click();
    await settle(el);
    expect(seen[0]!.context).to.include({ transaction: 'T-1042', branch: 'B-9', counter: '2', staff: 'E-77', channel: 'kiosk' });
  });

  it('records no-rating when the customer does not rate within wait-seconds, and refuses a second rating for the transaction (fake clock)', async () => {
    const time = installClock();
    const el = await mount({ 'allowed-origins': location.origin });
    const seen = capture();
    await post(el);
    expect(el.snapshot.state).to.equal('rating');
    await time.tick(99_999, el); // 120 s to rate, the warning 20 s before the end
    expect(el.snapshot.warning).to.equal(false);
    await time.tick(1, el);
    expect(el.snapshot).to.include({ state: 'rating', warning: true, remaining: 20 });
    await time.tick(19_999, el);
    expect(seen).to.have.length(0);
    await time.tick(1, el);
    expect(seen).to.have.length(1);
    expect(seen[0]!.status).to.equal('no-rating');
    expect(seen[0]!.answers).to.deep.equal({});
    expect(seen[0]!.context.transaction).to.equal('T-1042');
    expect(safeParseSubmission(seen[0]).success).to.equal(true);
    expect(el.snapshot.state).to.equal('attract');
    await post(el);
    expect(el.snapshot.state).to.equal('attract');
    expect(text(el)).to.contain('This transaction has already been rated.');
  });

  // Ratings feed staff appraisal: the one-rating rule must not be undone by a settings change,
  // a remount (an SPA route change) or a reload.
  const refused = async (el: FbKiosk, transaction: string) => {
    await post(el, { transaction });
    // A start that is taken binds the screen to the transaction; a refused one leaves it and says so.
    return el.snapshot.start?.transaction !== transaction && text(el).includes('This transaction has already been rated.');
  };
  const rateVia = async (el: FbKiosk, transaction: string) => {
    await post(el, { transaction });
    expect(el.snapshot.start?.transaction).to.equal(transaction);
    await sendKeys({ press: '4' });
    await settle(el);
    expect(el.snapshot.state).to.equal('thanks');
  };

  it('refuses a rated (or closed) transaction again after the settings change (the session is rebuilt)', async () => {
    const el = await mount({ 'allowed-origins': location.origin, lang: 'en' });
    const seen = capture();
    await rateVia(el, 'T-R1');
    await post(el, { transaction: 'T-R2' }); // left waiting: closed as no-rating below
    el.points = 3;
    await settle(el);
    el.idleSeconds = 30;
    await settle(el);
    expect(await refused(el, 'T-R1'), 'rated').to.equal(true);
    expect(await refused(el, 'T-R2'), 'closed').to.equal(true);
    expect(seen.map((s) => [s.status, s.context.transaction])).to.deep.equal([['complete', 'T-R1'], ['no-rating', 'T-R2']]);
  });

  it('refuses a rated transaction on a remounted kiosk and on a new one (an SPA route change)', async () => {
    const el = await mount({ 'allowed-origins': location.origin, lang: 'en' });
    await rateVia(el, 'T-M1');
    el.remove();
    await sleep(10); // its session is disposed
    document.body.append(el);
    await settle(el);
    expect(await refused(el, 'T-M1'), 'remounted').to.equal(true);
    el.remove();
    const other = await mount({ 'allowed-origins': location.origin, lang: 'en' });
    expect(await refused(other, 'T-M1'), 'new element').to.equal(true);
  });

  it('keeps only the transaction ids, in localStorage, and a fresh page load refuses them', async () => {
    const el = await mount({ 'allowed-origins': location.origin, lang: 'en' }, (k) => (k.reasons = REASONS));
    const seen = capture();
    await rateVia(el, 'T-S1');
    const stored = JSON.parse(localStorage.getItem(RATED_KEY)!) as [string, number][];
    expect(stored.map(([id]) => id)).to.deep.equal(['T-S1']);
    expect(stored[0]![1]).to.be.closeTo(Date.now(), 5_000);
    expect(JSON.stringify(stored)).not.to.match(/E-77|B-9|complete/); // no staff, branch or answer
    expect(seen).to.have.length(1);
    // A previous page load (same device) rated T-S0: its id is in storage only.
    localStorage.setItem(RATED_KEY, JSON.stringify([['T-S0', Date.now() - 60_000], ...stored]));
    el.remove();
    const fresh = await mount({ 'allowed-origins': location.origin, lang: 'en' });
    expect(await refused(fresh, 'T-S0'), 'from storage').to.equal(true);
    // Older than a day: forgotten.
    localStorage.setItem(RATED_KEY, JSON.stringify([['T-S9', Date.now() - 25 * 3600_000]]));
    expect(await refused(fresh, 'T-S9'), 'a day old').to.equal(false);
    expect(fresh.snapshot.start?.transaction).to.equal('T-S9');
  });

  it('still refuses a rated transaction on the page when localStorage throws', async () => {
    const { getItem, setItem } = Storage.prototype;
    Storage.prototype.getItem = Storage.prototype.setItem = () => {
      throw new DOMException('blocked', 'SecurityError');
    };
    try {
      const el = await mount({ 'allowed-origins': location.origin, lang: 'en' });
      await rateVia(el, 'T-U1');
      el.points = 3;
      await settle(el);
      expect(await refused(el, 'T-U1')).to.equal(true);
    } finally {
      Object.assign(Storage.prototype, { getItem, setItem });
    }
  });

  it('renders teller-sent ids and page-set texts as text (XSS)', async () => {
    const x = '<img src=x onerror="window.__kx=1">';
    const el = await mount({ 'allowed-origins': location.origin, lang: 'en' }, (k) => {
      k.prompt = x;
      k.reasons = [{ id: 'r', label: x }];
    });
    await post(el, { transaction: 'T-x', staff: x });
    expect($(el, 'h2')!.textContent).to.equal(x);
    expect(text(el)).to.contain(`Served by ${x}`);
    $$(el, 'button.face')[0]!.click();
    await settle(el);
    expect($(el, 'button.reason')!.textContent!.trim()).to.equal(x);
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
    expect((window as unknown as { __kx?: number }).__kx).to.equal(undefined);
  });

  it('starts from a BroadcastChannel message, also after being moved', async () => {
    const el = await mount({ broadcast: 'counter-3' });
    const teller = new BroadcastChannel('counter-3');
    teller.postMessage({ ...start, transaction: 'T-2' });
    await sleep(100);
    await settle(el);
    expect(el.snapshot.start).to.deep.include({ transaction: 'T-2' });
    const seen = capture();
    const box = document.createElement('div');
    document.body.append(box);
    box.append(el); // moved: the waiting session survives, nothing is recorded
    await sleep(10);
    expect(seen).to.have.length(0);
    expect(el.snapshot.start).to.deep.include({ transaction: 'T-2' });
    teller.postMessage({ ...start, transaction: 'T-3' }); // the channel was reopened
    await sleep(100);
    await settle(el);
    expect(el.snapshot.start).to.deep.include({ transaction: 'T-3' });
    expect(seen.map((s) => [s.status, s.context.transaction])).to.deep.equal([['no-rating', 'T-2']]);
    teller.close();
  });

  it('removing the kiosk records an open teller session as no-rating (heard on document)', async () => {
    const el = await mount({ broadcast: 'counter-4' });
    const teller = new BroadcastChannel('counter-4');
    teller.postMessage({ ...start, transaction: 'T-9' });
    await sleep(100);
    const seen = capture();
    el.remove();
    await sleep(10);
    expect(seen.map((s) => [s.status, s.context.transaction])).to.deep.equal([['no-rating', 'T-9']]);
    teller.close();
  });
});

describe('<fb-kiosk> badge and wake lock', () => {
  it('shows the queued count from the property or from fb-queue events', async () => {
    const el = await mount({ lang: 'en' });
    expect($(el, '[part=badge]')).to.equal(null);
    el.queued = 1;
    await settle(el);
    expect($(el, '[part=badge]')!.textContent!.trim()).to.equal('1 response waiting to be sent');
    document.dispatchEvent(new FbQueueEvent({ queued: 12, failed: 0, online: false }));
    await settle(el);
    expect($(el, '[part=badge]')!.textContent!.trim()).to.equal('Offline · 12 responses waiting to be sent');
    document.dispatchEvent(new FbQueueEvent({ queued: 0, failed: 0, online: true }));
    await settle(el);
    expect($(el, '[part=badge]')).to.equal(null);
  });

  it('updates the badge from an fb-queue event of another copy of the library (a plain CustomEvent), ignoring a malformed one', async () => {
    const el = await mount({ lang: 'en' });
    const queue = (detail: unknown) => document.dispatchEvent(new CustomEvent('fb-queue', { detail }));
    queue({ queued: 3, failed: 0, online: false });
    await settle(el);
    expect($(el, '[part=badge]')!.textContent!.trim()).to.equal('Offline · 3 responses waiting to be sent');
    for (const detail of [undefined, null, 'x', { queued: '7', online: true }, { queued: Number.NaN }]) queue(detail);
    await settle(el);
    expect([el.queued, el.offline]).to.deep.equal([3, true]);
    queue({ queued: 0, failed: 0, online: true });
    await settle(el);
    expect($(el, '[part=badge]')).to.equal(null);
  });

  it('holds a screen wake lock and re-acquires it when the page is visible again', async () => {
    const requests: string[] = [];
    const sentinels: { released: boolean; release(): Promise<void> }[] = [];
    const fake = {
      request: async (type: string) => {
        requests.push(type);
        const s = { released: false, release: async () => void (s.released = true) };
        sentinels.push(s);
        return s;
      },
    };
    const original = Object.getOwnPropertyDescriptor(Navigator.prototype, 'wakeLock');
    Object.defineProperty(navigator, 'wakeLock', { value: fake, configurable: true });
    try {
      const el = await mount();
      await sleep(10);
      expect(requests).to.deep.equal(['screen']);
      expect(el.wakeLocked).to.equal(true);
      sentinels[0]!.released = true; // the browser drops the lock when the page is hidden
      expect(el.wakeLocked).to.equal(false);
      document.dispatchEvent(new Event('visibilitychange'));
      await sleep(10);
      expect(requests).to.deep.equal(['screen', 'screen']);
      expect(el.wakeLocked).to.equal(true);
      el.remove();
      await sleep(10);
      expect(sentinels[1]!.released).to.equal(true);
    } finally {
      delete (navigator as unknown as Record<string, unknown>)['wakeLock'];
      if (original) Object.defineProperty(Navigator.prototype, 'wakeLock', original);
    }
  });
});

describe('<fb-kiosk> accessibility (axe, WCAG 2.x A/AA)', () => {
  it('has no violations in forced-colours mode', async () => {
    document.documentElement.lang = 'en';
    await forcedColors(async () => {
      expect(matchMedia('(forced-colors: active)').matches).to.equal(true);
      await mount();
      expect(await axeViolations(document)).to.deep.equal([]);
    });
  });

  for (const mode of ['light', 'dark', 'rtl'] as const) {
    it(`has no violations on each screen (${mode})`, async () => {
      document.documentElement.lang = 'en';
      if (mode === 'dark') await emulateMedia({ colorScheme: 'dark' });
      if (mode === 'rtl') {
        document.documentElement.lang = 'ar';
        document.documentElement.dir = 'rtl';
      }
      const time = installClock();
      const el = await mount({ 'idle-seconds': '1.5', 'warning-seconds': '1', 'thanks-seconds': '3' }, (k) => {
        k.reasons = REASONS;
        k.question = { id: 'topic', type: 'choice', prompt: 'What was it about?', options: [{ id: 'cards', label: 'Cards' }] };
        k.queued = 2;
      });
      if (mode === 'rtl') {
        expect($(el, 'h2')!.textContent).to.equal('ما رأيك في خدمتنا اليوم؟');
        const faces = $$(el, 'button.face');
        expect(faces[0]!.textContent!.trim()).to.equal('غير راضٍ جدًا');
        expect(faces[0]!.getBoundingClientRect().left).to.be.greaterThan(faces[1]!.getBoundingClientRect().left);
      }
      const check = async (screen: string) => expect(await time.real(() => axeViolations(document)), `${mode} / ${screen}`).to.deep.equal([]);
      await check('attract');
      $$(el, 'button.face')[0]!.click();
      await settle(el);
      $$(el, 'button.reason')[0]!.click();
      await settle(el);
      await check('follow-up');
      await time.tick(500, el);
      expect($(el, '[part=warning]')).not.to.equal(null);
      await check('warning');
      $<HTMLButtonElement>(el, '.screen button.primary')!.click();
      await settle(el);
      expect(el.snapshot.state).to.equal('thanks');
      await check('thanks');
    });
  }
});
