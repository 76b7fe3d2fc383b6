import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { improvements, mostImproved, rank, rankInputs, serviceStar, shrink } from './rank.js';
import type { RankInput } from './rank.js';
import { rollup } from './rollup.js';
import { tallyMetrics } from './tally.js';
import type { Submission } from './types.js';
import { codeAndField } from '../test/feedback-error.js';

// CSAT points (% satisfied) per teller this month.
const tellers: RankInput[] = [
  { id: 'A', n: 2, mean: 100 }, // two perfect ratings
  { id: 'B', n: 200, mean: 92 },
  { id: 'C', n: 50, mean: 95 },
];
// prior = (2·100 + 200·92 + 50·95)/252 = (200 + 18400 + 4750)/252 = 23350/252 = 92.65873
// m = 10: A = (200 + 926.5873)/12 = 93.88228; B = (18400 + 926.5873)/210 = 92.03137;
//         C = (4750 + 926.5873)/60 = 94.60979

describe('rank', () => {
  it('a teller with two perfect ratings cannot top the table', () => {
    const t = rank(tellers);
    expect(t.prior).toBeCloseTo(92.65873, 5);
    // default minN 30: A is listed but not ranked
    expect(t.rows.map((r) => [r.id, r.rank])).toEqual([
      ['C', 1],
      ['B', 2],
      ['A', null],
    ]);
    // even with no minimum, shrinkage puts C (94.61) above A (93.88)
    const loose = rank(tellers, { minN: 0 });
    expect(loose.rows.map((r) => r.id)).toEqual(['C', 'A', 'B']);
    const by = Object.fromEntries(loose.rows.map((r) => [r.id, r.shrunk]));
    expect(by.A).toBeCloseTo(93.88228, 4);
    expect(by.B).toBeCloseTo(92.03137, 4);
    expect(by.C).toBeCloseTo(94.60979, 4);
    // m = 0 ranks raw means, and then A would win — which is why m defaults to 10
    expect(rank(tellers, { minN: 0, m: 0 }).rows[0]!.id).toBe('A');
  });

  it('service star is the top eligible group, or null', () => {
    expect(serviceStar(tellers)!.id).toBe('C');
    expect(serviceStar([{ id: 'A', n: 2, mean: 100 }])).toBeNull();
  });

  it('ties share a competition rank, ordered by n then id', () => {
    const t = rank(
      [
        { id: 'x', n: 40, mean: 80 },
        { id: 'y', n: 40, mean: 80 },
        { id: 'w', n: 60, mean: 90 },
        { id: 'z', n: 40, mean: 70 },
      ],
      { prior: 80, m: 0 },
    );
    expect(t.rows.map((r) => [r.id, r.rank, r.tied])).toEqual([
      ['w', 1, false],
      ['x', 2, true],
      ['y', 2, true],
      ['z', 4, false],
    ]);
  });

  it('ties near zero: rounding noise of a zero NPS does not split a tie', () => {
    // Audit case: two tellers whose weighted NPS is exactly 0, computed as ±2.8e-14.
    const subs: Submission[] = [];
    const mk = (staff: string, value: number, w: number) =>
      subs.push({
        id: `t${subs.length}`,
        createdAt: '2026-11-10T03:00:00Z',
        status: 'complete',
        answers: { q: { type: 'rating', scale: { kind: 'nps' }, value } },
        context: { staff, segment: String(w) },
      });
    for (let k = 0; k < 10; k++) {
      mk('A', 10, 0.1);
      mk('A', 10, 0.2);
      mk('A', 0, 0.3);
      mk('B', 10, 0.3);
      mk('B', 0, 0.1);
      mk('B', 0, 0.2);
    }
    const groups = rollup(subs, { question: 'q', by: ['staff'], metric: 'nps', weight: (s) => Number(s.context.segment) }).groups;
    // the headline NPS from each tally (what the collector ranks): 0 up to rounding noise of either sign
    const inputs = rankInputs(groups).map((g, i) => ({ ...g, mean: tallyMetrics(groups[i]!.tally).nps!.score }));
    expect(inputs.every((g) => Math.abs(g.mean) < 1e-12)).toBe(true);
    expect(inputs[0]!.mean).not.toBe(inputs[1]!.mean);
    const t = rank(inputs, { minN: 0, prior: 0 });
    expect(t.rows.map((r) => [r.rank, r.tied])).toEqual([
      [1, true],
      [1, true],
    ]);
    // the same with plain numbers, either sign first, and next to a real score
    const near = rank(
      [
        { id: 'p', n: 50, mean: -2.8e-14 },
        { id: 'q', n: 50, mean: 2.8e-14 },
        { id: 'r', n: 50, mean: -20 },
      ],
      { minN: 0, prior: 0, m: 0 },
    );
    expect(near.rows.map((r) => [r.id, r.rank, r.tied])).toEqual([
      ['p', 1, true],
      ['q', 1, true],
      ['r', 3, false],
    ]);
    // real differences still count: 1e-6 NPS points apart on a ±100 scale are not tied
    expect(rank([{ id: 'a', n: 50, mean: 1e-6 }, { id: 'b', n: 50, mean: 0 }, { id: 'c', n: 50, mean: 100 }], { minN: 0, m: 0 }).rows.map((r) => r.rank)).toEqual([1, 2, 3]);
  });

  it("order 'asc' ranks lower-is-better metrics", () => {
    const t = rank([{ id: 'p', n: 100, mean: 2 }, { id: 'q', n: 100, mean: 5 }], { order: 'asc', m: 0 });
    expect(t.rows.map((r) => r.id)).toEqual(['p', 'q']);
  });

  it('most improved compares shrunk scores and needs minN in both periods', () => {
    const before: RankInput[] = [
      { id: 'A', n: 100, mean: 70 },
      { id: 'B', n: 100, mean: 80 },
      { id: 'C', n: 5, mean: 20 },
      { id: 'D', n: 100, mean: 90 },
    ];
    const after: RankInput[] = [
      { id: 'A', n: 100, mean: 85 },
      { id: 'B', n: 100, mean: 84 },
      { id: 'C', n: 100, mean: 95 }, // huge jump, but only 5 ratings before → not eligible
      { id: 'D', n: 100, mean: 80 },
    ];
    // prior given as 80 in both periods, m = 10:
    // A: before (7000 + 800)/110 = 70.909, after (8500 + 800)/110 = 84.545 → +13.636
    // B: (8000 + 800)/110 = 80 → (8400 + 800)/110 = 83.636 → +3.636
    // D: (9000 + 800)/110 = 89.091 → 80 → −9.091
    const rows = improvements(before, after, { prior: 80 });
    expect(rows.map((r) => [r.id, r.rank])).toEqual([
      ['A', 1],
      ['B', 2],
      ['D', 3],
    ]);
    expect(rows[0]!.delta).toBeCloseTo(150 / 11, 9);
    expect(rows[2]!.delta).toBeCloseTo(-100 / 11, 9);
    expect(mostImproved(before, after, { prior: 80 })!.id).toBe('A');
    // D alone: swapping the periods makes it an improver (+9.09); in the real order it declined → null
    expect(mostImproved(after.filter((r) => r.id === 'D'), before.filter((r) => r.id === 'D'), { prior: 80 })!.id).toBe('D');
    expect(mostImproved(before.filter((r) => r.id === 'D'), after.filter((r) => r.id === 'D'), { prior: 80 })).toBeNull();
  });

  it('takes rollup groups through rankInputs', () => {
    const subs = [9, 10, 10, 3].map((value, i) => ({
      id: `s${i}`,
      createdAt: '2026-06-01T00:00:00Z',
      status: 'complete' as const,
      answers: { q: { type: 'rating' as const, scale: { kind: 'nps' as const }, value } },
      context: { staff: i < 3 ? 't1' : 't2' },
    }));
    const inputs = rankInputs(rollup(subs, { question: 'q', by: ['staff'], metric: 'nps' }).groups);
    // t1: three promoters → +100 points each, mean 100; t2: one detractor → −100
    expect(inputs).toEqual([
      { id: 'staff=t1', n: 3, mean: 100 },
      { id: 'staff=t2', n: 1, mean: -100 },
    ]);
    expect(() => rankInputs(rollup(subs, { question: 'q' }).groups)).toThrow(/metric/);
  });

  it('eligibility and shrinkage use the effective n: zero-weight burst ratings do not crown a teller', () => {
    // Audit case: A has 35 burst-flagged 10s (weight 0) and two genuine 10s; B has 200 ratings, 8 of them 5s.
    const subs: Submission[] = [];
    const mk = (staff: string, value: number, burst = false) =>
      subs.push({
        id: `r${subs.length}`,
        createdAt: '2026-11-10T03:00:00Z',
        status: 'complete',
        answers: { q: { type: 'rating', scale: { kind: 'nps' }, value } },
        context: burst ? { staff, flags: ['burst'] } : { staff },
      });
    for (let k = 0; k < 35; k++) mk('A', 10, true);
    mk('A', 10);
    mk('A', 10);
    for (let k = 0; k < 200; k++) mk('B', k % 25 === 0 ? 5 : 10);
    const groups = rollup(subs, { question: 'q', by: ['staff'], metric: 'nps', weight: (s) => (s.context.flags?.includes('burst') ? 0 : 1) }).groups;
    const inputs = rankInputs(groups);
    expect(inputs).toEqual([
      { id: 'staff=A', n: 2, mean: 100 },
      { id: 'staff=B', n: 200, mean: 92 },
    ]);
    const table = rank(inputs);
    expect(table.rows.map((r) => [r.id, r.rank, r.eligible])).toEqual([
      ['staff=B', 1, true],
      ['staff=A', null, false],
    ]);
    // prior = (2·100 + 200·92)/202; A's two ratings are shrunk with weight 2/12, not 37/47
    const prior = (2 * 100 + 200 * 92) / 202;
    expect(table.rows[1]!.shrunk).toBeCloseTo((2 * 100 + 10 * prior) / 12, 9);
    expect(serviceStar(inputs)!.id).toBe('staff=B');
    // Unequal weights: four responses of weights 1, 1, 1, 3 are worth 6²/12 = 3.
    const w = [1, 1, 1, 3];
    const weighted = rollup(
      w.map((x, i) => ({ ...subs[40]!, id: `w${i}`, context: { staff: 'C', segment: String(x) } })),
      { question: 'q', by: ['staff'], metric: 'nps', weight: (s) => Number(s.context.segment) },
    ).groups;
    expect(rankInputs(weighted)[0]!.n).toBe(3);
  });

  it('rejects bad groups and options', () => {
    expect(codeAndField(() => rank([{ id: 'a', n: 1, mean: Number.NaN }]))).toEqual(['invalid-value', 'groups[0].mean']);
    expect(codeAndField(() => rank([{ id: 'a', n: -1, mean: 1 }]))).toEqual(['invalid-value', 'groups[0].n']);
    expect(codeAndField(() => rank([{ id: 'a', n: 1, mean: 1 }, { id: 'a', n: 1, mean: 1 }]))).toEqual(['invalid-value', 'groups[1].id']);
    expect(codeAndField(() => rank([{ id: 'a', n: 0, mean: 1 }]))).toEqual(['empty', 'groups']);
    expect(codeAndField(() => rank(tellers, { m: -1 }))).toEqual(['invalid-option', 'options.m']);
  });
});

