import { FeedbackError, describeValue } from '@feedbackkit/core';
import { MisuseGuard } from './misuse-guard.js';
import { numberOption } from './options.js';
import type { MisuseGuardOptions } from './misuse-guard.js';
import type { StartRequest } from './start-message.js';

/**
 * The kiosk's customer cycle as a plain state machine, so every timing rule is unit-tested
 * with a fake clock and the element only renders snapshots:
 *
 * attract ──tap / teller start──▶ rating ──rate──▶ (follow-up) ──done──▶ thanks ──countdown──▶ attract
 *
 * Any screen that waits for the customer (rating, follow-up) has an idle limit; a visible
 * warning with a "more time" action appears `warningMs` before it (WCAG 2.2.1). A session
 * the teller started for a transaction that ends without a rating is *recorded* as
 * `no-rating`. Reset drops every answer: the next customer starts from nothing.
 */
export type KioskState = 'attract' | 'rating' | 'follow-up' | 'thanks';

export interface KioskTimings {
  /** Time the customer has on the rating or follow-up screen. Default 60 s. */
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

export class KioskSession {
  readonly idleMs: number;
  readonly waitMs: number;
  readonly warningMs: number;
  readonly thanksMs: number;
  readonly guard: MisuseGuard;
  readonly #followUpFor: (value: number) => boolean;
  readonly #now: () => number;
  readonly #callbacks: KioskCallbacks;

  #state: KioskState = 'attract';
  #start: StartRequest | undefined;
  #value: number | undefined;
  #reasons: string[] = [];
  #answer = '';
  #flags: string[] = [];
  /** When the current waiting screen times out (ms), or undefined. */
  #deadline: number | undefined;
  #warning = false;
  #remaining = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #ticker: ReturnType<typeof setInterval> | undefined;
  /** Taps before this time are the tail of a double tap on the previous screen. */
  #inputFrom = Number.NEGATIVE_INFINITY;

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

