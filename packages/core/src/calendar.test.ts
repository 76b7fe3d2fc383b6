import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { calendarIndexer, calendarKey, calendarRange, isoWeek } from './calendar.js';
import { codeAndField } from '../test/feedback-error.js';

const H = 3_600_000;

describe('calendar windows', () => {
  it('Shanghai vs UTC across a quarter boundary', () => {
    // 2026-03-31T16:30Z is 2026-04-01 00:30 in Shanghai (UTC+8, no DST)
    const at = '2026-03-31T16:30:00Z';
    expect(calendarKey(at, 'day', 'UTC')).toBe('2026-03-31');
    expect(calendarKey(at, 'day', 'Asia/Shanghai')).toBe('2026-04-01');
    expect(calendarKey(at, 'month', 'UTC')).toBe('2026-03');
    expect(calendarKey(at, 'month', 'Asia/Shanghai')).toBe('2026-04');
    expect(calendarKey(at, 'quarter', 'UTC')).toBe('2026-Q1');
    expect(calendarKey(at, 'quarter', 'Asia/Shanghai')).toBe('2026-Q2');
    // Q2 in Shanghai starts at local midnight April 1 = 2026-03-31T16:00Z, ends July 1 00:00 = 06-30T16:00Z
    expect(calendarRange(at, 'quarter', 'Asia/Shanghai')).toEqual({
      window: 'quarter',
      timeZone: 'Asia/Shanghai',
      key: '2026-Q2',
      start: '2026-03-31T16:00:00.000Z',
      end: '2026-06-30T16:00:00.000Z',
    });
    // one second before Shanghai midnight is still March 31 there
    expect(calendarKey('2026-03-31T15:59:59Z', 'day', 'Asia/Shanghai')).toBe('2026-03-31');
  });

  it('New York DST days last 23 and 25 hours', () => {
    // Spring forward Sunday 2026-03-08 02:00 EST → 03:00 EDT: the day runs 05:00Z → next 04:00Z
    const spring = calendarRange('2026-03-08T12:00:00Z', 'day', 'America/New_York');
    expect(spring.key).toBe('2026-03-08');
    expect(spring.start).toBe('2026-03-08T05:00:00.000Z');
    expect(spring.end).toBe('2026-03-09T04:00:00.000Z');
    expect(Date.parse(spring.end) - Date.parse(spring.start)).toBe(23 * H);
    expect(calendarKey('2026-03-08T04:59:59Z', 'day', 'America/New_York')).toBe('2026-03-07'); // 23:59:59 EST
    expect(calendarKey('2026-03-09T03:59:59Z', 'day', 'America/New_York')).toBe('2026-03-08'); // 23:59:59 EDT
    // Fall back Sunday 2026-11-01 02:00 EDT → 01:00 EST: 04:00Z → 11-02 05:00Z
    const fall = calendarRange('2026-11-01T12:00:00Z', 'day', 'America/New_York');
    expect([fall.start, fall.end]).toEqual(['2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z']);
    expect(Date.parse(fall.end) - Date.parse(fall.start)).toBe(25 * H);
  });

  it('London month across the BST change, and a skipped midnight in Santiago', () => {
    // March 2026 in London: starts 00:00 GMT = 03-01T00:00Z; April starts 00:00 BST = 03-31T23:00Z
    expect(calendarRange('2026-03-15T12:00:00Z', 'month', 'Europe/London')).toMatchObject({
      start: '2026-03-01T00:00:00.000Z',
      end: '2026-03-31T23:00:00.000Z',
    });
    expect(calendarKey('2026-03-31T23:30:00Z', 'month', 'Europe/London')).toBe('2026-04');
    // Chile springs forward at local midnight 2026-09-06 (−04 → −03): 00:00 never happens,
    // the day begins at 01:00 −03 = 04:00Z; the previous day began 2026-09-05 00:00 −04 = 04:00Z.
    const cl = calendarRange('2026-09-06T12:00:00Z', 'day', 'America/Santiago');
    expect([cl.key, cl.start, cl.end]).toEqual(['2026-09-06', '2026-09-06T04:00:00.000Z', '2026-09-07T03:00:00.000Z']);
    const before = calendarRange('2026-09-05T12:00:00Z', 'day', 'America/Santiago');
    expect([before.start, before.end]).toEqual(['2026-09-05T04:00:00.000Z', '2026-09-06T04:00:00.000Z']);
  });

  it('ISO weeks at year ends', () => {
    // 2026-01-01 is a Thursday → week 1 of 2026, and 2026 has 53 weeks;
    // 2027-01-01 (Friday) is still in 2026-W53; Monday 2027-01-04 starts 2027-W01;
    // Monday 2024-12-30 belongs to 2025-W01 (its Thursday is 2025-01-02).
    expect(isoWeek(2026, 1, 1)).toEqual({ year: 2026, week: 1 });
    expect(isoWeek(2027, 1, 1)).toEqual({ year: 2026, week: 53 });
    expect(isoWeek(2027, 1, 4)).toEqual({ year: 2027, week: 1 });
    expect(isoWeek(2024, 12, 30)).toEqual({ year: 2025, week: 1 });
    expect(isoWeek(2026, 3, 8)).toEqual({ year: 2026, week: 10 }); // Sunday: Mon 03-02 … Sun 03-08
    // week window in Shanghai: Monday 2026-03-02 00:00 +08 = 03-01T16:00Z to Monday 03-09 00:00 +08
    expect(calendarRange('2026-03-08T15:59:59Z', 'week', 'Asia/Shanghai')).toMatchObject({
      key: '2026-W10',
      start: '2026-03-01T16:00:00.000Z',
      end: '2026-03-08T16:00:00.000Z',
    });
    expect(calendarKey('2026-03-08T16:00:00Z', 'week', 'Asia/Shanghai')).toBe('2026-W11');
    expect(calendarKey('2027-01-01T10:00:00Z', 'week')).toBe('2026-W53');
  });

  it('rejects bad zones, windows and times', () => {
    expect(codeAndField(() => calendarKey(0, 'day', 'Mars/Olympus'))).toEqual(['invalid-option', 'timeZone']);
    expect(codeAndField(() => calendarKey(0, 'fortnight' as 'day'))).toEqual(['invalid-option', 'window']);
    expect(codeAndField(() => calendarKey('not a date', 'day'))).toEqual(['invalid-value', 'at']);
  });

  it('property: the memoising indexer agrees with calendarRange in any query order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 0, 1) }), { minLength: 1, maxLength: 60 }),
        fc.constantFrom('America/New_York', 'Asia/Shanghai', 'America/Santiago'),
        fc.constantFrom('day', 'week', 'month', 'quarter' as const),
        (instants, tz, w) => {
          const index = calendarIndexer(w, tz);
          for (const ms of instants) expect(index(ms)).toEqual(calendarRange(ms, w, tz));
          for (const ms of instants) expect(index(new Date(ms).toISOString())).toEqual(calendarRange(ms, w, tz));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('property: every instant lies in [start, end) of its window, in several zones', () => {
    const zones = ['UTC', 'Asia/Shanghai', 'America/New_York', 'Europe/London', 'America/Santiago', 'Asia/Kolkata', 'Australia/Lord_Howe'];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }),
        fc.constantFrom(...zones),
        fc.constantFrom('day', 'week', 'month', 'quarter' as const),
        (ms, tz, w) => {
          const r = calendarRange(ms, w, tz);
          expect(Date.parse(r.start)).toBeLessThanOrEqual(ms);
          expect(Date.parse(r.end)).toBeGreaterThan(ms);
          // the window's first and last instants carry the same key
          expect(calendarKey(r.start, w, tz)).toBe(r.key);
          expect(calendarKey(Date.parse(r.end) - 1, w, tz)).toBe(r.key);
          expect(calendarKey(r.end, w, tz)).not.toBe(r.key);
        },
      ),
      { numRuns: 300 },
    );
  });
});
