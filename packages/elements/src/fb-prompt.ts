import { LitElement, css, html } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { promptMessages } from './fb-prompt-messages.js';
import type { PromptMessageKey } from './fb-prompt-messages.js';
import { FbDismissEvent } from './shared/events.js';
import type { DismissReason } from './shared/events.js';
import { I18nController } from './shared/i18n.js';
import type { MessageOverrides } from './shared/i18n.js';
import { baseStyles, themeStyles } from './shared/styles.js';

const DAY = 86_400_000;
const CHANNEL = 'feedbackkit-prompt';

/** What a prompt remembers per `prompt-id`, in localStorage (shared by every tab of the origin). */
export interface PromptRecord {
  /** Times (ms) the prompt was shown. */
  shows: number[];
  respondedAt?: number;
  dismissedAt?: number;
  sampledOutAt?: number;
  /** Page views and visits (a visit = a tab session) seen so far. */
  pages: number;
  visits: number;
}

/** Why `trigger()` did not open the prompt (null = it may open). */
export type PromptBlock = 'open' | 'pages' | 'visits' | 'responded' | 'dismissed' | 'capped' | 'sampled-out';

// Storage can be missing or throw (privacy modes, quota): fall back to memory for the page.
const memory = new Map<string, PromptRecord>();
const counted = new Set<string>();

export function readPromptRecord(id: string): PromptRecord {
  const fresh: PromptRecord = { shows: [], pages: 0, visits: 0 };
  try {
    const raw = localStorage.getItem(`fb-prompt:${id}`);
    if (raw) return { ...fresh, ...(JSON.parse(raw) as Partial<PromptRecord>) };
    return { ...fresh };
  } catch {
    return memory.get(id) ?? fresh;
  }
}

function updateRecord(id: string, change: (r: PromptRecord) => void): PromptRecord {
  const r = readPromptRecord(id);
  change(r);
  memory.set(id, r);
  try {
    localStorage.setItem(`fb-prompt:${id}`, JSON.stringify(r));
  } catch {
    // memory only
  }
  return r;
}

