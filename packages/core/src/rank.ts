import { FeedbackError, describeValue } from './errors.js';
import type { RollupGroup } from './rollup.js';

/**
 * League tables that do not crown a teller with two ratings.
 *
 * Each group's mean is shrunk toward a prior (by default the overall mean of all groups,
 * weighted by n) as if it had `m` extra responses at the prior:
 *
 *     shrunk = (n·mean + m·prior) / (n + m)
 *
 * With m = 10, two perfect ratings count for 2/12 of the evidence and the prior for 10/12;
 * 200 ratings count for 200/210. Groups with fewer than `minN` responses are listed but not
 * ranked. Larger m trusts small groups less; m = 0 ranks raw means.
 */
export interface RankInput {
  id: string;
  /** Responses (may be a fractional effective n). */
  n: number;
  /** Mean score in any unit (NPS points, CSAT %, 0–100 index, mean rating); ignored when n = 0. */
  mean: number;
  label?: string;
}

export interface RankOptions {
  /** Fewest responses a group needs to be ranked (default 30). */
  minN?: number;
  /** Prior strength in pseudo-responses (default 10). */
  m?: number;
  /** Value shrunk toward (default: Σ n·mean / Σ n over every group given, eligible or not). */
  prior?: number;
  /** 'desc' (default): higher is better. 'asc': lower is better (e.g. complaint rate). */
  order?: 'desc' | 'asc';
}

export interface RankRow extends RankInput {
  shrunk: number;
  /** Competition rank (1, 2, 2, 4) among eligible groups; null when n < minN. */
  rank: number | null;
  eligible: boolean;
  /** Shares its rank with another group. */
  tied: boolean;
}

export interface RankTable {
  prior: number;
  m: number;
  minN: number;
  /** Eligible rows by rank (ties: more responses first, then id), then ineligible rows by shrunk score. */
  rows: RankRow[];
}

const fail = (code: string, field: string, value: unknown, reason: string): never => {
  throw new FeedbackError(code, `${field}: ${describeValue(value)} ${reason}`, { field, value });
};

function checkGroups(groups: readonly RankInput[], field: string): void {
  if (!Array.isArray(groups)) fail('invalid-value', field, groups, 'is not an array');
  const seen = new Set<string>();
  groups.forEach((g, i) => {
    const f = `${field}[${i}]`;
    if (g === null || typeof g !== 'object') fail('invalid-value', f, g, 'is not an object');
    if (typeof g.id !== 'string' || g.id === '') fail('invalid-value', `${f}.id`, g.id, 'is not a non-empty string');
    if (seen.has(g.id)) fail('invalid-value', `${f}.id`, g.id, 'appears twice');
    seen.add(g.id);
    if (typeof g.n !== 'number' || !Number.isFinite(g.n) || g.n < 0) fail('invalid-value', `${f}.n`, g.n, 'is not a finite number ≥ 0');
    if (g.n > 0 && (typeof g.mean !== 'number' || !Number.isFinite(g.mean))) fail('invalid-value', `${f}.mean`, g.mean, 'is not a finite number');
  });
}

function resolveOptions(groups: readonly RankInput[], options: RankOptions, field: string) {
  const minN = options.minN ?? 30;
  if (typeof minN !== 'number' || !Number.isFinite(minN) || minN < 0) fail('invalid-option', 'options.minN', minN, 'is not a finite number ≥ 0');
  const m = options.m ?? 10;
  if (typeof m !== 'number' || !Number.isFinite(m) || m < 0) fail('invalid-option', 'options.m', m, 'is not a finite number ≥ 0');
  const order = options.order ?? 'desc';
  if (order !== 'desc' && order !== 'asc') fail('invalid-option', 'options.order', order, "is not 'desc' or 'asc'");
  let prior = options.prior;
  if (prior === undefined) {
    let sn = 0;
    let s = 0;
    // Sum in id order so the prior does not depend on input order (floating-point addition is not associative).
    for (const g of [...groups].sort((a, b) => (a.id < b.id ? -1 : 1))) {
      if (g.n > 0) {
        sn += g.n;
        s += g.n * g.mean;
      }
    }
    if (sn === 0) fail('empty', field, groups.length, 'groups hold no responses, so there is no overall mean to shrink toward');
    prior = s / sn;
  } else if (typeof prior !== 'number' || !Number.isFinite(prior)) fail('invalid-option', 'options.prior', prior, 'is not a finite number');
  return { minN, m, order, prior: prior as number };
}

/** shrunk = (n·mean + m·prior)/(n + m); the prior itself when n + m = 0. */
export function shrink(n: number, mean: number, m: number, prior: number): number {
  if (n + m === 0) return prior;
  if (n === 0) return prior;
  return (n * mean + m * prior) / (n + m);
}

// Scores are compared on an absolute grid of 1e-9 of the table's score range — the largest
// |score| in it, and at least 1 (scores come in NPS points, %, rating points or 0–100 index
// points) — so values that differ only by rounding noise tie, also near zero, where a relative
// precision would tell an NPS of 2.8e-14 from one of −2.8e-14. Rounding to a fixed grid
// (unlike a tolerance) is transitive, and the grid depends on the set of scores only, which
// keeps the table independent of input order.
function gridKey(xs: readonly number[]): (x: number) => number {
  let largest = 1;
  for (const x of xs) largest = Math.max(largest, Math.abs(x));
  const q = largest * 1e-9;
  return (x) => Math.round(x / q);
}

