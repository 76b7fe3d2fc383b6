import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FeedbackError } from './errors.js';
import { ces, csat, meanScore, nps, responsePoints, share } from './metrics.js';
import type { Rating } from './metrics.js';
import { scales } from './scales.js';

const err = (f: () => unknown): FeedbackError => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(FeedbackError);
    return e as FeedbackError;
  }
  throw new Error('expected a FeedbackError');
};
const repeat = (v: number, k: number): number[] => new Array<number>(k).fill(v);

describe('nps', () => {
  it('the issue example [10, 9, 8, 0]', () => {
    // p+ = 2/4 = .5, p− = 1/4 = .25 → score 25
    // Var = (.5 + .25) − (.25)² = .6875; MoE = 1.96 · √(.6875/4) · 100 = 1.96 · .414578 · 100 = 81.2573
    const r = nps([10, 9, 8, 0]);
    expect(r.score).toBe(25);
    expect([r.promoters, r.passives, r.detractors]).toEqual([50, 25, 25]);
    expect(r.n).toBe(4);
    expect(r.effectiveN).toBe(4);
    expect(r.marginOfError).toBeCloseTo(81.2573, 3);
    expect(r.ci[0]).toBeCloseTo(25 - 81.2573, 3);
    expect(r.ci[1]).toBe(100); // 106.26 clipped
    expect(r.smallSample).toBe(true);
  });
  it('50 promoters, 30 passives, 20 detractors', () => {
    // score 30; Var = .7 − .3² = .61; MoE = 1.96 · √(.61/100) · 100 = 1.96 · 7.81025 = 15.3081
    const r = nps([...repeat(9, 25), ...repeat(10, 25), ...repeat(7, 30), ...repeat(0, 10), ...repeat(6, 10)]);
    expect(r.score).toBeCloseTo(30, 10);
    expect(r.marginOfError).toBeCloseTo(15.3081, 3);
    expect(r.ci[0]).toBeCloseTo(14.6919, 3);
    expect(r.ci[1]).toBeCloseTo(45.3081, 3);
    expect(r.smallSample).toBe(false);
  });
  it('weights: shares by weight, MoE on the Kish effective n', () => {
    // weights 3 (promoter) and 1 (detractor): p+ = .75, p− = .25, score 50
    // nEff = 4²/(9 + 1) = 1.6; Var = 1 − .5² = .75; MoE = 1.96 · √(.75/1.6) · 100 = 134.192
    const r = nps([{ value: 10, weight: 3 }, { value: 0, weight: 1 }]);
    expect(r.score).toBe(50);
    expect(r.promoters).toBe(75);
    expect(r.effectiveN).toBeCloseTo(1.6, 12);
    expect(r.marginOfError).toBeCloseTo(134.192, 2);
    expect(r.ci[0]).toBeCloseTo(50 - 134.192, 2);
    expect(r.ci[1]).toBe(100); // 184.19 clipped
    // a weight of 2 moves the score like a duplicate, but is less evidence than two responses
    const weighted = nps([{ value: 10, weight: 2 }, 0]);
    const duplicated = nps([10, 10, 0]);
    expect(weighted.score).toBeCloseTo(duplicated.score, 12);
    expect(weighted.marginOfError).toBeGreaterThan(duplicated.marginOfError);
  });
  it('all promoters: score 100, no variance', () => {
    const r = nps(repeat(10, 40));
    expect(r).toMatchObject({ score: 100, marginOfError: 0, ci: [100, 100], smallSample: false });
  });
  it('smallSample follows minSample', () => {
    expect(nps(repeat(8, 29)).smallSample).toBe(true);
    expect(nps(repeat(8, 30)).smallSample).toBe(false);
    expect(nps(repeat(8, 5), { minSample: 5 }).smallSample).toBe(false);
  });
  it('rejects bad input, naming index, value and reason', () => {
    const off = err(() => nps([1, 2, 3, 11]));
    expect(off.code).toBe('off-scale');
    expect(off.field).toBe('values[3]');
    expect(off.message).toMatch(/values\[3\].*11.*0–10/);
    const frac = err(() => nps([1, 2, 3, 8.5]));
    expect(frac.code).toBe('off-step');
    expect(frac.message).toMatch(/values\[3\].*8\.5/);
    expect(err(() => nps([Number.NaN])).code).toBe('invalid-value');
    expect(err(() => nps([Infinity])).code).toBe('invalid-value');
    expect(err(() => nps([null as unknown as number])).code).toBe('invalid-value');
    expect(err(() => nps(['9' as unknown as number])).code).toBe('invalid-value');
    expect(err(() => nps('9' as unknown as number[])).code).toBe('invalid-value');
    expect(err(() => nps([])).code).toBe('empty');
    const w = err(() => nps([9, { value: 9, weight: -1 }]));
    expect(w.code).toBe('invalid-weight');
    expect(w.field).toBe('values[1].weight');
    expect(err(() => nps([{ value: 9, weight: Number.NaN }])).code).toBe('invalid-weight');
    // weights whose squares would underflow or overflow (Kish n would be 0/0 = NaN)
    expect(err(() => nps([{ value: 9, weight: 1e-200 }])).code).toBe('invalid-weight');
    expect(err(() => nps([{ value: 9, weight: 1e200 }])).code).toBe('invalid-weight');
    expect(err(() => nps([{ value: 9, weight: '2' as unknown as number }])).code).toBe('invalid-weight');
    expect(nps([{ value: 9, weight: 1e100 }, { value: 0, weight: 1e-100 }]).score).toBe(100);
    expect(err(() => nps([{ value: 9, weight: 0 }])).code).toBe('empty');
    expect(err(() => nps([{ value: 12, weight: 1 }])).field).toBe('values[0].value');
    expect(err(() => nps([9], { minSample: -1 })).code).toBe('invalid-option');
    expect(err(() => nps([9], { z: Number.NaN })).code).toBe('invalid-option');
  });
});

