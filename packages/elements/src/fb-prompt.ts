import { ReactiveElement } from '@lit/reactive-element';
import type { PropertyValues } from '@lit/reactive-element';
import { promptMessages } from './fb-prompt-messages.js';
import type { PromptMessageKey } from './fb-prompt-messages.js';
import { addShow, capBlock, sampledIn } from './prompt/caps.js';
import type { PromptBlock, PromptRecord } from './prompt/caps.js';
import { h, text } from './shared/dom.js';
import { FbDismissEvent } from './shared/events.js';
import type { DismissReason } from './shared/events.js';
import { I18nController, warnMissingPack } from './shared/i18n.js';
import type { MessageOverrides } from './shared/i18n.js';
import { baseStyles, css, themeStyles } from './shared/styles.js';

export type { PromptBlock, PromptRecord } from './prompt/caps.js';

// Storage can be missing or throw (privacy modes, quota): fall back to memory for the page.
const memory = new Map<string, PromptRecord>();
const counted = new Set<string>();

export function readPromptRecord(id: string): PromptRecord {
  const fresh: PromptRecord = { shows: [], pages: 0, visits: 0 };
  try {
    return { ...fresh, ...(JSON.parse(localStorage.getItem(`fb-prompt:${id}`)!) as Partial<PromptRecord> | null) };
  } catch {
    return memory.get(id) ?? fresh;
  }
}

/** Reads the record, changes it with `fn` and stores it. */
function change<T>(id: string, fn: (r: PromptRecord) => T): T {
  const r = readPromptRecord(id);
  const result = fn(r);
  memory.set(id, r);
  try {
    localStorage.setItem(`fb-prompt:${id}`, JSON.stringify(r));
  } catch {
    // memory only
  }
  return result;
}

/**
 * Reads, changes and stores the record of prompt `id` as one step across the origin's tabs:
 * under the Web Lock `fb-prompt:<id>` (granted in request order). The lock alone is not
 * enough, because each tab reads its own cache of localStorage, which learns of another
 * tab's write a little later (an IPC, not ordered with the lock's). So every show in the
 * record is also named by a lock, `fb-prompt@<time>:<id>`, that the tab which stored it
 * holds for 10 s (ages, next to that delay; not for good, because a page holding a lock may
 * be kept out of the back/forward cache), and a change first adds the shows those locks
 * name: the lock manager, unlike the caches, is one for the origin. Of two tabs triggering
 * at the same instant, one opens. Without Web Locks (an insecure context) the change happens
 * at once, as it would in a single tab.
 */
async function update<T>(id: string, fn: (r: PromptRecord) => T): Promise<T> {
  const locks = globalThis.navigator?.locks;
  if (!locks) return change(id, fn);
  return locks.request(`fb-prompt:${id}`, async () => {
    const held = (await locks.query()).held!;
    let r!: PromptRecord;
    let before!: number[];
    const result = change(id, (x) => {
      for (const { name = '' } of held) {
        // "fb-prompt@" is 10 characters; a lock names a show of this prompt if its name is
        // the one made from its time.
        const t = parseInt(name.slice(10));
        if (name === `fb-prompt@${t}:${id}` && !x.shows.includes(t)) x.shows.push(t);
      }
      // The shows before `fn`: only a show it adds takes a lock below.
      before = [...x.shows];
      return fn((r = x));
    });
    for (const t of r.shows) {
      if (before.includes(t)) continue;
      // A new show: nobody else asks for its name, so it is granted at once (`ifAvailable`
      // makes a wait impossible anyway).
      await new Promise<void>((granted) => {
        void locks.request(`fb-prompt@${t}:${id}`, { ifAvailable: true }, () => {
          granted();
          return new Promise((release) => setTimeout(release, 10_000));
        });
      });
    }
    return result;
  });
}

