import { FeedbackError, describeValue } from './errors.js';
import { responsePoints } from './metrics.js';
import type { PointsMetric } from './metrics.js';
import { scaleFor } from './scales.js';
import { mergeTallies } from './tally.js';
import type { Tally } from './tally.js';

/**
 * Monitoring: per segment and metric, a baseline and a warning level, and four rules that
 * turn a stream of values into alerts —
 *
 * - `warning-level`: a value at or below the warning level;
 * - `ewma`: an EWMA control chart whose statistic falls below its lower control limit;
 * - `cusum`: a lower one-sided CUSUM that accumulates a sustained downward drift;
 * - `consecutive`: N values in a row below a target;
 * - `silence`: no value for T milliseconds (checked by `tick(now)`).
 *
 * A value is whatever you chart: one rating, or a period's mean of `n` ratings (then its
 * standard deviation is `sigma / √n`). State is plain JSON (`monitor.state()`), so a backend
 * can persist it and resume with `createMonitor(options, state)`. Everything is
 * deterministic: the same inputs in the same order give the same alerts.
 */

export type MonitorRule = 'warning-level' | 'ewma' | 'cusum' | 'consecutive' | 'silence';

export interface MetricMonitorConfig {
  /** Expected level. When absent, estimated as the mean of the first `warmup` values. */
  baseline?: number;
  /** Standard deviation of one observation. When absent, the sample SD of the warm-up values. */
  sigma?: number;
  /**
   * Values used to estimate a missing baseline/sigma (default 20, at least 2). During warm-up
   * the σ-based charts (EWMA, CUSUM) wait; the warning level and the consecutive rule fire as
   * soon as their line is known (a fixed `warning` or `consecutive.target`, or a given baseline).
   */
  warmup?: number;
  /** Lower bound for an estimated sigma, so a perfectly flat warm-up does not divide by zero (default 1e-6). */
  sigmaFloor?: number;
  /** Absolute warning level: alert when a value is ≤ it. */
  warning?: number;
  /** Warning level relative to the baseline (warning = baseline − warningDrop); moves with re-baselining. */
  warningDrop?: number;
  /** EWMA chart: λ in (0, 1] (default 0.2), limit width L in σ of the statistic (default 3). `false` disables. */
  ewma?: { lambda?: number; L?: number } | false;
  /** Lower CUSUM: reference k and decision interval h, both in σ units (defaults 0.5 and 5). `false` disables. */
  cusum?: { k?: number; h?: number } | false;
  /** Alert when `n` consecutive values are below `target` (default target: the warning level, else the baseline). */
  consecutive?: { n: number; target?: number } | false;
  /** Alert once when no value has arrived for this many milliseconds (evaluated by `tick`). */
  silenceMs?: number;
  /** Responses (Σ n) a stage needs before `endStage` re-estimates the baseline from it (default 5). */
  minStageN?: number;
  /** Weight of the stage mean in the new baseline: new = (1 − w)·old + w·stageMean (default 1, replace). */
  rebaselineWeight?: number;
}

export interface MonitorOptions {
  /** Applies to every segment and metric. */
  defaults?: MetricMonitorConfig;
  /** Per metric, over the defaults. */
  metrics?: Record<string, MetricMonitorConfig>;
  /** Per segment and metric, over both (`segments.branch-12.nps`). */
  segments?: Record<string, Record<string, MetricMonitorConfig>>;
}

export interface MonitorAlert {
  segment: string;
  metric: string;
  rule: MonitorRule;
  /** The value that triggered the alert (null for silence). */
  value: number | null;
  baseline: number | null;
  /** What was crossed: the warning level, the EWMA lower limit, h (σ units), the target, or silenceMs. */
  threshold: number;
  /** Rule-specific numbers that justify the alert. */
  evidence: Record<string, number | string | null>;
  /** ISO time of the value (or of the tick) that raised it. */
  at: string;
  stage?: string;
  /**
   * The contributing factors fed with the value (e.g. reason-code counts or an index's
   * shortfall per department), largest first, so the alert names what to fix and who owns it.
   */
  factors?: Array<{ factor: string; weight: number }>;
}

