/// <reference types="mocha" />
import { expect } from '@esm-bundle/chai';
import '../src/define/fb-prompt.js';
import '../src/define/fb-rating.js';
import './locales/fb-rating.js';
import './locales/fb-prompt.js';
import { readPromptRecord } from './fb-prompt.js';
import type { FbPrompt } from './fb-prompt.js';
import type { FbRating } from './fb-rating.js';
import { FbSubmitEvent } from './shared/events.js';
import type { FbDismissEvent } from './shared/events.js';
import { buildSubmission, contextFromElement } from './shared/submission.js';
import { axeViolations, contrast } from '../test/axe.js';
import { emulateMedia, sendKeys } from '../test/wtr.js';

const DAY = 86_400_000;
const deepActive = (): Element | null => {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
};
const nextFrame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
const broadcastDelivered = () => new Promise((r) => setTimeout(r, 50));
// Record writes and triggers run under the Web Lock `fb-prompt:<id>`, granted in request
// order: once a later request of it is granted, every earlier one has run.
const settled = (promptId = id) => navigator.locks.request(`fb-prompt:${promptId}`, () => {});

async function mount(markup: string): Promise<FbPrompt[]> {
  document.body.insertAdjacentHTML('beforeend', markup);
  const prompts = Array.from(document.querySelectorAll('fb-prompt'));
  for (const p of prompts) await p.updateComplete;
  return prompts;
}

let n = 0;
let id = '';
beforeEach(() => {
  // A fresh prompt id per test keeps stored caps from leaking between tests.
  id = `t${Date.now()}-${n++}`;
});
afterEach(() => {
  document.body.replaceChildren();
  document.documentElement.removeAttribute('dir');
  document.documentElement.removeAttribute('lang');
});

/** Presses Escape and checks that `p` closed with one `fb-dismiss` (reason 'escape') and focus on `focused`. */
async function escapeDismisses(p: FbPrompt, focused: Element): Promise<void> {
  const dismissed: FbDismissEvent[] = [];
  p.addEventListener('fb-dismiss', (e) => dismissed.push(e));
  await sendKeys({ press: 'Escape' });
  await p.updateComplete;
  expect(p.open).to.equal(false);
  expect(dismissed.map((e) => e.detail.reason)).to.deep.equal(['escape']);
  expect(document.activeElement).to.equal(focused);
}

