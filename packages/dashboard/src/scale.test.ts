import { describe, expect, it } from 'vitest';
import { barLengths, formatScore, sparkPoints, toX } from './scale.js';

describe('toX', () => {
  it('maps the domain linearly onto the width', () => {
    // NPS 0 on [-100, 100] over 200 px: (0 + 100) / 200 * 200 = 100
    expect(toX(0, [-100, 100], 200)).toBe(100);
    // CES 2.5 on [1, 7] over 120 px: (2.5 - 1) / 6 * 120 = 30
    expect(toX(2.5, [1, 7], 120)).toBe(30);
  });
  it('clamps an interval end past the domain and never returns NaN', () => {
    expect(toX(130, [-100, 100], 200)).toBe(200);
    expect(toX(-130, [-100, 100], 200)).toBe(0);
    expect(toX(Number.NaN, [0, 100], 200)).toBe(0);
    expect(toX(5, [3, 3], 200)).toBe(0);
  });
});

describe('barLengths', () => {
  it('scales to the largest count', () => {
    // max 8 → 8/8*100 = 100, 2/8*100 = 25, 0 → 0
    expect(barLengths([2, 8, 0], 100)).toEqual([25, 100, 0]);
  });
  it('is all zero for no responses', () => {
    expect(barLengths([0, 0], 100)).toEqual([0, 0]);
    expect(barLengths([], 100)).toEqual([]);
  });
});

describe('formatScore', () => {
  it('uses a real minus sign and fixed digits', () => {
    expect(formatScore(-12.345, 0)).toBe('−12');
    expect(formatScore(4.256, 2)).toBe('4.26');
    expect(formatScore(-0.2, 0)).toBe('0');
    expect(formatScore(null, 0)).toBe('—');
    expect(formatScore(Number.NaN, 1)).toBe('—');
  });
});

describe('sparkPoints', () => {
  it('spreads points over the width with higher scores nearer the top', () => {
    // values 0 and 100 on [0,100], 100×50: x = 0 and 100; y = 50 - 0 = 50 and 50 - 50 = 0
    expect(sparkPoints([0, 100], [0, 100], 100, 50)).toBe('0.0,50.0 100.0,0.0');
    expect(sparkPoints([50], [0, 100], 100, 50)).toBe('50.0,25.0');
    expect(sparkPoints([], [0, 100], 100, 50)).toBe('');
  });
});
