import { FeedbackError, describeValue } from './errors.js';
import { calendarIndexer, checkTimeZone, toEpochMs } from './calendar.js';
import type { CalendarRange, CalendarWindow } from './calendar.js';
import { responsePoints } from './metrics.js';
import type { PointsMetric } from './metrics.js';
import { scaleFor } from './scales.js';
import type { Scale } from './scales.js';
import { createTally, tallyAdder, tallyEffectiveN } from './tally.js';
import type { Tally } from './tally.js';
import type { Answer, ScaleRef, Submission, SubmissionContext } from './types.js';

/** A grouping key: a context field, the survey id, the status, or your own function. */
export type GroupKey =
  | Exclude<keyof SubmissionContext, 'measures' | 'flags'>
  | 'survey'
  | 'status'
  | { name: string; of: (s: Submission) => string | null | undefined };

export interface RollupOptions {
  /** The rating question (answer id) to summarise. */
  question: string;
  /** Group by these keys, in order (default: none — one group per window, or one overall). */
  by?: readonly GroupKey[];
  /** Also group by this calendar window of `createdAt`. */
  window?: CalendarWindow;
  /** IANA time zone of the windows (default 'UTC'). */
  timeZone?: string;
  /** Scale every answer must use (default: the scale of the first answer; others → 'scale-mismatch'). */
  scale?: ScaleRef;
  /** Also summarise each group in points of this metric (nps: ±100/0, csat: 100/0, ces/mean: raw, index: 0–100). */
  metric?: PointsMetric;
  /** A submission without a value for a key: grouped under null (default 'group') or left out ('skip'). */
  missing?: 'group' | 'skip';
  /** Survey weight of a submission (default 1). */
  weight?: (s: Submission) => number;
}

export interface PointSummary {
  metric: PointsMetric;
  /** Responses (zero-weight ones included). */
  n: number;
  /**
   * Kish effective sample size of the group's tally, (Σw)²/Σw²: what the evidence is worth.
   * Zero-weight responses add nothing; 0 when Σ weight = 0. Rankings use this, not `n`.
   */
  effectiveN: number;
  /** Σ weight. */
  sumWeights: number;
  /** Weighted mean of the points — the metric itself (e.g. the NPS for 'nps'); null when Σ weight = 0. */
  mean: number | null;
}

export interface RollupGroup {
  /** Stable id of the group, e.g. 'branch=b1|staff=s3|month=2026-03'. */
  id: string;
  /** Key name → value (null where the submission had none). */
  keys: Record<string, string | null>;
  window?: CalendarRange;
  /** Mergeable tally of the group's ratings (tallyMetrics gives NPS/CSAT/CES with intervals). */
  tally: Tally;
  points?: PointSummary;
}

export interface RollupResult {
  /** Groups sorted by id. */
  groups: RollupGroup[];
  /** Submissions left out, by reason. */
  skipped: { noRating: number; noAnswer: number; missingKey: number };
}

const keyName = (k: GroupKey): string => (typeof k === 'string' ? k : k.name);

function keyValue(s: Submission, k: GroupKey, field: string): string | null {
  let v: unknown;
  if (typeof k === 'object') v = k.of(s);
  else if (k === 'survey') v = s.survey?.id;
  else if (k === 'status') v = s.status;
  else v = s.context?.[k];
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string' && typeof v !== 'number') {
    throw new FeedbackError('invalid-value', `${field}: ${describeValue(v)} is not a string key`, { field, value: v });
  }
  return String(v);
}

/**
 * Group submissions by context keys and a calendar window and tally one rating question per
 * group. Submissions with status 'no-rating' or without the answer are counted in `skipped`.
 */