describe('<fb-prompt> focus', () => {
  it('non-modal: opens without taking focus; Escape inside closes it, remembers the dismissal, returns focus', async () => {
    const [p] = await mount(`<button id="page">page</button>
      <fb-prompt prompt-id="${id}"><fb-rating scale="nps"></fb-rating></fb-prompt>`);
    const page = document.getElementById('page')!;
    page.focus();
    p!.show();
    await p!.updateComplete;
    expect(p!.open).to.equal(true);
    expect(p!.shadowRoot!.querySelector('dialog')!.open).to.equal(true);
    expect(document.activeElement).to.equal(page); // not stolen
    // The person moves into the card, then presses Escape.
    const rating = p!.querySelector('fb-rating')!;
    rating.focus();
    expect(deepActive()!.getAttribute('role')).to.equal('radio');
    await escapeDismisses(p!, page);
    await settled();
    expect(readPromptRecord(id).dismissedAt).to.be.a('number');
    expect(p!.eligibility()).to.equal('dismissed');
  });

  it("non-modal: an Escape meant for the page's own dialog or popup leaves the card open", async () => {
    const [p] = await mount(
      `<dialog id="d"><button id="in-dialog">ok</button></dialog><div role="dialog" aria-label="menu"><button id="in-menu">m</button></div>` +
        `<fb-prompt prompt-id="${id}"></fb-prompt>`,
    );
    p!.show();
    await p!.updateComplete;
    const dialog = document.getElementById('d') as HTMLDialogElement;
    dialog.showModal();
    document.getElementById('in-dialog')!.focus();
    await sendKeys({ press: 'Escape' });
    await p!.updateComplete;
    expect(dialog.open, 'the native dialog closed').to.equal(false);
    expect(p!.open, 'a modal page dialog owns its Escape').to.equal(true);
    document.getElementById('in-menu')!.focus();
    await sendKeys({ press: 'Escape' });
    await p!.updateComplete;
    expect(p!.open, 'a role=dialog popup owns its Escape').to.equal(true);
  });

  it('non-modal: Escape with focus on the page (a control the card may cover) dismisses it; focus stays; a page that handled Escape keeps it open', async () => {
    const [p] = await mount(`<button id="page">page</button><fb-prompt prompt-id="${id}"></fb-prompt>`);
    const page = document.getElementById('page')!;
    // The page's own Escape handler (e.g. closing its menu) claims the key first.
    const claim = (e: KeyboardEvent) => e.key === 'Escape' && e.preventDefault();
    page.addEventListener('keydown', claim);
    page.focus();
    p!.show();
    await p!.updateComplete;
    await sendKeys({ press: 'Escape' });
    await p!.updateComplete;
    expect(p!.open, 'the page handled this Escape').to.equal(true);
    page.removeEventListener('keydown', claim);
    await escapeDismisses(p!, page);
    await settled();
    expect(p!.eligibility()).to.equal('dismissed');
    // Closed, it leaves Escape alone.
    let seen = false;
    document.addEventListener('keydown', (e) => (seen = !e.defaultPrevented), { once: true });
    await sendKeys({ press: 'Escape' });
    expect(seen).to.equal(true);
  });

  it('modal: showModal() moves focus into the content; Escape closes and focus returns to the opener', async () => {
    const [p] = await mount(`<button id="opener">open</button>
      <fb-prompt modal prompt-id="${id}"><fb-rating scale="csat"></fb-rating></fb-prompt>`);
    const opener = document.getElementById('opener')!;
    opener.focus();
    p!.show();
    await p!.updateComplete;
    const dialog = p!.shadowRoot!.querySelector('dialog')!;
    expect(dialog.matches(':modal')).to.equal(true);
    const rating = p!.querySelector<FbRating>('fb-rating')!;
    expect(deepActive()).to.equal(rating.shadowRoot!.querySelector('[role=radio]'));
    await sendKeys({ press: 'Escape' });
    await p!.updateComplete;
    await nextFrame();
    expect(p!.open).to.equal(false);
    expect(dialog.open).to.equal(false);
    expect(document.activeElement).to.equal(opener);
  });

  it('non-modal: focus that moved in from the page goes back there when the card closes', async () => {
    const [p] = await mount(`<a href="#x" id="link">link</a><fb-prompt prompt-id="${id}"></fb-prompt>`);
    const link = document.getElementById('link')!;
    p!.show();
    await p!.updateComplete;
    link.focus(); // the person was here after the card opened...
    const close = p!.shadowRoot!.querySelector<HTMLButtonElement>('[part=close]')!;
    close.focus(); // ...then moved into the card
    close.click();
    await p!.updateComplete;
    expect(p!.open).to.equal(false);
    expect(document.activeElement).to.equal(link);
  });

  it('close button dismisses; a response thanks, is remembered and closes', async () => {
    const [p] = await mount(`<fb-prompt prompt-id="${id}" thanks-seconds="0.05"><fb-rating scale="thumbs" autosubmit></fb-rating></fb-prompt>`);
    p!.show();
    await p!.updateComplete;
    const rating = p!.querySelector<FbRating>('fb-rating')!;
    rating.shadowRoot!.querySelectorAll<HTMLElement>('[role=radio]')[1]!.click();
    await rating.updateComplete;
    await rating.updateComplete;
    await p!.updateComplete;
    expect(p!.shadowRoot!.querySelector('[part=thanks]')!.textContent).to.equal('Thank you!');
    await settled();
    expect(readPromptRecord(id).respondedAt).to.be.a('number');
    await new Promise((r) => setTimeout(r, 120));
    expect(p!.open).to.equal(false);
    expect(p!.eligibility()).to.equal('responded');

    id = `${id}-b`;
    const [, q] = await mount(`<fb-prompt prompt-id="${id}"></fb-prompt>`);
    q!.show();
    await q!.updateComplete;
    let reason = '';
    q!.addEventListener('fb-dismiss', (e) => (reason = e.detail.reason));
    q!.shadowRoot!.querySelector<HTMLButtonElement>('[part=close]')!.click();
    await q!.updateComplete;
    expect(q!.open).to.equal(false);
    expect(reason).to.equal('close-button');
  });
});

