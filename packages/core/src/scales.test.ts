import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FeedbackError } from './errors.js';
import { scaleBoxes, scaleFor, scaleLabel, scaleShape, scales } from './scales.js';
import type { Scale } from './scales.js';
import type { ScaleRef } from './types.js';
import { code } from '../test/feedback-error.js';

const all = Object.values(scales) as Scale[];

describe('built-in scales', () => {
  it('NPS is 0–10, promoters 9–10, detractors 0–6', () => {
    const s = scales.nps;
    expect(s.id).toBe('nps');
    expect([s.min, s.max, s.step]).toEqual([0, 10, 1]);
    expect(s.values).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(s.topBox).toEqual([9, 10]);
    expect(s.bottomBox).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(s.anchors.en).toEqual({ low: 'Not at all likely', high: 'Extremely likely' });
    expect(s.anchors['zh-CN'].high).toBe('非常可能');
  });

  it('CSAT 1–5 by default, with 3 and 7 point variants and top-2-box', () => {
    expect(scales.csat5).toBe(scaleFor({ kind: 'csat' }));
    expect(scales.csat5.topBox).toEqual([4, 5]);
    expect(scales.csat5.bottomBox).toEqual([1, 2]);
    expect(scales.csat5.labels.en).toEqual(['Very dissatisfied', 'Dissatisfied', 'Neutral', 'Satisfied', 'Very satisfied']);
    expect(scales.csat5.labels['zh-CN'][4]).toBe('非常满意');
    expect(scales.csat3.values).toEqual([1, 2, 3]);
    expect(scales.csat3.topBox).toEqual([3]);
    expect(scales.csat7.topBox).toEqual([6, 7]);
    expect(scales.csat7.bottomBox).toEqual([1, 2]);
  });

  it('CES 1–7 (agree = 5–7) and 1–5 (agree = 4–5)', () => {
    expect(scales.ces7.id).toBe('ces7');
    expect(scales.ces7.topBox).toEqual([5, 6, 7]);
    expect(scales.ces7.bottomBox).toEqual([1, 2, 3]);
    expect(scales.ces5.topBox).toEqual([4, 5]);
    expect(scaleFor({ kind: 'ces' })).toBe(scales.ces7);
  });

  it('stars 1–5 with optional half steps', () => {
    expect(scales.stars5.values).toEqual([1, 2, 3, 4, 5]);
    expect(scales.stars5Half.values).toEqual([1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5]);
    expect(scales.stars5Half.topBox).toEqual([4, 4.5, 5]);
    expect(scales.stars5Half.labels.en[1]).toBe('1.5 stars');
    expect(scales.stars5Half.labels.en[0]).toBe('1 star');
    expect(scales.stars5Half.validate(3.5)).toBe(3.5);
    expect(code(() => scales.stars5.validate(3.5))).toBe('off-step');
    expect(code(() => scales.stars5Half.validate(3.25))).toBe('off-step');
  });

  it('smiley 3/4/5 faces and thumbs 0/1', () => {
    expect(scales.smiley3.labels.en).toEqual(['Unhappy', 'Neutral', 'Happy']);
    expect(scales.smiley4.topBox).toEqual([3, 4]);
    expect(scales.smiley4.bottomBox).toEqual([1, 2]);
    expect(scales.smiley5.values).toEqual([1, 2, 3, 4, 5]);
    expect(scales.thumbs.values).toEqual([0, 1]);
    expect(scales.thumbs.topBox).toEqual([1]);
    expect(scales.thumbs.normalize(1)).toBe(100);
  });

  it('counter evaluator: 3 levels score 3/2/1 and normalise to 100/50/0', () => {
    const e = scales.evaluator3;
    expect(e.values).toEqual([1, 2, 3]);
    expect(e.points).toEqual([1, 2, 3]);
    expect(e.labels.en).toEqual(['Dissatisfied', 'Neutral', 'Satisfied']);
    expect(e.labels['zh-CN']).toEqual(['不满意', '一般', '满意']);
    // (p − 1) / (3 − 1) · 100
    expect([e.normalize(3), e.normalize(2), e.normalize(1)]).toEqual([100, 50, 0]);
    // 4 levels: no neutral; (3 − 1) / 3 · 100 = 66.67
    expect(scales.evaluator4.labels.en).toEqual(['Very dissatisfied', 'Dissatisfied', 'Satisfied', 'Very satisfied']);
    expect(scales.evaluator4.normalize(3)).toBeCloseTo(66.667, 3);
    // 5 levels: (4 − 1) / 4 · 100 = 75
    expect(scales.evaluator5.normalize(4)).toBe(75);
    expect(scaleFor({ kind: 'evaluator' })).toBe(scales.evaluator3);
  });

  it('custom Likert ranges', () => {
    const s = scaleFor({ kind: 'likert', min: 0, max: 4 });
    expect(s.id).toBe('likert0-4');
    expect(s.values).toEqual([0, 1, 2, 3, 4]);
    expect(s.topBox).toEqual([3, 4]);
    expect(s.bottomBox).toEqual([0, 1]);
    expect(s.normalize(1)).toBe(25); // (1 − 0) / 4 · 100
    expect(scaleFor({ kind: 'likert', min: -3, max: 3 }).normalize(0)).toBe(50);
    expect(scaleFor({ kind: 'likert', min: 1, max: 3 }).topBox).toEqual([3]);
    expect(scaleLabel(scales.likert7, 7, 'zh-CN')).toBe('7');
  });

  it('labels exist per point in both locales', () => {
    for (const s of all) {
      expect(s.labels.en).toHaveLength(s.values.length);
      expect(s.labels['zh-CN']).toHaveLength(s.values.length);
      expect(s.points).toHaveLength(s.values.length);
      for (const l of [...s.labels.en, ...s.labels['zh-CN']]) expect(l.length).toBeGreaterThan(0);
      // top and bottom boxes never overlap
      expect(s.topBox.filter((v) => s.bottomBox.includes(v))).toEqual([]);
      expect(scaleFor(s.ref)).toBe(s);
    }
    expect(scaleLabel(scales.nps, 9, 'fr')).toBe('9');
    expect(scaleLabel(scales.csat5, 4, 'zh-CN')).toBe('满意');
  });
});

