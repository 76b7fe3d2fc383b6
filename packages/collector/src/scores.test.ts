import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addToTally, createTally, mergeTallies, scaleFor, type ScaleRef, type Tally } from '@feedbackkit/core';
import { sumTallies, summarise, summariseLean, type MetricName } from './scores.js';

const cases: Array<{ metric: MetricName; ref: ScaleRef }> = [
  { metric: 'nps', ref: { kind: 'nps' } },
  { metric: 'csat', ref: { kind: 'csat', points: 3 } },
  { metric: 'csat', ref: { kind: 'csat', points: 5 } },
  { metric: 'csat', ref: { kind: 'csat', points: 7 } },
  { metric: 'ces', ref: { kind: 'ces', points: 5 } },
  { metric: 'ces', ref: { kind: 'ces', points: 7 } },
  { metric: 'index', ref: { kind: 'evaluator', points: 3 } },
  { metric: 'index', ref: { kind: 'nps' } },
  { metric: 'index', ref: { kind: 'csat', points: 5 } },
];

/** A tally of weighted responses: each response a scale point and a weight (1 when unweighted). */
function tallyOf(ref: ScaleRef, responses: Array<{ k: number; w: number }>): Tally {
  const scale = scaleFor(ref);
  const size = scale.values.length;
  const t: Tally = { scale: { ...scale.ref }, counts: Array(size).fill(0), weights: Array(size).fill(0), sumSquaredWeights: 0 };
  for (const { k, w } of responses) {
    t.counts[k % size]! += 1;
    t.weights[k % size]! += w;
    t.sumSquaredWeights += w * w;
  }
  return t;
}

describe('summariseLean', () => {
  it('gives the very numbers of summarise (core tallyMetrics) for every metric, weighted or not (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...cases),
        fc.array(fc.record({ k: fc.nat(20), w: fc.oneof(fc.constant(1), fc.double({ min: 0.01, max: 50, noNaN: true })) }), { minLength: 1, maxLength: 80 }),
        fc.constantFrom(1, 5, 30),
        ({ metric, ref }, responses, minSample) => {
          const scale = scaleFor(ref);
          const t = tallyOf(ref, responses);
          const full = summarise(metric, scale, t, minSample);
          expect(summariseLean(metric, scale, t, minSample)).toEqual({ n: full.n, score: full.score, ci: full.ci, smallSample: full.smallSample });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('matches on the edges: one response, every response alike, all weight in one box', () => {
    for (const { metric, ref } of cases) {
      const scale = scaleFor(ref);
      const size = scale.values.length;
      for (const responses of [[{ k: 0, w: 1 }], Array.from({ length: 40 }, () => ({ k: size - 1, w: 1 })), Array.from({ length: 7 }, (_, i) => ({ k: i % 2 === 0 ? 0 : size - 1, w: 2 }))]) {
        const t = tallyOf(ref, responses);
        const full = summarise(metric, scale, t, 30);
        expect(summariseLean(metric, scale, t, 30), `${metric} ${scale.id}`).toEqual({ n: full.n, score: full.score, ci: full.ci, smallSample: full.smallSample });
      }
    }
  });

  it('throws core’s own error for a tally without weight, like summarise', () => {
    const scale = scaleFor({ kind: 'nps' });
    const t = tallyOf({ kind: 'nps' }, [{ k: 3, w: 0 }]);
    expect(() => summarise('nps', scale, t, 30)).toThrow(/carry no weight/);
    expect(() => summariseLean('nps', scale, t, 30)).toThrow(/carry no weight/);
  });
});

describe('sumTallies', () => {
  it("gives exactly core's mergeTallies for plain tallies of one scale, as the store builds them (property)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...cases.map((c) => c.ref)),
        fc.array(fc.array(fc.nat(1000), { minLength: 11, maxLength: 11 }), { minLength: 1, maxLength: 30 }),
        (ref, rows) => {
          const scale = scaleFor(ref);
          const size = scale.values.length;
          // Plain objects (no core bookkeeping): unweighted counts, so weights = counts and Σw² = n.
          const tallies: Tally[] = rows.map((r) => {
            const counts = r.slice(0, size);
            return { scale: { ...scale.ref }, counts, weights: [...counts], sumSquaredWeights: counts.reduce((a, b) => a + b, 0) };
          });
          expect(sumTallies(scale, tallies)).toEqual(mergeTallies(...tallies));
        },
      ),
    );
  });
});
