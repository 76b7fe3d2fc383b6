import { FeedbackError } from './errors.js';
import { scaleFor } from './scales.js';
import type { Scale } from './scales.js';
import { boundedMeanInterval, momentsFromSums, wilson } from './stats.js';
import type { Interval } from './stats.js';
import type { ScaleRef } from './types.js';

/** A response: a plain value, or a value with a survey weight (default 1, must be finite and ≥ 0). */
export type Rating = number | { readonly value: number; readonly weight?: number };

/** A yes/no observation for {@link share}, optionally weighted. */
export type Flag = boolean | { readonly value: boolean; readonly weight?: number };

export interface MetricOptions {
  /** Below this Kish effective sample size a result is flagged `smallSample` (default 30). */
  minSample?: number;
  /** Normal quantile of the interval (default 1.96, i.e. 95 %). */
  z?: number;
  /** Name used for the input in error messages (default 'values'). */
  field?: string;
}

/** Common fields of every metric result. */
export interface SampleInfo {
  /** Number of responses (weight ignored). */
  n: number;
  /** Kish effective sample size (Σw)²/Σw²; equals n when unweighted. */
  effectiveN: number;
  /** `effectiveN < minSample`: too few responses to read much into the score. */
  smallSample: boolean;
}

export interface NpsResult extends SampleInfo {
  /** Net Promoter Score, −100..100: % promoters − % detractors. */
  score: number;
  /** Percentages 0–100 of (weighted) responses: 9–10, 7–8, 0–6. They sum to 100. */
  promoters: number;
  passives: number;
  detractors: number;
  /** Half-width of the 95 % (or `z`) interval in NPS points. */
  marginOfError: number;
  /** score ± marginOfError, clipped to [−100, 100]. */
  ci: Interval;
}

export interface CsatResult extends SampleInfo {
  /** % of (weighted) responses in the top box (top-2-box on 5 and 7 points, "satisfied" on 3). */
  score: number;
  /** (Weighted) number of responses in the top box. */
  satisfied: number;
  /** Wilson interval of the score, in %. */
  ci: Interval;
}

export interface CesResult extends SampleInfo {
  /** Mean effort score on the scale (1–7 or 1–5; higher = easier). */
  mean: number;
  /** Standard deviation of the responses. */
  sd: number;
  /** t interval of the mean, clipped to the scale. */
  ci: Interval;
  /** % answering 5–7 on the 7-point scale, 4–5 on the 5-point scale. */
  agree: number;
  /** Wilson interval of `agree`, in %. */
  agreeCi: Interval;
}

export interface MeanResult extends SampleInfo {
  mean: number;
  sd: number;
  /** t interval of the mean, clipped to the scale's range. */
  ci: Interval;
  /** The mean mapped onto 0–100 (scale min → 0, max → 100): the evaluator's index. */
  index: number;
  /** `ci` mapped onto 0–100. */
  indexCi: Interval;
  /** % of responses in the scale's top box and bottom box. */
  topBox: number;
  bottomBox: number;
}

export interface ShareResult extends SampleInfo {
  /** % of (weighted) flags that are true, 0–100. */
  share: number;
  /** (Weighted) number of true flags. */
  count: number;
  /** Wilson interval, in %. */
  ci: Interval;
}

// ---- bins: weighted counts per scale point (also the body of a tally) ------------------

/** Counts and weight sums per scale point: what every metric is computed from. */
export interface Bins {
  /** Responses per scale point (index into the scale's `values`). */
  counts: number[];
  /** Σ weight per scale point. */
  weights: number[];
  /** Σ weight² over all responses (for the Kish effective sample size). */
  sumSquaredWeights: number;
}

// A smaller cousin of describeValue (kept local so `import { nps }` stays under 1 KB):
// strings quoted, everything else as String() shows it (the value itself is in `details`).
const show = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));

const fail = (code: string, field: string, value: unknown, reason: string): never => {
  throw new FeedbackError(code, `${field}: ${show(value)} ${reason}`, { field, value });
};