describe('<fb-prompt> responses', () => {
  it('a submission vetoed with preventDefault() (e.g. by the page or the embed) is not a response: no thanks, nothing recorded, still open', async () => {
    const [p] = await mount(`<fb-prompt prompt-id="${id}" thanks-seconds="0.05"><fb-rating scale="thumbs" autosubmit></fb-rating></fb-prompt>`);
    p!.show();
    await p!.updateComplete;
    const veto = (e: Event) => e.preventDefault();
    document.addEventListener('fb-submit', veto); // decided after the prompt heard it
    try {
      const rating = p!.querySelector<FbRating>('fb-rating')!;
      rating.shadowRoot!.querySelectorAll<HTMLElement>('[role=radio]')[1]!.click();
      await rating.updateComplete;
      await rating.updateComplete;
      await new Promise((r) => setTimeout(r, 120));
      await p!.updateComplete;
      await settled();
      expect(p!.shadowRoot!.querySelector('[part=thanks]')!.textContent).to.equal('');
      expect(readPromptRecord(id).respondedAt).to.equal(undefined);
      expect(p!.open).to.equal(true);
    } finally {
      document.removeEventListener('fb-submit', veto);
    }
  });

  it("a 'partial' submission from inside (an abandoned survey) is not a response; a complete one is", async () => {
    const [p] = await mount(`<fb-prompt prompt-id="${id}" thanks-seconds="60"><div id="inner"></div></fb-prompt>`);
    p!.show();
    await p!.updateComplete;
    const inner = document.getElementById('inner')!;
    const send = (status: 'partial' | 'complete') =>
      inner.dispatchEvent(new FbSubmitEvent(buildSubmission({ answers: {}, status, context: contextFromElement(inner) })));
    send('partial');
    await Promise.resolve();
    await p!.updateComplete;
    await settled();
    expect(p!.shadowRoot!.querySelector('[part=thanks]')!.textContent).to.equal('');
    expect(readPromptRecord(id).respondedAt).to.equal(undefined);
    send('complete');
    await Promise.resolve();
    await p!.updateComplete;
    await settled();
    expect(p!.shadowRoot!.querySelector('[part=thanks]')!.textContent).to.equal('Thank you!');
    expect(readPromptRecord(id).respondedAt).to.be.a('number');
  });
});

