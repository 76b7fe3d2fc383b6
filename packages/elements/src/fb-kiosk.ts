import { ReactiveElement } from '@lit/reactive-element';
import type { PropertyValues } from '@lit/reactive-element';
import { FeedbackError, redact, scaleBoxes, scaleShape } from '@feedbackkit/core';
import type { Answer, LocalizedText, ReasonCode, ScaleKind, ScaleShape, Submission, SubmissionContext } from '@feedbackkit/core';
import { ratingMessages } from './fb-rating-messages.js';
import type { RatingMessageKey } from './fb-rating-messages.js';
import { FbSubmitEvent } from './shared/events.js';
import type { QueueState } from './shared/events.js';
import { I18nController, warnMissingPack } from './shared/i18n.js';
import type { MessageOverrides } from './shared/i18n.js';
import { baseStyles, css, themeStyles } from './shared/styles.js';
import { buildSubmission, contextFromElement } from './shared/submission.js';
import { defaultKeyMap, parseKeyMap, valueForKey } from './kiosk/key-map.js';
import type { KeyMap } from './kiosk/key-map.js';
import { KioskSession, emptySnapshot } from './kiosk/kiosk-session.js';
import { transactionLog } from './kiosk/misuse-guard.js';
import type { KioskNotice, KioskResult, KioskSnapshot } from './kiosk/kiosk-session.js';
import { kioskMessages } from './kiosk/messages.js';
import type { KioskMessageKey } from './kiosk/messages.js';
import { numberOption } from './kiosk/options.js';
import { START_FIELDS, isAllowedOrigin, parseAllowedOrigins, parseKioskMessage } from './kiosk/start-message.js';
import type { StartRequest } from './kiosk/start-message.js';
import { localize } from './survey/localized.js';
import { scaleWords } from './survey/scale-words.js';
import { html, nothing, render } from './survey/template.js';
import type { Template } from './survey/template.js';

/** The one follow-up question a kiosk may ask: pick one option, or a short comment. */
export type KioskQuestion =
  | { id: string; type: 'choice'; prompt: LocalizedText; options: { id: string; label: LocalizedText }[] }
  | { id: string; type: 'text'; prompt: LocalizedText; maxLength?: number };


/**
 * A face from sad to happy (`index` of `count`): eyes are round caps of zero-length strokes;
 * the mouth's curve goes from -1 (sad) to 1 (happy). Stroke and fill come from the CSS.
 */
function face(index: number, count: number): Template {
  const mood = count > 1 ? (index / (count - 1)) * 2 - 1 : 0;
  return html`<svg viewBox="0 0 100 100" aria-hidden="true"><circle cx="50" cy="50" r="44"/><path d="M35 40h0M65 40h0" stroke-width="10"/><path d=${`M30 ${64 - mood * 4}Q50 ${64 + mood * 14} 70 ${64 - mood * 4}`}/></svg>`;
}

/** The timing attributes: property name stem, default seconds. */
const TIMINGS = [
  ['idle', 60],
  ['wait', 120],
  ['warning', 20],
  ['thanks', 5],
  ['debounce', 0.7],
] as const;

/**
 * The ids of the transactions rated (or closed) on this device: one log for every kiosk and
 * session on the page, kept in localStorage (ids and times only), so neither a settings
 * change, a remount nor a reload lets a transaction be rated twice.
 */
const transactions = transactionLog(() => localStorage);

/** Properties whose change rebuilds the session (the timings too: `*Seconds`). */
const CONFIG = /^(scale|points|followUp|keys|allowedOrigins|maxPerMinute|\w+Seconds)$/;