describe('csat', () => {
  it('the issue example: top-2-box of [5, 4, 3]', () => {
    // 2 of 3 satisfied = 66.67 %; Wilson(2, 3) = [.207656, .938510] (worked in stats.test.ts)
    const r = csat([5, 4, 3], { scale: 5 });
    expect(r.score).toBeCloseTo(66.6667, 3);
    expect(r.satisfied).toBe(2);
    expect(r.n).toBe(3);
    expect(r.ci[0]).toBeCloseTo(20.7656, 3);
    expect(r.ci[1]).toBeCloseTo(93.851, 3);
  });
  it('3 and 7 point variants; 5 is the default', () => {
    expect(csat([3, 2, 1, 3], { scale: 3 }).score).toBe(50); // 3 is the top box
    expect(csat([7, 6, 5, 1], { scale: 7 }).score).toBe(50); // 6–7
    expect(csat([4, 4, 2, 1]).score).toBe(50);
    expect(err(() => csat([6], { scale: 5 })).code).toBe('off-scale');
    expect(err(() => csat([4], { scale: 4 as 5 })).code).toBe('invalid-option');
  });
  it('weighted', () => {
    // satisfied weight 3 of 4 = 75 %; nEff = 16/10 = 1.6 → Wilson(1.2, 1.6)
    const r = csat([{ value: 5, weight: 3 }, { value: 1, weight: 1 }]);
    expect(r.score).toBe(75);
    expect(r.satisfied).toBe(3);
    expect(r.effectiveN).toBeCloseTo(1.6, 12);
  });
});

describe('ces', () => {
  it('mean with a t interval and the agree share', () => {
    // 5,6,7,5,6,7,5,6,7,6: mean 6; Σ(x−6)² = 6, sd = √(6/9) = .816497, se = .258199
    // t(9) = 2.26216 → half-width .584087 → [5.41591, 6.58409]; agree (5–7) = 100 %
    const r = ces([5, 6, 7, 5, 6, 7, 5, 6, 7, 6], { scale: 7 });
    expect(r.mean).toBe(6);
    expect(r.sd).toBeCloseTo(0.816497, 5);
    expect(r.ci[0]).toBeCloseTo(5.41591, 3);
    expect(r.ci[1]).toBeCloseTo(6.58409, 3);
    expect(r.agree).toBe(100);
  });
  it('the issue example [6, 7, 3]: the interval is clipped to the scale', () => {
    // mean 16/3 = 5.3333; sd = √(8.6667/2) = 2.08167; half = 4.3027 · 2.08167/√3 = 5.171 → clipped to [1, 7]
    const r = ces([6, 7, 3], { scale: 7 });
    expect(r.mean).toBeCloseTo(5.3333, 4);
    expect(r.ci).toEqual([1, 7]);
    expect(r.agree).toBeCloseTo(66.6667, 3);
  });
  it('5-point scale: agree = 4–5', () => {
    expect(ces([4, 5, 3, 1], { scale: 5 }).agree).toBe(50);
    expect(err(() => ces([6], { scale: 5 })).code).toBe('off-scale');
  });
});

