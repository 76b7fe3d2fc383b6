import { fieldError } from './errors.js';
import type { ScaleKind, ScaleRef } from './types.js';

/** Locales every built-in scale is labelled in. */
export type ScaleLocale = 'en' | 'zh-CN';

export interface ScaleAnchors {
  /** Label of the scale's low end, e.g. "Not at all likely". */
  low: string;
  /** Label of the scale's high end, e.g. "Extremely likely". */
  high: string;
}

/**
 * What a scale is without its words: its canonical reference, range and the values a response
 * may take. {@link scaleShape} gives it without loading any label (what a rating widget that
 * brings its own translated labels needs); a {@link Scale} is a shape plus labels and boxes.
 */
export interface ScaleShape {
  /** Stable id, e.g. 'nps', 'csat5', 'ces7', 'stars5-half', 'evaluator3', 'likert1-7'. */
  readonly id: string;
  readonly kind: ScaleKind;
  /** The canonical reference that produces this scale (`scaleFor(scale.ref).id === scale.id`). */
  readonly ref: Readonly<ScaleRef>;
  readonly min: number;
  readonly max: number;
  readonly step: number;
  /** Every valid value, ascending. */
  readonly values: readonly number[];
}

/**
 * A rating scale: its range, the values a response may take, labels per point in every
 * supported locale, and which points count as the top box and the bottom box.
 * Scales are frozen and shared; get one with {@link scaleFor} or from {@link scales}.
 */
export interface Scale extends ScaleShape {
  /** Label per point (same order as `values`) in each locale. */
  readonly labels: Readonly<Record<ScaleLocale, readonly string[]>>;
  /** Labels of the two ends of the scale in each locale. */
  readonly anchors: Readonly<Record<ScaleLocale, ScaleAnchors>>;
  /** Values counted as the top box (promoters on NPS, "satisfied" on CSAT, "agree" on CES). */
  readonly topBox: readonly number[];
  /** Values counted as the bottom box (detractors on NPS). */
  readonly bottomBox: readonly number[];
  /**
   * Points each value scores (the counter evaluator's 3/2/1; equal to the value elsewhere).
   * Same order as `values`.
   */
  readonly points: readonly number[];
  /** A valid value mapped linearly onto 0–100 (min → 0, max → 100) by its points. */
  normalize(value: number): number;
  /** Returns `value` when valid, else throws FeedbackError 'invalid-value' | 'off-scale' | 'off-step'. */
  validate(value: unknown, field?: string): number;
  /** Index of a valid value in `values` (throws like `validate`). */
  indexOf(value: unknown, field?: string): number;
}

type Labels = Record<ScaleLocale, string[]>;

const lbl = (en: string[], zh: string[]): Labels => ({ en, 'zh-CN': zh });

// Verbal labels, low → high, on seven points; the 3-, 4- and 5-point lists pick from them
// (1 3 5: negative, neutral, positive; 0 1 5 6: no neutral; 0 1 3 5 6: no "somewhat").
const SAT7 = /* @__PURE__ */ lbl(
  ['Very dissatisfied', 'Dissatisfied', 'Somewhat dissatisfied', 'Neutral', 'Somewhat satisfied', 'Satisfied', 'Very satisfied'],
  ['非常不满意', '不满意', '有点不满意', '一般', '有点满意', '满意', '非常满意'],
);
const AGREE7 = /* @__PURE__ */ lbl(
  ['Strongly disagree', 'Disagree', 'Somewhat disagree', 'Neither agree nor disagree', 'Somewhat agree', 'Agree', 'Strongly agree'],
  ['非常不同意', '不同意', '有点不同意', '中立', '有点同意', '同意', '非常同意'],
);
// (No "somewhat" faces: only the 3-, 4- and 5-point picks exist.)
const FACES = /* @__PURE__ */ lbl(['Very unhappy', 'Unhappy', '', 'Neutral', '', 'Happy', 'Very happy'], ['非常不开心', '不开心', '', '一般', '', '开心', '非常开心']);
const pick = (l: Labels, points: string): Labels => lbl(Array.from(points, (i) => l.en[+i]!), Array.from(points, (i) => l['zh-CN'][+i]!));
const SAT3 = /* @__PURE__ */ pick(SAT7, '135');
const SAT4 = /* @__PURE__ */ pick(SAT7, '0156');
const SAT5 = /* @__PURE__ */ pick(SAT7, '01356');
const AGREE5 = /* @__PURE__ */ pick(AGREE7, '01356');
const FACES3 = /* @__PURE__ */ pick(FACES, '135');
const FACES4 = /* @__PURE__ */ pick(FACES, '0156');
const FACES5 = /* @__PURE__ */ pick(FACES, '01356');

