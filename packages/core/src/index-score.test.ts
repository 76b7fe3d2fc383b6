import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { answersByQuestion, indexScore } from './index-score.js';
import type { IndicatorTree } from './index-score.js';
import type { Submission } from './types.js';
import { codeAndField } from '../test/feedback-error.js';

const ev3 = { kind: 'evaluator', points: 3 } as const;
const csat5 = { kind: 'csat', points: 5 } as const;

const tree: IndicatorTree = {
  id: 'branch-quality',
  children: [
    {
      id: 'service',
      weight: 60,
      department: 'counter',
      children: [
        { id: 'attitude', weight: 2, question: 'q1', scale: ev3, scoring: 'ratio' },
        { id: 'speed', weight: 1, question: 'q2', scale: ev3, scoring: 'ratio' },
      ],
    },
    {
      id: 'environment',
      weight: 40,
      department: 'facilities',
      children: [
        { id: 'cleanliness', question: 'q3', scale: csat5 },
        { id: 'waiting', question: 'q4', scale: csat5, department: 'operations' },
      ],
    },
  ],
};

describe('indexScore', () => {
  it('rolls a weighted tree up to 0–100 with contributions and shortfalls', () => {
    // q1 = 3 → 3/3 = 100; q2 = 2 → 2/3 = 66.667 (ratio); q3 = 4 → (4−1)/4 = 75; q4 = 2 → 25 (range)
    // service = (2·100 + 1·66.667)/3 = 88.889; environment = (75 + 25)/2 = 50
    // index = 0.6·88.889 + 0.4·50 = 53.333 + 20 = 73.333
    const r = indexScore(tree, { q1: 3, q2: 2, q3: 4, q4: 2 });
    expect(r.score).toBeCloseTo(73.3333333, 6);
    expect(r.coverage).toBe(1);
    const by = Object.fromEntries(r.flat.map((n) => [n.id, n]));
    expect(by.service!.score).toBeCloseTo(88.888889, 5);
    expect(by.environment!.score).toBe(50);
    // effective weights: attitude 0.6·2/3 = 0.4, speed 0.2, cleanliness 0.2, waiting 0.2
    expect(by.attitude!.effectiveWeight).toBeCloseTo(0.4, 12);
    expect(by.attitude!.contribution).toBeCloseTo(40, 9);
    expect(by.speed!.contribution).toBeCloseTo(13.333333, 5);
    expect(by.cleanliness!.contribution).toBeCloseTo(15, 9);
    expect(by.waiting!.contribution).toBeCloseTo(5, 9);
    // shortfalls 0 + 6.667 + 5 + 15 = 26.667 = 100 − 73.333
    expect(by.speed!.shortfall).toBeCloseTo(6.666667, 5);
    expect(by.waiting!.shortfall).toBeCloseTo(15, 9);
    expect(by.speed!.level).toBe(2);
    expect(by.service!.weight).toBeCloseTo(0.6, 12);
    expect(by.attitude!.department).toBe('counter');
    expect(r.departments.counter!.contribution).toBeCloseTo(53.333333, 5);
    expect(r.departments.counter!.shortfall).toBeCloseTo(6.666667, 5);
    expect(r.departments.operations).toEqual({ contribution: expect.closeTo(5, 9), shortfall: expect.closeTo(15, 9), weight: expect.closeTo(0.2, 12) });
    expect(r.nodes.map((n) => n.id)).toEqual(['service', 'environment']);
    expect(r.nodes[0]!.children!.map((n) => n.id)).toEqual(['attitude', 'speed']);
  });

  it('renormalises over answered siblings and reports coverage', () => {
    // q2 missing: service = attitude = 100, its coverage 2/3; index = 0.6·100 + 0.4·50 = 80
    // root coverage = 0.6·2/3 + 0.4·1 = 0.8
    const r = indexScore(tree, { q1: 3, q3: 4, q4: 2 });
    expect(r.score).toBeCloseTo(80, 9);
    expect(r.coverage).toBeCloseTo(0.8, 12);
    const by = Object.fromEntries(r.flat.map((n) => [n.id, n]));
    expect(by.speed).toMatchObject({ score: null, contribution: 0, effectiveWeight: 0, coverage: 0 });
    expect(by.attitude!.effectiveWeight).toBeCloseTo(0.6, 12);
    expect(by.service!.coverage).toBeCloseTo(2 / 3, 12);
    // the whole environment branch missing: index = service = 88.889, coverage 0.6
    const s = indexScore(tree, { q1: 3, q2: 2 });
    expect(s.score).toBeCloseTo(88.888889, 5);
    expect(s.coverage).toBeCloseTo(0.6, 12);
  });

  it("supports the seed's 3/2/1 evaluator roll-up and averages many ratings", () => {
    const seed: IndicatorTree = {
      children: [{ id: 'satisfaction', children: [{ id: 'perception', children: [{ id: 'on-site', question: 'rating', scale: ev3, scoring: 'ratio' }] }] }],
    };
    // satisfied 3, satisfied 3, neutral 2, dissatisfied 1 → 9 of 12 points = 75 of 100
    expect(indexScore(seed, { rating: [3, 3, 2, 1] }).score).toBeCloseTo(75, 9);
    // the linear 'range' scoring maps 3/2/1 → 100/50/0 instead: (100+100+50+0)/4 = 62.5
    const range: IndicatorTree = { children: [{ id: 'x', question: 'rating', scale: ev3 }] };
    expect(indexScore(range, { rating: [3, 3, 2, 1] }).score).toBeCloseTo(62.5, 9);
    // custom points: satisfied 10, neutral 6, dissatisfied 0 → (10+6)/2 = 8 of 10 = 80
    const custom: IndicatorTree = { children: [{ id: 'x', question: 'r', scale: ev3, scoring: 'ratio', points: { 3: 10, 2: 6, 1: 0 } }] };
    expect(indexScore(custom, { r: [3, 2] }).score).toBeCloseTo(80, 9);
  });

  it('reads rating and checklist answers from a submission, and direct values', () => {
    const t: IndicatorTree = {
      children: [
        { id: 'nps', question: 'q1' },
        { id: 'greeted', question: 'q2', item: 'greeted' },
        { id: 'thanked', question: 'q2', item: 'thanked' },
        { id: 'wait', value: 4, scale: csat5 },
      ],
    };
    // nps 7 → 70; greeted true → 100; thanked false → 0; wait 4 on csat5 → 75; mean (70+100+0+75)/4 = 61.25
    const r = indexScore(t, {
      q1: { type: 'rating', scale: { kind: 'nps' }, value: 7 },
      q2: { type: 'checklist', value: { greeted: true, thanked: false } },
    });
    expect(r.score).toBeCloseTo(61.25, 9);
  });

  it('scores many submissions: each leaf averages the responses that answered it', () => {
    const rating = (value: number) => ({ type: 'rating' as const, scale: ev3, value });
    const check = (greeted: boolean) => ({ type: 'checklist' as const, value: { greeted } });
    const subs: Pick<Submission, 'status' | 'answers'>[] = [
      { status: 'complete' as const, answers: { r: rating(3), c: check(true) } },
      { status: 'complete' as const, answers: { r: rating(1), c: check(false) } },
      { status: 'partial' as const, answers: { r: rating(2) } },
      { status: 'no-rating' as const, answers: {} },
    ];
    const answers = answersByQuestion(subs);
    expect(Object.keys(answers)).toEqual(['r', 'c']);
    const t: IndicatorTree = {
      children: [
        { id: 'satisfaction', weight: 3, question: 'r', scoring: 'ratio' },
        { id: 'greeted', weight: 1, question: 'c', item: 'greeted' },
      ],
    };
    // satisfaction: (3 + 1 + 2)/3 points of 3 each → (100 + 33.33 + 66.67)/3 = 66.67
    // greeted: 1 of 2 → 50; index = 0.75·66.67 + 0.25·50 = 50 + 12.5 = 62.5
    expect(indexScore(t, answers).score).toBeCloseTo(62.5, 9);
  });

  it('documents weights that do not sum to 1: normalised, unless strictWeights', () => {
    const a = indexScore({ children: [{ id: 'a', weight: 40, value: 5, scale: csat5 }, { id: 'b', weight: 60, value: 1, scale: csat5 }] });
    const b = indexScore({ children: [{ id: 'a', weight: 0.4, value: 5, scale: csat5 }, { id: 'b', weight: 0.6, value: 1, scale: csat5 }] });
    expect(a.score).toBeCloseTo(40, 9); // 0.4·100 + 0.6·0
    expect(b.score).toBeCloseTo(40, 9);
    expect(codeAndField(() => indexScore({ children: [{ id: 'a', weight: 40, value: 5, scale: csat5 }] }, {}, { strictWeights: true }))).toEqual([
      'invalid-definition',
      'tree.children[*].weight',
    ]);
  });

  it('huge and tiny sibling weights keep their shares (normalised by the largest, no overflow)', () => {
    const huge = indexScore({ children: [{ id: 'a', weight: 1e308, value: 5, scale: csat5 }, { id: 'b', weight: 1e308, value: 1, scale: csat5 }] });
    expect(huge.score).toBe(50);
    expect(huge.flat.map((n) => n.weight)).toEqual([0.5, 0.5]);
    const lopsided = indexScore({ children: [{ id: 'a', weight: 1.5e308, value: 5, scale: csat5 }, { id: 'b', weight: 0.5e308, value: 1, scale: csat5 }] });
    expect(lopsided.score).toBeCloseTo(75, 9);
    const tiny = indexScore({ children: [{ id: 'a', weight: 1e-320, value: 5, scale: csat5 }, { id: 'b', weight: 3e-320, value: 1, scale: csat5 }] });
    expect(tiny.score).toBeCloseTo(25, 9);
    // strictWeights still sees the real sum
    expect(codeAndField(() => indexScore({ children: [{ id: 'a', weight: 1e308, value: 5, scale: csat5 }, { id: 'b', weight: 1e308, value: 1, scale: csat5 }] }, {}, { strictWeights: true }))).toEqual([
      'invalid-definition',
      'tree.children[*].weight',
    ]);
  });

  it("rejects ratio scoring on a scale with negative points (it would score −2 on −2..2 as −100)", () => {
    const likert = { kind: 'likert' as const, min: -2, max: 2 };
    expect(codeAndField(() => indexScore({ children: [{ id: 'a', value: -2, scale: likert, scoring: 'ratio' }] }))).toEqual([
      'invalid-definition',
      'tree.children[0].scoring',
    ]);
    // also when the scale comes from the answer, and also when the leaf is not answered
    expect(codeAndField(() => indexScore({ children: [{ id: 'a', question: 'q', scoring: 'ratio' }] }, { q: { type: 'rating', scale: likert, value: 1 } }))).toEqual([
      'invalid-definition',
      'tree.children[0].scoring',
    ]);
    expect(codeAndField(() => indexScore({ children: [{ id: 'a', question: 'q', scale: likert, scoring: 'ratio' }, { id: 'b', value: 5, scale: csat5 }] }))).toEqual([
      'invalid-definition',
      'tree.children[0].scoring',
    ]);
    // range scoring, or ratio with a points map, are fine on it
    expect(indexScore({ children: [{ id: 'a', value: -2, scale: likert }] }).score).toBe(0);
    expect(indexScore({ children: [{ id: 'a', value: -2, scale: likert, scoring: 'ratio', points: { '-2': 0, '-1': 1, 0: 2, 1: 3, 2: 4 } }] }).score).toBe(0);
    // NPS 0–10 has no negative points: ratio is points ÷ 10
    expect(indexScore({ children: [{ id: 'a', value: 7, scale: { kind: 'nps' }, scoring: 'ratio' }] }).score).toBeCloseTo(70, 12);
  });

  it('rejects bad trees and answers with named fields', () => {
    expect(codeAndField(() => indexScore({ children: [{ id: 'a', weight: 0, value: 1, scale: csat5 }] }))).toEqual(['invalid-definition', 'tree.children[*].weight']);
    expect(codeAndField(() => indexScore({ children: [{ id: 'a', weight: -1, value: 1, scale: csat5 }] }))).toEqual(['invalid-weight', 'tree.children[0].weight']);
    expect(codeAndField(() => indexScore({ children: [{ id: 'a', value: 1, scale: csat5 }, { id: 'a', value: 1, scale: csat5 }] }))).toEqual([
      'invalid-definition',
      'tree.children[1].id',
    ]);
    expect(codeAndField(() => indexScore({ children: [{ id: 'a', question: 'q', children: [] }] }))).toEqual(['invalid-definition', 'tree.children[0]']);
    expect(codeAndField(() => indexScore({ children: [] }))).toEqual(['invalid-definition', 'tree.children']);
    const deep: IndicatorTree = { children: [{ id: 'a', children: [{ id: 'b', children: [{ id: 'c', children: [{ id: 'd', value: 1, scale: csat5 }] }] }] }] };
    expect(codeAndField(() => indexScore(deep))).toEqual(['invalid-definition', 'tree.children[0].children[0].children[0].children']);
    expect(indexScore(deep, {}, { maxLevels: 4 }).score).toBe(0);
    expect(codeAndField(() => indexScore(tree, { q1: 4 }))).toEqual(['off-scale', 'answers.q1']);
    expect(codeAndField(() => indexScore(tree, { q1: [3, 2.5] }))).toEqual(['off-step', 'answers.q1[1]']);
    expect(codeAndField(() => indexScore(tree, { q1: { type: 'rating', scale: { kind: 'nps' }, value: 9 } }))).toEqual(['scale-mismatch', 'answers.q1.scale']);
    expect(codeAndField(() => indexScore(tree, { q1: { type: 'text', value: 'hi' } }))).toEqual(['invalid-value', 'answers.q1']);
    expect(codeAndField(() => indexScore({ children: [{ id: 'a', question: 'q' }] }, { q: 3 }))).toEqual(['invalid-definition', 'tree.children[0].scale']);
    expect(codeAndField(() => indexScore(tree, {}))).toEqual(['empty', 'answers']);
  });

  it('property: index in 0..100, leaf contributions sum to it, contributions + shortfalls = 100', () => {
    const maybe = (max: number) => fc.option(fc.integer({ min: 1, max }), { nil: undefined });
    fc.assert(
      fc.property(
        fc.record({ q1: maybe(3), q2: maybe(3), q3: maybe(5), q4: maybe(5) }),
        fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), { minLength: 4, maxLength: 4 }),
        (answers, w) => {
          fc.pre(Object.values(answers).some((v) => v !== undefined));
          const t: IndicatorTree = {
            children: [
              { id: 's', weight: w[0], children: [{ id: 'a', weight: w[1], question: 'q1', scale: ev3, scoring: 'ratio' }, { id: 'b', question: 'q2', scale: ev3 }] },
              { id: 'e', weight: w[2], children: [{ id: 'c', weight: w[3], question: 'q3', scale: csat5 }, { id: 'd', question: 'q4', scale: csat5 }] },
            ],
          };
          const r = indexScore(t, answers);
          expect(r.score).toBeGreaterThanOrEqual(0);
          expect(r.score).toBeLessThanOrEqual(100 + 1e-9);
          const leaves = r.flat.filter((n) => !n.children);
          expect(leaves.reduce((s, n) => s + n.contribution, 0)).toBeCloseTo(r.score, 6);
          expect(leaves.reduce((s, n) => s + n.contribution + n.shortfall, 0)).toBeCloseTo(100, 6);
          expect(r.coverage).toBeGreaterThan(0);
          expect(r.coverage).toBeLessThanOrEqual(1 + 1e-12);
        },
      ),
    );
  });
});
