import { createTally, meanFromBins, scaleFor, tallyMetrics, wilson } from '@feedbackkit/core';
import type { Interval, Scale, ScaleRef, Tally, TallyMetrics } from '@feedbackkit/core';
import type { CountRow } from './store.js';

export type MetricName = 'nps' | 'csat' | 'ces' | 'index';
export const METRICS: readonly MetricName[] = ['nps', 'csat', 'ces', 'index'];

/** The scale a metric reads by default ('index' reads the 3-level counter evaluator unless told). */
export function defaultScaleRef(metric: MetricName, kind?: string, points?: number): ScaleRef {
  switch (metric) {
    case 'nps':
      return { kind: 'nps' };
    case 'csat':
      return { kind: 'csat', points: points ?? 5 };
    case 'ces':
      return { kind: 'ces', points: points ?? 7 };
    case 'index':
      return { kind: (kind ?? 'evaluator') as ScaleRef['kind'], ...(points !== undefined ? { points } : kind === undefined || kind === 'evaluator' ? { points: 3 } : {}) };
  }
}

/** One cell's numbers: the headline score for the metric, its interval, n, and the tally behind it. */
export interface ScoreSummary {
  n: number;
  /** NPS −100..100; CSAT % top-2-box; CES mean; index 0–100. */
  score: number;
  ci: Interval;
  smallSample: boolean;
  /** Responses per scale value (same order as `scale.values`). */
  distribution: Array<{ value: number; count: number }>;
  metrics: TallyMetrics;
  tally: Tally;
}

export function headline(metric: MetricName, m: TallyMetrics): { score: number; ci: Interval; smallSample: boolean } {
  if (metric === 'nps' && m.nps) return { score: m.nps.score, ci: m.nps.ci, smallSample: m.nps.smallSample };
  if (metric === 'csat' && m.csat) return { score: m.csat.score, ci: m.csat.ci, smallSample: m.csat.smallSample };
  if (metric === 'ces' && m.ces) return { score: m.ces.mean, ci: m.ces.ci, smallSample: m.ces.smallSample };
  return { score: m.mean.index, ci: m.mean.indexCi, smallSample: m.mean.smallSample };
}

/** How much a score cell carries: `summary` = `{ n, score, ci, smallSample }`, `full` adds distribution, metrics and tally. */
export type Detail = 'summary' | 'full';
export const DETAILS: readonly Detail[] = ['summary', 'full'];

/** The lean cell (`detail=summary`): the headline score and its interval, nothing else. */
export type CellSummary = Pick<ScoreSummary, 'n' | 'score' | 'ci' | 'smallSample'>;

const Z = 1.96;

/**
 * The headline of {@link summarise} without core's whole `tallyMetrics`: only the one metric
 * the cell shows, with the same arithmetic in the same order (so the same numbers, to the
 * bit), through core's exported `wilson` and `meanFromBins`. NPS needs no
 * t quantile at all, which is what makes it cheap: `tallyMetrics` computes the mean's t
 * interval for every scale. An empty tally throws core's own 'empty' error, like `summarise`.
 */
export function summariseLean(metric: MetricName, scale: Scale, tally: Tally, minSample: number): CellSummary {
  const { counts, weights } = tally;
  let n = 0;
  let sw = 0;
  for (let k = 0; k < counts.length; k++) {
    n += counts[k]!;
    sw += weights[k]!;
  }
  if (!(sw > 0)) return pick(summarise(metric, scale, tally, minSample));
  const effectiveN = (sw * sw) / tally.sumSquaredWeights;
  const smallSample = effectiveN < minSample;
  if (metric === 'nps' && scale.kind === 'nps') {
    const pro = (weights[9]! + weights[10]!) / sw;
    let d = 0;
    for (let k = 0; k <= 6; k++) d += weights[k]!;
    const det = d / sw;
    const score = (pro - det) * 100;
    const variance = Math.max(0, pro + det - (pro - det) ** 2);
    const moe = Z * Math.sqrt(variance / effectiveN) * 100;
    return { n, score, ci: [Math.max(-100, score - moe), Math.min(100, score + moe)], smallSample };
  }
  if (metric === 'csat' && scale.kind === 'csat') {
    let satisfied = 0;
    for (const v of scale.topBox) satisfied += weights[scale.indexOf(v)]!;
    const p = Math.min(1, satisfied / sw);
    const [lo, hi] = wilson(p * effectiveN, effectiveN, Z);
    return { n, score: p * 100, ci: [lo * 100, hi * 100], smallSample };
  }
  // CES (the mean) and the 0–100 index: core's own mean with its t interval (or the Wilson
  // interval when every response is the same).
  const m = meanFromBins(scale, tally, { minSample, z: Z });
  if (metric === 'ces' && scale.kind === 'ces') return { n, score: m.mean, ci: m.ci, smallSample };
  return { n, score: m.index, ci: m.indexCi, smallSample };
}

function pick(s: ScoreSummary): CellSummary {
  return { n: s.n, score: s.score, ci: s.ci, smallSample: s.smallSample };
}

export function summarise(metric: MetricName, scale: Scale, tally: Tally, minSample: number): ScoreSummary {
  const metrics = tallyMetrics(tally, { minSample });
  return {
    n: metrics.n,
    ...headline(metric, metrics),
    distribution: scale.values.map((value, k) => ({ value, count: tally.counts[k] ?? 0 })),
    metrics,
    tally,
  };
}

