import { FeedbackError, describeValue } from './errors.js';
import { binRatings, checkWeight, cesFromBins, csatFromBins, meanFromBins, npsFromBins } from './metrics.js';
import type { Bins, CesResult, CsatResult, MeanResult, MetricOptions, NpsResult, Rating, ShareResult } from './metrics.js';
import { scaleFor } from './scales.js';
import type { Scale } from './scales.js';
import { kishN, wilson } from './stats.js';
import type { ScaleRef } from './types.js';

/**
 * A mergeable summary of ratings on one scale: plain JSON, so it can be stored, sent, built
 * from a SQL `GROUP BY scale_point` or a map-reduce job, and merged exactly.
 *
 * `counts[k]` and `weights[k]` belong to the k-th value of the scale (`scale.values[k]`).
 * Merging adds the arrays and `sumSquaredWeights` element-wise, so it is associative and
 * commutative with the empty tally as identity (exactly so for integer weights; for
 * fractional weights up to floating-point rounding of the sums).
 */
export interface Tally extends Bins {
  /** The canonical scale reference (`scaleFor(ref).ref`). */
  scale: ScaleRef;
}

/** Every metric a tally supports; which ones are present depends on the scale kind. */
export interface TallyMetrics {
  /** Scale id, e.g. 'nps', 'csat5'. */
  scale: string;
  n: number;
  effectiveN: number;
  /** Σ weight. */
  totalWeight: number;
  /** Mean, 0–100 index (`mean.index`, `mean.indexCi`) and box shares: every scale. */
  mean: MeanResult;
  /** Top-box share with a Wilson interval: every scale. */
  topBox: ShareResult;
  /** Present on the nps scale. */
  nps?: NpsResult;
  /** Present on csat scales. */
  csat?: CsatResult;
  /** Present on ces scales. */
  ces?: CesResult;
}

const scaleOf = new WeakMap<object, Scale>();

/** A sum in a tally: any finite number ≥ 0 (single weights are bounded by checkWeight; sums of them are not). */
function checkSum(v: unknown, field: string, code = 'invalid-value'): number {
  if (!(typeof v === 'number' && v >= 0 && v < Infinity)) {
    throw new FeedbackError(code, `${field}: ${describeValue(v)} is not a finite number ≥ 0`, { field, value: v });
  }
  return v;
}

/**
 * Cauchy–Schwarz: 0 < (Σw)²/Σw² ≤ n whenever Σw > 0, and Σw² = 0 when Σw = 0. A tally breaking
 * it was not built from weighted responses (and would give a NaN or inflated effective n).
 */
function checkKish(t: Tally, field: string): void {
  let n = 0;
  let sw = 0;
  for (let k = 0; k < t.counts.length; k++) {
    n += t.counts[k]!;
    sw += t.weights[k]!;
  }
  const kish = (sw * sw) / t.sumSquaredWeights;
  if (sw > 0 ? !(kish > 0 && kish <= n * (1 + 1e-9)) : t.sumSquaredWeights !== 0) {
    throw new FeedbackError(
      'invalid-value',
      `${field}.sumSquaredWeights: ${t.sumSquaredWeights} does not fit weights summing to ${sw} over ${n} responses ((Σw)²/Σw² must be in (0, n])`,
      { field: `${field}.sumSquaredWeights`, value: t.sumSquaredWeights },
    );
  }
}

function resolve(t: Tally, field: string): Scale {
  let s = scaleOf.get(t);
  if (s) return s;
  if (t === null || typeof t !== 'object') {
    throw new FeedbackError('invalid-value', `${field}: ${describeValue(t)} is not a tally`, { field, value: t });
  }
  s = scaleFor(t.scale);
  const size = s.values.length;
  const check = (a: unknown, name: string) => {
    if (!Array.isArray(a) || a.length !== size) {
      throw new FeedbackError('invalid-value', `${field}.${name}: ${describeValue(a)} is not an array of ${size} numbers (scale ${s!.id})`, {
        field: `${field}.${name}`,
        value: a,
      });
    }
    a.forEach((x, k) => checkSum(x, `${field}.${name}[${k}]`));
  };
  check(t.counts, 'counts');
  check(t.weights, 'weights');
  checkSum(t.sumSquaredWeights, `${field}.sumSquaredWeights`);
  checkKish(t, field);
  scaleOf.set(t, s);
  return s;
}

