import { FeedbackError, describeValue } from './errors.js';
import { scaleFor } from './scales.js';
import type { Scale } from './scales.js';
import type { Answer, LocalizedText, ScaleRef, Submission } from './types.js';

/**
 * A node of a weighted indicator tree (the seeds' level-1/2/3 indicators, 100 points in all).
 * A node either has `children` or is a leaf fed by `question` (an answer id) or `value`.
 */
export interface IndicatorNode {
  id: string;
  label?: LocalizedText;
  /** Relative weight among its siblings (default 1). Siblings are normalised to sum 1. */
  weight?: number;
  /** Responsible department; children inherit it unless they name their own. */
  department?: string;
  children?: readonly IndicatorNode[];
  /** Leaf: the answer id to read from `answers`. */
  question?: string;
  /** Leaf fed by a checklist answer: the item id (true → 100, false → 0). */
  item?: string;
  /** Leaf: a value (or several values, averaged) given directly instead of a question. */
  value?: number | boolean | readonly (number | boolean)[];
  /** Scale of the leaf's values; for a rating answer defaults to the answer's scale. */
  scale?: ScaleRef;
  /**
   * 'range' (default): min → 0, max → 100 (the scale's `normalize`; evaluator 3/2/1 → 100/50/0).
   * 'ratio': points ÷ the highest points × 100 — the seeds' roll-up where satisfied 3,
   * neutral 2, dissatisfied 1 earn 3/3, 2/3 and 1/3 of an indicator's points.
   */
  scoring?: 'range' | 'ratio';
  /** With 'ratio': points per scale value (keys are the values), instead of the scale's points. */
  points?: Readonly<Record<string, number>>;
}

export interface IndicatorTree {
  id?: string;
  label?: LocalizedText;
  children: readonly IndicatorNode[];
}

export interface IndexScoreOptions {
  /** Reject sibling weights whose sum is not 1 (±1e-9) instead of normalising them (default false). */
  strictWeights?: boolean;
  /** Deepest level allowed (default 3, as in the seeds' three-level indicator systems). */
  maxLevels?: number;
}

/**
 * What a leaf may be fed: an Answer from a submission, a raw value, a yes/no, or an array of
 * any of these (many responses; the leaf scores their mean).
 */
export type IndexAnswerValue = Answer | number | boolean | readonly (Answer | number | boolean)[] | null | undefined;
export type IndexAnswers = Readonly<Record<string, IndexAnswerValue>>;

export interface IndexNodeScore {
  id: string;
  /** 1 for the top indicators, 2 for their children, … */
  level: number;
  label?: LocalizedText;
  department?: string;
  /** The node's nominal weight among its siblings, normalised (siblings sum to 1). */
  weight: number;
  /** Its share of the whole index after renormalising over answered siblings (answered leaves sum to 1). */
  effectiveWeight: number;
  /** 0–100; null when nothing under the node was answered. */
  score: number | null;
  /** Index points this node contributes (effectiveWeight × score); answered leaves sum to the index. */
  contribution: number;
  /** Index points lost here (effectiveWeight × (100 − score)); index + Σ shortfall over leaves = 100. */
  shortfall: number;
  /** Share of the node's nominal weight that was answered, 0..1. */
  coverage: number;
  children?: IndexNodeScore[];
}

export interface IndexScoreResult {
  /** The index, 0–100. */
  score: number;
  /** Share of the tree's nominal weight that was answered, 0..1. */
  coverage: number;
  /** Score per top-level node, with their subtrees. */
  nodes: IndexNodeScore[];
  /** Every node, depth-first, for tables. */
  flat: IndexNodeScore[];
  /** Per responsible department: index points contributed and lost by its leaves. */
  departments: Record<string, { contribution: number; shortfall: number; weight: number }>;
}

const defErr = (field: string, value: unknown, reason: string) =>
  new FeedbackError('invalid-definition', `${field}: ${describeValue(value)} ${reason}`, { field, value });

interface Prepared {
  node: IndicatorNode;
  path: string;
  level: number;
  weight: number;
  department: string | undefined;
  children: Prepared[] | undefined;
  scale: Scale | undefined;
}

