import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createMonitor } from './monitor.js';
import type { MonitorAlert, MonitorInput } from './monitor.js';
import { createTally, tallyOf } from './tally.js';
import { codeAndField } from '../test/feedback-error.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
const feed = (values: number[], startDay = 0, extra: Partial<MonitorInput> = {}): MonitorInput[] =>
  values.map((value, i) => ({ segment: 'branch-1', metric: 'csat', value, at: T0 + (startDay + i) * DAY, ...extra }));
const rules = (alerts: MonitorAlert[]) => alerts.map((a) => a.rule);

describe('createMonitor', () => {
  it('a stable series raises nothing', () => {
    const m = createMonitor({ defaults: { baseline: 80, sigma: 10, warning: 60, consecutive: { n: 3, target: 70 }, silenceMs: 3 * DAY } });
    const values = Array.from({ length: 60 }, (_, i) => 80 + (i % 2 === 0 ? 5 : -5)); // ±0.5σ around the baseline
    expect(m.addAll(feed(values))).toEqual([]);
  });

  it('a step drop raises EWMA on the 4th and CUSUM on the 4th low period', () => {
    const m = createMonitor({ defaults: { baseline: 80, sigma: 10 } }); // λ 0.2, L 3, k 0.5, h 5
    expect(m.addAll(feed(Array(20).fill(80)))).toEqual([]);
    // After 20 on-target periods the EWMA sits at 80 and its variance is
    // 0.04·100·(1 − 0.64^20)/0.36 ≈ 11.1096, growing to 11.111 → LCL ≈ 80 − 3·3.3333 = 70.00.
    // Step to 60 (−2σ): z = 76, 72.8, 70.24, 68.192 → first below the LCL at the 4th value.
    // CUSUM: each value adds −z − k = 2 − 0.5 = 1.5 → 1.5, 3, 4.5, 6 > h = 5 at the 4th value.
    const out = feed(Array(4).fill(60), 20).map((i) => rules(m.add(i)));
    expect(out).toEqual([[], [], [], ['ewma', 'cusum']]);
    const ewma = m.status('branch-1', 'csat')!;
    expect(ewma.ewma).toBeCloseTo(68.192, 9);
    // Limit after 24 values: v = 0.04·100·(1 − 0.64^24)/0.36; 0.64^24 = 2.2301e-5 → sqrt(11.1109)=3.33330 → 70.0001
    expect(ewma.lowerLimit!).toBeCloseTo(80 - 3 * Math.sqrt((4 * (1 - 0.64 ** 24)) / 0.36), 9);
    expect(ewma.lowerLimit!).toBeCloseTo(70.0001, 3);
  });

  it('alert objects carry segment, metric, value, baseline, threshold, rule, evidence and time', () => {
    const m = createMonitor({ defaults: { baseline: 80, sigma: 10, ewma: false } });
    const alerts = m.addAll(feed([60, 60, 60, 60]));
    // CUSUM 1.5, 3, 4.5, 6 → fires on day 3 (4th value), the run began on day 0.
    expect(alerts).toEqual([
      {
        segment: 'branch-1',
        metric: 'csat',
        rule: 'cusum',
        value: 60,
        baseline: 80,
        threshold: 5,
        evidence: { cusum: 6, k: 0.5, h: 5, sigma: 10, since: '2026-01-01T00:00:00.000Z' },
        at: '2026-01-04T00:00:00.000Z',
      },
    ]);
  });

  it('alerts carry the contributing factors fed with the value, largest first', () => {
    const m = createMonitor({ defaults: { baseline: 80, sigma: 10, ewma: false, cusum: false, warning: 65 } });
    const [alert] = m.add({ segment: 'b', metric: 'csat', value: 60, at: T0, factors: { waiting: 7, attitude: 2, speed: 7 } });
    // 7, 7, 2 → the two 7s first, tied 7s by name
    expect(alert!.factors).toEqual([
      { factor: 'speed', weight: 7 },
      { factor: 'waiting', weight: 7 },
      { factor: 'attitude', weight: 2 },
    ]);
    expect(() => m.add({ segment: 'b', metric: 'csat', value: 60, at: T0, factors: { x: Number.NaN } })).toThrow(/input\.factors\.x/);
  });

  it('a slow drift is caught by CUSUM', () => {
    const m = createMonitor({ defaults: { baseline: 80, sigma: 10, ewma: false } });
    // x_t = 80 − 0.5t → z_t = −0.05t; increments 0.05t − 0.5 are positive from t = 11, so
    // S_t = 0.05·Σ_{j=1}^{t−10} j = 0.025(t−10)(t−9): S_23 = 4.55, S_24 = 5.25 > 5.
    const values = Array.from({ length: 30 }, (_, i) => 80 - 0.5 * (i + 1));
    const firing = feed(values).map((input, i) => ({ t: i + 1, alerts: m.add(input) })).filter((x) => x.alerts.length);
    expect(firing[0]!.t).toBe(24);
    expect(firing[0]!.alerts[0]!.rule).toBe('cusum');
    expect(firing[0]!.alerts[0]!.evidence.cusum).toBeCloseTo(5.25, 9);
  });

  it('counts N consecutive periods below target, once per run', () => {
    const m = createMonitor({ defaults: { baseline: 80, sigma: 10, ewma: false, cusum: false, consecutive: { n: 3, target: 75 } } });
    const out = feed([74, 70, 80, 74, 73, 72, 71, 76, 70]).map((i) => rules(m.add(i)));
    // runs below 75: [74,70] broken by 80; [74,73,72,71] fires at its 3rd; 76 breaks; [70] only one.
    expect(out).toEqual([[], [], [], [], [], ['consecutive'], [], [], []]);
  });

  it('the warning level fires on entering and re-arms on leaving', () => {
    const m = createMonitor({ defaults: { baseline: 80, sigma: 10, ewma: false, cusum: false, warningDrop: 15 } });
    // warning = 80 − 15 = 65
    expect(feed([70, 65, 60, 70, 64]).map((i) => rules(m.add(i)))).toEqual([[], ['warning-level'], [], [], ['warning-level']]);
  });

  it('silence fires once and re-arms when a value arrives', () => {
    const m = createMonitor({ defaults: { baseline: 80, sigma: 10, silenceMs: 5 * DAY } });
    m.add({ segment: 'b', metric: 'nps', value: 80, at: T0 });
    expect(m.tick(T0 + 5 * DAY - 1)).toEqual([]);
    const first = m.tick(T0 + 5 * DAY);
    expect(first).toEqual([
      {
        segment: 'b',
        metric: 'nps',
        rule: 'silence',
        value: null,
        baseline: 80,
        threshold: 5 * DAY,
        evidence: { lastAt: '2026-01-01T00:00:00.000Z', silentForMs: 5 * DAY },
        at: '2026-01-06T00:00:00.000Z',
      },
    ]);
    expect(m.tick(T0 + 9 * DAY)).toEqual([]);
    m.add({ segment: 'b', metric: 'nps', value: 80, at: T0 + 10 * DAY });
    expect(m.tick(T0 + 14 * DAY)).toEqual([]);
    expect(rules(m.tick(T0 + 15 * DAY))).toEqual(['silence']);
  });

  it('watch starts the silence clock for a series without data', () => {
    const m = createMonitor({ metrics: { nps: { silenceMs: DAY } } });
    m.watch('kiosk-7', 'nps', T0);
    expect(rules(m.tick(T0 + DAY))).toEqual(['silence']);
  });

  it('estimates a missing baseline and sigma from the warm-up values', () => {
    const m = createMonitor({ defaults: { warmup: 4 } });
    // 70, 80, 90, 80: mean 80, sample variance (100 + 0 + 100 + 0)/3 = 66.667, sd 8.1650
    expect(m.addAll(feed([70, 80, 90, 80]))).toEqual([]);
    const s = m.status('branch-1', 'csat')!;
    expect(s.warmingUp).toBe(false);
    expect(s.baseline).toBe(80);
    expect(s.sigma).toBeCloseTo(Math.sqrt(200 / 3), 12);
  });

  it('per-period means shrink sigma by √n', () => {
    const m = createMonitor({ defaults: { baseline: 80, sigma: 10, ewma: false } });
    // n = 25 → σ/√n = 2; a period mean of 76 is z = −2 → S += 1.5: 1.5, 3, 4.5, 6 > 5 at the 4th period
    const out = feed([76, 76, 76, 76], 0, { n: 25 }).map((i) => rules(m.add(i)));
    expect(out).toEqual([[], [], [], ['cusum']]);
  });

  it('estimates sigma per response from period means during warm-up', () => {
    const m = createMonitor({ defaults: { warmup: 4 } });
    // period means 78, 82, 80, 80 of n = 4 each: μ = 80; Σn(x − μ)² = 4·(4 + 4 + 0 + 0) = 32;
    // σ² = 32/3 = 10.667 → σ = 3.266 per response (σ of a period mean would be 1.633)
    m.addAll(feed([78, 82, 80, 80], 0, { n: 4 }));
    expect(m.status('branch-1', 'csat')!.baseline).toBe(80);
    expect(m.status('branch-1', 'csat')!.sigma).toBeCloseTo(Math.sqrt(32 / 3), 12);
  });

  it('addPeriod charts a tally as its metric with its effective n', () => {
    const m = createMonitor({ defaults: { baseline: 40, sigma: 80, ewma: false } });
    // 10 × 10, 5 × 8, 5 × 3 → NPS (10 − 5)/20 = 25 points, n = 20
    // z = (25 − 40)/(80/√20) = −15/17.8885 = −0.838525 → S = 0.838525 − 0.5 = 0.338525
    const tally = tallyOf({ kind: 'nps' }, [...Array(10).fill(10), ...Array(5).fill(8), ...Array(5).fill(3)]);
    expect(m.addPeriod({ segment: 's', metric: 'nps', at: T0, tally, stage: 'w1' })).toEqual([]);
    expect(m.status('s', 'nps')!.cusum).toBeCloseTo(0.338525, 5);
    expect(m.addPeriod({ segment: 's', metric: 'nps', at: T0 + DAY, tally: createTally({ kind: 'nps' }) })).toEqual([]);
    const stage = m.endStage('s', 'w1').metrics.nps!;
    expect(stage).toMatchObject({ n: 1, responses: 20, mean: 25 });
  });

  it('segment and metric settings override the defaults', () => {
    const m = createMonitor({
      defaults: { baseline: 80, sigma: 10, warning: 50, ewma: false, cusum: false },
      metrics: { ces: { baseline: 5, sigma: 1, warning: 3 } },
      segments: { vip: { ces: { warning: 4 } } },
    });
    expect(m.status('x', 'ces')).toBeNull();
    expect(rules(m.add({ segment: 'regular', metric: 'ces', value: 3.5, at: T0 }))).toEqual([]);
    expect(rules(m.add({ segment: 'vip', metric: 'ces', value: 3.5, at: T0 }))).toEqual(['warning-level']);
    expect(rules(m.add({ segment: 'vip', metric: 'csat', value: 55, at: T0 }))).toEqual([]);
  });

  it('stage summaries re-estimate the baseline at the stage end', () => {
    const m = createMonitor({ defaults: { baseline: 80, sigma: 10, minStageN: 3, ewma: false, cusum: false } });
    m.addAll(feed([70, 75, 80, 85], 0, { stage: 'accepted', segment: 'journey-A' }));
    m.add({ segment: 'journey-A', metric: 'csat', value: 50, at: T0 + 10 * DAY, stage: 'in-progress' });
    const s = m.endStage('journey-A', 'accepted');
    // mean (70+75+80+85)/4 = 77.5; sd = sqrt((56.25+6.25+6.25+56.25)/3) = sqrt(41.667) = 6.455
    expect(s.metrics.csat).toMatchObject({ n: 4, mean: 77.5, min: 70, max: 85, baselineBefore: 80, baselineAfter: 77.5, rebaselined: true });
    expect(s.metrics.csat!.sd).toBeCloseTo(Math.sqrt(125 / 3), 12);
    expect(s.metrics.csat!.from).toBe('2026-01-01T00:00:00.000Z');
    expect(s.metrics.csat!.to).toBe('2026-01-04T00:00:00.000Z');
    expect(s.baselines).toEqual({ csat: 77.5 });
    // one value in 'in-progress' < minStageN 3 → baseline kept
    const p = m.endStage('journey-A', 'in-progress');
    expect(p.metrics.csat).toMatchObject({ n: 1, sd: null, rebaselined: false, baselineAfter: 77.5 });
    // a stage already ended has nothing left
    expect(m.endStage('journey-A', 'accepted').metrics).toEqual({});
  });

  it('a journey: accepted → in progress → completed, re-baselined at each stage end', () => {
    const m = createMonitor({ defaults: { baseline: 80, sigma: 10, ewma: false, minStageN: 5 } });
    const j = (value: number, day: number, stage: string) => ({ segment: 'customer-42', metric: 'csat', value, at: T0 + day * DAY, stage });
    // accepted: 70 × 10 against baseline 80 → z = −1, S grows 0.5 a value: 0.5 … 5.0, 5.5 > 5 at the 11th
    const accepted = Array.from({ length: 11 }, (_, d) => m.add(j(70, d, 'accepted')).map((a) => a.rule));
    expect(accepted.flat()).toEqual(['cusum']);
    expect(accepted[10]).toEqual(['cusum']);
    const s1 = m.endStage('customer-42', 'accepted');
    expect(s1.metrics.csat).toMatchObject({ n: 11, mean: 70, alerts: 1, baselineBefore: 80, baselineAfter: 70, rebaselined: true });
    // in progress at the new level raises nothing for 30 values
    const inProgress = Array.from({ length: 30 }, (_, d) => m.add(j(70, 11 + d, 'in-progress'))).flat();
    expect(inProgress).toEqual([]);
    expect(m.endStage('customer-42', 'in-progress').baselines.csat).toBe(70);
    // completed: a drop to 50 (−2σ from 70) signals on the 4th value (S 1.5, 3, 4.5, 6)
    const completed = [50, 50, 50, 50].map((v, d) => m.add(j(v, 41 + d, 'completed')).map((a) => a.rule));
    expect(completed).toEqual([[], [], [], ['cusum']]);
    expect(completed.flat().length).toBe(1);
    expect(m.endStage('customer-42', 'completed').metrics.csat!.alerts).toBe(1);
  });

  it('blends the baseline with rebaselineWeight', () => {
    const m = createMonitor({ defaults: { baseline: 80, sigma: 10, minStageN: 1, rebaselineWeight: 0.25 } });
    m.add({ segment: 's', metric: 'm', value: 60, at: T0, stage: 'done' });
    // 0.75·80 + 0.25·60 = 75
    expect(m.endStage('s', 'done').baselines.m).toBe(75);
  });

  it('a fixed warning level alerts without sigma and without waiting for warm-up (DOMAIN Monitoring 1–2)', () => {
    // Seed 001: a baseline and a warning value are set at the start; when satisfaction falls to
    // the warning value the system alerts automatically. No σ is given, so the charts warm up.
    const m = createMonitor({ defaults: { baseline: 80, warning: 60 } });
    const out = feed([78, 55, 50, 40, 30], 0, { segment: 'cust-1', metric: 'sat' }).map((i) => m.add(i));
    expect(out.map(rules)).toEqual([[], ['warning-level'], [], [], []]); // once, until a value is above it again
    expect(out[1]![0]).toMatchObject({ value: 55, baseline: 80, threshold: 60, evidence: { drop: 25 } });
    expect(m.status('cust-1', 'sat')!.warmingUp).toBe(true);
    // re-arms above the line, alerts again below it — still in warm-up
    expect(rules(m.add({ segment: 'cust-1', metric: 'sat', value: 70, at: T0 + 5 * DAY }))).toEqual([]);
    expect(rules(m.add({ segment: 'cust-1', metric: 'sat', value: 59, at: T0 + 6 * DAY }))).toEqual(['warning-level']);
    // an absolute warning works with no baseline at all (the alert says so: baseline null)
    const bare = createMonitor({ defaults: { warning: 3, warmup: 3, ewma: false, cusum: false } });
    const a = bare.add({ segment: 's', metric: 'm', value: 2, at: T0 });
    expect(a).toMatchObject([{ rule: 'warning-level', baseline: null, threshold: 3, evidence: { drop: null } }]);
    // the line stays breached across the end of warm-up: no second alert for the same breach
    expect(bare.addAll(feed([2.5, 2], 1, { segment: 's', metric: 'm' }))).toEqual([]);
    expect(bare.status('s', 'm')!.warmingUp).toBe(false);
    expect(rules(bare.add({ segment: 's', metric: 'm', value: 1, at: T0 + 9 * DAY }))).toEqual([]);
  });

  it('warningDrop needs the baseline: with a given baseline it fires during warm-up, with an estimated one after it', () => {
    const given = createMonitor({ defaults: { baseline: 80, warningDrop: 20 } });
    expect(rules(given.add({ segment: 's', metric: 'm', value: 60, at: T0 }))).toEqual(['warning-level']);
    const estimated = createMonitor({ defaults: { warningDrop: 20, warmup: 3, ewma: false, cusum: false } });
    expect(estimated.addAll(feed([80, 80, 20], 0, { segment: 's', metric: 'm' }))).toEqual([]); // baseline unknown until the 3rd value
    expect(rules(estimated.add({ segment: 's', metric: 'm', value: 10, at: T0 + 3 * DAY }))).toEqual(['warning-level']);
  });

  it('consecutive values below a fixed target count during warm-up and across its end', () => {
    const m = createMonitor({ defaults: { consecutive: { n: 3, target: 70 }, warmup: 2, ewma: false, cusum: false } });
    const out = feed([65, 60, 69, 80], 0, { segment: 's', metric: 'm' }).map((i) => rules(m.add(i)));
    expect(out).toEqual([[], [], ['consecutive'], []]);
    // σ-based charts still wait: no ewma/cusum during a warm-up, however low the values
    const w = createMonitor({ defaults: { baseline: 80, warmup: 5 } });
    expect(w.addAll(feed([10, 10, 10, 10], 0, { segment: 's', metric: 'm' }))).toEqual([]);
  });

  it('state is plain JSON and resuming gives the same alerts', () => {
    const opts = { defaults: { baseline: 80, sigma: 10 } };
    const values = [80, 78, 60, 62, 58, 61, 59, 70, 40];
    const whole = createMonitor(opts);
    const all = whole.addAll(feed(values));
    const first = createMonitor(opts);
    const a = first.addAll(feed(values.slice(0, 4)));
    const saved = JSON.parse(JSON.stringify(first.state()));
    const resumed = createMonitor(opts, saved);
    const b = resumed.addAll(feed(values.slice(4), 4));
    expect([...a, ...b]).toEqual(all);
    expect(resumed.state()).toEqual(whole.state());
  });

  it('property: resuming from state at any point gives the same alerts, warm-up included', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { maxLength: 40 }), fc.nat(), (values, cut) => {
        const opts = { defaults: { warmup: 5, warning: 40, warningDrop: 10, consecutive: { n: 2 } } };
        const k = cut % (values.length + 1);
        const whole = createMonitor(opts);
        const all = whole.addAll(feed(values));
        const first = createMonitor(opts);
        const a = first.addAll(feed(values.slice(0, k)));
        const resumed = createMonitor(opts, JSON.parse(JSON.stringify(first.state())));
        expect([...a, ...resumed.addAll(feed(values.slice(k), k))]).toEqual(all);
        expect(resumed.state()).toEqual(whole.state());
      }),
    );
  });

  it('property: deterministic and never NaN in alerts', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { maxLength: 60 }), (values) => {
        const run = () => createMonitor({ defaults: { warmup: 5, warning: 40, consecutive: { n: 2 } } }).addAll(feed(values));
        const a = run();
        expect(a).toEqual(run());
        for (const alert of a) {
          expect(Number.isFinite(alert.threshold)).toBe(true);
          for (const v of Object.values(alert.evidence)) if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
        }
      }),
    );
  });

  it('rejects bad input and options with named fields', () => {
    const m = createMonitor({ defaults: { baseline: 80, sigma: 10 } });
    expect(codeAndField(() => m.add({ segment: 's', metric: 'm', value: Number.NaN, at: T0 }))).toEqual(['invalid-value', 'input.value']);
    expect(codeAndField(() => m.add({ segment: '', metric: 'm', value: 1, at: T0 }))).toEqual(['invalid-value', 'input.segment']);
    expect(codeAndField(() => m.add({ segment: 's', metric: 'm', value: 1, at: 'yesterday' }))).toEqual(['invalid-value', 'input.at']);
    expect(codeAndField(() => m.add({ segment: 's', metric: 'm', value: 1, at: T0, n: 0 }))).toEqual(['invalid-value', 'input.n']);
    const bad = createMonitor({ defaults: { ewma: { lambda: 1.5 } } });
    expect(codeAndField(() => bad.add({ segment: 's', metric: 'm', value: 1, at: T0 }))).toEqual(['invalid-option', 'options[s/m].ewma.lambda']);
    expect(codeAndField(() => createMonitor({}, { version: 2 } as never))).toEqual(['invalid-option', 'state']);
    expect(codeAndField(() => m.tick('never'))).toEqual(['invalid-value', 'now']);
  });
});