describe('<fb-prompt> texts and events', () => {
  const texts = (p: FbPrompt) => {
    const root = p.shadowRoot!;
    return {
      heading: root.querySelector('slot[name=heading]')!.textContent,
      close: root.querySelector('[part=close]')!.getAttribute('aria-label'),
      status: root.querySelector('.sr-only[role=status]')!.textContent,
    };
  };

  it('follows the locale (ar, zh-CN) and its changes, the heading attribute and per-element messages', async () => {
    const [p] = await mount(`<fb-prompt prompt-id="${id}" lang="ar"></fb-prompt>`);
    expect(texts(p!)).to.deep.equal({ heading: 'سؤال سريع', close: 'إغلاق', status: '' });
    p!.lang = 'zh-CN'; // seen by a MutationObserver, which requests the update
    await nextFrame();
    await p!.updateComplete;
    expect(texts(p!)).to.include({ heading: '快速调查', close: '关闭' });
    p!.heading = 'How did we do?';
    p!.messages = { close: 'Fermer' };
    await p!.updateComplete;
    expect(texts(p!)).to.include({ heading: 'How did we do?', close: 'Fermer' });
    // The heading names the dialog, and a slotted heading replaces the text.
    const dialog = p!.shadowRoot!.querySelector('dialog')!;
    expect(p!.shadowRoot!.getElementById(dialog.getAttribute('aria-labelledby')!)!.textContent).to.equal('How did we do?');
  });

  it('non-modal: the heading is announced (status) while open; modal: not (the dialog is announced)', async () => {
    const [p, m] = await mount(`<fb-prompt prompt-id="${id}"></fb-prompt><fb-prompt modal prompt-id="${id}-m"></fb-prompt>`);
    p!.show();
    m!.show();
    await p!.updateComplete;
    await m!.updateComplete;
    expect(texts(p!).status).to.equal('Quick question');
    expect(texts(m!).status).to.equal('');
    p!.hide();
    m!.hide();
    await p!.updateComplete;
    expect(texts(p!).status).to.equal('');
  });

  it('fires toggle on open and close, not on the first render of a closed prompt', async () => {
    const seen: string[] = [];
    const p = document.createElement('fb-prompt');
    p.promptId = id;
    p.addEventListener('toggle', (e) => seen.push((e as ToggleEvent).newState));
    document.body.append(p);
    await p.updateComplete;
    expect(seen).to.deep.equal([]);
    p.show();
    await p.updateComplete;
    p.hide();
    await p.updateComplete;
    expect(seen).to.deep.equal(['open', 'closed']);
    // An `open` attribute opens it (non-modal) on connection.
    const [, q] = await mount(`<fb-prompt open prompt-id="${id}-b"></fb-prompt>`);
    expect(q!.shadowRoot!.querySelector('dialog')!.open).to.equal(true);
  });

  it('reopened right after closing, it stays open (the late close event of the first closing is ignored)', async () => {
    for (const modal of [false, true]) {
      const [p] = await mount(`<fb-prompt ${modal ? 'modal' : ''} prompt-id="${id}-${modal}"></fb-prompt>`);
      p!.show();
      await p!.updateComplete;
      p!.hide();
      await p!.updateComplete;
      p!.show();
      await p!.updateComplete;
      await nextFrame();
      expect(p!.open, `modal=${modal}`).to.equal(true);
      expect(p!.shadowRoot!.querySelector('dialog')!.open, `modal=${modal}`).to.equal(true);
      p!.remove();
    }
  });
});

