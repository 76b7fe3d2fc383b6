import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { rank, rankInputs, rollup, scaleFor, tallyOf } from '@feedbackkit/core';
import type { Rating, Submission, Tally } from '@feedbackkit/core';
import { rankGroups } from './rankings.js';
import { defaultScaleRef, summariseLean } from './scores.js';
import type { MetricName } from './scores.js';

const opts = { minN: 3, m: 4, minSample: 30 };

describe('rankGroups', () => {
  it('ranks by the effective n: zero-weight responses do not make a teller eligible', () => {
    // Audit case: A has 35 zero-weight 10s and two genuine 10s; B has 200 ratings, 8 of them 5s.
    const scale = scaleFor({ kind: 'nps' });
    const a: Rating[] = [...Array.from({ length: 35 }, () => ({ value: 10, weight: 0 })), 10, 10];
    const b: Rating[] = Array.from({ length: 200 }, (_, k) => (k % 25 === 0 ? 5 : 10));
    const table = rankGroups('nps', scale, [
      { group: 'A', tally: tallyOf(scale, a) },
      { group: 'B', tally: tallyOf(scale, b) },
    ], { minN: 30, m: 10, minSample: 30 });
    expect(table.ranked.map((r) => [r.id, r.n, r.rank])).toEqual([['B', 200, 1]]);
    expect(table.unranked.map((r) => [r.id, r.n, r.rank])).toEqual([['A', 2, null]]);
    // Shrunk with 2 responses' worth of evidence, toward the effective-n-weighted prior (B: 192 promoters, 8 detractors → NPS 92).
    const prior = (2 * 100 + 200 * 92) / 202;
    expect(table.prior).toBeCloseTo(prior, 9);
    expect(table.unranked[0]!.shrunk).toBeCloseTo((2 * 100 + 10 * prior) / 12, 9);
  });

  it('gives core’s table for the same responses (rankInputs of a rollup) — property', () => {
    const metric: MetricName = 'nps';
    const scale = scaleFor(defaultScaleRef(metric));
    const response = fc.record({
      staff: fc.constantFrom('s1', 's2', 's3', 's4'),
      value: fc.integer({ min: 0, max: 10 }),
      weight: fc.constantFrom(0, 1, 1, 1, 2, 3),
    });
    fc.assert(
      fc.property(fc.array(response, { minLength: 1, maxLength: 60 }), (rs) => {
        const subs: Submission[] = rs.map((r, i) => ({
          id: `r${i}`,
          createdAt: '2026-11-10T03:00:00Z',
          status: 'complete',
          answers: { q: { type: 'rating', scale: { kind: 'nps' }, value: r.value } },
          context: { staff: r.staff, segment: String(r.weight) },
        }));
        const groups = rollup(subs, { question: 'q', by: ['staff'], metric, weight: (s) => Number(s.context.segment) }).groups;
        const withWeight = groups.filter((g) => g.points!.sumWeights > 0);
        fc.pre(withWeight.length > 0);
        const tallies: Array<{ group: string; tally: Tally }> = withWeight.map((g) => ({ group: g.id, tally: g.tally }));
        const table = rankGroups(metric, scale, tallies, opts);
        // core: the same inputs (effective n from rankInputs, the tally's headline NPS as the mean)
        const inputs = rankInputs(withWeight).map((x, i) => ({ ...x, mean: summariseLean(metric, scale, withWeight[i]!.tally, opts.minSample).score }));
        const core = rank(inputs, { minN: opts.minN, m: opts.m });
        expect([...table.ranked, ...table.unranked].map((r) => [r.id, r.n, r.rank, r.eligible, r.tied, r.shrunk])).toEqual(
          core.rows.map((r) => [r.id, r.n, r.rank, r.eligible, r.tied, r.shrunk]),
        );
        expect(table.prior).toBe(core.prior);
        // and the means agree with the rollup's point summaries (the metric itself)
        inputs.forEach((x, i) => expect(x.mean).toBeCloseTo(rankInputs(withWeight)[i]!.mean, 9));
      }),
    );
  });
});