/**
 * A full-screen counter service evaluator (a post-service terminal). One tap rates; an
 * optional follow-up asks for reason codes and one question; a thank-you counts down; the
 * screen then returns to the attract screen with **nothing of the previous customer left**
 * in the DOM or in the element.
 *
 * - Idle limit with a visible warning and a "more time" button (WCAG 2.2.1).
 * - Misuse guard: double taps debounced, one rating per transaction id, ratings beyond
 *   `max-per-minute` flagged `burst` in `context.flags` (recorded, not dropped).
 * - Button boxes: key presses map to scale points (`keys`, default digits 1…n), anywhere on
 *   the page except in a form control or editable text; with `inline`, only while focus is
 *   inside the kiosk.
 * - The teller's system starts a rating with `postMessage` (origins in `allowed-origins`)
 *   or a `BroadcastChannel` (`broadcast`); an unrated transaction is recorded as
 *   status `no-rating`.
 * - Screen Wake Lock while connected (re-acquired when the page becomes visible again).
 * - Offline badge with the outbox's queued count (`queued`, or the embed's `fb-queue` event).
 *
 * It has no slots (so no `@slot` tag): children of `<fb-kiosk>` are not rendered; it is set up
 * through its attributes and properties.
 *
 * @event fb-submit - `FbSubmitEvent`: a rating (status `complete`) or an unrated transaction
 *   (status `no-rating`), context from the attributes plus the teller's start message. Call
 *   `preventDefault()` to refuse a rating: the thank-you screen then says it was not saved and
 *   offers to try again (same submission, same id) until the countdown resets the kiosk.
 *
 * @csspart screen - the full-screen container of the current screen
 * @csspart prompt - the question on the attract/rating screen
 * @csspart faces - the row of rating buttons
 * @csspart face - each rating button (face and text label)
 * @csspart reason - each reason-code toggle button on the follow-up screen
 * @csspart input - the follow-up comment box
 * @csspart button - the Done and More time buttons
 * @csspart warning - the idle warning
 * @csspart thanks - the thank-you screen
 * @csspart badge - the offline / queued badge (shown while `offline` or `queued > 0`)
 *
 * @cssprop --fb-kiosk-accent - buttons and selected reasons (→ `--fb-accent`)
 * @cssprop --fb-kiosk-on-accent - text on the accent (→ `--fb-on-accent`)
 * @cssprop --fb-kiosk-surface - background (→ `--fb-surface`)
 * @cssprop --fb-kiosk-text - text and face outlines (→ `--fb-text`)
 * @cssprop --fb-kiosk-muted - secondary text (→ `--fb-muted`)
 * @cssprop --fb-kiosk-border - outlines of the buttons, ≥ 3:1 on the surface (→ `--fb-border`)
 * @cssprop --fb-kiosk-focus - focus ring (→ `--fb-focus`)
 * @cssprop --fb-kiosk-danger - warning accent (→ `--fb-danger`)
 * @cssprop --fb-kiosk-radius - corner radius (→ `--fb-radius`)
 * @cssprop --fb-kiosk-font - font family (→ `--fb-font`)
 * @cssprop --fb-kiosk-face-size - size of each rating button (default `min(17vw, 12rem)`, never below 48px; labels wrap inside it, the row wraps)
 */
export class FbKiosk extends ReactiveElement {
  static override properties = {
    scale: { reflect: true },
    points: { type: Number, reflect: true },
    prompt: { attribute: false },
    reasons: { attribute: false },
    question: { attribute: false },
    followUp: { attribute: 'follow-up', reflect: true },
    keys: {},
    allowedOrigins: { attribute: 'allowed-origins' },
    broadcast: {},
    queued: { type: Number, reflect: true },
    offline: { type: Boolean, reflect: true },
    idleSeconds: { type: Number, attribute: 'idle-seconds' },
    waitSeconds: { type: Number, attribute: 'wait-seconds' },
    warningSeconds: { type: Number, attribute: 'warning-seconds' },
    thanksSeconds: { type: Number, attribute: 'thanks-seconds' },
    debounceSeconds: { type: Number, attribute: 'debounce-seconds' },
    maxPerMinute: { type: Number, attribute: 'max-per-minute' },
    answerId: { attribute: 'answer-id' },
    surveyId: { attribute: 'survey-id' },
    messages: { attribute: false },
    _snapshot: { state: true },
    _notice: { state: true },
    _configError: { state: true },
  };

