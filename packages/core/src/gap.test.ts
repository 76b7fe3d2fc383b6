import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bankDimensions, gap } from './gap.js';
import { wilson } from './stats.js';
import { codeAndField } from '../test/feedback-error.js';

describe('gap', () => {
  it('mean perception − expectation with a paired t interval', () => {
    // timeliness: (e, p) = (5,3) (4,3) (5,4) (4,4) → gaps −2, −1, −1, 0; mean −1
    // deviations −1, 0, 0, 1 → variance 2/3, sd 0.81650, se 0.40825
    // t(0.975, df 3) = 3.18245 → half-width 1.29923 → [−2.29923, 0.29923]
    const [t] = gap(
      [
        { dimension: 'timeliness', expectation: 5, perception: 3 },
        { dimension: 'timeliness', expectation: 4, perception: 3 },
        { dimension: 'timeliness', expectation: 5, perception: 4 },
        { dimension: 'timeliness', expectation: 4, perception: 4 },
      ],
      { scale: { kind: 'csat', points: 5 } },
    );
    expect(t).toMatchObject({ dimension: 'timeliness', n: 4, expectation: 4.5, perception: 3.5, gap: -1 });
    expect(t!.sd).toBeCloseTo(0.8165, 4);
    expect(t!.ci[0]).toBeCloseTo(-2.29923, 3);
    expect(t!.ci[1]).toBeCloseTo(0.29923, 3);
  });

  it('orders and labels by the bank preset; drops empty dimensions; clips a single pair to ±span', () => {
    const r = gap(
      [
        { dimension: 'courtesy', expectation: 3, perception: 5 },
        { dimension: 'safety', expectation: 5, perception: 5 },
        { dimension: 'parking', expectation: 4, perception: 2 },
      ],
      { dimensions: bankDimensions, scale: { kind: 'csat', points: 5 } },
    );
    expect(r.map((x) => x.dimension)).toEqual(['safety', 'courtesy', 'parking']);
    expect(r[0]!.label).toEqual({ en: 'Safety', 'zh-CN': '安全性' });
    expect(r[1]!.gap).toBe(2);
    // n = 1: nothing known about the spread → the whole range of gaps on 1–5, [−4, 4]
    expect(r[1]!.ci).toEqual([-4, 4]);
    expect(r[2]!.label).toBeUndefined();
  });

  it('has the six bank dimensions in en and zh-CN', () => {
    expect(bankDimensions.map((d) => d.id)).toEqual(['function', 'value', 'safety', 'timeliness', 'comfort', 'courtesy']);
    expect(bankDimensions.map((d) => (d.label as Record<string, string>)['zh-CN'])).toEqual(['功能性', '经济性', '安全性', '时间性', '舒适性', '文明性']);
  });

  it('weights pairs', () => {
    // gaps 2 (w 3) and −2 (w 1) → (6 − 2)/4 = 1
    const [r] = gap([
      { dimension: 'x', expectation: 1, perception: 3, weight: 3 },
      { dimension: 'x', expectation: 3, perception: 1, weight: 1 },
    ]);
    expect(r!.gap).toBe(1);
    expect(r!.effectiveN).toBeCloseTo(16 / 10, 12); // (3+1)² / (9+1)
  });

  it('rejects bad pairs with named fields', () => {
    expect(codeAndField(() => gap([{ dimension: 'x', expectation: 6, perception: 1 }], { scale: { kind: 'csat' } }))).toEqual(['off-scale', 'pairs[0].expectation']);
    expect(codeAndField(() => gap([{ dimension: 'x', expectation: 1, perception: Number.NaN }]))).toEqual(['invalid-value', 'pairs[0].perception']);
    expect(codeAndField(() => gap([{ dimension: 'x', expectation: 1, perception: 1, weight: -1 }]))).toEqual(['invalid-weight', 'pairs[0].weight']);
    expect(codeAndField(() => gap([{ dimension: 'x', expectation: 1, perception: 1 }], { dimensions: bankDimensions, strictDimensions: true }))).toEqual([
      'invalid-value',
      'pairs[0].dimension',
    ]);
  });

  it('bounds weights like the metrics do: never NaN, never an effective n of 0', () => {
    const pairs = (weight: number) =>
      [5, 4, 5, 4, 3].map((e, i) => ({ dimension: 'timeliness', expectation: e, perception: [3, 3, 4, 4, 3][i]!, weight }));
    for (const w of [1e200, 1e-200, Number.POSITIVE_INFINITY, -1, Number.NaN]) {
      expect(codeAndField(() => gap(pairs(w), { scale: { kind: 'csat' } }))).toEqual(['invalid-weight', 'pairs[0].weight']);
    }
    // the bounds themselves work and give the unweighted answer
    const plain = gap(pairs(1), { scale: { kind: 'csat' } })[0]!;
    for (const w of [1e100, 1e-100]) {
      const r = gap(pairs(w), { scale: { kind: 'csat' } })[0]!;
      expect(r.effectiveN).toBeCloseTo(5, 9);
      expect(r.gap).toBeCloseTo(plain.gap, 12);
      expect(r.ci[0]).toBeCloseTo(plain.ci[0], 9);
      expect(r.ci[1]).toBeCloseTo(plain.ci[1], 9);
    }
  });

  it('identical gaps: the exact gap and a Wilson interval, not a zero-width one (like meanScore)', () => {
    const same = (k: number) => Array.from({ length: k }, () => ({ dimension: 'courtesy', expectation: 5, perception: 4 }));
    const [two] = gap(same(2), { scale: { kind: 'csat' } });
    // gaps on 1–5 range over [−4, 4]; −1 is the share 3/8 of it; Wilson(0.75 of 2)
    expect(two!.gap).toBe(-1);
    expect(two!.sd).toBe(0);
    const [a, b] = wilson((3 / 8) * 2, 2);
    expect(two!.ci[0]).toBeCloseTo(-4 + a * 8, 12);
    expect(two!.ci[1]).toBeCloseTo(-4 + b * 8, 12);
    expect(two!.ci[0]).toBeLessThan(-1);
    expect(two!.ci[1]).toBeGreaterThan(-1);
    // more identical answers, a narrower interval, still around the gap
    const [five] = gap(same(5), { scale: { kind: 'csat' } });
    expect(five!.ci[1] - five!.ci[0]).toBeLessThan(two!.ci[1] - two!.ci[0]);
    expect(five!.ci[0]).toBeLessThan(-1);
    // fractional weights: Σw·d/Σw may round; the gap is the one gap exactly
    const d = 0.1 - 0.3;
    // (dimension y only widens the range seen to 0..1, so gaps span [−1, 1])
    const [frac] = gap([
      ...[0.1, 0.2, 0.7, 0.3].map((weight) => ({ dimension: 'x', expectation: 0.3, perception: 0.1, weight })),
      { dimension: 'y', expectation: 0, perception: 1 },
    ]);
    expect(frac!.gap).toBe(d);
    expect(frac!.ci[0]).toBeLessThan(d);
    expect(frac!.ci[1]).toBeGreaterThan(d);
    // a zero-weight pair with another gap does not count
    const [zw] = gap([...same(3), { dimension: 'courtesy', expectation: 1, perception: 5, weight: 0 }], { scale: { kind: 'csat' } });
    expect(zw!.gap).toBe(-1);
    expect(zw!.ci[1] - zw!.ci[0]).toBeGreaterThan(0);
  });

  it('property: the mean gap is mean perception − mean expectation, inside its interval', () => {
    const v = fc.integer({ min: 1, max: 7 });
    fc.assert(
      fc.property(fc.array(fc.record({ dimension: fc.constantFrom('a', 'b'), expectation: v, perception: v }), { minLength: 1 }), (pairs) => {
        for (const r of gap(pairs, { scale: { kind: 'likert', min: 1, max: 7 } })) {
          expect(r.gap).toBeCloseTo(r.perception - r.expectation, 9);
          expect(r.ci[0]).toBeLessThanOrEqual(r.gap + 1e-9);
          expect(r.ci[1]).toBeGreaterThanOrEqual(r.gap - 1e-9);
          expect(r.ci[0]).toBeGreaterThanOrEqual(-6);
          expect(r.ci[1]).toBeLessThanOrEqual(6);
        }
      }),
    );
  });
});
