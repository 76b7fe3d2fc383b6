import { kishN, rank } from '@feedbackkit/core';
import type { Interval, RankRow, Scale, Tally } from '@feedbackkit/core';
import { sumTallies, summariseLean, type MetricName } from './scores.js';

export interface RankedGroup extends RankRow {
  /** The metric's headline score (NPS, CSAT %, CES mean, index) — `mean` in core's terms. */
  score: number;
  ci: Interval;
}

export interface LeagueTable {
  overall: { n: number; score: number } | null;
  /** Value the scores are shrunk toward (the overall score) and its strength in pseudo-responses. */
  prior: number | null;
  m: number;
  minN: number;
  ranked: RankedGroup[];
  /** Groups with fewer than `minN` responses: shown, never ranked. */
  unranked: RankedGroup[];
}

/**
 * A league table from core's `rank`: each group's headline score is shrunk toward the overall
 * score as if it had `m` extra responses there, and groups below `minN` are listed unranked —
 * so a teller with two ratings cannot top the table.
 *
 * A row's `n` is the Kish effective sample size of its tally, (Σw)²/Σw² — what core's
 * `rankInputs` gives for a rollup of the same responses — so zero-weight responses neither
 * make a group eligible nor outweigh the prior. For the store's unweighted counts it is the
 * number of responses.
 */
export function rankGroups(metric: MetricName, scale: Scale, groups: Array<{ group: string; tally: Tally }>, options: { minN: number; m: number; minSample: number }): LeagueTable {
  if (groups.length === 0) return { overall: null, prior: null, m: options.m, minN: options.minN, ranked: [], unranked: [] };
  const overall = summariseLean(metric, scale, sumTallies(scale, groups.map((g) => g.tally)), options.minSample);
  const summaries = new Map(groups.map(({ group, tally }) => [group, { ...summariseLean(metric, scale, tally, options.minSample), effectiveN: effectiveN(tally) }]));
  // CES: higher is easier, so 'desc' is right for every metric we serve.
  const table = rank(
    [...summaries].map(([id, s]) => ({ id, n: s.effectiveN, mean: s.score })),
    { minN: options.minN, m: options.m, order: 'desc' },
  );
  const rows = table.rows.map((r) => ({ ...r, score: r.mean, ci: summaries.get(r.id)!.ci }));
  return {
    overall: { n: overall.n, score: overall.score },
    prior: table.prior,
    m: table.m,
    minN: table.minN,
    ranked: rows.filter((r) => r.eligible),
    unranked: rows.filter((r) => !r.eligible),
  };
}

/** (Σw)²/Σw² of a tally (core's `kishN`: 0 when it holds no weight). */
function effectiveN(t: Tally): number {
  let sw = 0;
  for (const w of t.weights) sw += w;
  return kishN(sw, t.sumSquaredWeights);
}
