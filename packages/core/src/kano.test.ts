import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { kano, kanoAnswers, kanoSummary } from './kano.js';
import type { KanoPair } from './kano.js';
import { FeedbackError } from './errors.js';
import type { KanoAnswer } from './types.js';

describe('kano', () => {
  it('follows the standard evaluation table cell by cell', () => {
    // Rows functional, columns dysfunctional (like, must-be, neutral, live-with, dislike),
    // written out from the published table, not from the implementation.
    const expected: Record<KanoAnswer, string[]> = {
      like: ['Q', 'A', 'A', 'A', 'O'],
      'must-be': ['R', 'I', 'I', 'I', 'M'],
      neutral: ['R', 'I', 'I', 'I', 'M'],
      'live-with': ['R', 'I', 'I', 'I', 'M'],
      dislike: ['R', 'R', 'R', 'R', 'Q'],
    };
    for (const f of kanoAnswers) {
      kanoAnswers.forEach((d, j) => expect(kano(f, d), `${f}/${d}`).toBe(expected[f][j]));
    }
  });
  it('classifies the textbook examples', () => {
    expect(kano('like', 'dislike')).toBe('O');
    expect(kano('neutral', 'dislike')).toBe('M');
    expect(kano('like', 'neutral')).toBe('A');
    expect(kano('neutral', 'neutral')).toBe('I');
    expect(kano('dislike', 'like')).toBe('R');
    expect(kano('like', 'like')).toBe('Q');
  });
  it('table totals: 25 cells = 3 A + 1 O + 3 M + 9 I + 7 R + 2 Q', () => {
    const counts: Record<string, number> = {};
    for (const f of kanoAnswers) for (const d of kanoAnswers) counts[kano(f, d)] = (counts[kano(f, d)] ?? 0) + 1;
    expect(counts).toEqual({ A: 3, O: 1, M: 3, I: 9, R: 7, Q: 2 });
  });
  it('rejects answers that are not Kano answers, naming the field', () => {
    const err = (() => {
      try {
        kano('love' as KanoAnswer, 'dislike');
      } catch (e) {
        return e;
      }
    })() as FeedbackError;
    expect(err).toBeInstanceOf(FeedbackError);
    expect(err.code).toBe('invalid-value');
    expect(err.field).toBe('functional');
    expect(err.message).toContain('"love"');
    expect(() => kano('like', undefined as unknown as KanoAnswer)).toThrow(/dysfunctional/);
  });
});

describe('kanoSummary', () => {
  it('counts, shares, dominant and better/worse per feature', () => {
    const p = (feature: string, functional: KanoAnswer, dysfunctional: KanoAnswer): KanoPair => ({ feature, functional, dysfunctional });
    const pairs = [
      // queue display: O, O, M, A, I  → A1 O2 M1 I1, n 5
      p('queue', 'like', 'dislike'),
      p('queue', 'like', 'dislike'),
      p('queue', 'neutral', 'dislike'),
      p('queue', 'like', 'live-with'),
      p('queue', 'neutral', 'neutral'),
      // coffee: A, A, R, Q → A2 R1 Q1
      p('coffee', 'like', 'neutral'),
      p('coffee', 'like', 'must-be'),
      p('coffee', 'dislike', 'like'),
      p('coffee', 'like', 'like'),
    ];
    const [queue, coffee] = kanoSummary(pairs);
    expect(queue!.feature).toBe('queue');
    expect(queue!.n).toBe(5);
    expect(queue!.counts).toEqual({ A: 1, O: 2, M: 1, I: 1, R: 0, Q: 0 });
    expect(queue!.shares.O).toBeCloseTo(0.4, 12); // 2/5
    expect(queue!.dominant).toBe('O');
    // better = (A+O)/(A+O+M+I) = 3/5 = 0.6; worse = −(O+M)/5 = −3/5 = −0.6
    expect(queue!.better).toBeCloseTo(0.6, 12);
    expect(queue!.worse).toBeCloseTo(-0.6, 12);
    // coffee: A+O+M+I = 2 → better = 2/2 = 1, worse = −0/2 = 0 (not −0)
    expect(coffee!.counts).toEqual({ A: 2, O: 0, M: 0, I: 0, R: 1, Q: 1 });
    expect(coffee!.better).toBe(1);
    expect(Object.is(coffee!.worse, 0)).toBe(true);
    expect(coffee!.dominant).toBe('A');
  });
  it('breaks ties M > O > A > I and gives null coefficients when only R/Q', () => {
    const [f] = kanoSummary([
      { feature: 'f', functional: 'like', dysfunctional: 'neutral' }, // A
      { feature: 'f', functional: 'neutral', dysfunctional: 'dislike' }, // M
    ]);
    expect(f!.dominant).toBe('M');
    const [g] = kanoSummary([{ feature: 'g', functional: 'dislike', dysfunctional: 'like' }]);
    expect(g!.better).toBeNull();
    expect(g!.worse).toBeNull();
    expect(g!.dominant).toBe('R');
  });
  it('names the failing pair', () => {
    expect(() => kanoSummary([{ feature: 'x', functional: 'like', dysfunctional: 'meh' as KanoAnswer }])).toThrow(
      /pairs\[0\]\.dysfunctional/,
    );
    expect(() => kanoSummary([{ feature: '', functional: 'like', dysfunctional: 'like' }])).toThrow(/pairs\[0\]\.feature/);
  });
  it('property: counts sum to n, shares to 1, better in 0..1, worse in −1..0', () => {
    const answer = fc.constantFrom(...kanoAnswers);
    fc.assert(
      fc.property(
        fc.array(fc.record({ feature: fc.constantFrom('a', 'b', 'c'), functional: answer, dysfunctional: answer }), { minLength: 1 }),
        (pairs) => {
          const out = kanoSummary(pairs);
          expect(out.reduce((s, f) => s + f.n, 0)).toBe(pairs.length);
          for (const f of out) {
            const total = Object.values(f.counts).reduce((a, b) => a + b, 0);
            expect(total).toBe(f.n);
            expect(Object.values(f.shares).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
            expect(f.counts[f.dominant]).toBe(Math.max(...Object.values(f.counts)));
            if (f.better !== null) expect(f.better).toBeGreaterThanOrEqual(0);
            if (f.better !== null) expect(f.better).toBeLessThanOrEqual(1);
            if (f.worse !== null) expect(f.worse).toBeLessThanOrEqual(0);
            if (f.worse !== null) expect(f.worse).toBeGreaterThanOrEqual(-1);
          }
        },
      ),
    );
  });
});