describe('validation', () => {
  it('names the field, the value and the reason', () => {
    try {
      scales.nps.validate(11, 'values[3]');
      expect.unreachable();
    } catch (e) {
      const err = e as FeedbackError;
      expect(err.code).toBe('off-scale');
      expect(err.field).toBe('values[3]');
      expect(err.message).toContain('values[3]');
      expect(err.message).toContain('11');
      expect(err.message).toContain('0–10');
    }
    expect(code(() => scales.nps.validate(Number.NaN))).toBe('invalid-value');
    expect(code(() => scales.nps.validate(Infinity))).toBe('invalid-value');
    expect(code(() => scales.nps.validate('9'))).toBe('invalid-value');
    expect(code(() => scales.nps.validate(8.5))).toBe('off-step');
    expect(code(() => scales.csat5.validate(0))).toBe('off-scale');
    expect(code(() => scales.evaluator3.normalize(4))).toBe('off-scale');
  });

  it('rejects unknown kinds and impossible variants', () => {
    expect(code(() => scaleFor({ kind: 'bogus' } as unknown as ScaleRef))).toBe('unknown-scale');
    expect(code(() => scaleFor(null as unknown as ScaleRef))).toBe('unknown-scale');
    expect(code(() => scaleFor({ kind: 'csat', points: 4 }))).toBe('invalid-option');
    expect(code(() => scaleFor({ kind: 'ces', points: 3 }))).toBe('invalid-option');
    expect(code(() => scaleFor({ kind: 'stars', step: 0.25 }))).toBe('invalid-option');
    expect(scaleFor({ kind: 'stars', points: 10 }).values).toHaveLength(10);
    expect(scaleFor({ kind: 'stars', points: 3 }).topBox).toEqual([3]);
    expect(code(() => scaleFor({ kind: 'stars', points: 11 }))).toBe('invalid-option');
    expect(code(() => scaleFor({ kind: 'likert', min: 5, max: 5 }))).toBe('invalid-option');
    expect(code(() => scaleFor({ kind: 'likert', min: 1.5, max: 5 }))).toBe('invalid-option');
    expect(code(() => scaleFor({ kind: 'likert', min: 0, max: 1000 }))).toBe('invalid-option');
  });

  it('validate accepts exactly the listed values (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...all), fc.double({ min: -20, max: 20, noNaN: true }), (s, x) => {
        const ok = s.values.includes(x);
        expect(code(() => s.validate(x)) === undefined).toBe(ok);
      }),
    );
    for (const s of all) {
      for (const v of s.values) {
        const n = s.normalize(v);
        expect(n).toBeGreaterThanOrEqual(0);
        expect(n).toBeLessThanOrEqual(100);
      }
      expect(s.normalize(s.min)).toBe(0);
      expect(s.normalize(s.max)).toBe(100);
    }
  });
});

