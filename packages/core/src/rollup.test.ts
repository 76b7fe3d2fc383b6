import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { rollup } from './rollup.js';
import { mergeTallies, tallyMetrics } from './tally.js';
import type { Submission, SubmissionContext } from './types.js';
import { codeAndField } from '../test/feedback-error.js';

let seq = 0;
const sub = (createdAt: string, value: number | null, context: SubmissionContext, kind: 'nps' | 'csat' = 'nps'): Submission => ({
  id: `s${++seq}`,
  createdAt,
  status: value === null ? 'no-rating' : 'complete',
  answers: value === null ? {} : { q1: { type: 'rating', scale: kind === 'nps' ? { kind: 'nps' } : { kind: 'csat', points: 5 }, value } },
  context,
});

const data: Submission[] = [
  sub('2026-03-31T10:00:00Z', 10, { branch: 'b1', staff: 't1' }),
  sub('2026-03-31T16:30:00Z', 9, { branch: 'b1', staff: 't1' }), // April 1 00:30 in Shanghai
  sub('2026-03-15T02:00:00Z', 6, { branch: 'b1', staff: 't2' }),
  sub('2026-04-02T02:00:00Z', 8, { branch: 'b2', staff: 't3' }),
  sub('2026-04-02T03:00:00Z', 0, { branch: 'b2' }),
  sub('2026-04-02T04:00:00Z', null, { branch: 'b2', staff: 't3' }),
];