describe('<fb-prompt> triggers, sampling and caps', () => {
  it('opens on a window event, once per page, within max-shows', async () => {
    const [p] = await mount(`<fb-prompt prompt-id="${id}" trigger-event="checkout:done" max-shows="1"></fb-prompt>`);
    expect(p!.open).to.equal(false);
    window.dispatchEvent(new Event('checkout:done'));
    await settled();
    expect(p!.open).to.equal(true);
    expect(readPromptRecord(id).shows.length).to.equal(1);
    p!.hide();
    window.dispatchEvent(new Event('checkout:done'));
    await settled();
    expect(p!.open).to.equal(false);
    expect(p!.eligibility()).to.equal('capped');
    p!.show(); // explicit: opens despite the cap
    expect(p!.open).to.equal(true);
  });

  it('opens on exit intent (the mouse leaving through the top edge), not on other mouseouts', async () => {
    // Headless Chromium reports no hover and no fine pointer, i.e. like a touch device:
    // exit intent stays off there.
    const [touch] = await mount(`<fb-prompt prompt-id="${id}-touch" exit-intent></fb-prompt>`);
    document.dispatchEvent(new MouseEvent('mouseout', { clientY: 0, relatedTarget: null, bubbles: true }));
    await settled(`${id}-touch`);
    expect(touch!.open).to.equal(matchMedia('(hover: hover) and (pointer: fine)').matches);
    touch!.remove();
    // A desktop: the media query that decides it is replaced before connecting.
    const p = document.createElement('fb-prompt');
    p.promptId = id;
    p.exitIntent = true;
    p.exitIntentMedia = 'all';
    document.body.append(p);
    await p.updateComplete;
    document.dispatchEvent(new MouseEvent('mouseout', { clientY: 300, relatedTarget: null, bubbles: true }));
    await settled();
    expect(p.open).to.equal(false);
    document.dispatchEvent(new MouseEvent('mouseout', { clientY: 0, relatedTarget: null, bubbles: true }));
    await settled();
    expect(p.open).to.equal(true);
  });

  it('opens after a delay (seconds)', async () => {
    const [p] = await mount(`<fb-prompt prompt-id="${id}" delay="0.05"></fb-prompt>`);
    expect(p!.open).to.equal(false);
    await new Promise((r) => setTimeout(r, 120));
    await settled();
    expect(p!.open).to.equal(true);
  });

  it('waits for min-pages (page views counted in storage)', async () => {
    // Two earlier page views: 2 + this one = 3 ≥ 3.
    localStorage.setItem(`fb-prompt:${id}`, JSON.stringify({ shows: [], pages: 2, visits: 1 }));
    const [p] = await mount(`<fb-prompt prompt-id="${id}" min-pages="3"></fb-prompt>`);
    await Promise.resolve();
    await settled();
    expect(readPromptRecord(id).pages).to.equal(3);
    expect(p!.open).to.equal(true);

    id = `${id}-b`;
    const [, q] = await mount(`<fb-prompt prompt-id="${id}" min-pages="3"></fb-prompt>`);
    await Promise.resolve();
    await settled();
    expect(q!.open).to.equal(false);
    expect(q!.eligibility()).to.equal('pages');
  });

  it('sample="0" never invites and remembers the decision; sample="100" always does', async () => {
    const [p] = await mount(`<fb-prompt prompt-id="${id}" sample="0"></fb-prompt>`);
    expect(await p!.trigger()).to.equal(false);
    expect(readPromptRecord(id).sampledOutAt).to.be.a('number');
    p!.sample = 100;
    // Still out: the decision holds for recontact-days.
    expect(p!.eligibility()).to.equal('sampled-out');
    id = `${id}-b`;
    const [, q] = await mount(`<fb-prompt prompt-id="${id}" sample="100"></fb-prompt>`);
    expect(await q!.trigger()).to.equal(true);
  });

  it('recontact wait and dismiss wait expire after their days', async () => {
    const [p] = await mount(`<fb-prompt prompt-id="${id}" recontact-days="90" dismiss-days="30" max-shows="0"></fb-prompt>`);
    const now = Date.now();
    localStorage.setItem(`fb-prompt:${id}`, JSON.stringify({ shows: [], pages: 1, visits: 1, respondedAt: now - 89 * DAY }));
    expect(p!.eligibility(now)).to.equal('responded');
    localStorage.setItem(`fb-prompt:${id}`, JSON.stringify({ shows: [], pages: 1, visits: 1, respondedAt: now - 91 * DAY }));
    expect(p!.eligibility(now)).to.equal(null);
    localStorage.setItem(`fb-prompt:${id}`, JSON.stringify({ shows: [], pages: 1, visits: 1, dismissedAt: now - 29 * DAY }));
    expect(p!.eligibility(now)).to.equal('dismissed');
    localStorage.setItem(`fb-prompt:${id}`, JSON.stringify({ shows: [], pages: 1, visits: 1, dismissedAt: now - 31 * DAY }));
    expect(p!.eligibility(now)).to.equal(null);
  });

  it('caps hold across two instances (as two tabs: shared storage, BroadcastChannel)', async () => {
    const [a, b] = await mount(`<fb-prompt prompt-id="${id}" max-shows="2" cap-days="7"></fb-prompt>
      <fb-prompt prompt-id="${id}" max-shows="2" cap-days="7"></fb-prompt>`);
    expect(await a!.trigger()).to.equal(true); // show 1 (tab A)
    expect(await b!.trigger()).to.equal(true); // show 2 (tab B)
    await a!.updateComplete;
    await b!.updateComplete;
    // Dismissing in tab A closes tab B's prompt too, without a second dismissal.
    let bDismissed = 0;
    b!.addEventListener('fb-dismiss', () => bDismissed++);
    a!.shadowRoot!.querySelector<HTMLButtonElement>('[part=close]')!.click();
    await broadcastDelivered();
    expect(a!.open).to.equal(false);
    expect(b!.open).to.equal(false);
    expect(bDismissed).to.equal(0);
    // Two shows in 7 days: capped in both, even once the dismissal wait is over.
    localStorage.setItem(`fb-prompt:${id}`, JSON.stringify({ ...readPromptRecord(id), dismissedAt: undefined }));
    expect(a!.eligibility()).to.equal('capped');
    expect(await b!.trigger()).to.equal(false);
  });
});