describe('scaleShape (a scale without its labels)', () => {
  // Any reference, valid or not: kinds, variants and ranges around the valid ones.
  const ref = fc.record(
    {
      kind: fc.constantFrom('nps', 'csat', 'ces', 'stars', 'smiley', 'thumbs', 'evaluator', 'likert', 'bogus'),
      points: fc.integer({ min: 0, max: 12 }),
      min: fc.integer({ min: -3, max: 6 }),
      max: fc.integer({ min: -3, max: 120 }),
      step: fc.constantFrom(0.25, 0.5, 1, 2),
    },
    { requiredKeys: ['kind'] },
  ) as fc.Arbitrary<ScaleRef>;

  it('has exactly the fields scaleFor gives, and throws exactly when it throws, with the same code', () => {
    fc.assert(
      fc.property(ref, (r) => {
        const expected = code(() => scaleFor(r));
        expect(code(() => scaleShape(r))).toBe(expected);
        if (expected !== undefined) return;
        const full = scaleFor(r);
        const shape = scaleShape(r);
        expect(shape).toEqual({
          id: full.id,
          kind: full.kind,
          ref: full.ref,
          min: full.min,
          max: full.max,
          step: full.step,
          values: full.values,
        });
      }),
    );
  });

  it('scaleBoxes: the same top and bottom boxes as scaleFor, and throws exactly when it throws', () => {
    fc.assert(
      fc.property(ref, (r) => {
        const expected = code(() => scaleFor(r));
        expect(code(() => scaleBoxes(r))).toBe(expected);
        if (expected !== undefined) return;
        const { topBox, bottomBox } = scaleFor(r);
        expect(scaleBoxes(r)).toEqual({ topBox, bottomBox });
      }),
    );
    // By hand: NPS detractors 0–6 and promoters 9–10; a 3-point CSAT has one point in each box.
    expect(scaleBoxes({ kind: 'nps' })).toEqual({ topBox: [9, 10], bottomBox: [0, 1, 2, 3, 4, 5, 6] });
    expect(scaleBoxes({ kind: 'csat', points: 3 })).toEqual({ topBox: [3], bottomBox: [1] });
  });

  it('examples: canonical references and values', () => {
    expect(scaleShape({ kind: 'evaluator' })).toEqual({
      id: 'evaluator3',
      kind: 'evaluator',
      ref: { kind: 'evaluator', points: 3 },
      min: 1,
      max: 3,
      step: 1,
      values: [1, 2, 3],
    });
    expect(scaleShape({ kind: 'stars', step: 0.5 }).values).toEqual([1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5]);
    expect(scaleShape({ kind: 'likert', min: 0, max: 4 }).ref).toEqual({ kind: 'likert', min: 0, max: 4 });
    expect(code(() => scaleShape(null as unknown as ScaleRef))).toBe('unknown-scale');
    expect(Object.isFrozen(scaleShape({ kind: 'nps' }).values)).toBe(true);
  });
});