export interface MonitorInput {
  segment: string;
  metric: string;
  value: number;
  /** ISO string, epoch milliseconds or Date. */
  at: string | number | Date;
  /** The value is the mean of `n` responses (default 1; may be a fractional effective n). */
  n?: number;
  /** Journey stage the value belongs to, for `endStage`. */
  stage?: string;
  /** Contributing factors to attach to any alert this value raises (factor → weight, e.g. reason counts). */
  factors?: Readonly<Record<string, number>>;
}

/** One period's ratings as a tally, charted as the period's metric with n = its effective size. */
export interface MonitorPeriodInput {
  segment: string;
  metric: string;
  at: string | number | Date;
  tally: Tally;
  /** Points per response (default: 'nps' on the NPS scale, 'csat' on CSAT scales, else 'mean'). */
  points?: PointsMetric;
  stage?: string;
  factors?: Readonly<Record<string, number>>;
}

export interface StageMetricSummary {
  /** Values fed during the stage. */
  n: number;
  /** Responses behind them (Σ n; equals `n` when every value is one rating). */
  responses: number;
  /** Response-weighted mean Σn·x / Σn. */
  mean: number;
  /** Per-response standard deviation √(Σn(x − mean)²/(values − 1)); null with one value. */
  sd: number | null;
  min: number;
  max: number;
  alerts: number;
  from: string;
  to: string;
  baselineBefore: number | null;
  baselineAfter: number | null;
  rebaselined: boolean;
}

export interface StageSummary {
  segment: string;
  stage: string;
  metrics: Record<string, StageMetricSummary>;
  /** Metric → the baseline in force after the stage (re-estimated where the stage had enough values). */
  baselines: Record<string, number | null>;
}

interface StageAcc {
  /** Values fed. */
  n: number;
  /** Σ n over the values (responses). */
  responses: number;
  /** Σ n·x and Σ n·x². */
  sum: number;
  sumSq: number;
  min: number;
  max: number;
  from: number;
  to: number;
  alerts: number;
}

/** Plain-data state of one segment × metric series. */
export interface SeriesState {
  baseline: number | null;
  sigma: number | null;
  /** Warm-up values as [value, n] pairs. */
  warmup: Array<[number, number]>;
  t: number;
  ewma: number | null;
  ewmaVar: number;
  ewmaBreached: boolean;
  cusum: number;
  cusumStart: number | null;
  below: number;
  belowValues: number[];
  warningBreached: boolean;
  lastAt: number | null;
  silent: boolean;
  stages: Record<string, StageAcc>;
}

export interface MonitorState {
  version: 1;
  series: Record<string, Record<string, SeriesState>>;
}

export interface Monitor {
  /** Feed one value; returns the alerts it raised (often none). */
  add(input: MonitorInput): MonitorAlert[];
  /**
   * Feed one period as a tally: the value is the period's metric (mean of `responsePoints`,
   * e.g. its NPS) and n its Kish effective size. An empty period feeds nothing and returns []
   * (no feedback is the silence rule's business).
   */
  addPeriod(input: MonitorPeriodInput): MonitorAlert[];
  /** Feed several values in order. */
  addAll(inputs: readonly MonitorInput[]): MonitorAlert[];
  /** Start the silence clock for a series that has had no value yet. */
  watch(segment: string, metric: string, at: string | number | Date): void;
  /** Check every series for silence at `now`; each silent series alerts once until a value arrives. */
  tick(now: string | number | Date): MonitorAlert[];
  /** Summarise a journey stage of a segment and re-estimate each metric's baseline from it. */
  endStage(segment: string, stage: string): StageSummary;
  /** Current baseline, warning level and chart statistics of a series (null when unknown). */
  status(segment: string, metric: string): SeriesStatus | null;
  /** A deep copy of the state as plain JSON. */
  state(): MonitorState;
}

export interface SeriesStatus {
  baseline: number | null;
  sigma: number | null;
  warning: number | null;
  ewma: number | null;
  lowerLimit: number | null;
  cusum: number;
  consecutiveBelow: number;
  lastAt: string | null;
  warmingUp: boolean;
}

const fail = (code: string, field: string, value: unknown, reason: string): never => {
  throw new FeedbackError(code, `${field}: ${describeValue(value)} ${reason}`, { field, value });
};

function toMs(at: unknown, field: string): number {
  const ms = at instanceof Date ? at.getTime() : typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : Number.NaN;
  if (!Number.isFinite(ms)) fail('invalid-value', field, at, 'is not a valid time (ISO string, epoch ms or Date)');
  return ms;
}

const iso = (ms: number): string => new Date(ms).toISOString();