/**
 * (Σw)²/Σw² of a tally's sums (no validation; 0 when it holds no weight): the evidence the
 * tally is worth. Zero-weight responses add nothing. Used by rollups and rankings.
 */
export function tallyEffectiveN(t: Tally): number {
  let sw = 0;
  for (const w of t.weights) sw += w;
  return sw > 0 ? kishN(sw, t.sumSquaredWeights) : 0;
}

/** An empty tally for a scale (the identity of {@link mergeTallies}). */
export function createTally(scale: ScaleRef | Scale): Tally {
  const s = scaleFor(scale);
  const t: Tally = {
    scale: { ...s.ref },
    counts: new Array<number>(s.values.length).fill(0),
    weights: new Array<number>(s.values.length).fill(0),
    sumSquaredWeights: 0,
  };
  scaleOf.set(t, s);
  return t;
}

/**
 * Adds one response to a tally **in place** and returns the same tally (like `Array#push`;
 * copy first, or use {@link mergeTallies}, when you need the old one). Validates the value
 * against the tally's scale and the weight (finite, ≥ 0).
 */
export function addToTally(tally: Tally, value: number, weight = 1): Tally {
  const s = resolve(tally, 'tally');
  const k = s.indexOf(value, 'value');
  const w = weight === 1 ? 1 : checkWeight(weight, 'weight');
  tally.counts[k]!++;
  tally.weights[k]! += w;
  tally.sumSquaredWeights += w * w;
  return tally;
}

/**
 * A fast adder for hot loops: resolves the scale once and returns `(value, weight?) => void`
 * that adds to `tally` in place with the same validation as {@link addToTally}.
 */
export function tallyAdder(tally: Tally): (value: number, weight?: number) => void {
  const s = resolve(tally, 'tally');
  const { counts, weights } = tally;
  const { min, step, values } = s;
  const integer = step === 1;
  const last = values.length - 1;
  return (value, weight = 1) => {
    // Fast path: an integer on an integer scale, in range.
    let k = value - min;
    if (!(integer && k >= 0 && k <= last && (k | 0) === k)) k = s.indexOf(value, 'value');
    const w = weight === 1 ? 1 : checkWeight(weight, 'weight');
    counts[k]!++;
    weights[k]! += w;
    tally.sumSquaredWeights += w * w;
  };
}

/** A tally of many ratings (plain numbers or `{ value, weight }`). */
export function tallyOf(scale: ScaleRef | Scale, values: readonly Rating[], field = 'values'): Tally {
  const s = scaleFor(scale);
  const t: Tally = { scale: { ...s.ref }, ...binRatings(values, s.values.length, s.indexOf, field) };
  scaleOf.set(t, s);
  return t;
}

/** One `GROUP BY scale_point` row: how many responses gave `value`, and their weight sums. */
export interface TallyRow {
  value: number;
  count: number;
  /** Σ weight of those responses (default: `count`, i.e. unweighted). */
  weight?: number;
  /**
   * Σ weight² of those responses. May be left out only when it is implied: unweighted rows
   * (no `weight`, or `weight` equal to `count`: Σw² = count) and rows of weight 0 (Σw² = 0).
   * Any other weighted row must give it ('invalid-weight'): Σw alone cannot tell ten responses
   * of weight 5 from one of weight 50 and nine of weight 0, and the effective sample size
   * (Σw)²/Σw² depends on exactly that.
   */
  squaredWeight?: number;
}

/**
 * A tally from aggregated rows, e.g. `SELECT value, count(*), sum(weight), sum(weight^2)
 * … GROUP BY value`. Rows may repeat a value (they are added); values are validated against
 * the scale, counts must be whole numbers ≥ 0, weight sums finite and ≥ 0, and each row's sums
 * must fit its count: Σw² ≤ (Σw)² ≤ count·Σw² (Cauchy–Schwarz), so the effective sample size
 * can never exceed the number of responses.
 */