  static override styles = [
    themeStyles('kiosk'),
    baseStyles,
    css`
      :host {
        display: block;
        position: fixed;
        inset: 0;
        z-index: 2147483000;
        background: var(--_surface);
        overflow: auto;
        /* 17vw: five faces (5 × 17vw + 4 gaps of 1rem + 2rem padding) fit on one row from 640 px wide. */
        --_face: max(48px, var(--fb-kiosk-face-size, min(17vw, 12rem)));
      }
      :host([inline]) {
        position: relative;
        min-height: 32rem;
        z-index: auto;
      }
      .screen {
        box-sizing: border-box;
        min-height: 100%;
        display: flex;
        flex-direction: column;
        align-items: center;
        justify-content: center;
        gap: 1.5rem;
        padding: 2rem 1rem;
        text-align: center;
      }
      h2 {
        margin: 0;
        font-size: clamp(1.5rem, 4vw, 2.5rem);
      }
      h2:focus {
        outline: none;
      }
      .sub {
        color: var(--_muted);
        font-size: 1.25rem;
        margin: 0;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        justify-content: center;
        gap: 1rem;
      }
      .reasons {
        max-width: 48rem;
      }
      button,
      textarea {
        border: 2px solid var(--_border);
        border-radius: var(--_radius);
        background: var(--_surface);
        font-size: 1.15rem;
        padding: 0.75rem 1.25rem;
      }
      button {
        cursor: pointer;
        touch-action: manipulation;
      }
      .reason,
      .primary {
        min-height: 64px;
        min-width: 64px;
      }
      .face {
        display: flex;
        flex-direction: column;
        align-items: center;
        gap: 0.5rem;
        /* Labels wrap (inside a word if they must) rather than spill over their neighbours at
           320 px, 200 % zoom or with WCAG 1.4.12 text spacing; the row wraps too. */
        min-width: var(--_face);
        width: min-content;
        overflow-wrap: anywhere;
        min-height: var(--_face);
        padding: 0.75rem;
      }
      svg {
        width: 70%;
        fill: none;
        stroke: currentColor;
        stroke-width: 5;
        stroke-linecap: round;
      }
      /* Pressed is shown by a check mark and a thicker border as well as the fill. */
      [aria-pressed='true'],
      [aria-checked='true'],
      .face:active,
      .primary {
        background: var(--_accent);
        color: var(--_on-accent);
        border-color: var(--_accent);
      }
      [aria-pressed='true'],
      [aria-checked='true'] {
        border: 4px double var(--_on-accent);
        box-shadow: 0 0 0 2px var(--_accent);
      }
      [aria-pressed='true']::before,
      [aria-checked='true']::before {
        content: '✓ ';
      }
      .primary {
        min-width: 12rem;
      }
      textarea {
        box-sizing: border-box;
        width: min(40rem, 100%);
        min-height: 6rem;
        font-family: inherit;
        color: var(--_text);
      }
      .warning {
        position: fixed;
        inset: auto 1rem 1rem;
        align-items: center;
        padding: 1rem;
        border: 3px solid var(--_danger);
        border-radius: var(--_radius);
        background: var(--_surface);
        font-size: 1.25rem;
      }
      :host([inline]) .warning {
        position: absolute;
      }
      .badge {
        position: absolute;
        top: 0.75rem;
        inset-inline-end: 0.75rem;
        padding: 0.25rem 0.75rem;
        border: 2px solid var(--_border);
        border-radius: 999px;
        color: var(--_muted);
      }
    `,
  ];

  /** Scale kind; `evaluator` (the counter device) by default. */
  declare scale: ScaleKind;
  /** Points of the scale variant (evaluator/smiley 3, 4 or 5). Default 5. */
  declare points: number | undefined;
  /** The question on the rating screen (default: "How was our service today?"). */
  declare prompt: LocalizedText | undefined;
  /** Reason codes offered on the follow-up screen. */
  declare reasons: ReasonCode[] | undefined;
  /** One optional follow-up question (choice or short text). */
  declare question: KioskQuestion | undefined;
  /** When the follow-up screen opens: `low` (bottom box, default), `always` or `never`. */
  declare followUp: 'low' | 'always' | 'never';
  /** Key map for button boxes, `"key:value"` pairs (default digits 1…n, lowest first). */
  declare keys: string | undefined;
  /** Origins allowed to start ratings with `postMessage`, space-separated. None: postMessage is ignored. */
  declare allowedOrigins: string | undefined;
  /** A `BroadcastChannel` name the teller's system (same origin) posts start messages on. */
  declare broadcast: string | undefined;
  /** Submissions waiting in the outbox (the badge); the embed sets it, or it follows `fb-queue` events. */
  declare queued: number;
  /** Show "Offline" in the badge; the embed's `fb-queue` events keep it in step with the outbox. */
  declare offline: boolean;
  /** Time on the follow-up screen. Default 60. */
  declare idleSeconds: number | undefined;
  /** Time a teller-started session waits for a rating before recording no rating. Default 120. */
  declare waitSeconds: number | undefined;
  /** The idle warning shows this long before a timeout. Default 20 (WCAG 2.2.1). */
  declare warningSeconds: number | undefined;
  /** Thank-you countdown. Default 5. */
  declare thanksSeconds: number | undefined;
  /** Taps this close to an accepted one (or to a screen change) are ignored. Default 0.7. */
  declare debounceSeconds: number | undefined;
  /** Ratings beyond this many in a rolling minute are flagged `burst`. Default 6. */
  declare maxPerMinute: number | undefined;
  /** Answer key of the rating in the submission. Default `rating`. */
  declare answerId: string;
  /** Survey id stamped on submissions, if any. */
  declare surveyId: string | undefined;
  declare messages: MessageOverrides | undefined;
  declare _snapshot: KioskSnapshot;
  declare _notice: string;
  declare _configError: FeedbackError | undefined;