/**
 * Returns `v` when it is 0 or a number in 1e-100..1e100, else throws `code` (default
 * 'invalid-weight') naming `field`. The bounds keep Σw² and (Σw)² from underflowing or
 * overflowing, so the Kish effective n is never NaN.
 */
export function checkWeight(v: unknown, field: string, code = 'invalid-weight'): number {
  // typeof first: comparisons would coerce strings.
  if (!(typeof v === 'number' && (v === 0 || (v >= 1e-100 && v <= 1e100)))) fail(code, field, v, 'is not 0 or in 1e-100..1e100');
  return v as number;
}

/**
 * Reads ratings into bins. `toIndex` validates a value and returns its scale-point index.
 * Throws 'invalid-value' when `values` is not an array or an item has no numeric value.
 */
export function binRatings(
  values: readonly Rating[],
  size: number,
  toIndex: (value: unknown, field: string) => number,
  field = 'values',
): Bins {
  if (!Array.isArray(values)) fail('invalid-value', field, values, 'is not an array');
  const counts: number[] = Array(size).fill(0);
  const weights: number[] = Array(size).fill(0);
  let sumSquaredWeights = 0;
  for (let i = 0; i < values.length; i++) {
    const item = values[i];
    const at = `${field}[${i}]`;
    let v: unknown = item;
    let w = 1;
    let where = at;
    if (typeof item === 'object' && item !== null) {
      v = item.value;
      where += '.value';
      if (item.weight !== undefined) w = checkWeight(item.weight, `${at}.weight`);
    }
    const k = toIndex(v, where);
    counts[k]!++;
    weights[k]! += w;
    sumSquaredWeights += w * w;
  }
  return { counts, weights, sumSquaredWeights };
}

function total(b: Bins, field: string, what: string): { n: number; sw: number; effectiveN: number } {
  let n = 0;
  let sw = 0;
  for (let k = 0; k < b.counts.length; k++) {
    n += b.counts[k]!;
    sw += b.weights[k]!;
  }
  // "values: 0 responses carry no weight…" / "values: 3 responses carry no weight…"
  if (!(sw > 0)) fail('empty', field, n, `responses carry no weight, so ${what} is undefined`);
  // Kish (Σw)²/Σw²; Σw² > 0 whenever Σw > 0.
  return { n, sw, effectiveN: (sw * sw) / b.sumSquaredWeights };
}

function options(o: MetricOptions | undefined): { minSample: number; z: number; field: string } {
  return {
    minSample: checkWeight(o?.minSample ?? 30, 'minSample', 'invalid-option'),
    z: checkWeight(o?.z ?? 1.96, 'z', 'invalid-option') || fail('invalid-option', 'z', 0, 'is not > 0'),
    field: o?.field ?? 'values',
  };
}

const sumRange = (a: number[], from: number, to: number): number => {
  let s = 0;
  for (let k = from; k <= to; k++) s += a[k]!;
  return s;
};

/** NPS from bins on the 0–10 scale (index = value). */
export function npsFromBins(b: Bins, opts?: MetricOptions): NpsResult {
  const { minSample, z, field } = options(opts);
  const { n, sw, effectiveN } = total(b, field, 'NPS');
  const pro = sumRange(b.weights, 9, 10) / sw;
  const det = sumRange(b.weights, 0, 6) / sw;
  const score = (pro - det) * 100;
  // Var of the per-response score (+1 / 0 / −1): E[x²] − E[x]² = (p+ + p−) − (p+ − p−)².
  const variance = Math.max(0, pro + det - (pro - det) ** 2);
  const marginOfError = z * Math.sqrt(variance / effectiveN) * 100;
  return {
    score,
    promoters: pro * 100,
    passives: (sumRange(b.weights, 7, 8) / sw) * 100,
    detractors: det * 100,
    n,
    effectiveN,
    marginOfError,
    ci: [Math.max(-100, score - marginOfError), Math.min(100, score + marginOfError)],
    smallSample: effectiveN < minSample,
  };
}

