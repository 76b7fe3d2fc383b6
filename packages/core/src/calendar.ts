import { FeedbackError, describeValue } from './errors.js';

/**
 * Calendar windows in an IANA time zone, computed with `Intl.DateTimeFormat` (no time-zone
 * data of our own). Keys: day '2026-03-08', ISO week '2026-W10', month '2026-03',
 * quarter '2026-Q1'. A window runs from the first instant of its first local day to the
 * first instant of the next window, so DST days last 23 or 25 hours and a day whose
 * midnight is skipped (America/Santiago) starts at 01:00.
 */
export type CalendarWindow = 'day' | 'week' | 'month' | 'quarter';

export const calendarWindows: readonly CalendarWindow[] = ['day', 'week', 'month', 'quarter'];

export interface CalendarRange {
  window: CalendarWindow;
  timeZone: string;
  key: string;
  /** First instant of the window, ISO (UTC). */
  start: string;
  /** First instant after the window, ISO (UTC). */
  end: string;
}

export type TimeInput = string | number | Date;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        hourCycle: 'h23',
        era: 'short',
      });
    } catch {
      throw new FeedbackError('invalid-option', `timeZone: ${describeValue(timeZone)} is not an IANA time zone this runtime knows`, {
        field: 'timeZone',
        value: timeZone,
      });
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** Validates a time zone name (throws 'invalid-option'). */
export function checkTimeZone(timeZone: unknown): string {
  if (typeof timeZone !== 'string' || timeZone === '') {
    throw new FeedbackError('invalid-option', `timeZone: ${describeValue(timeZone)} is not a time zone name`, { field: 'timeZone', value: timeZone });
  }
  formatter(timeZone);
  return timeZone;
}

/** Milliseconds since the epoch of an ISO string, epoch ms or Date; throws 'invalid-value' naming `field`. */
export function toEpochMs(at: unknown, field = 'at'): number {
  const ms = at instanceof Date ? at.getTime() : typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new FeedbackError('invalid-value', `${field}: ${describeValue(at)} is not a valid time (ISO string, epoch ms or Date)`, { field, value: at });
  }
  return ms;
}

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock date and time of an instant in a time zone. */
export function localParts(ms: number, timeZone: string): LocalParts {
  const p: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(ms)) p[part.type] = part.value;
  let year = Number(p.year);
  if (p.era === 'BC' || p.era === 'B') year = 1 - year;
  return { year, month: Number(p.month), day: Number(p.day), hour: Number(p.hour), minute: Number(p.minute), second: Number(p.second) };
}