export function tallyFromRows(scale: ScaleRef | Scale, rows: readonly TallyRow[], field = 'rows'): Tally {
  const t = createTally(scale);
  const s = scaleOf.get(t)!;
  if (!Array.isArray(rows)) {
    throw new FeedbackError('invalid-value', `${field}: ${describeValue(rows)} is not an array of rows`, { field, value: rows });
  }
  rows.forEach((row, i) => {
    const at = `${field}[${i}]`;
    if (row === null || typeof row !== 'object') {
      throw new FeedbackError('invalid-value', `${at}: ${describeValue(row)} is not a { value, count } row`, { field: at, value: row });
    }
    const k = s.indexOf(row.value, `${at}.value`);
    const count = checkSum(row.count, `${at}.count`);
    if (!Number.isInteger(count)) {
      throw new FeedbackError('invalid-value', `${at}.count: ${count} is not a whole number of responses`, { field: `${at}.count`, value: count });
    }
    const w = row.weight === undefined ? count : checkSum(row.weight, `${at}.weight`, 'invalid-weight');
    let q: number;
    if (row.squaredWeight !== undefined) q = checkSum(row.squaredWeight, `${at}.squaredWeight`, 'invalid-weight');
    else if (w === count || w === 0) q = w;
    else {
      throw new FeedbackError(
        'invalid-weight',
        `${at}.squaredWeight: undefined is required for a weighted row (weight ${w} over ${count} responses): the effective sample size needs Σ weight²`,
        { field: `${at}.squaredWeight`, value: undefined },
      );
    }
    // Per row: Σw² ≤ (Σw)² ≤ count·Σw², and nothing at all without responses.
    const fits = w === 0 ? q === 0 : q > 0 && q <= w * w * (1 + 1e-9) && (w * w) / q <= count * (1 + 1e-9);
    if (!fits) {
      throw new FeedbackError(
        'invalid-weight',
        `${at}.squaredWeight: ${q} does not fit weight ${w} over ${count} responses (Σw² must be in [(Σw)²/count, (Σw)²])`,
        { field: `${at}.squaredWeight`, value: q },
      );
    }
    t.counts[k]! += count;
    t.weights[k]! += w;
    t.sumSquaredWeights += q;
  });
  checkKish(t, field);
  return t;
}

/**
 * Merges tallies of the same scale into a new tally (inputs are not changed). Throws
 * 'scale-mismatch' for different scales and 'invalid-option' when called with none.
 */
export function mergeTallies(...tallies: Tally[]): Tally {
  if (tallies.length === 0) {
    throw new FeedbackError('invalid-option', 'tallies: [] — merging needs at least one tally (use createTally(scale) for the empty one)', {
      field: 'tallies',
      value: [],
    });
  }
  const s = resolve(tallies[0]!, 'tallies[0]');
  const out = createTally(s);
  for (let i = 0; i < tallies.length; i++) {
    const t = tallies[i]!;
    const si = resolve(t, `tallies[${i}]`);
    if (si.id !== s.id) {
      throw new FeedbackError('scale-mismatch', `tallies[${i}].scale: ${si.id} cannot be merged with ${s.id}`, {
        field: `tallies[${i}].scale`,
        value: si.id,
      });
    }
    for (let k = 0; k < out.counts.length; k++) {
      out.counts[k]! += t.counts[k]!;
      out.weights[k]! += t.weights[k]!;
    }
    out.sumSquaredWeights += t.sumSquaredWeights;
  }
  return out;
}

/**
 * Every metric that applies to the tally's scale, with intervals — the same numbers as the
 * direct functions (`nps`, `csat`, `ces`, `meanScore`) on the raw responses.
 * Throws 'empty' for a tally without responses (or with total weight 0).
 */
export function tallyMetrics(tally: Tally, opts?: MetricOptions): TallyMetrics {
  const s = resolve(tally, 'tally');
  const o = { ...opts, field: opts?.field ?? 'tally' };
  const mean = meanFromBins(s, tally, o);
  const totalWeight = tally.weights.reduce((a, b) => a + b, 0);
  let top = 0;
  for (const v of s.topBox) top += tally.weights[s.indexOf(v)]!;
  const z = o.z ?? 1.96;
  const [lo, hi] = wilson(Math.min(1, top / totalWeight) * mean.effectiveN, mean.effectiveN, z);
  const result: TallyMetrics = {
    scale: s.id,
    n: mean.n,
    effectiveN: mean.effectiveN,
    totalWeight,
    mean,
    topBox: {
      share: mean.topBox,
      count: top,
      n: mean.n,
      effectiveN: mean.effectiveN,
      ci: [lo * 100, hi * 100],
      smallSample: mean.smallSample,
    },
  };
  if (s.kind === 'nps') result.nps = npsFromBins(tally, o);
  if (s.kind === 'csat') result.csat = csatFromBins(s, tally, o);
  if (s.kind === 'ces') result.ces = cesFromBins(s, tally, o);
  return result;
}
