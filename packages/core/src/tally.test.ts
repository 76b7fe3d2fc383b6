import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FeedbackError } from './errors.js';
import { ces, csat, meanScore, nps } from './metrics.js';
import type { Rating } from './metrics.js';
import { scales } from './scales.js';
import type { Scale } from './scales.js';
import { addToTally, createTally, mergeTallies, tallyAdder, tallyFromRows, tallyMetrics, tallyOf } from './tally.js';
import type { Tally } from './tally.js';

const all = Object.values(scales) as Scale[];
const err = (f: () => unknown): FeedbackError => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(FeedbackError);
    return e as FeedbackError;
  }
  throw new Error('expected a FeedbackError');
};

describe('tally basics', () => {
  it('is plain JSON: counts and weight sums per scale point', () => {
    const t = tallyOf(scales.csat5, [5, 4, { value: 4, weight: 2 }, 1]);
    expect(t).toEqual({
      scale: { kind: 'csat', points: 5 },
      counts: [1, 0, 0, 2, 1],
      weights: [1, 0, 0, 3, 1],
      sumSquaredWeights: 1 + 1 + 4 + 1,
    });
    expect(JSON.parse(JSON.stringify(t))).toEqual(t);
  });
  it('addToTally mutates in place and returns the same tally', () => {
    const t = createTally({ kind: 'nps' });
    expect(addToTally(t, 9)).toBe(t);
    addToTally(t, 0, 0.5);
    expect(t.counts[9]).toBe(1);
    expect(t.counts[0]).toBe(1);
    expect(t.weights[0]).toBe(0.5);
    expect(t.sumSquaredWeights).toBe(1.25);
    expect(err(() => addToTally(t, 11)).code).toBe('off-scale');
    expect(err(() => addToTally(t, 9, -1)).code).toBe('invalid-weight');
    expect(err(() => addToTally(t, Number.NaN)).code).toBe('invalid-value');
    // a failed add changes nothing
    expect(t.counts.reduce((a, b) => a + b, 0)).toBe(2);
  });
  it('tallyAdder validates like addToTally, also on half-step scales', () => {
    const t = createTally(scales.stars5Half);
    const add = tallyAdder(t);
    add(4.5);
    add(5, 2);
    expect(t.counts).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 1]);
    expect(err(() => add(4.25)).code).toBe('off-step');
    const n = createTally(scales.nps);
    const addN = tallyAdder(n);
    expect(err(() => addN(8.5)).code).toBe('off-step');
    expect(err(() => addN(-1)).code).toBe('off-scale');
    expect(err(() => addN(3, Infinity)).code).toBe('invalid-weight');
  });
  it('metrics per scale kind, equal to the direct functions', () => {
    const m = tallyMetrics(tallyOf(scales.nps, [10, 9, 8, 0]));
    expect(m.scale).toBe('nps');
    expect(m.nps).toEqual(nps([10, 9, 8, 0]));
    expect(m.csat).toBeUndefined();
    expect(m.mean.mean).toBe(6.75); // (10 + 9 + 8 + 0) / 4
    expect(m.topBox.share).toBe(50);
    const c = tallyMetrics(tallyOf(scales.csat5, [5, 4, 3]));
    expect(c.csat).toEqual(csat([5, 4, 3]));
    expect(c.nps).toBeUndefined();
    expect(tallyMetrics(tallyOf(scales.ces7, [6, 7, 3])).ces).toEqual(ces([6, 7, 3]));
    const e = tallyMetrics(tallyOf(scales.evaluator3, [3, 3, 2, 1]));
    expect(e.mean.index).toBe(62.5); // (2.25 − 1)/2 · 100
  });
  it('builds from GROUP BY rows', () => {
    // SELECT value, count(*), sum(weight), sum(weight^2) … GROUP BY value
    const t = tallyFromRows(scales.nps, [
      { value: 10, count: 2 },
      { value: 0, count: 1, weight: 0.5, squaredWeight: 0.25 },
      { value: 10, count: 1 },
    ]);
    expect(t).toEqual(tallyOf(scales.nps, [10, 10, { value: 0, weight: 0.5 }, 10]));
    expect(err(() => tallyFromRows(scales.nps, [{ value: 11, count: 1 }])).field).toBe('rows[0].value');
    expect(err(() => tallyFromRows(scales.nps, [{ value: 9, count: 1.5 }])).field).toBe('rows[0].count');
    expect(err(() => tallyFromRows(scales.nps, [{ value: 9, count: -1 }])).code).toBe('invalid-value');
    expect(err(() => tallyFromRows(scales.nps, [{ value: 9, count: 1, weight: Number.NaN }])).code).toBe('invalid-weight');
    // sums may exceed the bound on a single weight (1e100): one weight of 1e60 squares to 1e120
    const big = tallyFromRows(scales.nps, [{ value: 9, count: 1, weight: 1e60, squaredWeight: 1e120 }]);
    expect(mergeTallies(big, JSON.parse(JSON.stringify(big)) as Tally).sumSquaredWeights).toBe(2e120);
    expect(tallyOf(scales.nps, [{ value: 9, weight: 1e60 }]).sumSquaredWeights / 1e120).toBeCloseTo(1, 12); // 1e60² in floating point
    expect(err(() => tallyFromRows(scales.nps, [null as unknown as { value: number; count: number }])).field).toBe('rows[0]');
  });
  it('weighted rows must carry Σw² unless it is implied, and it must fit the count', () => {
    // Audit case: ten 9s and ten 0s, each response of weight 5. Σw alone (50 per row) used to
    // default Σw² to the count, claiming an effective n of 100²/20 = 500 from 20 responses.
    const rows = [
      { value: 9, count: 10, weight: 50 },
      { value: 0, count: 10, weight: 50 },
    ];
    const missing = err(() => tallyFromRows(scales.nps, rows));
    expect(missing.code).toBe('invalid-weight');
    expect(missing.field).toBe('rows[0].squaredWeight');
    const raw: Rating[] = [];
    for (let i = 0; i < 10; i++) raw.push({ value: 9, weight: 5 }, { value: 0, weight: 5 });
    const t = tallyFromRows(scales.nps, rows.map((r) => ({ ...r, squaredWeight: 250 })));
    const m = tallyMetrics(t);
    expect(m.effectiveN).toBe(20);
    expect(m.nps).toEqual(nps(raw));
    expect(m.nps!.marginOfError).toBeCloseTo(43.83, 2);
    expect(m.nps!.smallSample).toBe(true);
    // Implied Σw²: unweighted rows (weight = count) and rows of weight 0.
    expect(tallyFromRows(scales.nps, [{ value: 9, count: 3, weight: 3 }, { value: 0, count: 2, weight: 0 }])).toEqual(
      tallyOf(scales.nps, [9, 9, 9, { value: 0, weight: 0 }, { value: 0, weight: 0 }]),
    );
    // Sums that no set of weights can produce: effective n above the count, Σw² above (Σw)²,
    // weight without responses, Σw² without weight.
    for (const bad of [
      { value: 9, count: 10, weight: 50, squaredWeight: 1 },
      { value: 9, count: 2, weight: 2, squaredWeight: 5 },
      { value: 9, count: 0, weight: 1, squaredWeight: 1 },
      { value: 9, count: 2, weight: 0, squaredWeight: 1 },
    ]) {
      const e = err(() => tallyFromRows(scales.nps, [bad]));
      expect(e.code).toBe('invalid-weight');
      expect(e.field).toBe('rows[0].squaredWeight');
    }
  });
  it('a tally from rows survives a JSON round trip (it passed the same check)', () => {
    const t = tallyFromRows(scales.nps, [{ value: 9, count: 10, weight: 50, squaredWeight: 250 }]);
    const back = JSON.parse(JSON.stringify(t)) as Tally;
    expect(mergeTallies(back)).toEqual(mergeTallies(t));
    expect(tallyMetrics(back)).toEqual(tallyMetrics(t));
  });
  it('rejects mismatched, malformed and empty tallies', () => {
    const a = createTally(scales.csat5);
    const b = createTally(scales.csat7);
    const mm = err(() => mergeTallies(a, b));
    expect(mm.code).toBe('scale-mismatch');
    expect(mm.field).toBe('tallies[1].scale');
    expect(err(() => mergeTallies()).code).toBe('invalid-option');
    expect(err(() => mergeTallies({ ...a, counts: [1, 2] })).code).toBe('invalid-value');
    const neg = err(() => mergeTallies(JSON.parse('{"scale":{"kind":"nps"},"counts":[0,0,0,0,0,0,0,0,0,-1,0],"weights":[0,0,0,0,0,0,0,0,0,0,0],"sumSquaredWeights":0}') as Tally));
    expect(neg.field).toBe('tallies[0].counts[9]');
    expect(err(() => tallyMetrics(createTally(scales.nps))).code).toBe('empty');
    // two responses of weight 1 have Σw² = 2; Σw² = 1 would claim an effective n of 4 > 2
    const forged = { ...tallyOf(scales.nps, [9, 9]), sumSquaredWeights: 1 };
    expect(err(() => tallyMetrics(forged)).field).toBe('tally.sumSquaredWeights');
    expect(err(() => mergeTallies({ ...tallyOf(scales.nps, [9]), sumSquaredWeights: 0 })).code).toBe('invalid-value');
    expect(err(() => tallyMetrics(null as unknown as Tally)).code).toBe('invalid-value');
  });
});