function npsIndex(v: unknown, field: string): number {
  if (!Number.isFinite(v)) fail('invalid-value', field, v, 'is not a finite number');
  if (!((v as number) >= 0 && (v as number) <= 10)) fail('off-scale', field, v, 'is outside the NPS scale 0–10');
  if ((v as number) % 1) fail('off-step', field, v, 'is not a whole number (NPS scale 0–10)');
  return v as number;
}

/**
 * Net Promoter Score of 0–10 ratings. Promoters answer 9–10, detractors 0–6; percentages
 * are of the total weight. Margin of error: z·√(Var/nEff)·100 with
 * Var = (p+ + p−) − (p+ − p−)² and nEff the Kish effective sample size.
 */
export function nps(values: readonly Rating[], opts?: MetricOptions): NpsResult {
  return npsFromBins(binRatings(values, 11, npsIndex, opts?.field), opts);
}

function shareOf(weight: number, sw: number, effectiveN: number, z: number): { pct: number; ci: Interval } {
  const p = Math.min(1, weight / sw);
  const [lo, hi] = wilson(p * effectiveN, effectiveN, z);
  return { pct: p * 100, ci: [lo * 100, hi * 100] };
}

function boxWeight(scale: Scale, b: Bins, box: readonly number[]): number {
  let s = 0;
  for (const v of box) s += b.weights[scale.indexOf(v)]!;
  return s;
}

/** CSAT (top-box share with a Wilson interval) from bins on `scale`. */
export function csatFromBins(scale: Scale, b: Bins, opts?: MetricOptions): CsatResult {
  const { minSample, z, field } = options(opts);
  const { n, sw, effectiveN } = total(b, field, 'CSAT');
  const satisfied = boxWeight(scale, b, scale.topBox);
  const { pct, ci } = shareOf(satisfied, sw, effectiveN, z);
  return { score: pct, satisfied, n, effectiveN, ci, smallSample: effectiveN < minSample };
}

/** Mean, 0–100 index and box shares from bins on `scale`. */
export function meanFromBins(scale: Scale, b: Bins, opts?: MetricOptions): MeanResult {
  const { minSample, z, field } = options(opts);
  const { n, sw, effectiveN } = total(b, field, 'the mean');
  let swx = 0;
  let used = 0;
  let only = 0;
  for (let k = 0; k < b.weights.length; k++) {
    if (b.weights[k]! > 0) (used++, (only = k));
    swx += b.weights[k]! * scale.points[k]!;
  }
  // One answer only: its point exactly, not Σw·x/Σw, which rounds (3.0000000000000004 with sd
  // 1e-15 would pass for a spread and give a zero-width interval).
  const same = used === 1;
  const mean = same ? scale.points[only]! : swx / sw;
  let ss = 0;
  if (!same) for (let k = 0; k < b.weights.length; k++) ss += b.weights[k]! * (scale.points[k]! - mean) ** 2;
  const lowest = scale.points[0]!;
  const highest = scale.points[scale.points.length - 1]!;
  // Every response the same: the Wilson interval of the mean as a share of the range, not a
  // zero-width t interval.
  const m = boundedMeanInterval(momentsFromSums(sw, b.sumSquaredWeights, mean, ss), lowest, highest, z, same);
  const toIndex = (x: number) => ((x - lowest) / (highest - lowest)) * 100;
  return {
    mean,
    sd: m.sd,
    ci: m.ci,
    index: toIndex(mean),
    indexCi: [toIndex(m.ci[0]), toIndex(m.ci[1])],
    topBox: (boxWeight(scale, b, scale.topBox) / sw) * 100,
    bottomBox: (boxWeight(scale, b, scale.bottomBox) / sw) * 100,
    n,
    effectiveN,
    smallSample: effectiveN < minSample,
  };
}

/** CES (mean effort with a t interval, and the "agree" share) from bins on a ces scale. */
export function cesFromBins(scale: Scale, b: Bins, opts?: MetricOptions): CesResult {
  const m = meanFromBins(scale, b, opts);
  const { z } = options(opts);
  const agreeWeight = boxWeight(scale, b, scale.topBox);
  const sw = b.weights.reduce((s, w) => s + w, 0);
  const agree = shareOf(agreeWeight, sw, m.effectiveN, z);
  return {
    mean: m.mean,
    sd: m.sd,
    ci: m.ci,
    agree: agree.pct,
    agreeCi: agree.ci,
    n: m.n,
    effectiveN: m.effectiveN,
    smallSample: m.smallSample,
  };
}

