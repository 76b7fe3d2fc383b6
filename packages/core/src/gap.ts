import { FeedbackError, describeValue } from './errors.js';
import { checkWeight } from './metrics.js';
import { scaleFor } from './scales.js';
import { boundedMeanInterval, weightedMoments } from './stats.js';
import type { Interval } from './stats.js';
import type { LocalizedText, ScaleRef } from './types.js';

/** One respondent's expectation and perception on a dimension (an 'expectation-gap' answer fits). */
export interface GapPair {
  dimension: string;
  expectation: number;
  perception: number;
  /** Survey weight (default 1): 0, or between 1e-100 and 1e100 like every metric's weights. */
  weight?: number;
}

export interface GapDimension {
  id: string;
  label: LocalizedText;
}

/**
 * The six things bank customers want from a service (DOMAIN.md, seed 001:221):
 * function 功能性, value for money 经济性, safety 安全性, timeliness 时间性,
 * comfort 舒适性, courtesy 文明性.
 */
export const bankDimensions: readonly GapDimension[] = [
  { id: 'function', label: { en: 'Function', 'zh-CN': '功能性' } },
  { id: 'value', label: { en: 'Value for money', 'zh-CN': '经济性' } },
  { id: 'safety', label: { en: 'Safety', 'zh-CN': '安全性' } },
  { id: 'timeliness', label: { en: 'Timeliness', 'zh-CN': '时间性' } },
  { id: 'comfort', label: { en: 'Comfort', 'zh-CN': '舒适性' } },
  { id: 'courtesy', label: { en: 'Courtesy', 'zh-CN': '文明性' } },
];

export interface GapOptions {
  /** Scale both answers use: values are validated on it and the interval is clipped to ±(max − min). */
  scale?: ScaleRef;
  /** Dimensions in report order, with labels (e.g. `bankDimensions`); others follow in order of first appearance. */
  dimensions?: readonly GapDimension[];
  /** Only these dimensions may appear (default false: any dimension id is accepted). */
  strictDimensions?: boolean;
  /** Normal quantile of the interval (default 1.96 → 95 %; a t quantile is used for small n). */
  z?: number;
}

export interface GapResult {
  dimension: string;
  label?: LocalizedText;
  n: number;
  effectiveN: number;
  /** Mean expectation and mean perception. */
  expectation: number;
  perception: number;
  /** Mean of perception − expectation (satisfaction = perception − expectation); negative = expectations unmet. */
  gap: number;
  sd: number;
  /**
   * t interval of the mean gap; the whole possible range when effectiveN ≤ 1; when every
   * weighted pair has the same gap, the Wilson interval of the gap as a share of that range
   * (like `meanScore` for identical answers) instead of a zero-width interval.
   */
  ci: Interval;
}

const bad = (field: string, value: unknown, reason: string, code = 'invalid-value') =>
  new FeedbackError(code, `${field}: ${describeValue(value)} ${reason}`, { field, value });

/**
 * Gap analysis: per dimension, the mean of perception − expectation with a paired t interval.
 * Without a scale, the interval is clipped to ±(highest − lowest value seen).
 */
export function gap(pairs: readonly GapPair[], options: GapOptions = {}): GapResult[] {
  if (!Array.isArray(pairs)) throw bad('pairs', pairs, 'is not an array');
  const scale = options.scale !== undefined ? scaleFor(options.scale) : undefined;
  const known = new Map((options.dimensions ?? []).map((d) => [d.id, d]));
  const groups = new Map<string, { e: number[]; p: number[]; d: number[]; w: number[] }>();
  for (const d of options.dimensions ?? []) groups.set(d.id, { e: [], p: [], d: [], w: [] });
  let lo = Infinity;
  let hi = -Infinity;
  pairs.forEach((pair, i) => {
    const f = `pairs[${i}]`;
    if (pair === null || typeof pair !== 'object') throw bad(f, pair, 'is not an object');
    if (typeof pair.dimension !== 'string' || pair.dimension === '') throw bad(`${f}.dimension`, pair.dimension, 'is not a non-empty string');
    if (options.strictDimensions && !known.has(pair.dimension)) {
      throw bad(`${f}.dimension`, pair.dimension, `is not one of ${[...known.keys()].join(', ')}`);
    }
    const num = (v: unknown, field: string): number => {
      if (scale) return scale.validate(v, field);
      if (typeof v !== 'number' || !Number.isFinite(v)) throw bad(field, v, 'is not a finite number');
      return v;
    };
    const e = num(pair.expectation, `${f}.expectation`);
    const p = num(pair.perception, `${f}.perception`);
    const w = pair.weight === undefined ? 1 : checkWeight(pair.weight, `${f}.weight`);
    lo = Math.min(lo, e, p);
    hi = Math.max(hi, e, p);
    let g = groups.get(pair.dimension);
    if (!g) groups.set(pair.dimension, (g = { e: [], p: [], d: [], w: [] }));
    g.e.push(e);
    g.p.push(p);
    g.d.push(p - e);
    g.w.push(w);
  });
  const span = scale ? scale.max - scale.min : hi - lo;
  const out: GapResult[] = [];
  for (const [dimension, g] of groups) {
    if (g.d.length === 0 || !g.w.some((w) => w > 0)) continue;
    const m = weightedMoments(g.d, g.w);
    // One gap only (every weighted pair the same): that gap exactly — Σw·d/Σw rounds, and a
    // rounding sd of 1e-16 would slip past a zero-variance test — and, with more than one
    // response's worth of evidence, the Wilson interval of the gap as a share of the range
    // [−span, span] instead of a zero-width t interval, as meanScore does for identical answers.
    let only: number | undefined;
    let same = true;
    for (let k = 0; k < g.d.length && same; k++) {
      if (g.w[k]! > 0) {
        if (only === undefined) only = g.d[k]!;
        else if (g.d[k] !== only) same = false;
      }
    }
    const mean = same ? only! : m.mean;
    const iv = boundedMeanInterval(same ? { ...m, mean, variance: 0 } : m, -span, span, options.z ?? 1.96, same);
    const r: GapResult = {
      dimension,
      n: g.d.length,
      effectiveN: m.effectiveN,
      expectation: weightedMoments(g.e, g.w).mean,
      perception: weightedMoments(g.p, g.w).mean,
      gap: mean,
      sd: iv.sd,
      ci: iv.ci,
    };
    const label = known.get(dimension)?.label;
    if (label !== undefined) r.label = label;
    out.push(r);
  }
  return out;
}