// Integer weights keep every sum exact, so the laws hold with deep equality.
const ratings = (s: Scale) =>
  fc.array(
    fc.oneof(
      fc.constantFrom(...s.values),
      fc.record({ value: fc.constantFrom(...s.values), weight: fc.integer({ min: 0, max: 50 }) }),
    ),
    { maxLength: 40 },
  );
const scaleAndValues = fc
  .constantFrom(...all)
  .chain((s) => fc.tuple(fc.constant(s), ratings(s), ratings(s), ratings(s)));

describe('tally laws (property)', () => {
  it('merge(tally(a), tally(b)) ≡ tally(a ++ b)', () => {
    fc.assert(
      fc.property(scaleAndValues, ([s, a, b]) => {
        expect(mergeTallies(tallyOf(s, a), tallyOf(s, b))).toEqual(tallyOf(s, [...a, ...b]));
      }),
    );
  });
  it('associative, commutative, identity = empty tally; inputs untouched', () => {
    fc.assert(
      fc.property(scaleAndValues, ([s, a, b, c]) => {
        const [ta, tb, tc] = [tallyOf(s, a), tallyOf(s, b), tallyOf(s, c)];
        const before = JSON.stringify([ta, tb, tc]);
        expect(mergeTallies(mergeTallies(ta, tb), tc)).toEqual(mergeTallies(ta, mergeTallies(tb, tc)));
        expect(mergeTallies(ta, tb)).toEqual(mergeTallies(tb, ta));
        expect(mergeTallies(ta, createTally(s))).toEqual(ta);
        expect(mergeTallies(createTally(s), ta)).toEqual(ta);
        expect(JSON.stringify([ta, tb, tc])).toBe(before);
      }),
    );
  });
  it('addToTally one by one ≡ tallyAdder ≡ tallyOf', () => {
    fc.assert(
      fc.property(scaleAndValues, ([s, a]) => {
        const t1 = createTally(s);
        const t2 = createTally(s);
        const add = tallyAdder(t2);
        for (const r of a) {
          const [v, w] = typeof r === 'number' ? [r, 1] : [r.value, r.weight ?? 1];
          addToTally(t1, v, w);
          add(v, w);
        }
        expect(t1).toEqual(tallyOf(s, a));
        expect(t2).toEqual(t1);
      }),
    );
  });
  it('tallyFromRows(GROUP BY rows of raw ratings) ≡ tallyOf(the ratings)', () => {
    fc.assert(
      fc.property(scaleAndValues, fc.boolean(), ([s, a], omitImplied) => {
        // SELECT value, count(*), sum(w), sum(w*w) GROUP BY value
        const byValue = new Map<number, { value: number; count: number; weight: number; squaredWeight: number }>();
        for (const r of a) {
          const [v, w] = typeof r === 'number' ? [r, 1] : [r.value, r.weight ?? 1];
          const row = byValue.get(v) ?? { value: v, count: 0, weight: 0, squaredWeight: 0 };
          row.count++;
          row.weight += w;
          row.squaredWeight += w * w;
          byValue.set(v, row);
        }
        const rows = [...byValue.values()].map((r) => {
          if (!omitImplied) return r;
          if (r.weight === r.count && r.squaredWeight === r.count) return { value: r.value, count: r.count };
          if (r.weight === 0) return { value: r.value, count: r.count, weight: 0 };
          return r;
        });
        const t = tallyFromRows(s, rows);
        expect(t).toEqual(tallyOf(s, a));
        if (t.weights.some((w) => w > 0)) expect(tallyMetrics(t)).toEqual(tallyMetrics(tallyOf(s, a)));
      }),
    );
  });
  it('metrics of merged shards equal the direct metrics of the raw responses (fractional weights too)', () => {
    const frac = fc.constantFrom(scales.nps, scales.csat5, scales.csat7, scales.ces7, scales.ces5, scales.evaluator3).chain((s) =>
      fc.tuple(
        fc.constant(s),
        fc.array(
          fc.oneof(
            fc.constantFrom(...s.values),
            fc.record({ value: fc.constantFrom(...s.values), weight: fc.double({ min: 0.01, max: 20, noNaN: true }) }),
          ),
          { minLength: 1, maxLength: 40 },
        ),
        fc.nat(),
      ),
    );
    const close = (x: unknown, y: unknown): void => {
      if (typeof x === 'number') expect(x).toBeCloseTo(y as number, 7);
      else if (typeof x === 'object' && x !== null) for (const k of Object.keys(x)) close((x as never)[k], (y as never)[k]);
      else expect(x).toBe(y);
    };
    fc.assert(
      fc.property(frac, ([s, values, cut]) => {
        const k = cut % (values.length + 1);
        const m = tallyMetrics(mergeTallies(tallyOf(s, values.slice(0, k)), tallyOf(s, values.slice(k))));
        const direct = (f: (v: readonly Rating[]) => unknown) => f(values);
        close(m.mean, direct((v) => meanScore(v, s)));
        if (s.kind === 'nps') close(m.nps, direct(nps));
        if (s.kind === 'csat') close(m.csat, direct((v) => csat(v, { scale: s.max as 3 | 5 | 7 })));
        if (s.kind === 'ces') close(m.ces, direct((v) => ces(v, { scale: s.max as 5 | 7 })));
      }),
    );
  });
});