const ends = (l: Labels): Record<ScaleLocale, ScaleAnchors> => ({
  en: { low: l.en[0]!, high: l.en[l.en.length - 1]! },
  'zh-CN': { low: l['zh-CN'][0]!, high: l['zh-CN'][l['zh-CN'].length - 1]! },
});
const anchors = (enLow: string, enHigh: string, zhLow: string, zhHigh: string): Record<ScaleLocale, ScaleAnchors> => ({
  en: { low: enLow, high: enHigh },
  'zh-CN': { low: zhLow, high: zhHigh },
});

/** A shape before its values are listed: canonical reference and range. */
interface Range {
  id: string;
  ref: ScaleRef;
  min: number;
  max: number;
  step: number;
}

/** Which values are in the top box / the bottom box. */
interface Boxes {
  top: (v: number) => boolean;
  bottom: (v: number) => boolean;
}

interface Spec extends Range, Boxes {
  labels: (values: number[]) => Labels;
  anchors: Record<ScaleLocale, ScaleAnchors>;
}

const numeric = (values: number[]): Labels => lbl(values.map(String), values.map(String));

function valuesOf({ min, max, step }: Range): number[] {
  return Array.from({ length: Math.round((max - min) / step) + 1 }, (_, i) => min + i * step);
}

function build(spec: Spec): Scale {
  const { id, min, max, step } = spec;
  const values = valuesOf(spec);
  const labels = spec.labels(values);
  const span = max - min;
  const indexOf = (value: unknown, field?: string): number => {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw fieldError('invalid-value', field, value, `is not a finite number (scale ${id})`);
    if (value < min || value > max) throw fieldError('off-scale', field, value, `is outside the ${id} scale ${min}–${max}`);
    // Exact: steps are 1 or 0.5 and bounds are integers, so this division never rounds.
    const r = (value - min) / step;
    if (!Number.isInteger(r)) throw fieldError('off-step', field, value, `is not on the ${id} scale's steps of ${step} from ${min}`);
    return r;
  };
  const scale: Scale = {
    id,
    kind: spec.ref.kind,
    ref: Object.freeze({ ...spec.ref }),
    min,
    max,
    step,
    values: Object.freeze(values),
    labels: Object.freeze({ en: Object.freeze(labels.en), 'zh-CN': Object.freeze(labels['zh-CN']) }),
    anchors: Object.freeze(spec.anchors),
    topBox: Object.freeze(values.filter(spec.top)),
    bottomBox: Object.freeze(values.filter(spec.bottom)),
    // Every built-in scale scores its own value (the evaluator's defaults are 1..levels too).
    points: Object.freeze(values.slice()),
    normalize: (value: number) => ((values[indexOf(value)]! - min) / span) * 100,
    validate: (value: unknown, field?: string) => values[indexOf(value, field)]!,
    indexOf,
  };
  return Object.freeze(scale);
}

const invalid = (what: string, value: unknown, reason: string) => fieldError('invalid-option', `scale.${what}`, value, reason);

const toRange = (id: string, ref: ScaleRef, min: number, max: number, step = 1): Range => ({ id, ref, min, max, step });