/**
 * The invitation to give feedback: a small non-modal card (default) or a modal dialog,
 * holding e.g. an `<fb-rating>`. Opens with `show()` or on a trigger — a `window` event
 * (`trigger-event`), a delay (`delay`, seconds), exit intent on desktop (`exit-intent`),
 * or on load once `min-pages` / `min-visits` are reached — but a trigger opens it only if
 * the visitor is sampled (`sample`, %) and within the caps: at most `max-shows` shows per
 * `cap-days`, nothing for `recontact-days` after a response, nothing for `dismiss-days`
 * after a dismissal. The caps are stored in localStorage under `fb-prompt:<prompt-id>`, so
 * they hold across tabs, and a response or dismissal in one tab closes the prompt in the
 * others (BroadcastChannel). `show()` is explicit and ignores sampling and caps.
 *
 * Non-modal, it never takes focus on open; modal, it uses `<dialog>.showModal()` and moves
 * focus to its content. Escape or the close button dismisses it (remembered); focus goes
 * back where it was. When a child announces `fb-submit`, it records the response, thanks
 * and closes after `thanks-seconds`.
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
export class FbPrompt extends LitElement {
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
    _thanks: { state: true },
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
        box-shadow: 0 4px 24px rgb(0 0 0 / 0.2);
      }
      dialog:not([data-modal]) {
        position: fixed;
        inset: auto;
        inset-block-end: var(--fb-prompt-offset, 1rem);
        inset-inline-end: var(--fb-prompt-offset, 1rem);
        margin: 0;
        z-index: 2147483000;
      }
      dialog::backdrop {
        background: rgb(0 0 0 / 0.4);
      }
      header {
        display: flex;
        align-items: start;
        justify-content: space-between;
        gap: 0.5rem;
        margin-block-end: 0.75rem;
      }
      h2 {
        margin: 0;
        font-size: 1.0625rem;
      }
      .close {
        position: relative;
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

  declare private _thanks: boolean;
  private readonly i18n = new I18nController<PromptMessageKey>(this, promptMessages);
  private channel: BroadcastChannel | undefined;
  private cleanup: Array<() => void> = [];
  private returnTo: HTMLElement | null = null;
  private triggered = false;

  constructor() {
    super();
    this._thanks = false;
    this.addEventListener('fb-submit', () => this.onResponse());
    this.addEventListener('focusin', (e) => {
      const from = e.relatedTarget as HTMLElement | null;
      if (from && !this.holds(from)) this.returnTo = from;
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const id = this.promptId;
    if (!counted.has(id)) {
      counted.add(id);
      let newVisit = false;
      try {
        newVisit = !sessionStorage.getItem(`fb-prompt-visit:${id}`);
        sessionStorage.setItem(`fb-prompt-visit:${id}`, '1');
      } catch {
        newVisit = true;
      }
      updateRecord(id, (r) => {
        r.pages++;
        if (newVisit) r.visits++;
      });
    }
    if (typeof BroadcastChannel === 'function') {
      const channel = new BroadcastChannel(CHANNEL);
      channel.onmessage = (e: MessageEvent<{ id: string; type: string }>) => {
        if (e.data?.id === this.promptId && e.data.type !== 'shown' && this.open) this.hide();
      };
      this.channel = channel;
    }
    this.armTriggers();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const undo of this.cleanup) undo();
    this.cleanup = [];
    this.channel?.close();
    this.channel = undefined;
  }

  /** Why a trigger would not open the prompt now, or null if it would. May roll the sampling dice once. */
  eligibility(now = Date.now()): PromptBlock | null {
    if (this.open) return 'open';
    const r = readPromptRecord(this.promptId);
    if (r.pages < this.minPages) return 'pages';
    if (r.visits < this.minVisits) return 'visits';
    if (r.respondedAt !== undefined && now - r.respondedAt < this.recontactDays * DAY) return 'responded';
    if (r.dismissedAt !== undefined && now - r.dismissedAt < this.dismissDays * DAY) return 'dismissed';
    if (this.maxShows > 0 && r.shows.filter((t) => now - t < this.capDays * DAY).length >= this.maxShows) return 'capped';
    if (r.sampledOutAt !== undefined && now - r.sampledOutAt < this.recontactDays * DAY) return 'sampled-out';
    if (!(Math.random() * 100 < this.sample)) {
      updateRecord(this.promptId, (x) => (x.sampledOutAt = now));
      return 'sampled-out';
    }
    return null;
  }

  /** Opens the prompt if sampling and caps allow; returns whether it opened. */
  trigger(): boolean {
    if (this.eligibility() !== null) return false;
    this.show();
    return true;
  }

  /** Opens the prompt now (explicit: ignores sampling and caps, but counts as a show). */
  show(): void {
    if (this.open) return;
    this.returnTo = deepActiveElement();
    this._thanks = false;
    updateRecord(this.promptId, (r) => {
      r.shows = [...r.shows.filter((t) => Date.now() - t < Math.max(this.capDays, 1) * DAY), Date.now()];
    });
    this.channel?.postMessage({ id: this.promptId, type: 'shown' });
    this.open = true;
  }

  /** Closes the prompt without recording a dismissal; focus returns if it was inside. */
  hide(): void {
    if (!this.open) return;
    const inside = this.hasFocus();
    const target = this.returnTo;
    this.open = false;
    // After the update: while a modal dialog is still open, the page outside it is inert.
    if (inside && target) void this.updateComplete.then(() => target.isConnected && target.focus());
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('open')) return;
    const dialog = this.dialog();
    if (!dialog) return;
    if (this.open && !dialog.open) {
      if (this.modal) {
        dialog.showModal();
        // Into the content (e.g. the rating's tab stop), not onto the close button.
        const first = this.querySelector<HTMLElement>('fb-rating, fb-survey, [autofocus], button, input, textarea, select, a[href]');
        (first ?? dialog.querySelector<HTMLElement>('.close'))?.focus();
      } else {
        // Setting the attribute (not dialog.show()) keeps focus where the person is.
        dialog.setAttribute('open', '');
      }
    } else if (!this.open && dialog.open) {
      dialog.close();
    }
    if (changed.get('open') !== undefined || this.open) {
      const init = { oldState: this.open ? 'closed' : 'open', newState: this.open ? 'open' : 'closed' };
      this.dispatchEvent(typeof ToggleEvent === 'function' ? new ToggleEvent('toggle', init) : new Event('toggle'));
    }
  }

  protected override render(): TemplateResult {
    return html`<dialog
        part="dialog"
        ?data-modal=${this.modal}
        aria-labelledby="heading"
        @keydown=${(e: KeyboardEvent) => {
          if (e.key === 'Escape' && !this.modal) {
            e.preventDefault();
            this.dismiss('escape');
          }
        }}
        @cancel=${(e: Event) => {
          e.preventDefault();
          this.dismiss('escape');
        }}
        @close=${() => {
          // The browser may close a modal dialog itself (a cancel it does not let us stop).
          if (this.open) this.open = false;
        }}
      >
        <header>
          <h2 id="heading" part="heading"><slot name="heading">${this.heading || this.i18n.t('heading')}</slot></h2>
          <button part="close" class="close target" type="button" aria-label=${this.i18n.t('close')} @click=${() => this.dismiss('close-button')}>
            <span aria-hidden="true">×</span>
          </button>
        </header>
        <div part="body"><slot></slot></div>
        <p part="thanks" role="status">${this._thanks ? this.i18n.t('thanks') : ''}</p>
      </dialog>
      <div class="sr-only" role="status">${this.open && !this.modal ? this.heading || this.i18n.t('heading') : ''}</div>`;
  }

  private dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  /** Whether `node` is this element or inside it, crossing shadow roots (slotted elements' shadows too). */
  private holds(node: Node | null): boolean {
    for (let n = node; n; n = n.parentNode ?? (n as ShadowRoot).host ?? null) if (n === this) return true;
    return false;
  }

  private hasFocus(): boolean {
    return this.holds(deepActiveElement());
  }

  private dismiss(reason: DismissReason): void {
    if (!this.open) return;
    updateRecord(this.promptId, (r) => (r.dismissedAt = Date.now()));
    this.channel?.postMessage({ id: this.promptId, type: 'dismissed' });
    this.hide();
    this.dispatchEvent(new FbDismissEvent(reason));
  }

  private onResponse(): void {
    updateRecord(this.promptId, (r) => (r.respondedAt = Date.now()));
    this.channel?.postMessage({ id: this.promptId, type: 'responded' });
    this._thanks = true;
    const timer = setTimeout(() => this.hide(), this.thanksSeconds * 1000);
    this.cleanup.push(() => clearTimeout(timer));
  }

  private armTriggers(): void {
    const fire = () => {
      if (this.triggered) return;
      if (this.trigger()) this.triggered = true;
    };
    const on = <K extends string>(target: EventTarget, type: K, fn: (e: Event) => void) => {
      target.addEventListener(type, fn);
      this.cleanup.push(() => target.removeEventListener(type, fn));
    };
    let armed = false;
    if (this.triggerEvent) {
      on(window, this.triggerEvent, fire);
      armed = true;
    }
    if (this.delay !== undefined && this.delay !== null && Number.isFinite(this.delay)) {
      const timer = setTimeout(fire, this.delay * 1000);
      this.cleanup.push(() => clearTimeout(timer));
      armed = true;
    }
    // Exit intent only where there is a mouse: the pointer leaving through the top edge.
    if (this.exitIntent && matchMedia(this.exitIntentMedia).matches) {
      on(document, 'mouseout', (e) => {
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