  readonly #i18n = new I18nController<KioskMessageKey>(this, kioskMessages);
  /** <fb-rating>'s catalog for the words of scales without faces (see survey/scale-words.ts). */
  readonly #points = new I18nController<RatingMessageKey>(this, ratingMessages);
  // The fields that can hold a customer's answer (`_session`, `_refused`) are TypeScript-private
  // rather than `#private`, so the "nothing remains" test can walk them (a `#` field is out of
  // any walk's sight; src/kiosk/visible-state.test.ts keeps new `#` fields to a reviewed list).
  private _session: KioskSession | undefined;
  /**
   * The scale (its `ref` complete with points), set with the session when the settings change,
   * not on each render (a countdown renders every second).
   */
  #shape: ScaleShape | undefined;
  #keyMap: KeyMap = new Map();
  #origins: string[] = [];
  #channel: BroadcastChannel | undefined;
  #wakeLock: WakeLockSentinel | undefined;
  #noticeTimer: ReturnType<typeof setTimeout> | undefined;
  #focusHeading = false;
  /** Seconds left when the warning appeared: announced once, while the visible count ticks. */
  #warningFrom = 0;
  /** A rating the page refused (`preventDefault()` on fb-submit), kept only until the reset. */
  private _refused: Submission | undefined;

  constructor() {
    super();
    this.scale = 'evaluator';
    this.followUp = 'low';
    this.queued = 0;
    this.offline = false;
    this.answerId = 'rating';
    this._snapshot = emptySnapshot();
    this._notice = '';
  }

  /** Whether a screen wake lock is currently held. */
  get wakeLocked(): boolean {
    return this.#wakeLock?.released === false;
  }

  /** The state the screen shows (a copy). */
  get snapshot(): KioskSnapshot {
    return this._snapshot;
  }

  /** Start a rating for a transaction (what the postMessage/BroadcastChannel handlers call). */
  begin(request: StartRequest): boolean {
    return this._session?.begin(request) ?? false;
  }

