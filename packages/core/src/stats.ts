import { FeedbackError, describeValue } from './errors.js';

/** A closed interval `[low, high]`. */
export type Interval = [low: number, high: number];

const bad = (code: string, field: string, value: unknown, reason: string) =>
  new FeedbackError(code, `${field}: ${describeValue(value)} ${reason}`, { field, value });

function checkZ(z: number): void {
  if (typeof z !== 'number' || !Number.isFinite(z) || z <= 0) throw bad('invalid-option', 'z', z, 'must be a positive finite number');
}

/**
 * Wilson score interval for a proportion, as `[low, high]` in 0..1.
 * Weighted data: pass the weighted share times the Kish effective sample size as
 * `successes` and the effective size as `n` (both may be fractional).
 * Throws 'empty' for n = 0 and 'invalid-value' when successes is outside 0..n.
 */
export function wilson(successes: number, n: number, z = 1.96): Interval {
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) throw bad('invalid-value', 'n', n, 'must be a finite number ≥ 0');
  if (n === 0) throw bad('empty', 'n', n, 'leaves the proportion undefined (no responses)');
  if (typeof successes !== 'number' || !Number.isFinite(successes) || successes < 0 || successes > n * (1 + 1e-12)) {
    throw bad('invalid-value', 'successes', successes, `must be a finite number in 0..n (n = ${n})`);
  }
  checkZ(z);
  const p = Math.min(1, successes / n);
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** Kish effective sample size `(Σw)² / Σw²`; 0 when every weight is 0. */
export function kishN(sumWeights: number, sumSquaredWeights: number): number {
  return sumSquaredWeights > 0 ? (sumWeights * sumWeights) / sumSquaredWeights : 0;
}

/** Weighted mean and variance of (value, weight) pairs, from running sums. */
export interface WeightedMoments {
  /** Σw */
  sumWeights: number;
  /** Σw² */
  sumSquaredWeights: number;
  /** Σw·x / Σw */
  mean: number;
  /**
   * Weighted variance with the effective-sample correction:
   * Σw(x − mean)² / Σw · nEff / (nEff − 1); 0 when nEff ≤ 1.
   */
  variance: number;
  /** Kish effective sample size. */
  effectiveN: number;
}

/**
 * Weighted moments of values with weights (equal lengths, weights ≥ 0, Σw > 0).
 * Two-pass for accuracy. Callers validate inputs; this throws 'empty' when Σw = 0.
 */
export function weightedMoments(values: ArrayLike<number>, weights?: ArrayLike<number>): WeightedMoments {
  let sw = 0;
  let sw2 = 0;
  let swx = 0;
  for (let i = 0; i < values.length; i++) {
    const w = weights ? weights[i]! : 1;
    sw += w;
    sw2 += w * w;
    swx += w * values[i]!;
  }
  if (!(sw > 0)) throw bad('empty', 'values', values.length, 'values carry no weight; the mean is undefined');
  const mean = swx / sw;
  let ss = 0;
  for (let i = 0; i < values.length; i++) {
    const d = values[i]! - mean;
    ss += (weights ? weights[i]! : 1) * d * d;
  }
  return momentsFromSums(sw, sw2, mean, ss);
}

/** Assembles {@link WeightedMoments} from Σw, Σw², the mean and Σw(x − mean)². */
export function momentsFromSums(sumWeights: number, sumSquaredWeights: number, mean: number, sumSquares: number): WeightedMoments {
  const effectiveN = kishN(sumWeights, sumSquaredWeights);
  const variance = effectiveN > 1 ? (Math.max(0, sumSquares) / sumWeights) * (effectiveN / (effectiveN - 1)) : 0;
  return { sumWeights, sumSquaredWeights, mean, variance, effectiveN };
}

// ---- distributions --------------------------------------------------------------------

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 erf, |error| < 1.5e-7). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2);
  const y =
    1 -
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) *
      Math.exp((-x * x) / 2);
  return x >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms). */
function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = c[0]!;
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction for the regularized incomplete beta (modified Lentz). */
function betaFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-14) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b). */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaFraction(a, b, x)) / a : 1 - (front * betaFraction(b, a, 1 - x)) / b;
}