/**
 * The invitation to give feedback: a small non-modal card (default) or a modal dialog,
 * holding e.g. an `<fb-rating>`. Opens with `show()` or on a trigger — a `window` event
 * (`trigger-event`), a delay (`delay`, seconds), exit intent on desktop (`exit-intent`),
 * or on load once `min-pages` / `min-visits` are reached — but a trigger opens it only if
 * the visitor is sampled (`sample`, %) and within the caps: at most `max-shows` shows per
 * `cap-days`, nothing for `recontact-days` after a response, nothing for `dismiss-days`
 * after a dismissal. The caps are stored in localStorage under `fb-prompt:<prompt-id>`, so
 * they hold across tabs: a trigger checks them and records its show as one step under a Web
 * Lock of the same name (of two tabs triggering at the same instant, one opens), and a
 * response or dismissal in one tab closes the prompt in the others (BroadcastChannel).
 * `show()` is explicit and ignores sampling and caps.
 *
 * Non-modal, it never takes focus on open; modal, it uses `<dialog>.showModal()` and moves
 * focus to its content. Escape or the close button dismisses it (remembered); focus goes
 * back where it was if it was inside. Non-modal, an Escape anywhere in the document that
 * nothing else took (`defaultPrevented`) and that is not meant for another dialog or popup of
 * the page dismisses it, focus staying where it is. When a child announces a complete `fb-submit`
 * that no listener vetoed (`preventDefault()`), it records the response, thanks and closes
 * after `thanks-seconds`; a vetoed or `partial` submission changes nothing.
 *
 * Its shadow tree is built once with DOM calls (no template library) and updated in place.
 *
 * @event toggle - Opened or closed (`ToggleEvent` with `newState` "open" | "closed" where supported).
 * @event fb-dismiss - The person closed it (close button or Escape); `detail.reason` (`FbDismissEvent`).
 *
 * @slot - The content, typically one `<fb-rating>`.
 * @slot heading - The title, instead of the `heading` attribute or the default "Quick question".
 *
 * @csspart dialog - The card or dialog box.
 * @csspart heading - The title.
 * @csspart close - The close button.
 * @csspart body - The content area.
 * @csspart thanks - The thank-you line.
 *
 * @cssprop --fb-prompt-surface - Card background (→ `--fb-surface`, #fff / dark #1f2328).
 * @cssprop --fb-prompt-text - Text colour (→ `--fb-text`).
 * @cssprop --fb-prompt-border - Card outline (→ `--fb-border`).
 * @cssprop --fb-prompt-focus - Focus ring (→ `--fb-focus`).
 * @cssprop --fb-prompt-radius - Corner radius (→ `--fb-radius`, 8px).
 * @cssprop --fb-prompt-font - Font family (→ `--fb-font`).
 * @cssprop --fb-prompt-width - Card width, `min(26rem, 100vw - 2rem)` by default.
 * @cssprop --fb-prompt-offset - Distance of the card from the viewport's bottom and inline-end edges (1rem).
 */
export class FbPrompt extends ReactiveElement {
  static override properties = {
    open: { type: Boolean, reflect: true },
    modal: { type: Boolean },
    heading: {},
    promptId: { attribute: 'prompt-id' },
    triggerEvent: { attribute: 'trigger-event' },
    delay: { type: Number },
    exitIntent: { type: Boolean, attribute: 'exit-intent' },
    minPages: { type: Number, attribute: 'min-pages' },
    minVisits: { type: Number, attribute: 'min-visits' },
    sample: { type: Number },
    maxShows: { type: Number, attribute: 'max-shows' },
    capDays: { type: Number, attribute: 'cap-days' },
    recontactDays: { type: Number, attribute: 'recontact-days' },
    dismissDays: { type: Number, attribute: 'dismiss-days' },
    thanksSeconds: { type: Number, attribute: 'thanks-seconds' },
    exitIntentMedia: { attribute: false },
    messages: { attribute: false },
  };