describe('<fb-prompt> without Web Locks (an insecure context)', () => {
  afterEach(() => delete (navigator as { locks?: unknown }).locks);

  it('decides and records at once, as before: a trigger opens synchronously, within the caps', async () => {
    Object.defineProperty(navigator, 'locks', { value: undefined, configurable: true });
    const [p] = await mount(`<fb-prompt prompt-id="${id}" max-shows="1"></fb-prompt>`);
    expect(readPromptRecord(id).pages).to.equal(1);
    const first = p!.trigger();
    expect(p!.open).to.equal(true);
    expect(readPromptRecord(id).shows.length).to.equal(1);
    expect(await first).to.equal(true);
    p!.hide();
    expect(await p!.trigger()).to.equal(false);
    expect(p!.eligibility()).to.equal('capped');
  });
});

describe('<fb-prompt> across documents', () => {
  it('another document of the origin (its own copy of the module, as another tab) shares the caps and closes this prompt on its dismissal', async () => {
    const [p] = await mount(`<fb-prompt prompt-id="${id}" max-shows="2"></fb-prompt>`);
    const frame = document.createElement('iframe');
    // The served TypeScript source (the test runner compiles it), loaded by the frame itself.
    frame.srcdoc = `<!doctype html><script type="module" src="${new URL('./define/fb-prompt.ts', import.meta.url).pathname}"></script>
      <fb-prompt prompt-id="${id}" max-shows="2"></fb-prompt>`;
    document.body.append(frame);
    const other = await new Promise<FbPrompt>((resolve, reject) => {
      const until = Date.now() + 5000;
      const poll = () => {
        const el = frame.contentDocument?.querySelector('fb-prompt');
        if (el && frame.contentWindow!.customElements.get('fb-prompt')) resolve(el as FbPrompt);
        else if (Date.now() > until) reject(new Error('the frame did not define <fb-prompt>'));
        else setTimeout(poll, 10);
      };
      poll();
    });
    await other.updateComplete;
    expect(other.constructor).to.not.equal(p!.constructor); // a separate realm, not this page's class
    expect(await p!.trigger()).to.equal(true);
    expect(await other.trigger()).to.equal(true); // two shows in 7 days: both documents are now capped
    expect(readPromptRecord(id).shows.length).to.equal(2);
    expect(readPromptRecord(id).pages).to.equal(2); // each document counted its page view
    await other.updateComplete;
    other.shadowRoot!.querySelector<HTMLButtonElement>('[part=close]')!.click();
    await broadcastDelivered();
    await settled();
    expect(p!.open).to.equal(false);
    expect(p!.eligibility()).to.equal('dismissed');
  });
});

