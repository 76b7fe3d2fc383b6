import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { moveIndex } from './roving.js';

const KEYS = ['ArrowRight', 'ArrowLeft', 'ArrowDown', 'ArrowUp', 'Home', 'End'] as const;
const group = fc.integer({ min: 0, max: 100 }).chain((last) => fc.tuple(fc.constant(last), fc.integer({ min: 0, max: last })));

describe('moveIndex', () => {
  it('examples: NPS (last = 10)', () => {
    expect(moveIndex(3, 'ArrowRight', 10, false)).toBe(4);
    expect(moveIndex(3, 'ArrowRight', 10, true)).toBe(2); // RTL: right goes back
    expect(moveIndex(3, 'ArrowDown', 10, true)).toBe(4); // Up/Down ignore direction
    expect(moveIndex(10, 'ArrowRight', 10, false)).toBe(10); // no wrap
    expect(moveIndex(0, 'ArrowUp', 10, false)).toBe(0);
    expect(moveIndex(5, 'Home', 10, false)).toBe(0);
    expect(moveIndex(5, 'End', 10, false)).toBe(10);
    expect(moveIndex(5, 'Tab', 10, false)).toBeUndefined();
  });

  it('always lands inside the group', () => {
    fc.assert(
      fc.property(group, fc.constantFrom(...KEYS), fc.boolean(), ([last, i], key, rtl) => {
        const j = moveIndex(i, key, last, rtl)!;
        expect(j).toBeGreaterThanOrEqual(0);
        expect(j).toBeLessThanOrEqual(last);
        expect(Math.abs(j - i) <= 1 || key === 'Home' || key === 'End').toBe(true);
      }),
    );
  });

  it('RTL mirrors Left/Right exactly and leaves the other keys alone', () => {
    fc.assert(
      fc.property(group, fc.constantFrom(...KEYS), ([last, i], key) => {
        const mirrored = key === 'ArrowLeft' ? 'ArrowRight' : key === 'ArrowRight' ? 'ArrowLeft' : key;
        expect(moveIndex(i, key, last, true)).toBe(moveIndex(i, mirrored, last, false));
      }),
    );
  });

  it('a step and its opposite return to the start unless an end was hit', () => {
    fc.assert(
      fc.property(group, fc.boolean(), ([last, i], rtl) => {
        const there = moveIndex(i, 'ArrowRight', last, rtl)!;
        const back = moveIndex(there, 'ArrowLeft', last, rtl)!;
        if (there !== i) expect(back).toBe(i);
      }),
    );
  });
});