describe('meanScore, share, responsePoints', () => {
  it('evaluator mean and 0–100 index', () => {
    // 3, 3, 2, 1 → mean 2.25 → index (2.25 − 1)/(3 − 1) · 100 = 62.5; top box (3) 50 %, bottom (1) 25 %
    const r = meanScore([3, 3, 2, 1], { kind: 'evaluator', points: 3 });
    expect(r.mean).toBe(2.25);
    expect(r.index).toBe(62.5);
    expect(r.topBox).toBe(50);
    expect(r.bottomBox).toBe(25);
    expect(r.indexCi[0]).toBeGreaterThanOrEqual(0);
    expect(r.indexCi[1]).toBeLessThanOrEqual(100);
    expect(meanScore([4.5, 3.5], scales.stars5Half).mean).toBe(4);
  });
  it('identical responses do not give a zero-width interval', () => {
    // three 3s on the 3-level evaluator: sd 0. Fallback: Wilson of p = 1 with n = 3:
    // centre = (1 + 1.2805/2)/2.2805 = .71925, half = .85945 · √(0 + 1.2805/12) = .28075
    // → [.43850, 1] of the range 1–3 → mean CI [1.8770, 3], index CI [43.85, 100]
    const r = meanScore([3, 3, 3], scales.evaluator3);
    expect(r.index).toBe(100);
    expect(r.ci[0]).toBeCloseTo(1.877, 3);
    expect(r.ci[1]).toBe(3);
    expect(r.indexCi[0]).toBeCloseTo(43.85, 2);
    // one response: nothing is known about the spread, so the whole range
    expect(meanScore([2], scales.evaluator3).indexCi).toEqual([0, 100]);
    // CES of all 7s: the interval reaches below 7
    expect(ces([7, 7, 7, 7, 7]).ci[0]).toBeLessThan(7);
  });
  it('identical responses with weights that do not sum exactly still take the fallback', () => {
    // CI seed 421327929: Σw·3/Σw of these weights is 3.0000000000000004 and the sd 1e-15, so a
    // test on sd === 0 missed them and gave a zero-width [2.99999, 3]; the same weights split
    // into two tallies summed exactly and gave [1.452, 3]. One answer only → its point, sd 0.
    const weights = [0.7754466643864741, 0.01, 0.03678341298279458];
    const r = meanScore(weights.map((weight) => ({ value: 3, weight })), scales.evaluator3);
    expect(r.mean).toBe(3);
    expect(r.sd).toBe(0);
    // nEff = (Σw)²/Σw² = 1.12159: Wilson of p = 1 with that n
    expect(r.effectiveN).toBeCloseTo(1.1216, 4);
    expect(r.ci[0]).toBeCloseTo(1.452, 3);
    expect(r.ci[1]).toBe(3);
  });
  it('share of flags with a Wilson interval', () => {
    // 2 of 4 → 50 %; Wilson(2, 4): centre .5, half = (1.96/1.9604) · √(.0625 + .060025) = .349966
    const r = share([true, false, false, true]);
    expect(r.share).toBe(50);
    expect(r.count).toBe(2);
    expect(r.ci[0]).toBeCloseTo(15.0034, 3);
    expect(r.ci[1]).toBeCloseTo(84.9966, 3);
    expect(share([{ value: true, weight: 3 }, false]).share).toBe(75);
    expect(err(() => share([1 as unknown as boolean])).code).toBe('invalid-value');
    expect(err(() => share([])).code).toBe('empty');
  });
  it('responsePoints per metric', () => {
    expect([10, 9, 8, 7, 6, 0].map((v) => responsePoints('nps', { kind: 'nps' }, v))).toEqual([100, 100, 0, 0, -100, -100]);
    expect([5, 4, 3].map((v) => responsePoints('csat', { kind: 'csat', points: 5 }, v))).toEqual([100, 100, 0]);
    expect(responsePoints('ces', { kind: 'ces' }, 6)).toBe(6);
    expect(responsePoints('mean', { kind: 'evaluator' }, 2)).toBe(2);
    expect(responsePoints('index', { kind: 'evaluator' }, 2)).toBe(50);
    expect(responsePoints('index', { kind: 'nps' }, 7)).toBe(70);
    expect(err(() => responsePoints('nps', { kind: 'csat' }, 5)).code).toBe('scale-mismatch');
    expect(err(() => responsePoints('ces', { kind: 'csat' }, 5)).code).toBe('scale-mismatch');
    expect(err(() => responsePoints('csat', { kind: 'csat' }, 6)).code).toBe('off-scale');
    expect(err(() => responsePoints('bogus' as 'nps', { kind: 'nps' }, 6)).code).toBe('invalid-option');
  });
});

