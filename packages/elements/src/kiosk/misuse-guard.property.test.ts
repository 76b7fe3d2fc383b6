import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MisuseGuard } from './misuse-guard.js';

// Non-decreasing tap times from random gaps (0–30 s), as a kiosk clock would give them.
const taps = fc.array(fc.integer({ min: 0, max: 30_000 }), { maxLength: 60 }).map((gaps) => {
  let t = 1_000_000;
  return gaps.map((g) => (t += g));
});

describe('MisuseGuard laws', () => {
  it('accepts exactly the taps at least debounceMs after the previous accepted one', () => {
    fc.assert(
      fc.property(taps, fc.integer({ min: 0, max: 5_000 }), (times, debounceMs) => {
        const guard = new MisuseGuard({ debounceMs, maxPerMinute: 1000 });
        let last = Number.NEGATIVE_INFINITY;
        for (const t of times) {
          const expected = t - last >= debounceMs;
          expect(guard.admit(t).accepted).toBe(expected);
          if (expected) last = t;
        }
      }),
    );
  });

  it('flags burst exactly when more than maxPerMinute accepted taps fall in the last minute, and never drops for it', () => {
    fc.assert(
      fc.property(taps, fc.integer({ min: 1, max: 8 }), (times, maxPerMinute) => {
        const guard = new MisuseGuard({ debounceMs: 0, maxPerMinute });
        const accepted: number[] = [];
        for (const t of times) {
          const result = guard.admit(t);
          expect(result.accepted).toBe(true);
          accepted.push(t);
          // Independent count: accepted taps in the window (t − 60 s, t], this one included.
          const inWindow = accepted.filter((a) => t - a < 60_000).length;
          expect(result.accepted && result.flags.includes('burst')).toBe(inWindow > maxPerMinute);
        }
      }),
    );
  });

  it('never accepts a second rating for a transaction it remembers', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 40 }), (ids) => {
        const guard = new MisuseGuard({ debounceMs: 0, maxPerMinute: 1000 });
        const seen = new Set<string>();
        ids.forEach((id, i) => {
          expect(guard.admit(i * 1000, id).accepted).toBe(!seen.has(id));
          seen.add(id);
        });
      }),
    );
  });
});
