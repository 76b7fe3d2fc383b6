// The rules that decide whether a triggered <fb-prompt> may open, as pure functions of the
// stored record, the element's settings and the time, so they are tested without a browser.

export const DAY = 86_400_000;

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

/** The settings the caps read (the element's properties of the same names). */
export interface PromptCaps {
  minPages: number;
  minVisits: number;
  /** Days without an invitation after a response, and how long a sampling decision holds. */
  recontactDays: number;
  dismissDays: number;
  /** At most this many shows per `capDays` (0 = no cap). */
  maxShows: number;
  capDays: number;
}

/** Whether `at` lies less than `days` before `now` (a wait that is not over). */
const within = (now: number, at: number | undefined, days: number): boolean => at !== undefined && now - at < days * DAY;

/**
 * The first rule that keeps the prompt closed at `now`, or null. Sampling is not rolled here,
 * only a stored "sampled out" decision is honoured: the element rolls the dice after this.
 */
export function capBlock(r: PromptRecord, o: PromptCaps, now: number): PromptBlock | null {
  return r.pages < o.minPages
    ? 'pages'
    : r.visits < o.minVisits
      ? 'visits'
      : within(now, r.respondedAt, o.recontactDays)
        ? 'responded'
        : within(now, r.dismissedAt, o.dismissDays)
          ? 'dismissed'
          : o.maxShows > 0 && r.shows.filter((t) => within(now, t, o.capDays)).length >= o.maxShows
            ? 'capped'
            : within(now, r.sampledOutAt, o.recontactDays)
              ? 'sampled-out'
              : null;
}

/** The show times to store after a show at `now`: those still inside the cap window (at least a day), then `now`. */
export function addShow(shows: readonly number[], now: number, capDays: number): number[] {
  return [...shows.filter((t) => within(now, t, Math.max(capDays, 1))), now];
}

/** The sampling dice: whether a visitor with `roll` in [0, 1) is among `percent` % invited. */
export const sampledIn = (percent: number, roll: number): boolean => roll * 100 < percent;
