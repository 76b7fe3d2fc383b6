import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { localParts } from '@feedbackkit/core';
import { zonedInstant } from './zoned.js';

const at = (iso: string) => Date.parse(iso);

describe('zonedInstant: a wall-clock time in an IANA zone, whatever the process zone', () => {
  it('reads ordinary times at the zone offset', () => {
    expect(zonedInstant(2026, 11, 1, 12, 0, 0, 0, 'UTC')).toBe(at('2026-11-01T12:00:00Z'));
    expect(zonedInstant(2026, 11, 1, 12, 0, 0, 0, 'Asia/Kolkata')).toBe(at('2026-11-01T06:30:00Z'));
    expect(zonedInstant(2026, 11, 1, 12, 0, 0, 250, 'Asia/Kathmandu')).toBe(at('2026-11-01T06:15:00.250Z'));
    expect(zonedInstant(2026, 7, 1, 12, 0, 0, 0, 'America/New_York')).toBe(at('2026-07-01T16:00:00Z'));
    expect(zonedInstant(9999, 12, 31, 23, 59, 59, 0, 'Etc/GMT+12')).toBe(at('+010000-01-01T11:59:59Z'));
    expect(zonedInstant(1, 1, 1, 0, 0, 0, 0, 'UTC')).toBe(at('0001-01-01T00:00:00Z'));
  });

  it('takes the first of a repeated time and moves a skipped time forward by the gap', () => {
    // New York, 2026-11-01: 01:30 happens twice (EDT, then EST).
    expect(zonedInstant(2026, 11, 1, 1, 30, 0, 0, 'America/New_York')).toBe(at('2026-11-01T05:30:00Z'));
    // New York, 2026-03-08: 02:30 does not exist; 03:30 EDT.
    expect(zonedInstant(2026, 3, 8, 2, 30, 0, 0, 'America/New_York')).toBe(at('2026-03-08T07:30:00Z'));
    // Santiago skips midnight (2026-09-06 00:00 → 01:00).
    expect(zonedInstant(2026, 9, 6, 0, 0, 0, 0, 'America/Santiago')).toBe(at('2026-09-06T04:00:00Z'));
  });

  it('does not depend on process.env.TZ', () => {
    const before = process.env.TZ;
    try {
      const results = ['UTC', 'Asia/Kolkata', 'America/Los_Angeles'].map((tz) => {
        process.env.TZ = tz;
        return [zonedInstant(2026, 11, 1, 12, 0, 0, 0, 'Europe/Berlin'), zonedInstant(2026, 11, 1, 12, 0, 0, 0, 'UTC')];
      });
      for (const r of results) expect(r).toEqual([at('2026-11-01T11:00:00Z'), at('2026-11-01T12:00:00Z')]);
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });

  it('reads back as the same wall time in the zone whenever that time exists (property)', () => {
    const zones = ['UTC', 'Asia/Kolkata', 'Asia/Kathmandu', 'America/New_York', 'America/Santiago', 'Europe/London', 'Australia/Lord_Howe', 'Pacific/Chatham'];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }), fc.constantFrom(...zones), (ms, tz) => {
        const t = Math.floor(ms / 1000) * 1000;
        const p = localParts(t, tz);
        const back = zonedInstant(p.year, p.month, p.day, p.hour, p.minute, p.second, 0, tz);
        // The same wall time, and the earliest instant showing it (equal to t unless t is the second of a repeated hour).
        expect(localParts(back, tz)).toEqual(p);
        expect(back).toBeLessThanOrEqual(t);
      }),
      { numRuns: 500 },
    );
  });
});
