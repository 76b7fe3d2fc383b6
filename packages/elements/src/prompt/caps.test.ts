import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY, addShow, capBlock, sampledIn } from './caps.js';
import type { PromptCaps, PromptRecord } from './caps.js';

const NOW = Date.UTC(2026, 10, 22, 12);
const defaults: PromptCaps = { minPages: 0, minVisits: 0, recontactDays: 90, dismissDays: 30, maxShows: 1, capDays: 7 };
const record = (r: Partial<PromptRecord> = {}): PromptRecord => ({ shows: [], pages: 1, visits: 1, ...r });

// A stored record whose times all lie at or before NOW, and caps in their usual ranges.
const past = fc.option(fc.integer({ min: 0, max: 400 * DAY }).map((ago) => NOW - ago), { nil: undefined });
const records = fc.record({
  shows: fc.array(fc.integer({ min: 0, max: 30 * DAY }).map((ago) => NOW - ago), { maxLength: 6 }),
  pages: fc.nat(10),
  visits: fc.nat(10),
  respondedAt: past,
  dismissedAt: past,
  sampledOutAt: past,
});
const caps = fc.record({
  minPages: fc.nat(5),
  minVisits: fc.nat(5),
  recontactDays: fc.nat(120),
  dismissDays: fc.nat(60),
  maxShows: fc.nat(4),
  capDays: fc.nat(14),
});

describe('capBlock', () => {
  it('examples: each rule, in order', () => {
    expect(capBlock(record(), defaults, NOW)).toBe(null);
    expect(capBlock(record({ pages: 2 }), { ...defaults, minPages: 3 }, NOW)).toBe('pages');
    expect(capBlock(record({ visits: 1 }), { ...defaults, minVisits: 2 }, NOW)).toBe('visits');
    expect(capBlock(record({ respondedAt: NOW - 89 * DAY }), defaults, NOW)).toBe('responded');
    expect(capBlock(record({ dismissedAt: NOW - 29 * DAY }), defaults, NOW)).toBe('dismissed');
    expect(capBlock(record({ shows: [NOW - 6 * DAY] }), defaults, NOW)).toBe('capped');
    expect(capBlock(record({ shows: [NOW - 6 * DAY] }), { ...defaults, maxShows: 0 }, NOW)).toBe(null); // 0 = no cap
    expect(capBlock(record({ sampledOutAt: NOW - DAY }), defaults, NOW)).toBe('sampled-out');
    // Page and visit counts come first: a visitor under them is not yet "responded".
    expect(capBlock(record({ pages: 0, respondedAt: NOW }), { ...defaults, minPages: 1 }, NOW)).toBe('pages');
  });

  it('a wait ends exactly when its days have passed', () => {
    expect(capBlock(record({ respondedAt: NOW - 90 * DAY + 1 }), defaults, NOW)).toBe('responded');
    expect(capBlock(record({ respondedAt: NOW - 90 * DAY }), defaults, NOW)).toBe(null);
    expect(capBlock(record({ dismissedAt: NOW - 30 * DAY }), defaults, NOW)).toBe(null);
    expect(capBlock(record({ shows: [NOW - 7 * DAY] }), defaults, NOW)).toBe(null);
    expect(capBlock(record({ sampledOutAt: NOW - 90 * DAY }), defaults, NOW)).toBe(null);
  });

  it('waiting never closes an open door: eligible now means eligible later', () => {
    fc.assert(
      fc.property(records, caps, fc.integer({ min: 0, max: 400 * DAY }), (r, o, wait) => {
        if (capBlock(r, o, NOW) === null) expect(capBlock(r, o, NOW + wait)).toBe(null);
      }),
    );
  });

  it('every time-based block is over once the longest wait has passed', () => {
    fc.assert(
      fc.property(records, caps, (r, o) => {
        const later = NOW + Math.max(o.recontactDays, o.dismissDays, o.capDays) * DAY;
        const block = capBlock(r, o, later);
        expect(block === null || block === 'pages' || block === 'visits').toBe(true);
      }),
    );
  });

  it('max-shows shows inside cap-days cap it; one fewer does not', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 30 }), (maxShows, capDays) => {
        const o = { ...defaults, maxShows, capDays };
        let shows: number[] = [];
        for (let i = 0; i < maxShows; i++) {
          expect(capBlock(record({ shows }), o, NOW)).toBe(null);
          shows = addShow(shows, NOW - (maxShows - i) * 1000, capDays);
        }
        expect(capBlock(record({ shows }), o, NOW)).toBe('capped');
      }),
    );
  });
});

describe('addShow', () => {
  it('appends now and keeps only the shows inside the window (a day at least)', () => {
    expect(addShow([NOW - 8 * DAY, NOW - 6 * DAY], NOW, 7)).toEqual([NOW - 6 * DAY, NOW]);
    expect(addShow([NOW - 2 * DAY, NOW - 1000], NOW, 0)).toEqual([NOW - 1000, NOW]);
  });

  it('never drops a show that still counts against the cap', () => {
    fc.assert(
      fc.property(records, fc.nat(30), (r, capDays) => {
        const kept = addShow(r.shows, NOW, capDays);
        expect(kept.at(-1)).toBe(NOW);
        for (const t of r.shows) if (NOW - t < capDays * DAY) expect(kept).toContain(t);
        expect(kept.length).toBeLessThanOrEqual(r.shows.length + 1);
      }),
    );
  });
});

describe('sampledIn', () => {
  it('0 % never, 100 % always, and the share invited is the percentage', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (roll) => {
        expect(sampledIn(0, roll)).toBe(false);
        expect(sampledIn(100, roll)).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), (percent) => {
        // Evenly spread rolls (centred in their hundredths): exactly `percent` of 100 are in.
        const rolls = Array.from({ length: 100 }, (_, i) => (i + 0.5) / 100);
        expect(rolls.filter((roll) => sampledIn(percent, roll)).length).toBe(percent);
      }),
    );
  });

  it('a higher percentage keeps everyone a lower one invited', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.nat(100), fc.nat(100), (roll, a, b) => {
        if (sampledIn(Math.min(a, b), roll)) expect(sampledIn(Math.max(a, b), roll)).toBe(true);
      }),
    );
  });
});
