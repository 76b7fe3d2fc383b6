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
  /**
   * Where the ids of rated (or closed) transactions are kept. Default: a log of the guard's
   * own, in memory (`transactionLog()`: the last 500 ids of the last 24 h). `<fb-kiosk>` passes one log for the page kept in localStorage, so the rule
   * outlives its sessions, the element and a reload.
   */
  transactions?: TransactionLog;
}

/** The ids of transactions that were rated or closed, with when (ms): ids only, never answers. */
export interface TransactionLog {
  has(transaction: string, now: number): boolean;
  add(transaction: string, now: number): void;
}

/** The localStorage key of the kiosk's transaction log. */
export const TRANSACTIONS_KEY = 'fb-kiosk:transactions';
const DAY = 864e5;

/**
 * A log of the last `max` transaction ids of the last 24 h, kept in `storage()` under
 * `TRANSACTIONS_KEY` as `[[id, ms], …]` (oldest first), so every session, element and page
 * load on the device reads the same record. Storage that is missing, throws (private mode,
 * blocked, full) or holds garbage leaves the ids it could not take in memory.
 */
export function transactionLog(storage?: () => Storage, max = 500): TransactionLog {
  /** Ids that storage did not take. */
  let unsaved: [string, number][] = [];
  /**
   * The stored text last parsed, and what it parsed to: a rating reads the log more than once
   * (has, then add), and the text is parsed again only when it changed (a write of ours, or of
   * another tab or page load), so each read still sees the device's whole record.
   */
  let text: string | undefined;
  // Set by the parse that sets `text` (the first read always parses: `text` is no string yet).
  let parsed!: [];
  const list = (now: number): [string, number][] => {
    let ids = unsaved;
    try {
      const stored = storage?.().getItem(TRANSACTIONS_KEY) ?? '[]';
      if (stored !== text) {
        parsed = JSON.parse(stored) as [];
        text = stored;
      }
      // The stored ids, then those only in memory; `Map` drops repeats (and throws on garbage).
      ids = [...new Map<string, number>([...parsed, ...unsaved])];
    } catch {
      // unreadable: the ids in memory only
    }
    return ids.filter(([, time]) => now - time < DAY);
  };
  return {
    has: (transaction, now) => list(now).some(([id]) => id === transaction),
    add(transaction, now) {
      const ids = [...list(now).filter(([id]) => id !== transaction), [transaction, now] as [string, number]].slice(-max);
      // In memory until storage takes them (without storage, for good).
      unsaved = ids;
      if (storage)
        try {
          storage().setItem(TRANSACTIONS_KEY, JSON.stringify(ids));
          unsaved = [];
        } catch {
          // storage refused them: kept in memory
        }
    },
  };
}

export type Admission =
  | { accepted: true; flags: string[] }
  | { accepted: false; reason: 'debounce' | 'duplicate-transaction' };

const MINUTE = 60_000;

export class MisuseGuard {
  readonly debounceMs: number;
  readonly maxPerMinute: number;
  /** Times (ms) of accepted ratings within the last minute. */
  #recent: number[] = [];
  #lastAccepted = -Infinity;
  readonly #transactions: TransactionLog;

  constructor(options: MisuseGuardOptions = {}) {
    this.debounceMs = numberOption('debounceMs', options.debounceMs, 700, 0, true);
    this.maxPerMinute = numberOption('maxPerMinute', options.maxPerMinute, 6, 1, true);
    this.#transactions = options.transactions ?? transactionLog();
  }

  /** Whether `transaction` already has a rating (or was closed without one), as of `now` (ms). */
  hasRated(transaction: string, now: number): boolean {
    return this.#transactions.has(transaction, now);
  }

  /**
   * Decide on a rating tapped at `now` (ms) for `transaction` (if bound to one) and, when
   * accepted, record it. Accepted ratings may carry flags (`burst`).
   */
  admit(now: number, transaction?: string): Admission {
    if (finite('now', now) - this.#lastAccepted < this.debounceMs) return { accepted: false, reason: 'debounce' };
    if (transaction !== undefined && this.hasRated(transaction, now)) {
      return { accepted: false, reason: 'duplicate-transaction' };
    }
    // This rating is number `recent.length` in the rolling minute.
    const recent = (this.#recent = [...this.#recent.filter((t) => now - t < MINUTE), now]);
    this.#lastAccepted = now;
    if (transaction !== undefined) this.close(transaction, now);
    return { accepted: true, flags: recent.length > this.maxPerMinute ? ['burst'] : [] };
  }

  /** Record that `transaction` was rated, or closed without a rating (so a late tap cannot add one). */
  close(transaction: string, now: number): void {
    this.#transactions.add(transaction, now);
  }
}