  get snapshot(): KioskSnapshot {
    return {
      state: this.#state,
      start: this.#start ? { ...this.#start } : undefined,
      value: this.#value,
      reasons: [...this.#reasons],
      answer: this.#answer,
      warning: this.#warning,
      remaining: this.#remaining,
    };
  }

  get state(): KioskState {
    return this.#state;
  }

  /** A customer walked up and tapped the attract screen. */
  wake(): void {
    if (this.#state !== 'attract' || !this.#inputAllowed()) return;
    this.#enter('rating', this.idleMs);
  }

  /**
   * The teller's system asks for a rating of `request.transaction`. A session still open for
   * a previous customer is closed first (recorded), so nothing carries over.
   */
  begin(request: StartRequest): boolean {
    if (this.guard.hasRated(request.transaction)) {
      this.#callbacks.onNotice?.('duplicate-transaction');
      return false;
    }
    if (this.#start?.transaction === request.transaction && this.#state === 'rating') return true;
    this.#closeOpenSession();
    this.#clear();
    this.#start = { ...request };
    this.#enter('rating', this.waitMs);
    return true;
  }

  /** The teller cancelled: an open transaction session is recorded as no rating. */
  cancel(): void {
    this.#closeOpenSession();
    this.reset();
  }

  /** One tap (or key press) on a scale point. */
  rate(value: number): boolean {
    if (!Number.isFinite(value)) {
      throw new FeedbackError('invalid-value', `rating must be a finite number; got ${describeValue(value)}`, {
        field: 'value',
        value,
      });
    }
    // The follow-up screen shows no scale: a stray key press there is not a second rating.
    if (this.#state === 'follow-up') return false;
    if (!this.#inputAllowed()) {
      this.#callbacks.onNotice?.('debounce');
      return false;
    }
    // A button box has no attract screen to tap, and the next customer may press while the
    // last one's thank-you still counts down: a press there starts a fresh walk-up rating.
    const walkUp = this.#state !== 'rating';
    const admission = this.guard.admit(this.#now(), walkUp ? undefined : this.#start?.transaction);
    if (!admission.accepted) {
      this.#callbacks.onNotice?.(admission.reason);
      return false;
    }
    if (walkUp) this.#clear();
    this.#value = value;
    this.#flags = admission.flags;
    if (this.#followUpFor(value)) this.#enter('follow-up', this.idleMs);
    else this.#finish();
    return true;
  }

  /** Toggle a reason code on the follow-up screen. */
  toggleReason(id: string): void {
    if (this.#state !== 'follow-up' || !this.#inputAllowed()) return;
    this.#reasons = this.#reasons.includes(id) ? this.#reasons.filter((r) => r !== id) : [...this.#reasons, id];
    this.activity();
  }

  /** The follow-up question's text (already redacted by the caller). */
  setAnswer(text: string): void {
    if (this.#state !== 'follow-up') return;
    this.#answer = text;
    this.activity();
  }

  /** "Done" (or "Skip") on the follow-up screen. */
  done(): void {
    if (this.#state !== 'follow-up' || !this.#inputAllowed()) return;
    this.#finish();
  }

  /** Any customer activity restarts the idle limit and hides the warning. */
  activity(): void {
    if (this.#deadline === undefined || this.#state === 'thanks') return;
    const full = this.#state === 'rating' && this.#start ? this.waitMs : this.idleMs;
    this.#arm(full);
    this.#emit();
  }

  /** The warning's "more time" action (WCAG 2.2.1). */
  extend(): void {
    this.activity();
  }

  /** Back to the attract screen with nothing of the last customer kept. */
  reset(): void {
    this.#clear();
    this.#state = 'attract';
    this.#emit();
  }

  /** Stop all timers (element disconnected). An open transaction session is recorded. */
  dispose(): void {
    this.#closeOpenSession();
    this.#clear();
    this.#state = 'attract';
  }

  #inputAllowed(): boolean {
    return this.#now() >= this.#inputFrom;
  }

  #enter(state: KioskState, limitMs: number): void {
    this.#state = state;
    this.#inputFrom = this.#now() + this.guard.debounceMs;
    this.#arm(limitMs);
    this.#emit();
  }

  #arm(limitMs: number): void {
    this.#stopTimers();
    this.#warning = false;
    this.#remaining = 0;
    this.#deadline = this.#now() + limitMs;
    const untilWarning = limitMs - this.warningMs;
    if (untilWarning > 0) this.#timer = setTimeout(() => this.#warn(), untilWarning);
    else this.#warn();
  }

  #warn(): void {
    this.#warning = true;
    this.#countdown(() => this.#timeout());
  }

  /** Tick whole seconds down to the deadline, then call `then`. */
  #countdown(then: () => void): void {
    const deadline = this.#deadline ?? this.#now();
    const update = (): boolean => {
      const left = deadline - this.#now();
      this.#remaining = Math.max(0, Math.ceil(left / 1000));
      if (left <= 0) {
        this.#stopTimers();
        then();
        return false;
      }
      this.#emit();
      return true;
    };
    if (!update()) return;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#stopTimers();
      then();
    }, deadline - this.#now());
    this.#ticker = setInterval(update, 1000);
  }

  #timeout(): void {
    if (this.#state === 'follow-up') {
      // The rating was given; the customer walked away from the optional follow-up.
      this.#finish();
      return;
    }
    this.#closeOpenSession();
    this.reset();
  }

  /** The rating given on this screen, with its follow-up answers and the teller's context. */
  #rated(): KioskResult {
    const result: KioskResult = { status: 'complete', value: this.#value, flags: [...this.#flags] };
    if (this.#reasons.length > 0) result.reasons = [...this.#reasons];
    if (this.#answer.trim() !== '') result.answer = this.#answer;
    if (this.#start) result.start = { ...this.#start };
    return result;
  }

  #finish(): void {
    const result = this.#rated();
    // Clear before announcing: the thank-you screen must not hold the answer.
    this.#clear();
    this.#state = 'thanks';
    this.#inputFrom = this.#now() + this.guard.debounceMs;
    this.#deadline = this.#now() + this.thanksMs;
    this.#callbacks.onResult?.(result);
    this.#countdown(() => this.reset());
  }

  /** A teller-started session that is still waiting for a rating is recorded as no rating. */
  #closeOpenSession(): void {
    if (this.#state === 'rating' && this.#start) {
      const start = { ...this.#start };
      this.guard.close(start.transaction);
      this.#callbacks.onResult?.({ status: 'no-rating', start, flags: [] });
    } else if (this.#state === 'follow-up') {
      this.#callbacks.onResult?.(this.#rated());
    }
  }

  #clear(): void {
    this.#stopTimers();
    this.#start = undefined;
    this.#value = undefined;
    this.#reasons = [];
    this.#answer = '';
    this.#flags = [];
    this.#deadline = undefined;
    this.#warning = false;
    this.#remaining = 0;
  }

  #stopTimers(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    if (this.#ticker !== undefined) clearInterval(this.#ticker);
    this.#timer = undefined;
    this.#ticker = undefined;
  }

  #emit(): void {
    this.#callbacks.onChange?.(this.snapshot);
  }
}