describe('rollup', () => {
  it('groups by context keys and month, in a time zone, with tallies and NPS points', () => {
    const utc = rollup(data, { question: 'q1', by: ['branch'], window: 'month', metric: 'nps' });
    // UTC: b1/2026-03 = {10, 9, 6} → promoters 2, detractors 1 → NPS (200 − 100)/3 = 33.33
    //      b2/2026-04 = {8, 0} → (0 − 100)/2 = −50
    expect(utc.groups.map((g) => g.id)).toEqual(['branch=b1|month=2026-03', 'branch=b2|month=2026-04']);
    expect(utc.groups[0]!.points).toEqual({ metric: 'nps', n: 3, effectiveN: 3, sumWeights: 3, mean: expect.closeTo(100 / 3, 9) });
    expect(utc.groups[1]!.points!.mean).toBe(-50);
    expect(utc.groups[0]!.keys).toEqual({ branch: 'b1', month: '2026-03' });
    expect(utc.groups[0]!.window).toMatchObject({ start: '2026-03-01T00:00:00.000Z', end: '2026-04-01T00:00:00.000Z' });
    expect(utc.skipped).toEqual({ noRating: 1, noAnswer: 0, missingKey: 0 });
    // the tally agrees with the points: NPS from tallyMetrics is the same 33.33
    expect(tallyMetrics(utc.groups[0]!.tally).nps!.score).toBeCloseTo(100 / 3, 9);

    // Shanghai: the 16:30Z rating moves to April → b1/03 = {10, 6}: NPS (100 − 100)/2 = 0; b1/04 = {9}: 100
    const sh = rollup(data, { question: 'q1', by: ['branch'], window: 'month', timeZone: 'Asia/Shanghai', metric: 'nps' });
    expect(sh.groups.map((g) => [g.id, g.points!.mean])).toEqual([
      ['branch=b1|month=2026-03', 0],
      ['branch=b1|month=2026-04', 100],
      ['branch=b2|month=2026-04', -50],
    ]);
  });

  it('missing keys group under null or are skipped', () => {
    const g = rollup(data, { question: 'q1', by: ['staff'] });
    expect(g.groups.map((x) => x.id)).toEqual(['staff=', 'staff=t1', 'staff=t2', 'staff=t3']);
    expect(g.groups[0]!.keys).toEqual({ staff: null });
    const s = rollup(data, { question: 'q1', by: ['staff'], missing: 'skip' });
    expect(s.groups.map((x) => x.id)).toEqual(['staff=t1', 'staff=t2', 'staff=t3']);
    expect(s.skipped.missingKey).toBe(1);
  });

  it('custom keys, weights and CSAT points', () => {
    const csat = [
      sub('2026-05-01T00:00:00Z', 5, { channel: 'web' }, 'csat'),
      sub('2026-05-01T00:00:00Z', 4, { channel: 'web' }, 'csat'),
      sub('2026-05-01T00:00:00Z', 2, { channel: 'kiosk' }, 'csat'),
    ];
    const r = rollup(csat, {
      question: 'q1',
      by: [{ name: 'digital', of: (s) => (s.context.channel === 'web' ? 'yes' : 'no') }],
      metric: 'csat',
      weight: (s) => (s.context.channel === 'kiosk' ? 2 : 1),
    });
    // digital=no: {2 (w 2)} → CSAT points 0; digital=yes: {5, 4} → 100
    expect(r.groups.map((g) => [g.id, g.points!.mean, g.points!.sumWeights])).toEqual([
      ['digital=no', 0, 2],
      ['digital=yes', 100, 2],
    ]);
  });

  it('points carry the Kish effective n: zero-weight responses count as responses, not as evidence', () => {
    const subs = [
      ...Array.from({ length: 35 }, () => sub('2026-05-01T00:00:00Z', 10, { staff: 'a', flags: ['burst'] })),
      sub('2026-05-01T00:00:00Z', 10, { staff: 'a' }),
      sub('2026-05-01T00:00:00Z', 10, { staff: 'a' }),
      sub('2026-05-01T00:00:00Z', 0, { staff: 'b' }, 'nps'),
    ];
    const r = rollup(subs, { question: 'q1', by: ['staff'], metric: 'nps', weight: (s) => (s.context.flags?.includes('burst') ? 0 : 1) });
    expect(r.groups.map((g) => [g.id, g.points!.n, g.points!.effectiveN, g.points!.sumWeights, g.points!.mean])).toEqual([
      ['staff=a', 37, 2, 2, 100],
      ['staff=b', 1, 1, 1, -100],
    ]);
  });

  it('rejects mixed scales, non-rating answers and bad zones', () => {
    const mixed = [sub('2026-01-01T00:00:00Z', 5, {}, 'nps'), sub('2026-01-01T00:00:00Z', 5, {}, 'csat')];
    expect(codeAndField(() => rollup(mixed, { question: 'q1' }))).toEqual(['scale-mismatch', 'submissions[1].answers.q1.scale']);
    // a submission left out for a missing key does not decide the scale
    const skippedFirst = [sub('2026-01-01T00:00:00Z', 9, {}, 'nps'), sub('2026-01-01T00:00:00Z', 5, { branch: 'b' }, 'csat')];
    expect(rollup(skippedFirst, { question: 'q1', by: ['branch'], missing: 'skip' }).groups.map((g) => g.tally.scale.kind)).toEqual(['csat']);
    const text: Submission = { id: 'x', createdAt: '2026-01-01T00:00:00Z', status: 'complete', answers: { q1: { type: 'text', value: 'hi' } }, context: {} };
    expect(codeAndField(() => rollup([text], { question: 'q1' }))).toEqual(['invalid-submission', 'submissions[0].answers.q1.type']);
    expect(codeAndField(() => rollup(data, { question: 'q1', window: 'day', timeZone: 'Nowhere/Else' }))).toEqual(['invalid-option', 'timeZone']);
    expect(codeAndField(() => rollup(data, { question: '' }))).toEqual(['invalid-option', 'options.question']);
    const badTime = [sub('yesterday', 5, {})];
    expect(codeAndField(() => rollup(badTime, { question: 'q1', window: 'day' }))).toEqual(['invalid-value', 'submissions[0].createdAt']);
  });

  it('property: daily groups merge into the monthly group exactly', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ day: fc.integer({ min: 1, max: 28 }), v: fc.integer({ min: 0, max: 10 }), b: fc.constantFrom('b1', 'b2') }), { minLength: 1, maxLength: 80 }),
        (rows) => {
          const subs = rows.map((r) => sub(`2026-02-${String(r.day).padStart(2, '0')}T12:00:00Z`, r.v, { branch: r.b }));
          const daily = rollup(subs, { question: 'q1', by: ['branch'], window: 'day', timeZone: 'Asia/Shanghai' });
          const monthly = rollup(subs, { question: 'q1', by: ['branch'], window: 'month', timeZone: 'Asia/Shanghai' });
          for (const m of monthly.groups) {
            const parts = daily.groups.filter((d) => d.keys.branch === m.keys.branch).map((d) => d.tally);
            expect(mergeTallies(...parts)).toEqual(m.tally);
          }
        },
      ),
    );
  });
});
