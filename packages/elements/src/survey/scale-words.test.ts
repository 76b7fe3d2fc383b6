import { describe, expect, it } from 'vitest';
import { scaleFor } from '@feedbackkit/core';
import type { RatingMessageKey } from '../fb-rating-messages.js';
import type { I18nController } from '../shared/i18n.js';
import { scaleWord } from './scale-words.js';

/** A stand-in for <fb-rating>'s catalog controller: `point.<word>` from `table`, stars counted. */
const points = (table: Record<string, string>) =>
  ({
    maybe: (key: string) => table[key],
    t: (key: string, params?: { count?: number }) => `${key}:${params?.count}`,
  }) as unknown as I18nController<RatingMessageKey>;

describe('scaleWord', () => {
  const csat = scaleFor({ kind: 'csat', points: 5 });
  const nps = scaleFor({ kind: 'nps' });

  it("translates core's English words with point.<word> messages, first to last and the anchors", () => {
    const word = scaleWord(points({ 'point.Very satisfied': 'راضٍ جدًا', 'point.Not at all likely': 'غير محتمل على الإطلاق' }), csat, 'ar');
    expect(word(-1)).toBe('راضٍ جدًا');
    expect(word(0)).toBe('Very dissatisfied'); // no translation: English
    expect(scaleWord(points({ 'point.Not at all likely': 'غير محتمل على الإطلاق' }), nps, 'ar')(0, 'low')).toBe('غير محتمل على الإطلاق');
  });

  it("without a translation, Chinese falls back to core's zh-CN labels, other locales to English", () => {
    expect(scaleWord(points({}), csat, 'zh-CN')(4)).toBe(csat.labels['zh-CN'][4]);
    expect(scaleWord(points({}), nps, 'zh')(0, 'high')).toBe(nps.anchors['zh-CN'].high);
    expect(scaleWord(points({}), csat, 'fr')(4)).toBe('Very satisfied');
  });

  it('counts stars with the stars message', () => {
    expect(scaleWord(points({}), scaleFor({ kind: 'stars', points: 5 }), 'en')(-1)).toBe('stars:5');
  });
});