describe('rank properties', () => {
  const groupsArb = fc.uniqueArray(
    fc.record({ id: fc.string({ minLength: 1, maxLength: 4 }), n: fc.integer({ min: 0, max: 500 }), mean: fc.double({ min: -100, max: 100, noNaN: true }) }),
    { selector: (g) => g.id, minLength: 1, maxLength: 25 },
  );
  it('is invariant to input order', () => {
    fc.assert(
      fc.property(groupsArb, fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 40 }), (groups, m, minN) => {
        fc.pre(groups.some((g) => g.n > 0));
        const a = rank(groups, { m, minN });
        expect(rank([...groups].reverse(), { m, minN })).toEqual(a);
        expect(rank([...groups].sort((x, y) => x.mean - y.mean), { m, minN })).toEqual(a);
      }),
      { numRuns: 500 },
    );
  });
  it('the shrunk score lies between the raw mean and the prior', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.double({ min: -100, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 1000, noNaN: true }),
        fc.double({ min: -100, max: 100, noNaN: true }),
        (n, mean, m, prior) => {
          const s = shrink(n, mean, m, prior);
          const eps = 1e-9 * Math.max(1, Math.abs(mean), Math.abs(prior));
          if (n > 0) {
            expect(s).toBeGreaterThanOrEqual(Math.min(mean, prior) - eps);
            expect(s).toBeLessThanOrEqual(Math.max(mean, prior) + eps);
          } else expect(s).toBe(prior);
        },
      ),
    );
  });
  it('ranks are 1..k with ties, non-decreasing down the table', () => {
    fc.assert(
      fc.property(groupsArb, (groups) => {
        fc.pre(groups.some((g) => g.n > 0));
        const all = rank(groups, { minN: 1 }).rows;
        const rows = all.filter((r) => r.eligible);
        // ties are decided on a grid of 1e-9 of the table's largest |score| (at least 1)
        const grid = 1e-9 * Math.max(1, ...all.map((r) => Math.abs(r.shrunk)));
        rows.forEach((r, i) => {
          expect(r.rank).toBeGreaterThanOrEqual(1);
          expect(r.rank).toBeLessThanOrEqual(i + 1);
          if (i > 0) expect(r.shrunk).toBeLessThanOrEqual(rows[i - 1]!.shrunk + grid);
        });
      }),
    );
  });
});