/** A league table: shrunk scores, minimum sample size, competition ranks with ties, stable order. */
export function rank(groups: readonly RankInput[], options: RankOptions = {}): RankTable {
  checkGroups(groups, 'groups');
  const { minN, m, order, prior } = resolveOptions(groups, options, 'groups');
  const sign = order === 'desc' ? -1 : 1;
  const rows: RankRow[] = groups.map((g) => {
    const row: RankRow = { id: g.id, n: g.n, mean: g.n > 0 ? g.mean : prior, shrunk: shrink(g.n, g.mean, m, prior), rank: null, eligible: g.n >= minN && g.n > 0, tied: false };
    if (g.label !== undefined) row.label = g.label;
    return row;
  });
  const key = gridKey(rows.map((r) => r.shrunk));
  const nearly = (a: number, b: number) => key(a) === key(b);
  const cmp = (a: RankRow, b: RankRow) =>
    sign * (key(a.shrunk) - key(b.shrunk)) || b.n - a.n || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const eligible = rows.filter((r) => r.eligible).sort(cmp);
  const rest = rows.filter((r) => !r.eligible).sort(cmp);
  eligible.forEach((r, i) => {
    const prev = eligible[i - 1];
    if (prev && nearly(prev.shrunk, r.shrunk)) {
      r.rank = prev.rank;
      r.tied = prev.tied = true;
    } else r.rank = i + 1;
  });
  return { prior, m, minN, rows: [...eligible, ...rest] };
}

/**
 * "Service star of the month": the top eligible row, or null when no group reaches minN.
 * When several share rank 1 the one with more responses (then the lower id) is returned
 * with `tied: true`; read the table for the others.
 */
export function serviceStar(groups: readonly RankInput[], options: RankOptions = {}): RankRow | null {
  const top = rank(groups, options).rows[0];
  return top && top.eligible ? top : null;
}

export interface ImprovementRow {
  id: string;
  label?: string;
  before: { n: number; mean: number; shrunk: number };
  after: { n: number; mean: number; shrunk: number };
  /** after.shrunk − before.shrunk (for order 'asc', before − after, so positive is always better). */
  delta: number;
  rank: number;
  tied: boolean;
}

/**
 * Improvement between two periods: each period is shrunk toward its own prior (its overall
 * mean unless `prior` is given), then groups with at least `minN` responses in **both**
 * periods are ranked by the change. The first row is the most improved.
 */
export function improvements(before: readonly RankInput[], after: readonly RankInput[], options: RankOptions = {}): ImprovementRow[] {
  checkGroups(before, 'before');
  checkGroups(after, 'after');
  const b = rank(before, options);
  const a = rank(after, options);
  const byId = new Map(b.rows.map((r) => [r.id, r]));
  const rows: ImprovementRow[] = [];
  for (const ra of a.rows) {
    const rb = byId.get(ra.id);
    if (!rb || !rb.eligible || !ra.eligible) continue;
    const delta = (options.order ?? 'desc') === 'desc' ? ra.shrunk - rb.shrunk : rb.shrunk - ra.shrunk;
    const row: ImprovementRow = {
      id: ra.id,
      before: { n: rb.n, mean: rb.mean, shrunk: rb.shrunk },
      after: { n: ra.n, mean: ra.mean, shrunk: ra.shrunk },
      delta,
      rank: 0,
      tied: false,
    };
    const label = ra.label ?? rb.label;
    if (label !== undefined) row.label = label;
    rows.push(row);
  }
  // Deltas live on the scores' scale: the grid comes from the shrunk scores of both periods.
  const key = gridKey([...b.rows, ...a.rows].map((r) => r.shrunk));
  const nearly = (x: number, y: number) => key(x) === key(y);
  rows.sort((x, y) => key(y.delta) - key(x.delta) || y.after.n - x.after.n || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  rows.forEach((r, i) => {
    const prev = rows[i - 1];
    if (prev && nearly(prev.delta, r.delta)) {
      r.rank = prev.rank;
      r.tied = prev.tied = true;
    } else r.rank = i + 1;
  });
  return rows;
}

/** The most improved group (largest positive change, eligible in both periods), or null. */
export function mostImproved(before: readonly RankInput[], after: readonly RankInput[], options: RankOptions = {}): ImprovementRow | null {
  const top = improvements(before, after, options)[0];
  return top && top.delta > 0 ? top : null;
}

/**
 * Rank inputs from rollup groups that carry point summaries (`rollup(..., { metric })`).
 * `n` is the group's `points.effectiveN`, the Kish effective sample size of its tally,
 * (Σw)²/Σw², not the count of responses: 35 zero-weight (e.g. burst-flagged) ratings and two
 * genuine ones are worth 2, so they neither make the group eligible nor outweigh the prior.
 */
export function rankInputs(groups: readonly RollupGroup[]): RankInput[] {
  return groups.map((g, i) => {
    if (!g.points) fail('invalid-value', `groups[${i}].points`, undefined, "is missing; call rollup with a 'metric'");
    return { id: g.id, n: g.points!.mean === null ? 0 : g.points!.effectiveN, mean: g.points!.mean ?? 0 };
  });
}
