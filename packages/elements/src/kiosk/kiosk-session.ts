import { MisuseGuard } from './misuse-guard.js';
import { finite, numberOption } from './options.js';
import type { MisuseGuardOptions } from './misuse-guard.js';
import type { StartRequest } from './start-message.js';

/**
 * The kiosk's customer cycle as a plain state machine, so every timing rule is unit-tested
 * with a fake clock and the element only renders snapshots:
 *
 * attract ──tap a point──────────────▶ (follow-up) ──done──▶ thanks ──countdown──▶ attract
 * attract ──teller start──▶ rating ──rate──▶ (follow-up) ──done──▶ thanks ──countdown──▶ attract
 *
 * The attract screen already shows the scale: a walk-up customer rates with one tap (or one
 * button-box press), so there is no separate "wake" step. Any screen that waits for the
 * customer (a teller's rating, the follow-up) has a time limit; a visible warning with a
 * "more time" action appears `warningMs` before it (WCAG 2.2.1). A session the teller started
 * for a transaction that ends without a rating is *recorded* as `no-rating`. Reset drops
 * every answer: the next customer starts from nothing.
 */
export type KioskState = 'attract' | 'rating' | 'follow-up' | 'thanks';

export interface KioskTimings {
  /** Time the customer has on the follow-up screen. Default 60 s. */
  idleMs?: number;
  /** A teller-started session waits this long for a rating before recording no rating. Default 120 s. */
  waitMs?: number;
  /** The warning shows this long before a timeout. Default 20 s (WCAG 2.2.1 asks for ≥ 20 s). */
  warningMs?: number;
  /** Thank-you screen duration. Default 5 s. */
  thanksMs?: number;
}

export interface KioskSessionOptions extends KioskTimings, MisuseGuardOptions {
  /** Whether a rating opens the follow-up screen (e.g. reason codes after a low score). */
  followUpFor?: (value: number) => boolean;
  now?: () => number;
}

export interface KioskSnapshot {
  state: KioskState;
  /** The transaction context a teller started the session with. */
  start: StartRequest | undefined;
  value: number | undefined;
  reasons: readonly string[];
  answer: string;
  /** The timeout warning is showing. */
  warning: boolean;
  /** Whole seconds left: of the warning, or of the thank-you countdown; 0 otherwise. */
  remaining: number;
}

export interface KioskResult {
  status: 'complete' | 'no-rating';
  value?: number;
  reasons?: string[];
  answer?: string;
  start?: StartRequest;
  flags: string[];
}

export type KioskNotice = 'debounce' | 'duplicate-transaction';

export interface KioskCallbacks {
  onChange?: (snapshot: KioskSnapshot) => void;
  onResult?: (result: KioskResult) => void;
  onNotice?: (notice: KioskNotice) => void;
}

/** The attract screen with nothing of anybody: a fresh object each time. */
export const emptySnapshot = (): KioskSnapshot => ({
  state: 'attract',
  start: undefined,
  value: undefined,
  reasons: [],
  answer: '',
  warning: false,
  remaining: 0,
});

export class KioskSession {
  readonly idleMs: number;
  readonly waitMs: number;
  readonly warningMs: number;
  readonly thanksMs: number;
  readonly guard: MisuseGuard;
  readonly #followUpFor: (value: number) => boolean;
  readonly #now: () => number;
  readonly #callbacks: KioskCallbacks;

  /**
   * Everything the screen shows; `start` and `reasons` are replaced, never changed in place.
   * This and `_flags` hold the customer's answer: TypeScript-private, not `#`, so a test can
   * walk them (see <fb-kiosk>'s "nothing remains" test).
   */
  private _s = emptySnapshot();
  private _flags: string[] = [];
  /** When the current waiting screen or the thank-you ends (ms). */
  #deadline = 0;
  /** The next tick: the warning's start, the next whole second of a countdown, or the end. */
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Taps before this time are the tail of a double tap on the previous screen. */
  #inputFrom = -Infinity;

  constructor(options: KioskSessionOptions = {}, callbacks: KioskCallbacks = {}) {
    this.idleMs = numberOption('idleMs', options.idleMs, 60_000);
    this.waitMs = numberOption('waitMs', options.waitMs, 120_000);
    this.warningMs = Math.min(numberOption('warningMs', options.warningMs, 20_000), this.idleMs);
    this.thanksMs = numberOption('thanksMs', options.thanksMs, 5_000);
    this.guard = new MisuseGuard(options);
    this.#followUpFor = options.followUpFor ?? (() => false);
    this.#now = options.now ?? (() => Date.now());
    this.#callbacks = callbacks;
  }

  /** A copy of the current state. */
  get snapshot(): KioskSnapshot {
    const s = this._s;
    return { ...s, start: s.start && { ...s.start } };
  }

  get state(): KioskState {
    return this._s.state;
  }

