import { mergeTallies } from '@feedbackkit/core';
import type { Scale, Tally } from '@feedbackkit/core';
import { summarise, type MetricName } from './scores.js';

export interface RankedGroup {
  rank: number | null;
  group: string;
  n: number;
  score: number;
  ci: [number, number];
  /** The score pulled toward the overall score by `prior` pseudo-responses: what the table sorts by. */
  adjusted: number;
}

export interface LeagueTable {
  overall: { n: number; score: number } | null;
  prior: number;
  ranked: RankedGroup[];
  /** Groups with fewer than `minN` responses: shown, never ranked. */
  unranked: RankedGroup[];
}

/**
 * A league table that does not crown a teller with two ratings: groups below `minN` are not
 * ranked, and the rest are ordered by a shrunken score (n·score + prior·overall) / (n + prior),
 * so a small group needs a clearly better score to pass a large one.
 */
export function rankGroups(metric: MetricName, scale: Scale, groups: Array<{ group: string; tally: Tally }>, options: { minN: number; minSample: number; prior?: number }): LeagueTable {
  const prior = options.prior ?? options.minN;
  if (groups.length === 0) return { overall: null, prior, ranked: [], unranked: [] };
  const overall = summarise(metric, scale, mergeTallies(...groups.map((g) => g.tally)), options.minSample);
  const rows = groups.map(({ group, tally }) => {
    const s = summarise(metric, scale, tally, options.minSample);
    return { rank: null as number | null, group, n: s.n, score: s.score, ci: s.ci, adjusted: (s.n * s.score + prior * overall.score) / (s.n + prior) };
  });
  const ranked = rows.filter((r) => r.n >= options.minN).sort((a, b) => b.adjusted - a.adjusted || b.n - a.n || a.group.localeCompare(b.group));
  // Competition ranking ("1224"): equal adjusted scores share a rank.
  ranked.forEach((r, i) => {
    const prev = ranked[i - 1];
    r.rank = prev && prev.adjusted === r.adjusted ? prev.rank : i + 1;
  });
  const unranked = rows.filter((r) => r.n < options.minN).sort((a, b) => b.n - a.n || a.group.localeCompare(b.group));
  return { overall: { n: overall.n, score: overall.score }, prior, ranked, unranked };
}