  static override styles = [
    themeStyles('prompt'),
    baseStyles,
    css`
      :host {
        display: contents;
      }
      dialog {
        box-sizing: border-box;
        width: var(--fb-prompt-width, min(26rem, calc(100vw - 2rem)));
        max-height: calc(100vh - 2rem);
        overflow: auto;
        padding: 1rem;
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        background: var(--_surface);
        color: var(--_text);
        box-shadow: 0 4px 24px #0003;
      }
      dialog:not(:modal) {
        position: fixed;
        inset: auto;
        inset-block-end: var(--fb-prompt-offset, 1rem);
        inset-inline-end: var(--fb-prompt-offset, 1rem);
        margin: 0;
        z-index: 2147483000;
      }
      dialog::backdrop {
        background: #0006;
      }
      header {
        display: flex;
        align-items: start;
        justify-content: space-between;
        gap: .5rem;
        margin-block-end: .75rem;
      }
      h2 {
        margin: 0;
        font-size: 1.0625rem;
      }
      .close {
        flex: none;
        width: 2rem;
        height: 2rem;
        border: 1px solid var(--_border);
        border-radius: 50%;
        background: none;
        cursor: pointer;
        font-size: 1.25rem;
        line-height: 1;
      }
    `,
  ];

  open = false;
  modal = false;
  declare heading: string;
  /** Key of the caps in localStorage; prompts with the same id share them. */
  promptId = 'default';
  declare triggerEvent: string;
  /** Seconds after connection before the prompt tries to open. */
  declare delay: number | undefined;
  exitIntent = false;
  minPages = 0;
  minVisits = 0;
  /** Percentage of visitors who are invited (0–100). Decided once per visitor per `recontact-days`. */
  sample = 100;
  /** At most this many shows per `cap-days` (0 = no cap). */
  maxShows = 1;
  capDays = 7;
  recontactDays = 90;
  dismissDays = 30;
  thanksSeconds = 3;
  /** Where exit intent applies (a mouse): this media query must match when the element connects. */
  exitIntentMedia = '(hover: hover) and (pointer: fine)';
  declare messages: MessageOverrides | undefined;

  #i18n = new I18nController<PromptMessageKey>(this, promptMessages);
  #channel: BroadcastChannel | undefined;
  #cleanup: Array<() => void> = [];
  #returnTo: HTMLElement | null = null;
  #triggered = false;
  #thanks = false;
  // The shadow tree's live parts (built in createRenderRoot).
  #dialog!: HTMLDialogElement;
  #title!: HTMLSlotElement;
  #close!: HTMLButtonElement;
  #thanksLine!: HTMLParagraphElement;
  #status!: HTMLDivElement;

