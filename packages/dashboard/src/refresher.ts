/**
 * Paces the dashboard's reloads. A reload is a dozen admin API requests; live events can
 * arrive many times a second, and the collector's admin rate limit (20/s per address by
 * default) answers 429 beyond that. So: at most one reload in flight, at most one per
 * `minMs` for live events, a wait that doubles (up to `maxMs`) after each failure and is
 * never shorter than the server's `Retry-After`, and a retry scheduled after a failure so
 * the page recovers by itself.
 */
export interface RefresherOptions {
  /** One reload; throws when it failed (an error with `retryAfterMs` says when to try again). */
  run: () => Promise<void>;
  /** A reload failed and another comes in `retryInMs`; return false to stop retrying (the token was refused). */
  onError: (err: unknown, retryInMs: number) => boolean;
  minMs?: number;
  maxMs?: number;
}

export class Refresher {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #busy = false;
  #pending = false;
  #urgent = false;
  #last = -Infinity;
  #notBefore = 0;
  #fails = 0;
  readonly #min: number;
  readonly #max: number;

  readonly #o: RefresherOptions;

  constructor(o: RefresherOptions) {
    this.#o = o;
    this.#min = o.minMs ?? 2000;
    this.#max = o.maxMs ?? 60_000;
  }

  /**
   * Asks for a reload: `urgent` (a filter change, the Refresh button) as soon as no failure
   * holds it back, otherwise (a live event) no sooner than the interval after the last one.
   * Asks while one is waiting or running fold into it or into one more.
   */
  request(urgent = false): void {
    this.#pending = true;
    this.#urgent ||= urgent;
    if (this.#busy || (this.#timer !== undefined && !urgent)) return;
    clearTimeout(this.#timer);
    const at = Math.max(this.#notBefore, this.#urgent ? 0 : this.#last + this.#min);
    this.#timer = setTimeout(() => void this.#fire(), Math.max(0, at - Date.now()));
  }

  /** Drops whatever is waiting (sign-out, the element left the page). */
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending = this.#urgent = false;
    this.#notBefore = this.#fails = 0;
  }

  async #fire(): Promise<void> {
    this.#timer = undefined;
    this.#pending = this.#urgent = false;
    this.#busy = true;
    this.#last = Date.now();
    try {
      await this.#o.run();
      this.#notBefore = this.#fails = 0;
    } catch (err) {
      const hint = (err as { retryAfterMs?: unknown } | null)?.retryAfterMs;
      const wait = Math.max(Math.min(this.#min * 2 ** this.#fails++, this.#max), typeof hint === 'number' ? hint : 0);
      this.#notBefore = Date.now() + wait;
      if (this.#o.onError(err, wait)) this.#pending = true;
    } finally {
      this.#busy = false;
    }
    if (this.#pending) this.request(this.#urgent);
  }
}
