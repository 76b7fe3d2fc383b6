import { finite, numberOption } from './options.js';

/**
 * Kiosk misuse rules. Ratings feed staff appraisal, so people have a reason to game a
 * terminal: a double tap must not count twice, one transaction gets one rating, and a burst
 * of ratings is *flagged* (kept, marked `burst`) so a reviewer can judge it — never dropped,
 * because dropping would make the guard itself a way to lose honest answers.
 */
export interface MisuseGuardOptions {
  /** A second tap within this many ms of an accepted one is the same tap. Default 700. */
  debounceMs?: number;
  /** Ratings beyond this many in any rolling minute are flagged `burst`. Default 6. */
  maxPerMinute?: number;
  /** How many recent transaction ids are remembered for the one-rating rule. Default 1000. */
  rememberTransactions?: number;
}

export type Admission =
  | { accepted: true; flags: string[] }
  | { accepted: false; reason: 'debounce' | 'duplicate-transaction' };

const MINUTE = 60_000;

export class MisuseGuard {
  readonly debounceMs: number;
  readonly maxPerMinute: number;
  readonly #remember: number;
  /** Times (ms) of accepted ratings within the last minute. */
  #recent: number[] = [];
  #lastAccepted = Number.NEGATIVE_INFINITY;
  /** Insertion-ordered, bounded: only ids, never answers. */
  #transactions = new Set<string>();

  constructor(options: MisuseGuardOptions = {}) {
    this.debounceMs = numberOption('debounceMs', options.debounceMs, 700, 0, true);
    this.maxPerMinute = numberOption('maxPerMinute', options.maxPerMinute, 6, 1, true);
    this.#remember = numberOption('rememberTransactions', options.rememberTransactions, 1000, 1, true);
  }

  /** Whether `transaction` already has a rating. */
  hasRated(transaction: string): boolean {
    return this.#transactions.has(transaction);
  }

  /**
   * Decide on a rating tapped at `now` (ms) for `transaction` (if bound to one) and, when
   * accepted, record it. Accepted ratings may carry flags (`burst`).
   */
  admit(now: number, transaction?: string): Admission {
    if (finite('now', now) - this.#lastAccepted < this.debounceMs) return { accepted: false, reason: 'debounce' };
    if (transaction !== undefined && this.#transactions.has(transaction)) {
      return { accepted: false, reason: 'duplicate-transaction' };
    }
    // This rating is number `recent.length` in the rolling minute.
    const recent = (this.#recent = [...this.#recent.filter((t) => now - t < MINUTE), now]);
    this.#lastAccepted = now;
    if (transaction !== undefined) this.#markRated(transaction);
    return { accepted: true, flags: recent.length > this.maxPerMinute ? ['burst'] : [] };
  }

  /** Record that `transaction` was closed without a rating, so a late tap cannot add one. */
  close(transaction: string): void {
    this.#markRated(transaction);
  }

  #markRated(transaction: string): void {
    const ids = this.#transactions.add(transaction);
    // A Set iterates in insertion order: the first id is the oldest.
    if (ids.size > this.#remember) ids.delete(ids.values().next().value!);
  }
}
