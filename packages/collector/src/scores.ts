import { mergeTallies, scaleFor, tallyMetrics } from '@feedbackkit/core';
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
      t = { scale: { ...scale.ref }, counts: scale.values.map(() => 0), weights: scale.values.map(() => 0), sumSquaredWeights: 0 };
      byWindow.set(r.window, t);
    }
    t.counts[k]! += r.n;
    t.weights[k]! += r.n;
    t.sumSquaredWeights += r.n;
  }
  return out;
}

export interface GroupScores {
  group: string | null;
  total: ScoreSummary;
  windows: Array<{ window: string; summary: ScoreSummary }>;
}

/** Per group: every window's score and the group total (the windows' tallies merged). */
export function scoreGroups(metric: MetricName, scaleRef: ScaleRef, rows: readonly CountRow[], minSample: number): { groups: GroupScores[]; overall: ScoreSummary | null } {
  const scale = scaleFor(scaleRef);
  const cells = talliesFromCounts(scale, rows);
  const groups: GroupScores[] = [];
  const totals: Tally[] = [];
  for (const [group, byWindow] of cells) {
    const windows = [...byWindow.entries()]
      .filter((e): e is [string, Tally] => e[0] !== null)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([window, t]) => ({ window, summary: summarise(metric, scale, t, minSample) }));
    const total = mergeTallies(...byWindow.values());
    totals.push(total);
    groups.push({ group, total: summarise(metric, scale, total, minSample), windows });
  }
  groups.sort((a, b) => b.total.n - a.total.n || String(a.group).localeCompare(String(b.group)));
  const overall = totals.length > 0 ? summarise(metric, scale, mergeTallies(...totals), minSample) : null;
  return { groups, overall };
}