/** The canonical reference and range a reference names, validated (no labels). */
function rangeOf(ref: ScaleRef): Range {
  const kind = ref.kind;
  if (kind === 'nps' || kind === 'thumbs') return toRange(kind, { kind }, 0, kind === 'nps' ? 10 : 1);
  if (kind === 'stars') {
    const points = ref.points ?? 5;
    if (!Number.isInteger(points) || points < 3 || points > 10) throw invalid('points', ref.points, 'must be an integer 3–10 stars');
    const step = ref.step ?? 1;
    if (step !== 1 && step !== 0.5) throw invalid('step', ref.step, 'must be 1 or 0.5 (half stars)');
    return step < 1 ? toRange(`stars${points}-half`, { kind, points, step }, 1, points, step) : toRange(`stars${points}`, { kind, points }, 1, points);
  }
  if (kind === 'likert') {
    const min = ref.min ?? 1;
    const max = ref.max ?? 5;
    if (!Number.isInteger(min)) throw invalid('min', ref.min, 'must be an integer');
    if (!Number.isInteger(max) || max <= min) throw invalid('max', ref.max, `must be an integer above min ${min}`);
    if ((ref.step ?? 1) !== 1) throw invalid('step', ref.step, 'must be 1 on a Likert scale');
    if (max - min > 100) throw invalid('max', ref.max, `gives ${max - min + 1} points; at most 101 are supported`);
    return toRange(`likert${min}-${max}`, { kind, min, max }, min, max);
  }
  // Kinds that come in a fixed list of 1..points variants: the default first, then the list.
  const [fallback, ...allowed]: number[] =
    kind === 'csat' ? [5, 3, 5, 7] : kind === 'ces' ? [7, 5, 7] : kind === 'smiley' ? [5, 3, 4, 5] : kind === 'evaluator' ? [3, 3, 4, 5] : [];
  if (!fallback) {
    throw fieldError('unknown-scale', 'scale.kind', kind, 'is not a known scale kind');
  }
  const points = ref.points ?? fallback;
  if (!allowed.includes(points)) throw invalid('points', ref.points, `is not a ${kind} variant (allowed: ${allowed.join(', ')})`);
  return toRange(`${kind}${points}`, { kind, points }, 1, points);
}

/**
 * The top and bottom boxes of a range: no labels needed, so {@link scaleBoxes} loads none.
 * NPS: promoters 9–10, detractors 0–6. CES: "agree" 5–7 on the 7-point scale, 4–5 on the
 * 5-point scale; disagree mirrors it. Every other scale: the outer two points at each end from
 * 4 points up, the outer point on 2–3 points (only "satisfied" is a 3-point CSAT top box; the top
 * two stars, half stars included; thumbs up / down).
 */
function boxes({ ref: { kind }, min, max }: Pick<Range, 'ref' | 'min' | 'max'>): Boxes {
  const n = max - min + 1;
  const box = kind === 'ces' ? (n - 1) / 2 : n > 3 ? 2 : 1;
  return { top: (v) => v >= max + 1 - (kind === 'nps' ? 2 : box), bottom: (v) => v <= min - 1 + (kind === 'nps' ? 7 : box) };
}

/** A labelled scale whose anchors are its first and last labels (CSAT, CES, smiley faces, the counter evaluator). */
function labelledPoints(range: Range, labels: Labels): Spec {
  return { ...range, ...boxes(range), labels: () => labels, anchors: ends(labels) };
}

function spec(ref: ScaleRef): Spec {
  const range = rangeOf(ref);
  const points = range.max;
  switch (range.ref.kind) {
    case 'nps':
      return { ...range, ...boxes(range), labels: numeric, anchors: anchors('Not at all likely', 'Extremely likely', '完全不可能', '非常可能') };
    case 'csat':
      return labelledPoints(range, points === 3 ? SAT3 : points === 5 ? SAT5 : SAT7);
    case 'ces':
      return labelledPoints(range, points === 5 ? AGREE5 : AGREE7);
    case 'stars':
      return {
        ...range,
        ...boxes(range),
        labels: (values) =>
          lbl(
            values.map((v) => `${v} ${v === 1 ? 'star' : 'stars'}`),
            values.map((v) => `${v} 星`),
          ),
        anchors: anchors('1 star', `${points} stars`, '1 星', `${points} 星`),
      };
    case 'smiley':
      return labelledPoints(range, points === 3 ? FACES3 : points === 4 ? FACES4 : FACES5);
    case 'thumbs':
      return {
        ...range,
        ...boxes(range),
        labels: () => lbl(['Thumbs down', 'Thumbs up'], ['不满意', '满意']),
        anchors: anchors('Thumbs down', 'Thumbs up', '不满意', '满意'),
      };
    case 'evaluator':
      // Counter service evaluator: 3 levels score satisfied 3 / neutral 2 / dissatisfied 1
      // (DOMAIN.md); 4 levels drop the neutral button (4/3/2/1), 5 levels add "very" at both
      // ends (5..1). Normalised linearly: 3 → 100, 2 → 50, 1 → 0.
      return labelledPoints(range, points === 3 ? SAT3 : points === 4 ? SAT4 : SAT5);
    default:
      return { ...range, ...boxes(range), labels: numeric, anchors: anchors('Strongly disagree', 'Strongly agree', '非常不同意', '非常同意') };
  }
}