  constructor() {
    super();
    // A response is a complete submission nobody vetoed. The veto (preventDefault(), e.g. the
    // embed refusing to store it) is decided by listeners further up, after this one: read it
    // once the dispatch is over.
    this.addEventListener('fb-submit', (e) =>
      queueMicrotask(() => e.defaultPrevented || e.detail.status != 'complete' || this.#respond()),
    );
    this.addEventListener('focusin', (e) => {
      const from = e.relatedTarget as HTMLElement | null;
      if (from && !this.#holds(from)) this.#returnTo = from;
    });
  }

  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    const root = super.createRenderRoot();
    const dialog = (this.#dialog = h(
      'dialog',
      'part=dialog;aria-labelledby=heading',
      h('header', '', h('h2', 'id=heading;part=heading', (this.#title = h('slot', 'name=heading'))), (this.#close = h(
        'button',
        'part=close;class=close target;type=button',
        h('span', 'aria-hidden=true', '×'),
      ))),
      h('div', 'part=body', h('slot', '')),
      (this.#thanksLine = h('p', 'part=thanks;role=status')),
    ));
    dialog.oncancel = (e) => {
      e.preventDefault();
      this.#dismiss('escape');
    };
    // The browser may close a modal dialog itself (a cancel it does not let us stop). A close
    // event that arrives after the prompt was opened again is stale: the dialog is open.
    dialog.onclose = () => {
      if (!dialog.open) this.open = false;
    };
    this.#close.onclick = () => this.#dismiss('close-button');
    root.append(dialog, (this.#status = h('div', 'class=sr-only;role=status')));
    return root;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const id = this.promptId;
    if (!counted.has(id)) {
      counted.add(id);
      let newVisit = true;
      try {
        newVisit = !sessionStorage.getItem(`fb-prompt-visit:${id}`);
        sessionStorage.setItem(`fb-prompt-visit:${id}`, '1');
      } catch {
        // no session storage: every page is a visit
      }
      update(id, (r) => {
        r.pages++;
        if (newVisit) r.visits++;
      });
    }
    if (typeof BroadcastChannel === 'function') {
      this.#channel = new BroadcastChannel('feedbackkit-prompt');
      this.#channel.onmessage = (e: MessageEvent<{ id: string; type: string }>) => {
        // "dismissed" or "responded" in another tab ("shown", from older copies, is not a reason).
        if (e.data?.id === this.promptId && e.data.type !== 'shown') this.hide();
      };
    }
    // Non-modal, Escape dismisses the card wherever focus is (a control the fixed card covers
    // included: WCAG 2.4.11), unless something on the way up (a menu inside the card, the
    // page's own handler) took the key with preventDefault(), or focus is in another dialog or
    // popup of the page, whose Escape it is (a native <dialog> closes without preventDefault,
    // after this listener). Modal: the dialog's cancel.
    this.#on(document, 'keydown', (e) => {
      const path = e.composedPath();
      if (
        (e as KeyboardEvent).key === 'Escape' &&
        !e.defaultPrevented &&
        this.open &&
        !this.modal &&
        (path.includes(this) || !path.some((n) => n instanceof Element && n.matches('dialog,[role=dialog],[role=alertdialog],[popover]')))
      ) {
        e.preventDefault();
        this.#dismiss('escape');
      }
    });
    this.#arm();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const undo of this.#cleanup) undo();
    this.#cleanup = [];
    this.#channel?.close();
    this.#channel = undefined;
  }

  /** Why a trigger would not open the prompt now, or null if it would. May roll the sampling dice once. */
  eligibility(now = Date.now()): PromptBlock | null {
    return this.#block(readPromptRecord(this.promptId), now, () => update(this.promptId, (r) => (r.sampledOutAt = now)));
  }

  /** Opens the prompt if sampling and caps allow; resolves to whether it opened (one step across tabs). */
  trigger(): Promise<boolean> {
    return update(this.promptId, (r) => {
      const now = Date.now();
      const ok = !this.#block(r, now, () => (r.sampledOutAt = now));
      if (ok) {
        this.#record(r);
        this.#open();
      }
      return ok;
    });
  }

  /** Opens the prompt now (explicit: ignores sampling and caps, but counts as a show). */
  show(): void {
    if (!this.open) void update(this.promptId, (r) => this.#record(r));
    this.#open();
  }

  /** The first rule that keeps the prompt closed, rolling the sampling dice (`sampledOut` stores a "no"). */
  #block(r: PromptRecord, now: number, sampledOut: () => unknown): PromptBlock | null {
    if (this.open) return 'open';
    const block = capBlock(r, this, now);
    if (block || sampledIn(this.sample, Math.random())) return block;
    sampledOut();
    return 'sampled-out';
  }

