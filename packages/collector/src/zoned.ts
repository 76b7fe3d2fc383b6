import { localParts, type LocalParts } from '@feedbackkit/core';

const DAY = 86_400_000;

/** Epoch ms of a wall-clock reading taken as UTC, for any year (Date.UTC maps years 0–99 to 1900–1999). */
export function wallMs(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
  const d = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, ms));
  d.setUTCFullYear(year);
  return d.getTime();
}

const partsMs = (p: LocalParts) => wallMs(p.year, p.month, p.day, p.hour, p.minute, p.second, 0);

/** The zone's UTC offset at an instant (ms, to the second), from core's `localParts`. */
function offsetAt(ms: number, timeZone: string): number {
  const whole = ms - (((ms % 1000) + 1000) % 1000);
  return partsMs(localParts(whole, timeZone)) - whole;
}

/**
 * The instant a wall-clock date and time names in an IANA zone (the zone must be valid; year,
 * month, day, hour, minute and second already checked). Independent of the process's own zone
 * (`TZ`). A time repeated by a DST change (01:30 on a fall-back night) is its first occurrence;
 * a time skipped by one (02:30 on a spring-forward night) is moved forward by the length of the
 * gap (03:30), as PostgreSQL and Temporal's `compatible` do.
 */
export function zonedInstant(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
  timeZone: string,
): number {
  const wall = wallMs(year, month, day, hour, minute, second, ms);
  // The offsets a day either side: equal on ordinary days, the two sides of a transition otherwise.
  const before = offsetAt(wall - DAY, timeZone);
  const after = offsetAt(wall + DAY, timeZone);
  let best = Number.POSITIVE_INFINITY;
  for (const offset of [before, after]) {
    const t = wall - offset;
    // Valid when the zone's offset at t is the one assumed: t reads as this wall time there.
    if (offsetAt(t, timeZone) === offset && t < best) best = t;
  }
  if (best !== Number.POSITIVE_INFINITY) return best;
  // No offset reads back as this wall time: it was skipped. The offset before the jump moves it forward by the gap.
  return wall - before;
}