/**
 * The shape of the scale a reference names — canonical reference, range and values — without
 * loading any label. Throws like {@link scaleFor}. `scaleShape(ref)` equals the same fields of
 * `scaleFor(ref)`.
 */
export function scaleShape(ref: ScaleRef): ScaleShape {
  if (ref === null || typeof ref !== 'object') {
    throw fieldError('unknown-scale', 'scale', ref, 'is not a scale reference');
  }
  const range = rangeOf(ref);
  return Object.freeze({ ...range, kind: range.ref.kind, ref: Object.freeze(range.ref), values: Object.freeze(valuesOf(range)) });
}

/**
 * The top and bottom boxes of the scale a reference names (e.g. NPS promoters 9–10 and
 * detractors 0–6), without loading any label. Throws like {@link scaleFor}; equal to
 * `scaleFor(ref).topBox` and `.bottomBox`.
 */
export function scaleBoxes(ref: ScaleRef): { readonly topBox: readonly number[]; readonly bottomBox: readonly number[] } {
  const shape = scaleShape(ref); // throws for a reference scaleFor refuses
  const { top, bottom } = boxes(shape);
  return { topBox: Object.freeze(shape.values.filter(top)), bottomBox: Object.freeze(shape.values.filter(bottom)) };
}

const cache = new Map<string, Scale>();

/**
 * The scale a reference names. Throws 'unknown-scale' for an unknown kind and
 * 'invalid-option' for a variant that does not exist (e.g. csat with 4 points).
 */
export function scaleFor(ref: ScaleRef | Scale): Scale {
  if (ref === null || typeof ref !== 'object') {
    throw fieldError('unknown-scale', 'scale', ref, 'is not a scale reference');
  }
  if ('normalize' in ref && typeof ref.normalize === 'function') return ref as Scale;
  const key = `${ref.kind}|${ref.points}|${ref.min}|${ref.max}|${ref.step}`;
  let scale = cache.get(key);
  if (!scale) {
    const s = spec(ref as ScaleRef);
    // Equivalent references ({ kind: 'csat' } and { kind: 'csat', points: 5 }) share one scale.
    scale = cache.get(s.id) ?? build(s);
    cache.set(s.id, scale);
    cache.set(key, scale);
  }
  return scale;
}

/** Label of a valid value in a locale (falls back to English for other locales). */
export function scaleLabel(scale: Scale, value: number, locale: string = 'en'): string {
  const labels = scale.labels[locale as ScaleLocale] ?? scale.labels.en;
  return labels[scale.indexOf(value, 'value')]!;
}

/**
 * The standard scales by name. Built on first access, so importing `scales` (or any other
 * export of this module) costs nothing until used.
 */
export interface StandardScales {
  readonly nps: Scale;
  readonly csat3: Scale;
  readonly csat5: Scale;
  readonly csat7: Scale;
  readonly ces5: Scale;
  readonly ces7: Scale;
  readonly stars5: Scale;
  readonly stars5Half: Scale;
  readonly smiley3: Scale;
  readonly smiley4: Scale;
  readonly smiley5: Scale;
  readonly thumbs: Scale;
  readonly evaluator3: Scale;
  readonly evaluator4: Scale;
  readonly evaluator5: Scale;
  readonly likert5: Scale;
  readonly likert7: Scale;
}

// Getters made by a pure call (nothing runs at module load unless `scales` is used), so
// bundlers drop the module entirely from `import { nps }`. Each name reads as kind, points and
// "Half" for half steps (likert5 / likert7 run from 1).
export const scales: StandardScales = /* @__PURE__ */ (() => {
  const out = {} as StandardScales;
  for (const name of 'nps csat3 csat5 csat7 ces5 ces7 stars5 stars5Half smiley3 smiley4 smiley5 thumbs evaluator3 evaluator4 evaluator5 likert5 likert7'.split(' ')) {
    const [, kind, n, half] = /^([a-z]+)(\d*)(Half)?$/.exec(name)!;
    const points = +n! || undefined;
    const ref = (kind === 'likert' ? { kind, max: points } : { kind, points, step: half ? 0.5 : undefined }) as ScaleRef;
    Object.defineProperty(out, name, { get: () => scaleFor(ref), enumerable: true, configurable: true });
  }
  return out;
})();
