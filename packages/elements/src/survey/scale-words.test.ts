import { describe, expect, it } from 'vitest';
import { scaleFor, scaleShape } from '@feedbackkit/core';
import type { ScaleRef } from '@feedbackkit/core';
import type { RatingMessageKey } from '../fb-rating-messages.js';
import type { I18nController } from '../shared/i18n.js';
import { scaleWords } from './scale-words.js';

/** A stand-in for <fb-rating>'s catalog controller: `point.<word>` from `table`, stars counted. */
const points = (table: Record<string, string> = {}) =>
  ({
    maybe: (key: string) => table[key],
    t: (key: string, params?: { count?: number }) => `${key}:${params?.count}`,
  }) as unknown as I18nController<RatingMessageKey>;

describe('scaleWords', () => {
  it("translates the point words with point.<word> messages, else keeps English", () => {
    const word = scaleWords(points({ 'point.Very satisfied': 'راضٍ جدًا' }), scaleShape({ kind: 'csat', points: 5 }));
    expect(word(-1)).toBe('راضٍ جدًا');
    expect(word(0)).toBe('Very dissatisfied');
  });

  it("uses the English words of core's labels for every verbal variant, and for the ends of NPS and Likert", () => {
    const verbal: ScaleRef[] = [
      ...[3, 5, 7].map((p) => ({ kind: 'csat' as const, points: p })),
      ...[5, 7].map((p) => ({ kind: 'ces' as const, points: p })),
      ...[3, 4, 5].map((p) => ({ kind: 'smiley' as const, points: p })),
      ...[3, 4, 5].map((p) => ({ kind: 'evaluator' as const, points: p })),
      { kind: 'thumbs' },
    ];
    for (const ref of verbal) {
      const full = scaleFor(ref);
      const word = scaleWords(points(), scaleShape(ref));
      expect(full.values.map((_, i) => word(i)), full.id).toEqual(full.labels.en);
      expect([word(0, true), word(-1, true)], full.id).toEqual([full.anchors.en.low, full.anchors.en.high]);
    }
    for (const ref of [{ kind: 'nps' }, { kind: 'likert', min: 1, max: 7 }] as ScaleRef[]) {
      const full = scaleFor(ref);
      const word = scaleWords(points(), scaleShape(ref));
      expect(full.values.map((_, i) => word(i)).every((w) => w === ''), full.id).toBe(true); // numbers
      expect([word(0, true), word(-1, true)], full.id).toEqual([full.anchors.en.low, full.anchors.en.high]);
    }
  });

  it('counts stars with the stars message', () => {
    const word = scaleWords(points(), scaleShape({ kind: 'stars', points: 5, step: 0.5 }));
    expect(word(-1)).toBe('stars:5');
    expect(word(1)).toBe('stars:1.5');
  });
});