function ofKind(ref: ScaleRef | Scale, kind: string, field: string): Scale {
  const scale = scaleFor(ref);
  if (scale.kind !== kind) fail('scale-mismatch', field, scale.id, `is not a ${kind} scale`);
  return scale;
}

const bin = (scale: Scale, values: readonly Rating[], field = 'values'): Bins =>
  binRatings(values, scale.values.length, scale.indexOf, field);

/**
 * CSAT: % of responses in the top box — 4–5 on `scale: 5` (default), 6–7 on 7, 3 on 3 —
 * with a Wilson interval computed on the Kish effective sample size.
 */
export function csat(values: readonly Rating[], opts?: MetricOptions & { scale?: 3 | 5 | 7 }): CsatResult {
  const scale = ofKind({ kind: 'csat', points: opts?.scale ?? 5 }, 'csat', 'scale');
  return csatFromBins(scale, bin(scale, values, opts?.field), opts);
}

/**
 * CES: mean effort on `scale: 7` (default) or 5 with a t interval, and `agree` = % answering
 * 5–7 (7-point) or 4–5 (5-point).
 */
export function ces(values: readonly Rating[], opts?: MetricOptions & { scale?: 5 | 7 }): CesResult {
  const scale = ofKind({ kind: 'ces', points: opts?.scale ?? 7 }, 'ces', 'scale');
  return cesFromBins(scale, bin(scale, values, opts?.field), opts);
}

/** Mean score on any scale with a t interval, its 0–100 index, and top/bottom-box shares. */
export function meanScore(values: readonly Rating[], scale: ScaleRef | Scale, opts?: MetricOptions): MeanResult {
  const s = scaleFor(scale);
  return meanFromBins(s, bin(s, values, opts?.field), opts);
}

/**
 * A share of yes/no flags (complaint rate, praise rate, valid-response rate…) in %, with a
 * Wilson interval on the Kish effective sample size.
 */
export function share(flags: readonly Flag[], opts?: MetricOptions): ShareResult {
  const field = opts?.field ?? 'flags';
  const b = binRatings(
    flags as unknown as Rating[],
    2,
    (v, f) => (typeof v === 'boolean' ? Number(v) : fail('invalid-value', f, v, 'is not a boolean')),
    field,
  );
  const { minSample, z } = options(opts);
  const { n, sw, effectiveN } = total(b, field, 'the share');
  const count = b.weights[1]!;
  const { pct, ci } = shareOf(count, sw, effectiveN, z);
  return { share: pct, count, n, effectiveN, ci, smallSample: effectiveN < minSample };
}

export type PointsMetric = 'nps' | 'csat' | 'ces' | 'mean' | 'index';

/**
 * What one response contributes to a metric, so that the (weighted) mean of the points
 * over responses is the metric itself: nps → +100 promoter / 0 passive / −100 detractor;
 * csat → 100 in the top box, else 0; ces and mean → the raw value; index → 0–100.
 * Throws 'scale-mismatch' for nps on a non-NPS scale and ces on a non-CES scale.
 */
export function responsePoints(metric: PointsMetric, scale: ScaleRef | Scale, value: number): number {
  const s = scaleFor(scale);
  const v = s.validate(value, 'value');
  switch (metric) {
    case 'nps':
      ofKind(s, 'nps', 'scale');
      return v >= 9 ? 100 : v <= 6 ? -100 : 0;
    case 'csat':
      return s.topBox.includes(v) ? 100 : 0;
    case 'ces':
      ofKind(s, 'ces', 'scale');
      return v;
    case 'mean':
      return s.points[s.indexOf(v)]!;
    case 'index':
      return s.normalize(v);
    default:
      return fail('invalid-option', 'metric', metric, "is not one of 'nps', 'csat', 'ces', 'mean', 'index'");
  }
}