  /**
   * The teller's system asks for a rating of `request.transaction`. A session still open for
   * a previous customer is closed first (recorded), so nothing carries over.
   */
  begin(request: StartRequest): boolean {
    const s = this._s;
    if (this.guard.hasRated(request.transaction, this.#now())) {
      this.#callbacks.onNotice?.('duplicate-transaction');
      return false;
    }
    if (s.start?.transaction !== request.transaction || s.state !== 'rating') {
      this.#closeOpenSession();
      this.#clear();
      this._s.start = { ...request };
      this.#enter('rating', this.waitMs);
    }
    return true;
  }

  /** The teller cancelled: an open transaction session is recorded as no rating. */
  cancel(): void {
    this.#closeOpenSession();
    this.reset();
  }

  /** One tap (or key press) on a scale point. */
  rate(value: number): boolean {
    finite('value', value);
    const state = this._s.state;
    // The follow-up screen shows no scale: a stray key press there is not a second rating.
    if (state === 'follow-up') return false;
    // A walk-up rating comes from the attract screen, or from a press while the last
    // customer's thank-you still counts down: it starts fresh.
    const walkUp = state !== 'rating';
    const admission = this.#inputAllowed() ? this.guard.admit(this.#now(), walkUp ? undefined : this._s.start?.transaction) : undefined;
    if (!admission?.accepted) {
      this.#callbacks.onNotice?.(admission?.reason ?? 'debounce');
      return false;
    }
    if (walkUp) this.#clear();
    this._s.value = value;
    this._flags = admission.flags;
    if (this.#followUpFor(value)) this.#enter('follow-up', this.idleMs);
    else this.#finish();
    return true;
  }

  /** Toggle a reason code on the follow-up screen. */
  toggleReason(id: string): void {
    const r = this._s.reasons;
    if (this.#followingUp(true)) this.#changed({ reasons: r.includes(id) ? r.filter((x) => x !== id) : [...r, id] });
  }

  /** The follow-up question's text (already redacted by the caller). */
  setAnswer(text: string): void {
    if (this.#followingUp(false)) this.#changed({ answer: text });
  }

  /** "Done" (or "Skip") on the follow-up screen. */
  done(): void {
    if (this.#followingUp(true)) this.#finish();
  }

  /** Any customer activity restarts the time limit of a waiting screen and hides the warning. */
  activity(): void {
    const state = this._s.state;
    if (state === 'rating' || state === 'follow-up') this.#arm(state === 'rating' ? this.waitMs : this.idleMs);
  }

  /** The warning's "more time" action (WCAG 2.2.1). */
  extend(): void {
    this.activity();
  }

  /** Back to the attract screen with nothing of the last customer kept. */
  reset(): void {
    this.#clear();
    this.#emit();
  }

  /** Stop all timers (element disconnected). An open transaction session is recorded. */
  dispose(): void {
    this.#closeOpenSession();
    this.#clear();
  }

  #inputAllowed(): boolean {
    return this.#now() >= this.#inputFrom;
  }

  #followingUp(debounced: boolean): boolean {
    return this._s.state === 'follow-up' && (!debounced || this.#inputAllowed());
  }

  #changed(change: Partial<KioskSnapshot>): void {
    Object.assign(this._s, change);
    this.activity();
  }

  #enter(state: KioskState, limitMs: number): void {
    this._s.state = state;
    this.#inputFrom = this.#now() + this.guard.debounceMs;
    this.#arm(limitMs);
  }

  /** Starts the time limit of the current screen (and announces the state). */
  #arm(limitMs: number): void {
    this.#deadline = this.#now() + limitMs;
    this.#tick();
  }

  /**
   * Brings `warning` and `remaining` up to date and waits for the next change: the warning's
   * start, the next whole second of a countdown (the warning's or the thank-you's), or the end
   * of the screen's time.
   */
  #tick(): void {
    clearTimeout(this.#timer);
    const s = this._s;
    const left = this.#deadline - this.#now();
    if (left <= 0) {
      this.#timer = undefined;
      // The rating was given; the customer walked away from the optional follow-up.
      if (s.state === 'follow-up') this.#finish();
      // A teller's session is recorded as no rating; the thank-you returns to attract.
      else this.cancel();
      return;
    }
    const counting = s.state === 'thanks' || left <= this.warningMs;
    s.warning = counting && s.state !== 'thanks';
    s.remaining = counting ? Math.ceil(left / 1000) : 0;
    this.#timer = setTimeout(() => this.#tick(), counting ? left - (s.remaining - 1) * 1000 : left - this.warningMs);
    this.#emit();
  }

  /** The rating given on this screen, with its follow-up answers and the teller's context. */
  #rated(): KioskResult {
    // The lists and the start request are replaced, never changed in place: no copies needed.
    const { value, reasons, answer, start } = this._s;
    const result: KioskResult = { status: 'complete', value, flags: this._flags };
    if (reasons.length > 0) result.reasons = reasons as string[];
    if (answer.trim() !== '') result.answer = answer;
    if (start) result.start = start;
    return result;
  }

  #finish(): void {
    const result = this.#rated();
    // Clear before announcing: the thank-you screen must not hold the answer.
    this.#clear();
    this.#enter('thanks', this.thanksMs);
    this.#callbacks.onResult?.(result);
  }

  /** A teller-started session that is still waiting for a rating is recorded as no rating. */
  #closeOpenSession(): void {
    const { state, start } = this._s;
    if (state === 'rating' && start) {
      this.guard.close(start.transaction, this.#now());
      this.#callbacks.onResult?.({ status: 'no-rating', start, flags: [] });
    } else if (state === 'follow-up') {
      this.#callbacks.onResult?.(this.#rated());
    }
  }

  /** Stops the timers and forgets everything: the attract screen. */
  #clear(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this._s = emptySnapshot();
    this._flags = [];
  }

  #emit(): void {
    this.#callbacks.onChange?.(this.snapshot);
  }
}
