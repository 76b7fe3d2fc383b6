import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoff, isRetryableStatus, MIN_BACKOFF_MS, parseAck, parseRetryAfter } from './retry.js';

describe('backoff (full jitter, base 1 s, cap 5 min, floor 250 ms)', () => {
  it('is random() times min(cap, base * 2^attempt)', () => {
    // attempt 0: 0.5 * min(300000, 1000 * 1) = 500
    expect(backoff(0, () => 0.5)).toBe(500);
    // attempt 3: 0.25 * min(300000, 1000 * 8) = 2000
    expect(backoff(3, () => 0.25)).toBe(2000);
    // attempt 9: 1000 * 512 = 512000 > cap, so 0.5 * 300000 = 150000
    expect(backoff(9, () => 0.5)).toBe(150000);
  });
  it('stays in [250 ms, min(cap, base * 2^attempt)) for every attempt and random value', () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, r) => {
        const d = backoff(attempt, () => r);
        const ceiling = Math.min(300_000, 1000 * 2 ** Math.min(attempt, 30));
        return Number.isInteger(d) && d >= MIN_BACKOFF_MS && d < ceiling;
      }),
    );
  });
  it('never draws less than the 250 ms floor (full jitter alone can draw 0 ms)', () => {
    expect(MIN_BACKOFF_MS).toBe(250);
    expect(backoff(0, () => 0)).toBe(250);
    expect(backoff(0, () => 0.2)).toBe(250); // 200 ms raised to the floor
    expect(backoff(0, () => 0.3)).toBe(300); // above it: unchanged
    expect(backoff(12, () => 0)).toBe(250);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2026, 10, 22, 10, 0, 0);
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });
  it('caps at 5 minutes', () => {
    expect(parseRetryAfter('86400', now)).toBe(300_000);
  });
  it('reads an HTTP-date relative to now', () => {
    // 10:00:30 − 10:00:00 = 30 s
    expect(parseRetryAfter('Sun, 22 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    // a date in the past means retry now
    expect(parseRetryAfter('Sun, 22 Nov 2026 09:00:00 GMT', now)).toBe(0);
    // a day ahead is capped
    expect(parseRetryAfter('Mon, 23 Nov 2026 10:00:00 GMT', now)).toBe(300_000);
  });
  it('returns undefined for absent or unreadable values (backoff applies)', () => {
    for (const v of [null, '', '-5', '1.5', 'soon', '12abc']) expect(parseRetryAfter(v, now)).toBeUndefined();
  });
});

describe('isRetryableStatus', () => {
  it('retries 401, 403, 407 (the request, not its items), 408, 425, 429, 5xx and nothing else', () => {
    const retry = [401, 403, 407, 408, 425, 429, 500, 502, 503, 504, 599];
    const dead = [400, 404, 409, 410, 413, 422, 451];
    for (const s of retry) expect(isRetryableStatus(s), String(s)).toBe(true);
    for (const s of dead) expect(isRetryableStatus(s), String(s)).toBe(false);
  });
});

describe('parseAck', () => {
  it('accepts the protocol v1 acknowledgement', () => {
    expect(parseAck({ accepted: ['a'], rejected: [{ id: 'b', reason: 'invalid' }] })).toEqual({
      accepted: ['a'],
      rejected: [{ id: 'b', reason: 'invalid' }],
    });
    expect(parseAck({ accepted: [] })).toEqual({ accepted: [], rejected: [] });
  });
  it('refuses anything else', () => {
    for (const v of [null, 'ok', [], {}, { ok: true }, { accepted: 'a' }, { accepted: [1] }, { accepted: [], rejected: [{ id: 'b' }] }, { accepted: [], rejected: {} }])
      expect(parseAck(v), JSON.stringify(v)).toBeUndefined();
  });
});