function prepare(
  nodes: readonly IndicatorNode[],
  path: string,
  level: number,
  inherited: string | undefined,
  ids: Set<string>,
  opts: Required<IndexScoreOptions>,
): Prepared[] {
  if (!Array.isArray(nodes) || nodes.length === 0) throw defErr(path, nodes, 'must be a non-empty array of indicators');
  if (level > opts.maxLevels) throw defErr(path, nodes.length, `is level ${level}; the tree allows ${opts.maxLevels} levels (option maxLevels)`);
  let largest = 0;
  const raw = nodes.map((node, i) => {
    const p = `${path}[${i}]`;
    if (node === null || typeof node !== 'object') throw defErr(p, node, 'is not an indicator object');
    if (typeof node.id !== 'string' || node.id === '') throw defErr(`${p}.id`, node.id, 'is not a non-empty string');
    if (ids.has(node.id)) throw defErr(`${p}.id`, node.id, 'is used by another indicator');
    ids.add(node.id);
    const w = node.weight ?? 1;
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
      throw new FeedbackError('invalid-weight', `${p}.weight: ${describeValue(w)} is not a finite number ≥ 0`, { field: `${p}.weight`, value: w });
    }
    largest = Math.max(largest, w);
    return w;
  });
  if (largest === 0) throw defErr(`${path}[*].weight`, 0, 'sum to 0; at least one sibling needs a positive weight');
  // Divide by the largest weight first, so the sum cannot overflow (siblings of 1e308) — the
  // shares are the same, and every scaled weight is in 0..1 with the sum in 1..siblings.
  let total = 0;
  for (const w of raw) total += w / largest;
  if (opts.strictWeights) {
    let sum = 0;
    for (const w of raw) sum += w;
    if (Math.abs(sum - 1) > 1e-9) throw defErr(`${path}[*].weight`, sum, 'sum to this, not 1 (strictWeights)');
  }
  return nodes.map((node, i) => {
    const p = `${path}[${i}]`;
    const department = node.department ?? inherited;
    const hasChildren = node.children !== undefined;
    const hasSource = node.question !== undefined || node.value !== undefined;
    if (hasChildren === hasSource) {
      throw defErr(p, node.id, hasChildren ? 'has both children and a question/value' : 'has neither children nor a question or value');
    }
    if (node.question !== undefined && (typeof node.question !== 'string' || node.question === '')) {
      throw defErr(`${p}.question`, node.question, 'is not a non-empty string');
    }
    if (node.scoring !== undefined && node.scoring !== 'range' && node.scoring !== 'ratio') {
      throw defErr(`${p}.scoring`, node.scoring, "is not 'range' or 'ratio'");
    }
    if (node.points !== undefined) {
      const pts = Object.values(node.points) as unknown[];
      if (pts.length === 0 || pts.some((x) => typeof x !== 'number' || !Number.isFinite(x) || x < 0) || Math.max(...(pts as number[])) <= 0) {
        throw defErr(`${p}.points`, node.points, 'must map values to finite points ≥ 0, the highest above 0');
      }
    }
    const scale = node.scale !== undefined ? scaleFor(node.scale) : undefined;
    if (node.scoring === 'ratio' && node.points === undefined && scale) checkRatioScale(scale, p);
    return {
      node,
      path: p,
      level,
      weight: raw[i]! / largest / total,
      department,
      children: hasChildren ? prepare(node.children!, `${p}.children`, level + 1, department, ids, opts) : undefined,
      scale,
    };
  });
}

function scoreValue(p: Prepared, scale: Scale | undefined, v: unknown, field: string): number {
  if (typeof v === 'boolean') return v ? 100 : 0;
  if (!scale) throw defErr(`${p.path}.scale`, undefined, `is needed to score the number ${describeValue(v)}`);
  const value = scale.validate(v, field);
  if (p.node.scoring !== 'ratio') return scale.normalize(value);
  if (p.node.points) {
    const pts = p.node.points[String(value)];
    if (pts === undefined) throw defErr(`${p.path}.points`, value, 'has no points for this scale value');
    return (pts / Math.max(...Object.values(p.node.points))) * 100;
  }
  checkRatioScale(scale, p.path);
  return (scale.points[scale.indexOf(value)]! / Math.max(...scale.points)) * 100;
}