  #record(r: PromptRecord): void {
    r.shows = addShow(r.shows, Date.now(), this.capDays);
  }

  #open(): void {
    if (this.open) return;
    this.#returnTo = deepActiveElement();
    this.#thanks = false;
    this.open = true;
  }

  /** Closes the prompt without recording a dismissal; focus returns if it was inside. */
  hide(): void {
    if (!this.open) return;
    const target = this.#returnTo;
    const inside = this.#holds(deepActiveElement());
    this.open = false;
    // After the update: while a modal dialog is still open, the page outside it is inert.
    if (inside && target) void this.updateComplete.then(() => target.isConnected && target.focus());
  }

  protected override update(changed: PropertyValues<this>): void {
    super.update(changed);
    warnMissingPack(this, this.#i18n.locale, promptMessages);
    const t = (key: PromptMessageKey) => this.#i18n.t(key);
    const heading = this.heading || t('heading');
    const dialog = this.#dialog;
    text(this.#title, heading);
    this.#close.setAttribute('aria-label', t('close'));
    text(this.#thanksLine, this.#thanks ? t('thanks') : '');
    text(this.#status, this.open && !this.modal ? heading : '');
    if (!changed.has('open')) return;
    if (this.open && !dialog.open) {
      if (this.modal) {
        dialog.showModal();
        // Into the content (e.g. the rating's tab stop), not onto the close button.
        (this.querySelector<HTMLElement>('fb-rating,fb-survey,[autofocus],button,input,textarea,select,a[href]') ?? this.#close).focus();
      } else {
        // Setting the attribute (not dialog.show()) keeps focus where the person is.
        dialog.setAttribute('open', '');
      }
    } else if (!this.open) {
      dialog.close();
    }
    if (changed.get('open') !== undefined || this.open) {
      const init = { oldState: this.open ? 'closed' : 'open', newState: this.open ? 'open' : 'closed' };
      this.dispatchEvent(typeof ToggleEvent === 'function' ? new ToggleEvent('toggle', init) : new Event('toggle'));
    }
  }

  /** Whether `node` is this element or inside it, crossing shadow roots (slotted elements' shadows too). */
  #holds(node: Node | null): boolean {
    for (let n = node; n; n = n.parentNode ?? (n as ShadowRoot).host) if (n === this) return true;
    return false;
  }

  /** Stores when the person dismissed or responded, and tells the other tabs (which close). */
  #remember(what: 'dismissed' | 'responded'): void {
    update(this.promptId, (r) => (r[`${what}At`] = Date.now()));
    this.#channel?.postMessage({ id: this.promptId, type: what });
  }

  #dismiss(reason: DismissReason): void {
    if (!this.open) return;
    this.#remember('dismissed');
    this.hide();
    this.dispatchEvent(new FbDismissEvent(reason));
  }

  #respond(): void {
    this.#remember('responded');
    this.#thanks = true;
    this.requestUpdate();
    this.#later(() => this.hide(), this.thanksSeconds);
  }

  /** Runs `fn` after `seconds`, unless the element is disconnected first. */
  #later(fn: () => void, seconds: number): void {
    const timer = setTimeout(fn, seconds * 1000);
    this.#cleanup.push(() => clearTimeout(timer));
  }

  /** Listens until the element is disconnected. */
  #on(target: EventTarget, type: string, fn: (e: Event) => void): void {
    target.addEventListener(type, fn);
    this.#cleanup.push(() => target.removeEventListener(type, fn));
  }

  #arm(): void {
    // Once per page: a trigger that failed may be followed by another, one that is pending may not.
    const fire = () => {
      if (this.#triggered) return;
      this.#triggered = true;
      void this.trigger().then((ok) => (this.#triggered = ok));
    };
    let armed = !!this.triggerEvent;
    if (armed) this.#on(window, this.triggerEvent, fire);
    if (Number.isFinite(this.delay)) {
      this.#later(fire, this.delay!);
      armed = true;
    }
    // Exit intent only where there is a mouse: the pointer leaving through the top edge.
    if (this.exitIntent && matchMedia(this.exitIntentMedia).matches) {
      this.#on(document, 'mouseout', (e) => {
        const m = e as MouseEvent;
        if (!m.relatedTarget && m.clientY <= 0) fire();
      });
      armed = true;
    }
    if (!armed && (this.minPages > 0 || this.minVisits > 0)) queueMicrotask(fire);
  }
}

function deepActiveElement(): HTMLElement | null {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a as HTMLElement | null;
}

declare global {
  interface HTMLElementTagNameMap {
    'fb-prompt': FbPrompt;
  }
}
