import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { kishN, meanInterval, normalCdf, tCdf, tFromZ, weightedMoments, wilson } from './stats.js';
import { code } from '../test/feedback-error.js';

describe('wilson', () => {
  it('5 of 10 at 95 %', () => {
    // p = .5, z²/n = 3.8416/10 = .38416; centre = (.5 + .19208)/1.38416 = .5
    // half = 1.96/1.38416 · √(.25/10 + .38416/40) = 1.416020 · √.034604 = .263409
    const [lo, hi] = wilson(5, 10);
    expect(lo).toBeCloseTo(0.236591, 5);
    expect(hi).toBeCloseTo(0.763409, 5);
  });
  it('0 of 10 keeps a non-zero upper bound', () => {
    // centre = .19208/1.38416 = .138771; half = 1.416020 · √.009604 = .138770
    const [lo, hi] = wilson(0, 10);
    expect(lo).toBeCloseTo(0, 5);
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeCloseTo(0.277541, 5);
  });
  it('2 of 3', () => {
    // p = .666667, z²/n = 1.280533; centre = (.666667 + .640267)/2.280533 = .573083
    // half = 1.96/2.280533 · √(.222222/3 + 1.280533/12) = .859449 · .425188 = .365427
    const [lo, hi] = wilson(2, 3);
    expect(lo).toBeCloseTo(0.207656, 5);
    expect(hi).toBeCloseTo(0.93851, 5);
  });
  it('accepts fractional (weighted) successes and a custom z', () => {
    const [lo, hi] = wilson(2.5, 5);
    expect(lo + hi).toBeCloseTo(1, 12); // symmetric around p = .5
    const [lo90, hi90] = wilson(5, 10, 1.645);
    expect(lo90).toBeGreaterThan(0.236591);
    expect(hi90).toBeLessThan(0.763409);
  });
  it('rejects what has no answer', () => {
    expect(code(() => wilson(0, 0))).toBe('empty');
    expect(code(() => wilson(11, 10))).toBe('invalid-value');
    expect(code(() => wilson(-1, 10))).toBe('invalid-value');
    expect(code(() => wilson(Number.NaN, 10))).toBe('invalid-value');
    expect(code(() => wilson(1, Infinity))).toBe('invalid-value');
    expect(code(() => wilson(1, 10, 0))).toBe('invalid-option');
  });
  it('always lies in 0..1 and contains p (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e7, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (n, f) => {
        const [lo, hi] = wilson(f * n, n);
        expect(lo).toBeGreaterThanOrEqual(0);
        expect(hi).toBeLessThanOrEqual(1);
        expect(lo).toBeLessThanOrEqual(f + 1e-12);
        expect(hi).toBeGreaterThanOrEqual(f - 1e-12);
      }),
    );
  });
});

describe('weights', () => {
  it('Kish effective n', () => {
    expect(kishN(4, 4)).toBe(4); // four weights of 1
    expect(kishN(4, 6)).toBeCloseTo(16 / 6, 12); // weights 1, 1, 2: (1+1+2)² / (1+1+4)
    expect(kishN(0, 0)).toBe(0);
  });
  it('weighted moments', () => {
    // 1, 2, 3: mean 2, Σ(x−m)² = 2, variance 2/3 · 3/2 = 1 (the sample variance)
    const m = weightedMoments([1, 2, 3]);
    expect(m.mean).toBe(2);
    expect(m.variance).toBeCloseTo(1, 12);
    expect(m.effectiveN).toBe(3);
    // values 1, 3 with weights 1, 3: Σw = 4, Σw² = 10, mean = 10/4 = 2.5,
    // Σw(x−m)² = 2.25 + 0.75 = 3, nEff = 1.6, variance = 3/4 · 1.6/0.6 = 2
    const w = weightedMoments([1, 3], [1, 3]);
    expect(w.mean).toBe(2.5);
    expect(w.effectiveN).toBeCloseTo(1.6, 12);
    expect(w.variance).toBeCloseTo(2, 12);
    expect(code(() => weightedMoments([1], [0]))).toBe('empty');
  });
});

describe('distributions', () => {
  it('normal CDF', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021, 6);
    expect(normalCdf(-1.96)).toBeCloseTo(0.0249979, 6);
  });
  it('t quantiles match the printed table (two-sided 95 %)', () => {
    // Student t table, 0.975 quantile
    const table: Array<[number, number]> = [
      [1, 12.706],
      [2, 4.303],
      [3, 3.182],
      [5, 2.571],
      [10, 2.228],
      [30, 2.042],
      [120, 1.98],
    ];
    for (const [df, t] of table) expect(tFromZ(1.96, df)).toBeCloseTo(t, 2);
    expect(tCdf(2.228, 10)).toBeCloseTo(0.975, 3);
    expect(tCdf(0, 4)).toBeCloseTo(0.5, 12);
    // exact for df = 1 (Cauchy): tan(π(p − ½)) with p = Φ(1.96) = .9750021 → 12.7062 · (1 + ε)
    expect(tFromZ(1.96, 1)).toBeCloseTo(Math.tan(Math.PI * (normalCdf(1.96) - 0.5)), 6);
    // df = 2 closed form: t = (2p − 1)/√(2p(1 − p))
    const p = normalCdf(1.96);
    expect(tFromZ(1.96, 2)).toBeCloseTo((2 * p - 1) / Math.sqrt(2 * p * (1 - p)), 8);
    // decreasing in df towards z
    let prev = Infinity;
    for (const df of [0.5, 1, 1.5, 2.7, 4, 9.3, 29, 200, 5000, 2e4, 1e7]) {
      const t = tFromZ(1.96, df);
      expect(t).toBeLessThan(prev);
      expect(t).toBeGreaterThan(1.96);
      prev = t;
    }
    expect(tFromZ(1.96, Infinity)).toBe(1.96);
    // fractional df sits between its neighbours
    const t15 = tFromZ(1.96, 1.5);
    expect(t15).toBeLessThan(12.706);
    expect(t15).toBeGreaterThan(4.303);
  });
  it('mean interval', () => {
    // 1, 2, 3: sd 1, se = 1/√3 = .577350, t(2) at the .975 quantile = 4.302653 → half-width
    // 2.484138 (z = 1.96 is Φ⁻¹(.9750021), so the code's t is 4.30285: within 1e-3)
    const m = meanInterval(weightedMoments([1, 2, 3]), -10, 10);
    expect(m.sd).toBeCloseTo(1, 12);
    expect(m.ci[0]).toBeCloseTo(2 - 2.484138, 3);
    expect(m.ci[1]).toBeCloseTo(2 + 2.484138, 3);
    // clipped to the possible range
    expect(meanInterval(weightedMoments([1, 2, 3]), 1, 3).ci).toEqual([1, 3]);
    // one response says nothing about spread: the whole range
    expect(meanInterval(weightedMoments([2]), 1, 5).ci).toEqual([1, 5]);
  });
});