interface Resolved {
  baseline: number | undefined;
  sigma: number | undefined;
  warmup: number;
  sigmaFloor: number;
  warning: number | undefined;
  warningDrop: number | undefined;
  ewma: { lambda: number; L: number } | null;
  cusum: { k: number; h: number } | null;
  consecutive: { n: number; target: number | undefined } | null;
  silenceMs: number | undefined;
  minStageN: number;
  rebaselineWeight: number;
}

function finiteOpt(v: unknown, field: string, check?: (x: number) => boolean, reason = 'is out of range'): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) fail('invalid-option', field, v, 'is not a finite number');
  if (check && !check(v as number)) fail('invalid-option', field, v, reason);
  return v as number;
}

function resolve(options: MonitorOptions, segment: string, metric: string): Resolved {
  const c: MetricMonitorConfig = {
    ...options.defaults,
    ...options.metrics?.[metric],
    ...options.segments?.[segment]?.[metric],
  };
  const p = `options[${segment}/${metric}]`;
  const ewma = c.ewma === false ? null : {
    lambda: finiteOpt(c.ewma?.lambda, `${p}.ewma.lambda`, (x) => x > 0 && x <= 1, 'must be in (0, 1]') ?? 0.2,
    L: finiteOpt(c.ewma?.L, `${p}.ewma.L`, (x) => x > 0, 'must be > 0') ?? 3,
  };
  const cusum = c.cusum === false ? null : {
    k: finiteOpt(c.cusum?.k, `${p}.cusum.k`, (x) => x >= 0, 'must be ≥ 0') ?? 0.5,
    h: finiteOpt(c.cusum?.h, `${p}.cusum.h`, (x) => x > 0, 'must be > 0') ?? 5,
  };
  let consecutive: Resolved['consecutive'] = null;
  if (c.consecutive) {
    const n = c.consecutive.n;
    if (!Number.isInteger(n) || n < 1) fail('invalid-option', `${p}.consecutive.n`, n, 'must be an integer ≥ 1');
    consecutive = { n, target: finiteOpt(c.consecutive.target, `${p}.consecutive.target`) };
  }
  const warmup = finiteOpt(c.warmup, `${p}.warmup`, (x) => Number.isInteger(x) && x >= 2, 'must be an integer ≥ 2') ?? 20;
  return {
    baseline: finiteOpt(c.baseline, `${p}.baseline`),
    sigma: finiteOpt(c.sigma, `${p}.sigma`, (x) => x > 0, 'must be > 0'),
    warmup,
    sigmaFloor: finiteOpt(c.sigmaFloor, `${p}.sigmaFloor`, (x) => x > 0, 'must be > 0') ?? 1e-6,
    warning: finiteOpt(c.warning, `${p}.warning`),
    warningDrop: finiteOpt(c.warningDrop, `${p}.warningDrop`, (x) => x >= 0, 'must be ≥ 0'),
    ewma,
    cusum,
    consecutive,
    silenceMs: finiteOpt(c.silenceMs, `${p}.silenceMs`, (x) => x > 0, 'must be > 0'),
    minStageN: finiteOpt(c.minStageN, `${p}.minStageN`, (x) => Number.isInteger(x) && x >= 1, 'must be an integer ≥ 1') ?? 5,
    rebaselineWeight: finiteOpt(c.rebaselineWeight, `${p}.rebaselineWeight`, (x) => x >= 0 && x <= 1, 'must be in [0, 1]') ?? 1,
  };
}

function newSeries(r: Resolved): SeriesState {
  return {
    baseline: r.baseline ?? null,
    sigma: r.sigma ?? null,
    warmup: [],
    t: 0,
    ewma: null,
    ewmaVar: 0,
    ewmaBreached: false,
    cusum: 0,
    cusumStart: null,
    below: 0,
    belowValues: [],
    warningBreached: false,
    lastAt: null,
    silent: false,
    stages: {},
  };
}

function warningOf(r: Resolved, s: SeriesState): number | null {
  if (r.warning !== undefined) return r.warning;
  if (r.warningDrop !== undefined && s.baseline !== null) return s.baseline - r.warningDrop;
  return null;
}

/** Reset the chart statistics to a (new) baseline. */
function restartCharts(s: SeriesState): void {
  s.t = 0;
  s.ewma = s.baseline;
  s.ewmaVar = 0;
  s.ewmaBreached = false;
  s.cusum = 0;
  s.cusumStart = null;
  s.below = 0;
  s.belowValues = [];
  s.warningBreached = false;
}

