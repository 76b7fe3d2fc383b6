import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { FeedbackError } from './errors.js';
import { isUuidV7, uuidv7, uuidv7Compact, uuidv7Time } from './uuid.js';

describe('uuidv7', () => {
  it('has the RFC 9562 layout: timestamp, version 7, variant 10', () => {
    // RFC 9562 appendix A.6: 2022-02-22 14:22:22.00 −05:00 = 1645557742000 ms = 0x017F22E279B0
    expect(uuidv7(1645557742000).slice(0, 15)).toBe('017f22e2-79b0-7');
    // the first 48 bits, read back as hex, are the millisecond timestamp
    const ms = Date.UTC(2026, 10, 22, 10, 0, 0, 0);
    const id = uuidv7(ms);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(ms);
    expect(uuidv7Time(id)).toBe(ms);
    expect(isUuidV7(id)).toBe(true);
    expect(isUuidV7(id.toUpperCase())).toBe(true);
  });
  it('is strictly increasing within one millisecond and when the clock steps back', () => {
    const ms = Date.UTC(2030, 0, 1);
    const ids = Array.from({ length: 5000 }, () => uuidv7(ms));
    ids.push(uuidv7(ms - 1000));
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    // 5001 ids overflow the 12-bit counter at most once: the timestamp moved ahead ≤ 2 ms
    expect(uuidv7Time(ids[ids.length - 1]!) - ms).toBeLessThanOrEqual(2);
  });
  it('sorts by time across milliseconds and carries each time (property)', () => {
    // The monotonic state only moves forward, so each run uses times after the previous run's.
    let base = Date.UTC(2031, 0, 1);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1e6 }), { minLength: 1, maxLength: 20 }), (deltas) => {
        let t = base;
        let prev = uuidv7(t);
        for (const d of deltas) {
          t += d;
          const id = uuidv7(t);
          expect(id > prev).toBe(true);
          expect(uuidv7Time(id)).toBe(t);
          prev = id;
        }
        base = t + 1;
      }),
      { numRuns: 50 },
    );
  });
  it('rejects bad times and reports a missing crypto', () => {
    expect(() => uuidv7(-1)).toThrow(FeedbackError);
    expect(() => uuidv7(1.5)).toThrow(/Unix time/);
    expect(() => uuidv7(2 ** 48)).toThrow(FeedbackError);
    vi.stubGlobal('crypto', undefined);
    try {
      expect(() => uuidv7()).toThrow(/getRandomValues/);
    } finally {
      vi.unstubAllGlobals();
    }
    expect(isUuidV7(uuidv7())).toBe(true);
  });
  it('isUuidV7 refuses other versions and shapes', () => {
    expect(isUuidV7('0190b2a4-6c1e-4d2a-8b3c-123456789abc')).toBe(false); // version 4
    expect(isUuidV7('0190b2a4-6c1e-7d2a-cb3c-123456789abc')).toBe(false); // variant 110
    expect(isUuidV7('0190b2a46c1e7d2a8b3c123456789abc')).toBe(false);
    expect(isUuidV7(42)).toBe(false);
    expect(() => uuidv7Time('nope')).toThrow(FeedbackError);
  });
});

describe('uuidv7Compact', () => {
  it('is a valid UUIDv7 carrying the given milliseconds, any 48-bit time (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 48 - 1 }), (ms) => {
        const id = uuidv7Compact(ms);
        expect(isUuidV7(id)).toBe(true);
        expect(uuidv7Time(id)).toBe(ms);
      }),
    );
    expect(uuidv7Compact(0x123456789abc).slice(0, 13)).toBe('12345678-9abc');
  });

  it('has random bits: 1,000 ids of one millisecond are distinct', () => {
    expect(new Set(Array.from({ length: 1000 }, () => uuidv7Compact(1_700_000_000_000))).size).toBe(1000);
  });
});
