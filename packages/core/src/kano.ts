import { FeedbackError, describeValue } from './errors.js';
import type { KanoAnswer } from './types.js';

/**
 * Kano categories: A attractive (delighter), O one-dimensional (performance), M must-be (basic),
 * I indifferent, R reverse, Q questionable (contradictory answers).
 */
export type KanoCategory = 'A' | 'O' | 'M' | 'I' | 'R' | 'Q';

export const kanoAnswers: readonly KanoAnswer[] = ['like', 'must-be', 'neutral', 'live-with', 'dislike'];
export const kanoCategories: readonly KanoCategory[] = ['A', 'O', 'M', 'I', 'R', 'Q'];

// The standard evaluation table: rows = functional answer, columns = dysfunctional answer,
// both in the order like, must-be, neutral, live-with, dislike.
const TABLE: readonly string[] = [
  'QAAAO', // like
  'RIIIM', // must-be
  'RIIIM', // neutral
  'RIIIM', // live-with
  'RRRRQ', // dislike
];

function answerIndex(answer: unknown, field: string): number {
  const i = kanoAnswers.indexOf(answer as KanoAnswer);
  if (i < 0) {
    throw new FeedbackError(
      'invalid-value',
      `${field}: ${describeValue(answer)} is not a Kano answer (expected one of ${kanoAnswers.join(', ')})`,
      { field, value: answer },
    );
  }
  return i;
}

/** Classify one functional/dysfunctional answer pair with the standard Kano evaluation table. */
export function kano(functional: KanoAnswer, dysfunctional: KanoAnswer): KanoCategory {
  const row = TABLE[answerIndex(functional, 'functional')]!;
  return row[answerIndex(dysfunctional, 'dysfunctional')] as KanoCategory;
}

export interface KanoPair {
  feature: string;
  functional: KanoAnswer;
  dysfunctional: KanoAnswer;
}

export interface KanoFeatureSummary {
  feature: string;
  n: number;
  counts: Record<KanoCategory, number>;
  /** counts / n, each in 0..1. */
  shares: Record<KanoCategory, number>;
  /** The most frequent category; ties broken M > O > A > I > R > Q (the usual "must-be first" rule). */
  dominant: KanoCategory;
  /** (A+O)/(A+O+M+I) in 0..1; null when A+O+M+I = 0 (only R/Q answers). */
  better: number | null;
  /** −(O+M)/(A+O+M+I) in −1..0; null when A+O+M+I = 0. */
  worse: number | null;
}

const TIE_ORDER: readonly KanoCategory[] = ['M', 'O', 'A', 'I', 'R', 'Q'];

const zeroCounts = (): Record<KanoCategory, number> => ({ A: 0, O: 0, M: 0, I: 0, R: 0, Q: 0 });

/**
 * Classify every pair and summarise per feature (in order of first appearance).
 * Bad answers throw `FeedbackError('invalid-value')` naming `pairs[i].functional` etc.
 */
export function kanoSummary(pairs: readonly KanoPair[]): KanoFeatureSummary[] {
  if (!Array.isArray(pairs)) {
    throw new FeedbackError('invalid-value', `pairs: ${describeValue(pairs)} is not an array`, { field: 'pairs', value: pairs });
  }
  const byFeature = new Map<string, Record<KanoCategory, number>>();
  pairs.forEach((p, i) => {
    if (p === null || typeof p !== 'object' || typeof p.feature !== 'string' || p.feature === '') {
      throw new FeedbackError('invalid-value', `pairs[${i}].feature: ${describeValue(p?.feature)} is not a non-empty string`, {
        field: `pairs[${i}].feature`,
        value: p?.feature,
      });
    }
    const row = TABLE[answerIndex(p.functional, `pairs[${i}].functional`)]!;
    const cat = row[answerIndex(p.dysfunctional, `pairs[${i}].dysfunctional`)] as KanoCategory;
    let counts = byFeature.get(p.feature);
    if (!counts) byFeature.set(p.feature, (counts = zeroCounts()));
    counts[cat]++;
  });
  const out: KanoFeatureSummary[] = [];
  for (const [feature, counts] of byFeature) {
    let n = 0;
    for (const c of kanoCategories) n += counts[c];
    const shares = zeroCounts();
    for (const c of kanoCategories) shares[c] = counts[c] / n;
    let dominant: KanoCategory = TIE_ORDER[0]!;
    for (const c of TIE_ORDER) if (counts[c] > counts[dominant]) dominant = c;
    const core = counts.A + counts.O + counts.M + counts.I;
    out.push({
      feature,
      n,
      counts,
      shares,
      dominant,
      better: core === 0 ? null : (counts.A + counts.O) / core,
      worse: core === 0 ? null : 0 - (counts.O + counts.M) / core, // 0 - x avoids -0
    });
  }
  return out;
}