/** Student t CDF with `df` > 0 degrees of freedom (df may be fractional). */
export function tCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** Student t density. */
function tPdf(t: number, df: number): number {
  return Math.exp(logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI) - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/**
 * The t quantile matching a two-sided normal interval of half-width `z`: the t with
 * P(|T| ≤ t) = P(|Z| ≤ z). z = 1.96, df = 10 → 2.228. df may be fractional (Kish n − 1).
 * Cornish–Fisher expansion as the start, then safeguarded Newton steps on the exact CDF
 * (a few CDF evaluations instead of a bisection's dozens; the expansion alone beyond 10⁴ df).
 */
export function tFromZ(z: number, df: number): number {
  if (!(df > 0) || !Number.isFinite(df)) return z;
  const z2 = z * z;
  let t =
    z +
    (z * (z2 + 1)) / (4 * df) +
    (z * (5 * z2 * z2 + 16 * z2 + 3)) / (96 * df * df) +
    (z * (3 * z2 ** 3 + 19 * z2 * z2 + 17 * z2 - 15)) / (384 * df ** 3) +
    (z * (79 * z2 ** 4 + 776 * z2 ** 3 + 1482 * z2 * z2 - 1920 * z2 - 945)) / (92160 * df ** 4);
  if (df > 1e4) return t;
  const p = normalCdf(z);
  // The quantile lies in [z, ∞): keep a bracket and bisect whenever Newton leaves it.
  let lo = z;
  let hi = Infinity;
  if (!(t > lo) || !Number.isFinite(t)) t = 2 * z + 1;
  for (let i = 0; i < 100; i++) {
    const f = tCdf(t, df) - p;
    if (f < 0) lo = t;
    else hi = t;
    if (Math.abs(f) < 1e-13) break;
    let next = t - f / tPdf(t, df);
    if (!(next > lo && next < hi)) next = hi === Infinity ? 2 * t : (lo + hi) / 2;
    if (Math.abs(next - t) <= 1e-12 * t) {
      t = next;
      break;
    }
    t = next;
  }
  return t;
}

/** A mean with its interval. */
export interface MeanInterval {
  mean: number;
  /** Standard deviation (weighted, effective-sample corrected); 0 when effectiveN ≤ 1. */
  sd: number;
  /** Standard error sd / √effectiveN; Infinity-free: 0 when effectiveN ≤ 1. */
  standardError: number;
  effectiveN: number;
  ci: Interval;
}

/**
 * Mean with a t interval (df = effectiveN − 1; z when df is large, since t → z) clipped to
 * `[lowest, highest]`, the range of possible values. With effectiveN ≤ 1 nothing is known
 * about the spread, so the interval is the whole range.
 */
export function meanInterval(m: WeightedMoments, lowest: number, highest: number, z = 1.96): MeanInterval {
  checkZ(z);
  const sd = Math.sqrt(m.variance);
  if (!(m.effectiveN > 1)) return { mean: m.mean, sd: 0, standardError: 0, effectiveN: m.effectiveN, ci: [lowest, highest] };
  const se = sd / Math.sqrt(m.effectiveN);
  const half = tFromZ(z, m.effectiveN - 1) * se;
  return {
    mean: m.mean,
    sd,
    standardError: se,
    effectiveN: m.effectiveN,
    ci: [Math.max(lowest, m.mean - half), Math.min(highest, m.mean + half)],
  };
}

/**
 * {@link meanInterval}, and when every response gave the same value (`same`: `m.mean` is that
 * value exactly, `m.variance` 0) and there is more than one response's worth of evidence, the
 * Wilson interval of the mean as a share of `[lowest, highest]` instead of a zero-width t
 * interval ("3 of 3 satisfied, so exactly 100") — a bounded variable can vary most, for a given
 * mean, when it sits at the two ends. Used by `meanFromBins` and `gap`.
 */
export function boundedMeanInterval(m: WeightedMoments, lowest: number, highest: number, z: number, same: boolean): MeanInterval {
  const iv = meanInterval(m, lowest, highest, z);
  const range = highest - lowest;
  if (same && m.effectiveN > 1 && range > 0) {
    const [a, b] = wilson(((m.mean - lowest) / range) * m.effectiveN, m.effectiveN, z);
    iv.ci = [lowest + a * range, lowest + b * range];
  }
  return iv;
}