const weighted = (lo: number, hi: number) =>
  fc.array(
    fc.oneof(
      fc.integer({ min: lo, max: hi }),
      fc.record({ value: fc.integer({ min: lo, max: hi }), weight: fc.double({ min: 0.01, max: 100, noNaN: true }) }),
    ),
    { minLength: 1, maxLength: 60 },
  );
const finiteDeep = (x: unknown): boolean =>
  typeof x === 'number' ? Number.isFinite(x) : typeof x === 'object' && x !== null ? Object.values(x).every(finiteDeep) : true;
const pw = (r: Rating) => (typeof r === 'number' ? { v: r, w: 1 } : { v: r.value, w: r.weight ?? 1 });

describe('laws (property)', () => {
  it('never NaN; scores inside their intervals and ranges', () => {
    fc.assert(
      fc.property(weighted(0, 10), (values) => {
        const r = nps(values);
        expect(finiteDeep(r)).toBe(true);
        expect(r.ci[0]).toBeLessThanOrEqual(r.score + 1e-9);
        expect(r.ci[1]).toBeGreaterThanOrEqual(r.score - 1e-9);
        expect(r.promoters + r.passives + r.detractors).toBeCloseTo(100, 9);
      }),
    );
    fc.assert(
      fc.property(weighted(1, 7), (values) => {
        const c = ces(values);
        expect(finiteDeep(c)).toBe(true);
        expect(c.ci[0]).toBeGreaterThanOrEqual(1);
        expect(c.ci[1]).toBeLessThanOrEqual(7);
        const s = csat(values, { scale: 7 });
        expect(finiteDeep(s)).toBe(true);
        expect(s.ci[0]).toBeLessThanOrEqual(s.score + 1e-9);
        expect(s.ci[1]).toBeGreaterThanOrEqual(s.score - 1e-9);
      }),
    );
  });
  it('the weighted mean of responsePoints is the metric', () => {
    fc.assert(
      fc.property(weighted(0, 10), (values) => {
        const pts = values.map(pw);
        const sw = pts.reduce((s, p) => s + p.w, 0);
        const mean = (m: 'nps' | 'index') => pts.reduce((s, p) => s + p.w * responsePoints(m, scales.nps, p.v), 0) / sw;
        expect(mean('nps')).toBeCloseTo(nps(values).score, 6);
        expect(mean('index')).toBeCloseTo(meanScore(values, scales.nps).index, 6);
      }),
    );
    fc.assert(
      fc.property(weighted(1, 5), (values) => {
        const pts = values.map(pw);
        const sw = pts.reduce((s, p) => s + p.w, 0);
        const mean = pts.reduce((s, p) => s + p.w * responsePoints('csat', scales.csat5, p.v), 0) / sw;
        expect(mean).toBeCloseTo(csat(values).score, 6);
      }),
    );
  });
});