/**
 * Ratio scoring (points ÷ the highest points) means "share of the indicator's points earned",
 * which needs points ≥ 0 with a positive top: on a likert −2..2 it would score −2 as −100.
 * Such a scale is an 'invalid-definition' (use range scoring, or a `points` map).
 */
function checkRatioScale(scale: Scale, path: string): void {
  const min = Math.min(...scale.points);
  const max = Math.max(...scale.points);
  if (min < 0 || max <= 0) {
    throw defErr(
      `${path}.scoring`,
      'ratio',
      `needs points ≥ 0 with a positive top; scale ${scale.id} runs ${min}..${max} (use scoring 'range' or a points map)`,
    );
  }
}

/** Score one value or answer; null when it does not answer the leaf (e.g. a checklist without the item). */
function scoreOne(p: Prepared, a: unknown, field: string): number | null {
  if (a === undefined || a === null) return null;
  if (typeof a === 'number' || typeof a === 'boolean') return scoreValue(p, p.scale, a, field);
  if (typeof a !== 'object') {
    throw new FeedbackError('invalid-value', `${field}: ${describeValue(a)} is not a number, boolean or answer`, { field, value: a });
  }
  const ans = a as Answer;
  if (ans.type === 'rating') {
    const own = scaleFor(ans.scale);
    if (p.scale && p.scale.id !== own.id) {
      throw new FeedbackError('scale-mismatch', `${field}.scale: ${own.id} is not the indicator's scale ${p.scale.id}`, {
        field: `${field}.scale`,
        value: own.id,
      });
    }
    return scoreValue(p, p.scale ?? own, ans.value, `${field}.value`);
  }
  if (ans.type === 'checklist') {
    if (p.node.item === undefined) throw defErr(`${p.path}.item`, undefined, 'is needed to read a checklist answer');
    const v = ans.value?.[p.node.item];
    return v === undefined ? null : scoreValue(p, p.scale, v, `${field}.value.${p.node.item}`);
  }
  throw new FeedbackError('invalid-value', `${field}: an answer of type ${describeValue(ans.type)} cannot feed an indicator (use rating, checklist, a number or a boolean)`, {
    field,
    value: ans.type,
  });
}

/** Score one leaf: one value, or the mean over several (e.g. many submissions); null when unanswered. */
function leafScore(p: Prepared, answers: IndexAnswers): number | null {
  const node = p.node;
  const field = node.question !== undefined ? `answers.${node.question}` : `${p.path}.value`;
  const a: IndexAnswerValue = node.value !== undefined ? node.value : answers[node.question!];
  if (!Array.isArray(a)) return scoreOne(p, a, field);
  let sum = 0;
  let n = 0;
  (a as readonly unknown[]).forEach((v, i) => {
    const x = scoreOne(p, v, `${field}[${i}]`);
    if (x !== null) {
      sum += x;
      n++;
    }
  });
  return n === 0 ? null : sum / n;
}

/**
 * Answers of many submissions gathered per question id, ready for `indexScore` (each leaf then
 * scores the mean over the submissions that answered it). 'no-rating' submissions are skipped.
 */
export function answersByQuestion(submissions: readonly Pick<Submission, 'status' | 'answers'>[]): Record<string, Answer[]> {
  const out: Record<string, Answer[]> = {};
  submissions.forEach((s, i) => {
    if (s === null || typeof s !== 'object' || s.answers === null || typeof s.answers !== 'object') {
      throw new FeedbackError('invalid-submission', `submissions[${i}]: ${describeValue(s)} has no answers object`, { field: `submissions[${i}]`, value: s });
    }
    if (s.status === 'no-rating') return;
    for (const [q, a] of Object.entries(s.answers)) if (a !== undefined) (out[q] ??= []).push(a);
  });
  return out;
}