  /** Back to the attract screen, nothing kept. An open teller session is recorded as no rating. */
  reset(): void {
    this._session?.cancel();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#listen('addEventListener');
    if (this.broadcast && !this.#channel) this.#openChannel();
    void this.#onVisibility();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#listen('removeEventListener');
    this.#openChannel(true);
    void this.#wakeLock?.release().catch(() => undefined);
    this.#wakeLock = undefined;
    clearTimeout(this.#noticeTimer);
    // Moving the element (removed and inserted in the same task) keeps the customer's session.
    queueMicrotask(() => {
      if (this.isConnected) return;
      this._session?.dispose();
      this._session = this._refused = undefined;
      this._snapshot = emptySnapshot();
    });
  }

  /** Adds (or removes) the element's window, document and own listeners. */
  #listen(how: 'addEventListener' | 'removeEventListener'): void {
    window[how]('keydown', this.#onKey as EventListener);
    window[how]('message', this.#onMessage as EventListener);
    this[how]('pointerdown', this.#onPointer);
    document[how]('fb-queue', this.#onQueue);
    document[how]('visibilitychange', this.#onVisibility);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this._session || [...changed.keys()].some((k) => CONFIG.test(String(k)))) this.#configure();
    if (changed.has('broadcast')) this.#openChannel();
  }

  protected override update(changed: PropertyValues<this>): void {
    const view = this.#render();
    super.update(changed);
    warnMissingPack(this, this.#i18n.locale, kioskMessages);
    render(view, this.renderRoot);
  }

  protected override updated(): void {
    if (this.#focusHeading) {
      this.#focusHeading = false;
      this.renderRoot.querySelector<HTMLElement>('h2')?.focus();
    }
  }

  #configure(): void {
    try {
      // Core's default points (no `points` and `points: undefined` are the same to it), except the evaluator's 5 here.
      const scale = (this.#shape = scaleShape({ kind: this.scale, points: this.points ?? (this.scale === 'evaluator' ? 5 : undefined) }));
      const { bottomBox } = scaleBoxes(scale.ref);
      this.#keyMap = this.keys ? parseKeyMap(this.keys, scale.values) : defaultKeyMap(scale.values);
      this.#origins = parseAllowedOrigins(this.allowedOrigins);
      const followUp = this.followUp;
      const old = this._session;
      const options: Record<string, unknown> = {
        maxPerMinute: this.maxPerMinute, // unset: the guard's default (6)
        transactions,
        followUpFor: (value: number) =>
          (Boolean(this.reasons?.length) || this.question !== undefined) &&
          (followUp === 'always' || (followUp === 'low' && bottomBox.includes(value))),
      };
      // Attributes arrive through Lit's Number converter; seconds become the session's ms.
      for (const [stem, seconds] of TIMINGS) {
        options[`${stem}Ms`] = numberOption(`${stem}-seconds`, this[`${stem}Seconds` as const], seconds) * 1000;
      }
      this._session = new KioskSession(options, {
        onChange: (snapshot) => this.#onChange(snapshot),
        onResult: (result) => this.#onResult(result),
        onNotice: (notice) => this.#onNotice(notice),
      });
      old?.dispose();
      this._configError = undefined;
      this._snapshot = this._session.snapshot;
    } catch (error) {
      this._configError = error instanceof FeedbackError ? error : new FeedbackError('invalid-option', String(error));
      console.warn(`<fb-kiosk>: ${this._configError.message}`);
    }
  }

  #onChange(snapshot: KioskSnapshot): void {
    const previous = this._snapshot;
    if (previous.state !== snapshot.state) {
      this.#focusHeading = true;
      // A notice (e.g. "personal details were removed") belongs to the customer who caused it.
      this._notice = '';
    }
    if (snapshot.state !== 'thanks') this._refused = undefined;
    // The warning (and its focused button) goes away: keep focus on the screen, not on <body>.
    if (previous.warning && !snapshot.warning && this.shadowRoot?.activeElement?.closest('.warning')) {
      this.#focusHeading = true;
    }
    this._snapshot = snapshot;
    if (snapshot.warning && !previous.warning) {
      this.#warningFrom = snapshot.remaining;
      // The warning's button takes focus so a keyboard or switch user can extend at once.
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.warning button')?.focus());
    }
  }

  #onResult(result: KioskResult): void {
    const answers: Record<string, Answer> = {};
    const { value, reasons, answer, start } = result;
    if (result.status === 'complete' && value !== undefined) {
      // The session's result is already a copy: its lists can be used as they are.
      answers[this.answerId] = { type: 'rating', scale: this.#shape!.ref, value, ...(reasons && { reasons }) };
      const q = this.question;
      if (q && answer !== undefined) {
        answers[q.id] = q.type === 'choice' ? { type: 'choice', value: [answer] } : { type: 'text', value: answer };
      }
    }
    const context: SubmissionContext = { channel: 'kiosk', ...contextFromElement(this) };
    for (const key of START_FIELDS) if (start?.[key] !== undefined) context[key] = start[key];
    if (result.flags.length > 0) context.flags = result.flags;
    const submission = buildSubmission({
      answers,
      status: result.status,
      survey: this.surveyId ? { id: this.surveyId } : undefined,
      context,
    });
    const taken = this.dispatchEvent(new FbSubmitEvent(submission));
    if (!this.isConnected) document.dispatchEvent(new FbSubmitEvent(submission));
    // Refused: the thank-you screen says so and offers the same submission again.
    else if (!taken && result.status === 'complete') this._refused = submission;
  }

  #retry(): void {
    if (this._refused && this.dispatchEvent(new FbSubmitEvent(this._refused))) {
      this._refused = undefined;
      this.#focusHeading = true;
      this.requestUpdate();
    }
  }

  /** A refused transaction is announced in the live region for 5 s (a debounced double tap needs no words). */
  #onNotice(notice: KioskNotice): void {
    if (notice !== 'duplicate-transaction') return;
    this._notice = this.#t('alreadyRated');
    clearTimeout(this.#noticeTimer);
    this.#noticeTimer = setTimeout(() => (this._notice = ''), 5_000);
  }

  /** Any touch on the kiosk is activity: it restarts the idle limit and hides the warning. */
  readonly #onPointer = (): void => this._session?.activity();

  readonly #onKey = (event: KeyboardEvent): void => {
    const session = this._session;
    if (!session || event.defaultPrevented || event.repeat) return;
    session.activity();
    // Typing in a field, a list or editable text (the comment box too) is not a button-box
    // press, nor is a key on a page's own button or form-associated element; an inline kiosk
    // takes only keys aimed at itself (focus inside it), a full-screen one the page's too.
    const path = event.composedPath();
    const mine = path.includes(this);
    if (!mine && this.hasAttribute('inline')) return;
    for (const n of path) {
      if (
        n instanceof Element &&
        (n.matches(mine ? 'input,textarea,select,:read-write' : 'input,textarea,select,:read-write,button') ||
          (!mine && (n.constructor as { formAssociated?: boolean }).formAssociated))
      )
        return;
    }
    const value = valueForKey(this.#keyMap, event);
    if (value !== undefined) {
      event.preventDefault();
      session.rate(value);
    }
  };

  readonly #onMessage = (event: MessageEvent): void => {
    if (isAllowedOrigin(event.origin, this.#origins)) this.#handle(event.data);
  };

  #handle(data: unknown): void {
    try {
      const message = parseKioskMessage(data);
      if (message?.type === 'cancel') this._session?.cancel();
      else if (message) this._session?.begin(message.request);
    } catch (error) {
      console.warn(`<fb-kiosk>: ${(error as Error).message}`);
    }
  }

  /** (Re)opens the `broadcast` channel; `close` only closes it. */
  #openChannel(close?: boolean): void {
    this.#channel?.close();
    this.#channel = undefined;
    if (close || !this.broadcast || typeof BroadcastChannel !== 'function') return;
    this.#channel = new BroadcastChannel(this.broadcast);
    this.#channel.onmessage = (event: MessageEvent) => this.#handle(event.data);
  }

  /**
   * The embed's `fb-queue` event, read by its shape rather than its class: the embed may carry
   * another copy of this library (whose `FbQueueEvent` is another class), or send a plain
   * `CustomEvent`. A detail without an integer `queued` is ignored.
   */
  readonly #onQueue = (event: Event): void => {
    const state = (event as CustomEvent<QueueState | undefined>).detail;
    if (Number.isInteger(state?.queued)) {
      this.queued = state!.queued;
      this.offline = state!.online === false;
    }
  };

  /** Takes a screen wake lock when connected and whenever the page becomes visible again. */
  readonly #onVisibility = async (): Promise<void> => {
    if (this.wakeLocked || document.visibilityState !== 'visible' || this.hasAttribute('no-wake-lock')) return;
    try {
      // No Wake Lock API (a TypeError here), no user activation yet, battery saver or a
      // permissions policy: the kiosk still works; the device's own power settings decide.
      const sentinel = await (navigator as Navigator & { wakeLock: WakeLock }).wakeLock.request('screen');
      if (this.isConnected) this.#wakeLock = sentinel;
      else await sentinel.release();
    } catch {
      // see above
    }
  };

  #t(key: KioskMessageKey, params?: Record<string, string | number>): string {
    return this.#i18n.t(key, params);
  }

  #text(text: LocalizedText | undefined): string {
    return localize(text, this.#i18n.locale);
  }

  // ---- rendering ----------------------------------------------------------------------

  #render(): Template {
    const s = this._snapshot;
    const thanks = s.state === 'thanks';
    const badge = [this.offline ? this.#t('offline') : '', this.queued > 0 ? this.#t('queued', { count: this.queued }) : '']
      .filter(Boolean)
      .join(' · ');
    return html`<div class="screen" part=${thanks ? 'screen thanks' : 'screen'}>${this._configError
        ? html`<p role="alert">${this.#t('configError')}</p>`
        : thanks
          ? this.#renderThanks(s)
          : s.state === 'follow-up'
            ? this.#renderFollowUp(s)
            : this.#renderRating(s)}</div>
      ${s.warning && !thanks
        ? html`<div class="row warning" part="warning" role="alert">
            <span class="sr-only">${this.#t('warning', { count: this.#warningFrom })}</span>
            <span aria-hidden="true">${this.#t('warning', { count: s.remaining })}</span>
            ${this.#button('moreTime', () => this._session?.extend())}
          </div>`
        : nothing}
      ${badge ? html`<div class="badge" part="badge" role="status">${badge}</div>` : nothing}
      <div class="sr-only" role="status" aria-live="polite">${this._notice}</div>`;
  }

  #button(label: KioskMessageKey, click: () => void): Template {
    return html`<button type="button" class="primary" part="button" @click=${click}>${this.#t(label)}</button>`;
  }

  #renderRating(s: KioskSnapshot): Template {
    const scale = this.#shape!;
    const values = scale.values;
    const faces = this.scale === 'evaluator' || this.scale === 'smiley';
    // Faces (evaluator, smiley) are named by satisfaction level, the counter device's wording.
    const word = scaleWords(this.#points, faces ? { ...scale, kind: 'evaluator' } : scale);
    return html`<h2 id="prompt" tabindex="-1" part="prompt">${this.#text(this.prompt) || this.#t('prompt')}</h2>
      ${s.start?.staff ? html`<p class="sub">${this.#t('servedBy', { staff: s.start.staff })}</p>` : nothing}
      <div class="row" part="faces" role="group" aria-labelledby="prompt">
        ${values.map(
          (v, i) => html`<button type="button" class="face" part="face" @click=${() => this._session?.rate(v)}>
            ${faces ? face(i, values.length) : html`<span aria-hidden="true">${this.#i18n.n(v)}</span>`}<span>${word(i) || String(v)}</span>
          </button>`,
        )}
      </div>
      <p class="sub">${this.#t('attractHint')}</p>`;
  }

  /**
   * A row of toggle buttons under the heading `id`: reason codes (`aria-pressed`, any number)
   * or the options of a choice question (`radio`, one).
   */
  #toggles(id: string, items: readonly { id: string; label: LocalizedText }[], on: (id: string) => boolean, pick: (id: string) => void, radio?: boolean): Template {
    return html`<div class="row reasons" role=${radio ? 'radiogroup' : 'group'} aria-labelledby=${id}>
      ${items.map(
        (item) => html`<button
          type="button"
          class="reason"
          part="reason"
          role=${radio ? 'radio' : nothing}
          aria-checked=${radio ? String(on(item.id)) : nothing}
          aria-pressed=${radio ? nothing : String(on(item.id))}
          @click=${() => pick(item.id)}
        >
          ${this.#text(item.label)}
        </button>`,
      )}
    </div>`;
  }

  #renderFollowUp(s: KioskSnapshot): Template {
    const reasons = this.reasons ?? [];
    const session = this._session;
    const q = this.question;
    // The first thing asked is the screen's heading (it takes focus); a question after the reasons is a line.
    const prompt = q && this.#text(q.prompt);
    const heading = reasons.length === 0;
    return html`${heading
        ? nothing
        : html`<h2 tabindex="-1" id="reasons-heading">${this.#t('reasonsPrompt')}</h2>
            ${this.#toggles('reasons-heading', reasons, (id) => s.reasons.includes(id), (id) => session?.toggleReason(id))}`}
      ${q
        ? html`${heading ? html`<h2 tabindex="-1" id="q-heading">${prompt}</h2>` : html`<p class="sub" id="q-heading">${prompt}</p>`}
          ${q.type === 'choice'
            ? this.#toggles('q-heading', q.options, (id) => s.answer === id, (id) => session?.setAnswer(id), true)
            : html`<textarea
                part="input"
                aria-labelledby="q-heading"
                autocomplete="off"
                maxlength=${q.maxLength ?? 500}
                .value=${s.answer}
                @input=${(e: Event) => {
                  const field = e.target as HTMLTextAreaElement;
                  const result = redact(field.value);
                  if (result.found.length > 0) {
                    field.value = result.text;
                    this._notice = this.#t('redacted');
                  }
                  session?.setAnswer(field.value);
                }}
              ></textarea>`}`
        : nothing}
      ${this.#button('done', () => session?.done())}`;
  }

  #renderThanks(s: KioskSnapshot): Template {
    const refused = this._refused !== undefined;
    return html`<h2 tabindex="-1">${this.#t(refused ? 'notSaved' : 'thanks')}</h2>
      ${refused ? this.#button('retry', () => this.#retry()) : nothing}
      <p class="sub">${this.#t('nextIn', { count: s.remaining })}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fb-kiosk': FbKiosk;
  }
}