function checkName(v: unknown, field: string): string {
  if (typeof v !== 'string' || v === '') fail('invalid-value', field, v, 'is not a non-empty string');
  return v as string;
}

export function createMonitor(options: MonitorOptions = {}, state?: MonitorState): Monitor {
  if (options === null || typeof options !== 'object') fail('invalid-option', 'options', options, 'is not an object');
  let st: MonitorState;
  if (state !== undefined) {
    if (state === null || typeof state !== 'object' || state.version !== 1 || typeof state.series !== 'object') {
      fail('invalid-option', 'state', state, 'is not a monitor state (version 1)');
    }
    st = JSON.parse(JSON.stringify(state)) as MonitorState;
  } else {
    st = { version: 1, series: {} };
  }
  const resolvedCache = new Map<string, Resolved>();
  const cfg = (segment: string, metric: string): Resolved => {
    const key = `${segment}\u0000${metric}`;
    let r = resolvedCache.get(key);
    if (!r) resolvedCache.set(key, (r = resolve(options, segment, metric)));
    return r;
  };
  const series = (segment: string, metric: string): SeriesState => {
    const bySeg = (st.series[segment] ??= {});
    let s = bySeg[metric];
    if (!s) {
      s = bySeg[metric] = newSeries(cfg(segment, metric));
      if (s.baseline !== null && s.sigma !== null) restartCharts(s);
    }
    return s;
  };

  function add(input: MonitorInput): MonitorAlert[] {
    if (input === null || typeof input !== 'object') fail('invalid-value', 'input', input, 'is not an object');
    const segment = checkName(input.segment, 'input.segment');
    const metric = checkName(input.metric, 'input.metric');
    const value = input.value;
    if (typeof value !== 'number' || !Number.isFinite(value)) fail('invalid-value', 'input.value', value, 'is not a finite number');
    const n = input.n ?? 1;
    if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) fail('invalid-value', 'input.n', n, 'is not a finite number > 0');
    const at = toMs(input.at, 'input.at');
    const stage = input.stage;
    if (stage !== undefined) checkName(stage, 'input.stage');
    let factors: MonitorAlert['factors'];
    if (input.factors !== undefined) {
      if (input.factors === null || typeof input.factors !== 'object') fail('invalid-value', 'input.factors', input.factors, 'is not an object of factor → number');
      factors = Object.entries(input.factors).map(([factor, weight]) => {
        if (typeof weight !== 'number' || !Number.isFinite(weight)) fail('invalid-value', `input.factors.${factor}`, weight, 'is not a finite number');
        return { factor, weight };
      });
      factors.sort((a, b) => b.weight - a.weight || (a.factor < b.factor ? -1 : a.factor > b.factor ? 1 : 0));
    }
    const r = cfg(segment, metric);
    const s = series(segment, metric);
    s.lastAt = s.lastAt === null ? at : Math.max(s.lastAt, at);
    s.silent = false;
    const alerts: MonitorAlert[] = [];
    const atIso = iso(at);

    const baseline = s.baseline;
    const base = (rule: MonitorRule, threshold: number, evidence: MonitorAlert['evidence']): MonitorAlert => {
      const a: MonitorAlert = { segment, metric, rule, value, baseline, threshold, evidence, at: atIso };
      if (stage !== undefined) a.stage = stage;
      if (factors !== undefined) a.factors = factors.map((f) => ({ ...f }));
      return a;
    };

    // A fixed line needs no estimate of σ, so the warning level fires from the first value
    // (DOMAIN, Monitoring 1–2: alert automatically when satisfaction falls to the warning
    // level) — also during warm-up, whenever the line is known: an absolute `warning`, or
    // baseline − warningDrop with a given baseline. Only the σ-based charts wait for warm-up.
    const warning = warningOf(r, s);
    if (warning !== null) {
      if (value <= warning) {
        if (!s.warningBreached) alerts.push(base('warning-level', warning, { drop: baseline === null ? null : baseline - value }));
        s.warningBreached = true;
      } else s.warningBreached = false;
    }

    if (s.baseline === null || s.sigma === null) {
      // Warm-up: collect values until the missing baseline/sigma can be estimated.
      s.warmup.push([value, n]);
      if (s.warmup.length >= r.warmup) {
        // Value i has variance σ²/n_i, so μ = Σnx/Σn and σ² = Σn(x − μ)²/(k − 1): the per-response
        // σ, estimated from between-period variation (which also captures over-dispersion).
        const w = s.warmup;
        const sn = w.reduce((a, [, k]) => a + k, 0);
        const mean = w.reduce((a, [x, k]) => a + k * x, 0) / sn;
        const variance = w.reduce((a, [x, k]) => a + k * (x - mean) ** 2, 0) / (w.length - 1);
        if (s.baseline === null) s.baseline = mean;
        if (s.sigma === null) s.sigma = Math.max(Math.sqrt(variance), r.sigmaFloor);
        s.warmup = [];
        // The charts start now; the fixed-line rules keep their state (no second alert for
        // a warning level that is still breached, no lost run of values below target).
        const kept = { warningBreached: s.warningBreached, below: s.below, belowValues: s.belowValues };
        restartCharts(s);
        Object.assign(s, kept);
      }
    } else {
      const sd = s.sigma / Math.sqrt(n);
      s.t++;

      if (r.ewma) {
        const { lambda, L } = r.ewma;
        // z_t = λx + (1−λ)z_{t−1}; its variance for independent x with var σ²/n_t is
        // v_t = (1−λ)²v_{t−1} + λ²σ²/n_t (the usual time-varying limits when n is constant).
        s.ewma = lambda * value + (1 - lambda) * (s.ewma ?? s.baseline);
        s.ewmaVar = (1 - lambda) ** 2 * s.ewmaVar + lambda ** 2 * sd * sd;
        const half = L * Math.sqrt(s.ewmaVar);
        const lcl = s.baseline - half;
        if (s.ewma < lcl) {
          if (!s.ewmaBreached) {
            alerts.push(base('ewma', lcl, { ewma: s.ewma, lowerLimit: lcl, upperLimit: s.baseline + half, lambda, L, sigma: s.sigma, t: s.t }));
          }
          s.ewmaBreached = true;
        } else s.ewmaBreached = false;
      }

      if (r.cusum) {
        const { k, h } = r.cusum;
        // Lower CUSUM on standardised values: S_t = max(0, S_{t−1} − z_t − k); signal when S_t > h,
        // then restart at 0 so a drift that continues signals again.
        const z = (value - s.baseline) / sd;
        const next = Math.max(0, s.cusum - z - k);
        if (next > 0 && s.cusum === 0) s.cusumStart = at;
        s.cusum = next;
        if (next === 0) s.cusumStart = null;
        if (next > h) {
          alerts.push(base('cusum', h, { cusum: next, k, h, sigma: s.sigma, since: s.cusumStart === null ? null : iso(s.cusumStart) }));
          s.cusum = 0;
          s.cusumStart = null;
        }
      }
    }

    // Consecutive values below a fixed target: like the warning level, no σ needed, so it
    // counts whenever its target is known (given, the warning level, or a known baseline).
    if (r.consecutive) {
      const target = r.consecutive.target ?? warning ?? baseline;
      if (target !== null) {
        if (value < target) {
          s.below++;
          s.belowValues.push(value);
          if (s.belowValues.length > r.consecutive.n) s.belowValues.shift();
          if (s.below === r.consecutive.n) {
            alerts.push(base('consecutive', target, { count: s.below, values: s.belowValues.join(',') }));
          }
        } else {
          s.below = 0;
          s.belowValues = [];
        }
      }
    }

    if (stage !== undefined) {
      const acc = (s.stages[stage] ??= { n: 0, responses: 0, sum: 0, sumSq: 0, min: value, max: value, from: at, to: at, alerts: 0 });
      acc.n++;
      acc.responses += n;
      acc.sum += n * value;
      acc.sumSq += n * value * value;
      acc.min = Math.min(acc.min, value);
      acc.max = Math.max(acc.max, value);
      acc.from = Math.min(acc.from, at);
      acc.to = Math.max(acc.to, at);
      acc.alerts += alerts.length;
    }
    return alerts;
  }

  function tick(now: string | number | Date): MonitorAlert[] {
    const t = toMs(now, 'now');
    const out: MonitorAlert[] = [];
    for (const segment of Object.keys(st.series).sort()) {
      const bySeg = st.series[segment]!;
      for (const metric of Object.keys(bySeg).sort()) {
        const s = bySeg[metric]!;
        const r = cfg(segment, metric);
        if (r.silenceMs === undefined || s.lastAt === null || s.silent) continue;
        const quiet = t - s.lastAt;
        if (quiet >= r.silenceMs) {
          s.silent = true;
          out.push({
            segment,
            metric,
            rule: 'silence',
            value: null,
            baseline: s.baseline,
            threshold: r.silenceMs,
            evidence: { lastAt: iso(s.lastAt), silentForMs: quiet },
            at: iso(t),
          });
        }
      }
    }
    return out;
  }

  function endStage(segment: string, stage: string): StageSummary {
    checkName(segment, 'segment');
    checkName(stage, 'stage');
    const summary: StageSummary = { segment, stage, metrics: {}, baselines: {} };
    const bySeg = st.series[segment] ?? {};
    for (const metric of Object.keys(bySeg).sort()) {
      const s = bySeg[metric]!;
      const acc = s.stages[stage];
      const before = s.baseline;
      if (acc) {
        const r = cfg(segment, metric);
        const mean = acc.sum / acc.responses;
        const sd = acc.n > 1 ? Math.sqrt(Math.max(0, (acc.sumSq - acc.responses * mean * mean) / (acc.n - 1))) : null;
        let rebaselined = false;
        if (acc.responses >= r.minStageN) {
          s.baseline = before === null ? mean : (1 - r.rebaselineWeight) * before + r.rebaselineWeight * mean;
          s.warmup = [];
          if (s.sigma === null && sd !== null) s.sigma = Math.max(sd, r.sigmaFloor);
          if (s.sigma !== null) restartCharts(s);
          rebaselined = true;
        }
        summary.metrics[metric] = {
          n: acc.n,
          responses: acc.responses,
          mean,
          sd,
          min: acc.min,
          max: acc.max,
          alerts: acc.alerts,
          from: iso(acc.from),
          to: iso(acc.to),
          baselineBefore: before,
          baselineAfter: s.baseline,
          rebaselined,
        };
        delete s.stages[stage];
      }
      summary.baselines[metric] = s.baseline;
    }
    return summary;
  }

  function addPeriod(input: MonitorPeriodInput): MonitorAlert[] {
    if (input === null || typeof input !== 'object') fail('invalid-value', 'input', input, 'is not an object');
    const tally = mergeTallies(input.tally); // validates the tally (and copies it)
    const scale = scaleFor(tally.scale);
    const points = input.points ?? (scale.kind === 'nps' ? 'nps' : scale.kind === 'csat' ? 'csat' : 'mean');
    let sw = 0;
    let sx = 0;
    scale.values.forEach((v, k) => {
      const w = tally.weights[k]!;
      if (w > 0) {
        sw += w;
        sx += w * responsePoints(points, scale, v);
      }
    });
    if (sw === 0) return [];
    const add1: MonitorInput = { segment: input.segment, metric: input.metric, value: sx / sw, at: input.at, n: (sw * sw) / tally.sumSquaredWeights };
    if (input.stage !== undefined) add1.stage = input.stage;
    if (input.factors !== undefined) add1.factors = input.factors;
    return add(add1);
  }

  return {
    add,
    addPeriod,
    addAll: (inputs) => inputs.flatMap((i) => add(i)),
    watch(segment, metric, at) {
      checkName(segment, 'segment');
      checkName(metric, 'metric');
      const ms = toMs(at, 'at');
      const s = series(segment, metric);
      if (s.lastAt === null) s.lastAt = ms;
    },
    tick,
    endStage,
    status(segment, metric) {
      const s = st.series[segment]?.[metric];
      if (!s) return null;
      const r = cfg(segment, metric);
      const warmingUp = s.baseline === null || s.sigma === null;
      return {
        baseline: s.baseline,
        sigma: s.sigma,
        warning: warningOf(r, s),
        ewma: r.ewma && !warmingUp ? s.ewma : null,
        lowerLimit: r.ewma && !warmingUp && s.t > 0 ? s.baseline! - r.ewma.L * Math.sqrt(s.ewmaVar) : null,
        cusum: s.cusum,
        consecutiveBelow: s.below,
        lastAt: s.lastAt === null ? null : iso(s.lastAt),
        warmingUp,
      };
    },
    state: () => JSON.parse(JSON.stringify(st)) as MonitorState,
  };
}