describe('<fb-prompt> in two tabs at the same instant', () => {
  it('a trigger in two tabs at once opens each prompt in one tab only (the caps are claimed under a Web Lock)', async () => {
    // A second tab: a noopener window is a browsing context group of its own, i.e. its own
    // renderer (own event loop, own localStorage cache). Both tabs spin until the same
    // instant, then trigger 20 prompts (each its own prompt-id, max-shows 1) in a tight loop.
    const ids = Array.from({ length: 20 }, (_, i) => `${id}-${i}`);
    const markup = ids.map((i) => `<fb-prompt prompt-id="${i}" max-shows="1"></fb-prompt>`).join('');
    const name = `fb-race-${id}`;
    // Spins to the instant `at`, then triggers every prompt of the document (the same code runs in both tabs).
    const go = (at: number): Promise<boolean[]> => {
      while (Date.now() < at);
      return Promise.all(Array.from(document.querySelectorAll('fb-prompt'), (p) => p.trigger()));
    };
    const tab = `<!doctype html><body>${markup}<script type="module">
      import '${new URL('./define/fb-prompt.ts', import.meta.url).href}';
      const go = ${go.toString()};
      const channel = new BroadcastChannel('${name}');
      channel.onmessage = async ({ data }) => { channel.postMessage({ opened: await go(data.at) }); setTimeout(() => close(), 100); };
      channel.postMessage({ ready: true });
    </script>`;
    await mount(markup);
    const channel = new BroadcastChannel(name);
    const message = (key: string) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        channel.addEventListener('message', ({ data }) => key in data && resolve(data));
        setTimeout(() => reject(new Error(`the second tab sent no "${key}" (was the window opened?)`)), 8000);
      });
    const ready = message('ready');
    const url = URL.createObjectURL(new Blob([tab], { type: 'text/html' }));
    window.open(url, '_blank', 'noopener');
    await ready;
    const at = Date.now() + 300;
    const theirs = message('opened');
    channel.postMessage({ at });
    const mine = await go(at);
    const { opened } = (await theirs) as { opened: boolean[] };
    channel.close();
    URL.revokeObjectURL(url);
    const both = ids.filter((_, i) => mine[i] && opened[i]);
    const either = ids.filter((_, i) => mine[i] || opened[i]);
    expect(both, 'opened in both tabs').to.deep.equal([]);
    expect(either.length).to.equal(ids.length);
    for (const i of ids) expect(readPromptRecord(i).shows.length, i).to.equal(1);
  });
});

describe('<fb-prompt> accessibility (axe, WCAG 2.x A/AA)', () => {
  const open = async (attrs: string) => {
    const [p] = await mount(`<main><h1>Page</h1><p>Text</p></main>
      <fb-prompt prompt-id="${id}" ${attrs}><fb-rating scale="nps"></fb-rating></fb-prompt>`);
    p!.show();
    await p!.updateComplete;
    await p!.querySelector<FbRating>('fb-rating')!.updateComplete;
    const violations = await axeViolations(document);
    expect(violations, violations.join('\n')).to.deep.equal([]);
    p!.hide();
  };
  it('light, non-modal', async () => {
    document.documentElement.lang = 'en';
    await open('');
  });
  it('dark, modal', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    try {
      document.documentElement.lang = 'en';
      await open('modal');
    } finally {
      await emulateMedia({ colorScheme: 'light' });
    }
  });
  it('RTL Arabic', async () => {
    document.documentElement.lang = 'ar';
    document.documentElement.dir = 'rtl';
    await open('');
  });
  // The card paints its own surface: dark on a white page, light on a black page, its heading
  // and close button keep 4.5:1 against the card (axe checks the rating inside it too).
  for (const [scheme, page] of [['dark', '#fff'], ['light', '#000']] as const) {
    it(`${scheme} on a ${page} page`, async () => {
      await emulateMedia({ colorScheme: scheme });
      try {
        document.documentElement.lang = 'en';
        document.body.style.background = page;
        const [p] = await mount(`<main><h1>Page</h1></main><fb-prompt prompt-id="${id}"><fb-rating scale="csat"></fb-rating></fb-prompt>`);
        p!.show();
        await p!.updateComplete;
        const violations = await axeViolations(document);
        expect(violations, violations.join('\n')).to.deep.equal([]);
        const card = getComputedStyle(p!.shadowRoot!.querySelector('dialog')!).backgroundColor;
        expect(card).to.not.match(/rgba\(.*, 0\)/); // painted, not transparent
        // Against the first opaque background behind each part: the card's.
        for (const part of ['heading', 'close']) expect(contrast(p!.shadowRoot!.querySelector(`[part=${part}]`)!, 'color'), part).to.be.at.least(4.5);
      } finally {
        document.body.style.background = '';
        await emulateMedia({ colorScheme: 'light' });
      }
    });
  }
});
