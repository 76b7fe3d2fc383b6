// The examples of docs/analysis.md, verbatim where possible, with the documented results.
import { describe, expect, it } from 'vitest';
import {
  bankDimensions,
  calendarKey,
  calendarRange,
  createMonitor,
  gap,
  indexScore,
  kano,
  kanoSummary,
  rank,
  reasonFollowUp,
  validateResponse,
  visibleQuestions,
} from './index.js';
import type { IndicatorTree, SurveyDefinition } from './index.js';

describe('docs/analysis.md examples', () => {
  it('Kano', () => {
    expect([kano('like', 'dislike'), kano('neutral', 'dislike'), kano('like', 'neutral')]).toEqual(['O', 'M', 'A']);
    const [s] = kanoSummary([
      { feature: 'queue display', functional: 'like', dysfunctional: 'dislike' },
      { feature: 'queue display', functional: 'neutral', dysfunctional: 'dislike' },
      { feature: 'queue display', functional: 'like', dysfunctional: 'neutral' },
    ]);
    expect(s).toMatchObject({ feature: 'queue display', n: 3, dominant: 'M' });
    expect(s!.better).toBeCloseTo(2 / 3, 12);
    expect(s!.worse).toBeCloseTo(-2 / 3, 12);
  });

  it('indexScore', () => {
    const tree: IndicatorTree = {
      children: [
        { id: 'service', weight: 60, department: 'counter', children: [
          { id: 'attitude', weight: 2, question: 'q1', scale: { kind: 'evaluator', points: 3 }, scoring: 'ratio' },
          { id: 'speed', weight: 1, question: 'q2', scale: { kind: 'evaluator', points: 3 }, scoring: 'ratio' },
        ] },
        { id: 'environment', weight: 40, department: 'facilities', children: [
          { id: 'cleanliness', question: 'q3', scale: { kind: 'csat', points: 5 } },
          { id: 'waiting', question: 'q4', scale: { kind: 'csat', points: 5 } },
        ] },
      ],
    };
    expect(indexScore(tree, { q1: 3, q2: 2, q3: 4, q4: 2 }).score).toBeCloseTo(73.3333, 4);
    const partial = indexScore(tree, { q1: 3, q3: 4, q4: 2 });
    expect(partial.score).toBeCloseTo(80, 9);
    expect(partial.coverage).toBeCloseTo(0.8, 12);
  });

  it('gap', () => {
    const [r] = gap(
      [
        { dimension: 'timeliness', expectation: 5, perception: 3 },
        { dimension: 'timeliness', expectation: 4, perception: 3 },
        { dimension: 'timeliness', expectation: 5, perception: 4 },
        { dimension: 'timeliness', expectation: 4, perception: 4 },
      ],
      { scale: { kind: 'csat', points: 5 }, dimensions: bankDimensions },
    );
    expect(r).toMatchObject({ dimension: 'timeliness', label: { en: 'Timeliness', 'zh-CN': '时间性' }, n: 4, expectation: 4.5, perception: 3.5, gap: -1 });
    expect(r!.ci[0]).toBeCloseTo(-2.3, 2);
    expect(r!.ci[1]).toBeCloseTo(0.3, 2);
  });

  it('createMonitor', () => {
    const D = 86_400_000;
    const day = (d: number) => Date.UTC(2026, 0, 1) + d * D;
    const m = createMonitor({ defaults: { baseline: 80, sigma: 10, silenceMs: 5 * D } });
    for (let d = 0; d < 20; d++) expect(m.add({ segment: 'branch-12', metric: 'csat', value: 80, at: day(d) })).toEqual([]);
    for (let d = 20; d < 23; d++) expect(m.add({ segment: 'branch-12', metric: 'csat', value: 60, at: day(d) })).toEqual([]);
    expect(m.add({ segment: 'branch-12', metric: 'csat', value: 60, at: day(23) }).map((a) => a.rule)).toEqual(['ewma', 'cusum']);
    expect(m.tick(day(28)).map((a) => a.rule)).toEqual(['silence']);
    expect(m.tick(day(29))).toEqual([]);
  });

  it('calendar', () => {
    expect(calendarKey('2026-03-31T16:30:00Z', 'day', 'UTC')).toBe('2026-03-31');
    expect(calendarKey('2026-03-31T16:30:00Z', 'quarter', 'Asia/Shanghai')).toBe('2026-Q2');
    expect(calendarRange('2026-03-08T12:00:00Z', 'day', 'America/New_York')).toMatchObject({
      key: '2026-03-08',
      start: '2026-03-08T05:00:00.000Z',
      end: '2026-03-09T04:00:00.000Z',
    });
  });

  it('rank', () => {
    const groups = [{ id: 'A', n: 2, mean: 100 }, { id: 'B', n: 200, mean: 92 }, { id: 'C', n: 50, mean: 95 }];
    expect(rank(groups, { minN: 0 }).rows.map((r) => [r.id, r.rank])).toEqual([['C', 1], ['A', 2], ['B', 3]]);
    expect(rank(groups).rows.map((r) => [r.id, r.rank])).toEqual([['C', 1], ['B', 2], ['A', null]]);
  });

  it('survey logic', () => {
    const def: SurveyDefinition = { id: 'visit', version: 1, questions: [
      { id: 'nps', type: 'rating', prompt: 'Recommend us?', scale: { kind: 'nps' }, required: true,
        reasons: { codes: [{ id: 'speed', label: 'Speed' }, { id: 'attitude', label: 'Attitude' }] } },
      { id: 'why', type: 'text', prompt: 'What went wrong?', showIf: { question: 'nps', op: 'lte', value: 6 } },
    ] };
    expect(visibleQuestions(def, { nps: { type: 'rating', scale: { kind: 'nps' }, value: 9 } }).map((q) => q.id)).toEqual(['nps']);
    expect(reasonFollowUp(def, 'nps', { nps: { type: 'rating', scale: { kind: 'nps' }, value: 5 } })?.codes.length).toBe(2);
    expect(validateResponse(def, {})).toMatchObject({ status: 'partial', valid: false, errors: [{ question: 'nps', code: 'required' }] });
  });
});