/** UTC offset (ms) of a zone at an instant, to the second. */
function offsetAt(ms: number, timeZone: string): number {
  const p = localParts(ms, timeZone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - (ms - (((ms % 1000) + 1000) % 1000));
}

const DAY = 86_400_000;

/** The first instant of a local calendar date in a zone (midnight, or the first instant after a skipped midnight). */
function startOfLocalDay(year: number, month: number, day: number, timeZone: string): number {
  const wall = Date.UTC(year, month - 1, day);
  const target = new Date(wall); // normalises e.g. month 13
  const ty = target.getUTCFullYear();
  const tm = target.getUTCMonth() + 1;
  const td = target.getUTCDate();
  // Candidates from the offsets a day before and a day after: on ordinary days they agree;
  // on a transition day the earliest candidate that is still on the target date wins.
  let best = Number.POSITIVE_INFINITY;
  for (const probe of [wall - DAY, wall + DAY]) {
    const t = wall - offsetAt(probe, timeZone);
    const p = localParts(t, timeZone);
    if (p.year === ty && p.month === tm && p.day === td && t < best) best = t;
  }
  if (best === Number.POSITIVE_INFINITY) {
    // Midnight skipped by a transition between the probes: the day starts where the jump lands.
    for (const probe of [wall - DAY, wall + DAY]) {
      const t = wall - offsetAt(probe, timeZone);
      const p = localParts(t, timeZone);
      if ((p.year > ty || (p.year === ty && (p.month > tm || (p.month === tm && p.day >= td)))) && t < best) best = t;
    }
  }
  return best;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** ISO 8601 week-numbering year and week of a calendar date. */
export function isoWeek(year: number, month: number, day: number): { year: number; week: number } {
  const d = new Date(Date.UTC(year, month - 1, day));
  const weekday = (d.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  // The Thursday of this week decides the year.
  const thursday = new Date(d.getTime() + (3 - weekday) * DAY);
  const y = thursday.getUTCFullYear();
  const jan1 = Date.UTC(y, 0, 1);
  return { year: y, week: Math.floor((thursday.getTime() - jan1) / DAY / 7) + 1 };
}

function checkWindow(window: unknown): CalendarWindow {
  if (!calendarWindows.includes(window as CalendarWindow)) {
    throw new FeedbackError('invalid-option', `window: ${describeValue(window)} is not one of ${calendarWindows.join(', ')}`, { field: 'window', value: window });
  }
  return window as CalendarWindow;
}

const yearStr = (y: number) => (y < 0 ? `-${pad(-y, 4)}` : pad(y, 4));

function keyOf(p: LocalParts, window: CalendarWindow): string {
  switch (window) {
    case 'day':
      return `${yearStr(p.year)}-${pad(p.month)}-${pad(p.day)}`;
    case 'week': {
      const w = isoWeek(p.year, p.month, p.day);
      return `${yearStr(w.year)}-W${pad(w.week)}`;
    }
    case 'month':
      return `${yearStr(p.year)}-${pad(p.month)}`;
    case 'quarter':
      return `${yearStr(p.year)}-Q${Math.floor((p.month - 1) / 3) + 1}`;
  }
}

/** The key of the window holding an instant, e.g. calendarKey('2026-03-31T16:30:00Z', 'day', 'Asia/Shanghai') → '2026-04-01'. */
export function calendarKey(at: TimeInput, window: CalendarWindow, timeZone = 'UTC'): string {
  const ms = toEpochMs(at);
  checkWindow(window);
  checkTimeZone(timeZone);
  return keyOf(localParts(ms, timeZone), window);
}

/**
 * A memoising `calendarRange` for one window and zone, for bulk work (rollups): ranges already
 * seen are found by binary search over their [start, end) instants, so only the first instant
 * of each window pays for `Intl` formatting.
 */
export function calendarIndexer(window: CalendarWindow, timeZone = 'UTC'): (at: TimeInput) => CalendarRange {
  checkWindow(window);
  checkTimeZone(timeZone);
  const starts: number[] = [];
  const ends: number[] = [];
  const ranges: CalendarRange[] = [];
  return (at) => {
    const ms = toEpochMs(at);
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! <= ms) lo = mid + 1;
      else hi = mid;
    }
    const i = lo - 1; // last range starting at or before ms
    if (i >= 0 && ms < ends[i]!) return ranges[i]!;
    const r = calendarRange(ms, window, timeZone);
    starts.splice(lo, 0, Date.parse(r.start));
    ends.splice(lo, 0, Date.parse(r.end));
    ranges.splice(lo, 0, r);
    return r;
  };
}

/** The window holding an instant, with its key and exact start and end instants. */
export function calendarRange(at: TimeInput, window: CalendarWindow, timeZone = 'UTC'): CalendarRange {
  const ms = toEpochMs(at);
  checkWindow(window);
  checkTimeZone(timeZone);
  const p = localParts(ms, timeZone);
  const key = keyOf(p, window);
  let first: [number, number, number];
  let next: [number, number, number];
  switch (window) {
    case 'day':
      first = [p.year, p.month, p.day];
      next = [p.year, p.month, p.day + 1];
      break;
    case 'week': {
      const weekday = (new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay() + 6) % 7;
      first = [p.year, p.month, p.day - weekday];
      next = [p.year, p.month, p.day - weekday + 7];
      break;
    }
    case 'month':
      first = [p.year, p.month, 1];
      next = [p.year, p.month + 1, 1];
      break;
    case 'quarter': {
      const q = Math.floor((p.month - 1) / 3);
      first = [p.year, q * 3 + 1, 1];
      next = [p.year, q * 3 + 4, 1];
      break;
    }
  }
  return {
    window,
    timeZone,
    key,
    start: new Date(startOfLocalDay(...first, timeZone)).toISOString(),
    end: new Date(startOfLocalDay(...next, timeZone)).toISOString(),
  };
}