/**
 * Turns SQL GROUP BY rows (value, count) into core tallies, one per (group, window) cell.
 * Rows are unweighted counts, so counts = weights and Σw² = n.
 */
export function talliesFromCounts(scale: Scale, rows: readonly CountRow[]): Map<string | null, Map<string | null, Tally>> {
  const out = new Map<string | null, Map<string | null, Tally>>();
  const index = new Map(scale.values.map((v, k) => [v, k]));
  for (const r of rows) {
    const k = index.get(r.value);
    if (k === undefined) continue; // cannot happen: ingest validated every value against its scale
    let byWindow = out.get(r.group);
    if (!byWindow) out.set(r.group, (byWindow = new Map()));
    let t = byWindow.get(r.window);
    if (!t) {
      // core's own empty tally: core knows its scale, so merging it does not validate it again.
      t = createTally(scale);
      byWindow.set(r.window, t);
    }
    t.counts[k]! += r.n;
    t.weights[k]! += r.n;
    t.sumSquaredWeights += r.n;
  }
  return out;
}

/**
 * The tallies of one scale added up: what core's `mergeTallies` returns (a core tally of
 * `scale`, counts, weights and Σw² summed in order; property-tested equal), without resolving
 * and validating each input again. For the read path's own tallies of `scale` only (the store's
 * plain cell tallies): a grouped answer has tens of thousands of them, and core's check of each
 * cost ~25 ms of a staff × week answer (measured in the collector bench).
 */
export function sumTallies(scale: Scale, tallies: Iterable<Tally>): Tally {
  const out = createTally(scale);
  const size = out.counts.length;
  for (const t of tallies) {
    for (let k = 0; k < size; k++) {
      out.counts[k]! += t.counts[k]!;
      out.weights[k]! += t.weights[k]!;
    }
    out.sumSquaredWeights += t.sumSquaredWeights;
  }
  return out;
}

/**
 * A window's cell in a `detail=full` answer: the summary numbers plus `counts`, the responses
 * per scale value in the order of the scale's values (the answer's `values`). That is the whole
 * tally behind the cell — counts = weights and Σw² = n — so core gives its distribution and
 * metrics (`tallyMetrics`) from it; sending those for every window made a year of per-teller
 * weeks 26.5 MB of JSON. Group totals and the overall cell stay full cells.
 */
export type WindowCell = CellSummary & { counts: number[] };

export interface GroupScores<S extends { n: number } = ScoreSummary, W extends { n: number } = S> {
  group: string | null;
  total: S;
  windows: Array<{ window: string; summary: W }>;
}

/** What {@link scoreTallies} answers for a `detail`. */
export type ScoredGroups<D extends Detail> = D extends 'summary'
  ? { groups: Array<GroupScores<CellSummary>>; overall: CellSummary | null }
  : { groups: Array<GroupScores<ScoreSummary, WindowCell>>; overall: ScoreSummary | null };

/**
 * Per group: every window's score and the group total (the windows' tallies merged). With
 * `detail: 'full'` (the default) the totals and the overall cell are full cells and each
 * window is a {@link WindowCell}; with `'summary'` every cell is a summary.
 */
export function scoreGroups<D extends Detail = 'full'>(metric: MetricName, scaleRef: ScaleRef, rows: readonly CountRow[], minSample: number, detail?: D): ScoredGroups<D> {
  const scale = scaleFor(scaleRef);
  return scoreTallies(metric, scale, talliesFromCounts(scale, rows), minSample, (detail ?? 'full') as D);
}

/** {@link scoreGroups} from tallies per (group, window) (`talliesFromCounts`, `Store.countTallies`). */
export function scoreTallies<D extends Detail>(metric: MetricName, scale: Scale, cells: ReadonlyMap<string | null, ReadonlyMap<string | null, Tally>>, minSample: number, detail: D): ScoredGroups<D> {
  const full = detail === 'full';
  const score = full ? summarise : summariseLean;
  // A window cell: the lean numbers (equal to the full cell's, property-tested), plus its counts when full.
  const windowCell = (t: Tally): CellSummary | WindowCell => {
    const s = summariseLean(metric, scale, t, minSample);
    if (full) (s as WindowCell).counts = t.counts;
    return s;
  };
  const groups: Array<GroupScores<ScoreSummary | CellSummary, CellSummary | WindowCell>> = [];
  const totals: Tally[] = [];
  for (const [group, byWindow] of cells) {
    // Window keys in order (they usually arrive sorted: checked, sorted only when not).
    const keys: string[] = [];
    let sorted = true;
    for (const w of byWindow.keys()) {
      if (w === null) continue;
      if (keys.length > 0 && keys[keys.length - 1]! >= w) sorted = false;
      keys.push(w);
    }
    if (!sorted) keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const windows = keys.map((window) => ({ window, summary: windowCell(byWindow.get(window)!) }));
    const total = sumTallies(scale, byWindow.values());
    totals.push(total);
    groups.push({ group, total: score(metric, scale, total, minSample), windows });
  }
  groups.sort((a, b) => b.total.n - a.total.n || String(a.group).localeCompare(String(b.group)));
  const overall = totals.length > 0 ? score(metric, scale, sumTallies(scale, totals), minSample) : null;
  return { groups, overall } as ScoredGroups<D>;
}