interface Evaluated {
  p: Prepared;
  score: number | null;
  coverage: number;
  children?: Evaluated[];
}

function evaluate(p: Prepared, answers: IndexAnswers): Evaluated {
  if (!p.children) {
    const score = leafScore(p, answers);
    return { p, score, coverage: score === null ? 0 : 1 };
  }
  const children = p.children.map((c) => evaluate(c, answers));
  let wsum = 0;
  let acc = 0;
  let coverage = 0;
  for (const c of children) {
    coverage += c.p.weight * c.coverage;
    if (c.score !== null) {
      wsum += c.p.weight;
      acc += c.p.weight * c.score;
    }
  }
  // Renormalise over answered siblings: a missing answer neither counts as 0 nor as 100.
  return { p, score: wsum > 0 ? acc / wsum : null, coverage, children };
}

function emit(e: Evaluated, effective: number, flat: IndexNodeScore[], departments: IndexScoreResult['departments']): IndexNodeScore {
  const { node } = e.p;
  const out: IndexNodeScore = {
    id: node.id,
    level: e.p.level,
    weight: e.p.weight,
    effectiveWeight: e.score === null ? 0 : effective,
    score: e.score,
    contribution: e.score === null ? 0 : effective * e.score,
    shortfall: e.score === null ? 0 : effective * (100 - e.score),
    coverage: e.coverage,
  };
  if (node.label !== undefined) out.label = node.label;
  if (e.p.department !== undefined) out.department = e.p.department;
  flat.push(out);
  if (e.children) {
    const answered = e.children.reduce((s, c) => s + (c.score === null ? 0 : c.p.weight), 0);
    out.children = e.children.map((c) => emit(c, answered > 0 ? (effective * c.p.weight) / answered : 0, flat, departments));
  } else if (e.score !== null && e.p.department !== undefined) {
    const d = (departments[e.p.department] ??= { contribution: 0, shortfall: 0, weight: 0 });
    d.contribution += out.contribution;
    d.shortfall += out.shortfall;
    d.weight += out.effectiveWeight;
  }
  return out;
}

/**
 * Roll answers up a weighted indicator tree into a 0–100 index.
 *
 * Weights are relative: each group of siblings is divided by its sum, so 40/30/30 (points)
 * and 0.4/0.3/0.3 give the same index; pass `strictWeights` to insist on sums of 1. A group
 * whose weights sum to 0 is an 'invalid-definition'. An unanswered leaf is left out and its
 * siblings' weights are renormalised; `coverage` reports how much of the nominal weight was
 * answered. Nothing answered at all throws 'empty'.
 */
export function indexScore(tree: IndicatorTree, answers: IndexAnswers = {}, options: IndexScoreOptions = {}): IndexScoreResult {
  if (tree === null || typeof tree !== 'object') throw defErr('tree', tree, 'is not an indicator tree');
  if (answers === null || typeof answers !== 'object') {
    throw new FeedbackError('invalid-value', `answers: ${describeValue(answers)} is not an object`, { field: 'answers', value: answers });
  }
  const maxLevels = options.maxLevels ?? 3;
  if (!Number.isInteger(maxLevels) || maxLevels < 1) {
    throw new FeedbackError('invalid-option', `options.maxLevels: ${describeValue(maxLevels)} is not an integer ≥ 1`, { field: 'options.maxLevels', value: maxLevels });
  }
  const prepared = prepare(tree.children, 'tree.children', 1, undefined, new Set(), { strictWeights: options.strictWeights ?? false, maxLevels });
  const root = evaluate({ node: { id: tree.id ?? 'index' }, path: 'tree', level: 0, weight: 1, department: undefined, children: prepared, scale: undefined }, answers);
  if (root.score === null) {
    throw new FeedbackError('empty', 'answers: no indicator of the tree was answered, so the index is undefined', { field: 'answers' });
  }
  const flat: IndexNodeScore[] = [];
  const departments: IndexScoreResult['departments'] = {};
  const top = emit(root, 1, flat, departments);
  flat.shift();
  return { score: root.score, coverage: root.coverage, nodes: top.children!, flat, departments };
}
