import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bankDimensions, gap } from './gap.js';
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