export function rollup(submissions: readonly Submission[], options: RollupOptions): RollupResult {
  if (!Array.isArray(submissions)) {
    throw new FeedbackError('invalid-value', `submissions: ${describeValue(submissions)} is not an array`, { field: 'submissions', value: submissions });
  }
  if (options === null || typeof options !== 'object' || typeof options.question !== 'string' || options.question === '') {
    throw new FeedbackError('invalid-option', `options.question: ${describeValue(options?.question)} is not an answer id`, {
      field: 'options.question',
      value: options?.question,
    });
  }
  const by = options.by ?? [];
  const names = by.map(keyName);
  if (options.window !== undefined) names.push(options.window);
  if (new Set(names).size !== names.length) {
    throw new FeedbackError('invalid-option', `options.by: ${describeValue(names)} names a key twice`, { field: 'options.by', value: names });
  }
  const timeZone = checkTimeZone(options.timeZone ?? 'UTC');
  const missing = options.missing ?? 'group';
  const rangeOf = options.window !== undefined ? calendarIndexer(options.window, timeZone) : undefined;
  let scale: Scale | undefined = options.scale !== undefined ? scaleFor(options.scale) : undefined;
  const groups = new Map<string, { g: RollupGroup; add: (v: number, w?: number) => void; sum: number; sw: number }>();
  const skipped = { noRating: 0, noAnswer: 0, missingKey: 0 };

  submissions.forEach((s, i) => {
    const f = `submissions[${i}]`;
    if (s === null || typeof s !== 'object') throw new FeedbackError('invalid-submission', `${f}: ${describeValue(s)} is not a submission`, { field: f, value: s });
    if (s.status === 'no-rating') return void skipped.noRating++;
    const a: Answer | undefined = s.answers?.[options.question];
    if (a === undefined) return void skipped.noAnswer++;
    const af = `${f}.answers.${options.question}`;
    if (a.type !== 'rating') {
      throw new FeedbackError('invalid-submission', `${af}.type: ${describeValue(a.type)} is not a rating`, { field: `${af}.type`, value: a.type });
    }
    const keys: Record<string, string | null> = {};
    let parts: string[] = [];
    for (let j = 0; j < by.length; j++) {
      const v = keyValue(s, by[j]!, `${f}.${keyName(by[j]!)}`);
      if (v === null && missing === 'skip') return void skipped.missingKey++;
      keys[names[j]!] = v;
      parts.push(`${names[j]}=${v === null ? '' : v}`);
    }
    let range: CalendarRange | undefined;
    if (rangeOf !== undefined) {
      range = rangeOf(toEpochMs(s.createdAt, `${f}.createdAt`));
      keys[options.window!] = range.key;
      parts.push(`${options.window}=${range.key}`);
    }
    // The scale is checked only for submissions that are kept, so a skipped one cannot set it.
    const own = scaleFor(a.scale);
    if (!scale) scale = own;
    else if (own.id !== scale.id) {
      throw new FeedbackError('scale-mismatch', `${af}.scale: ${own.id} differs from ${scale.id}`, { field: `${af}.scale`, value: own.id });
    }
    const id = parts.join('|');
    parts = [];
    let entry = groups.get(id);
    if (!entry) {
      const tally = createTally(scale);
      const g: RollupGroup = { id, keys, tally };
      if (range) g.window = { ...range };
      entry = { g, add: tallyAdder(tally), sum: 0, sw: 0 };
      groups.set(id, entry);
    }
    const w = options.weight ? options.weight(s) : 1;
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
      throw new FeedbackError('invalid-weight', `${f}.weight: ${describeValue(w)} is not a finite number ≥ 0`, { field: `${f}.weight`, value: w });
    }
    const value = scale.validate(a.value, `${af}.value`);
    entry.add(value, w);
    if (options.metric !== undefined) {
      entry.sum += w * responsePoints(options.metric, scale, value);
      entry.sw += w;
    }
  });

  const out = [...groups.values()]
    .map(({ g, sum, sw }) => {
      if (options.metric !== undefined) {
        const n = g.tally.counts.reduce((x, y) => x + y, 0);
        const effectiveN = tallyEffectiveN(g.tally);
        g.points = { metric: options.metric, n, effectiveN, sumWeights: sw, mean: sw > 0 ? sum / sw : null };
      }
      return g;
    })
    .sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  return { groups: out, skipped };
}
