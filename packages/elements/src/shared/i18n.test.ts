import { describe, expect, it } from 'vitest';
import { formatMessage, formatNumber, matchLocale } from './i18n.js';

describe('matchLocale', () => {
  const available = ['en', 'zh-CN', 'ar'];
  it('prefers an exact match, case-insensitively', () => {
    expect(matchLocale('zh-cn', available)).toBe('zh-CN');
  });
  it('falls back to the same language', () => {
    expect(matchLocale('ar-EG', available)).toBe('ar');
    expect(matchLocale('zh-Hans', available)).toBe('zh-CN');
    expect(matchLocale('en-GB', available)).toBe('en');
  });
  it('returns undefined for an unknown language', () => {
    expect(matchLocale('fr', available)).toBeUndefined();
  });
});

describe('formatMessage', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(formatMessage('{value} – {label} {missing}', 'en', { value: 9, label: 'extremely likely' })).toBe(
      '9 – extremely likely {missing}',
    );
  });
  it('chooses the plural form by count (English one/other)', () => {
    const stars = { one: '{count} star', other: '{count} stars' };
    expect(formatMessage(stars, 'en', { count: 1 })).toBe('1 star');
    expect(formatMessage(stars, 'en', { count: 4 })).toBe('4 stars');
  });
  it('uses Arabic plural categories (2 is "two", 3 is "few")', () => {
    const m = { one: 'one', two: 'two', few: 'few', many: 'many', other: 'other' };
    expect(formatMessage(m, 'ar', { count: 2 })).toBe('two');
    expect(formatMessage(m, 'ar', { count: 3 })).toBe('few');
    expect(formatMessage(m, 'ar', { count: 11 })).toBe('many');
  });
  it('formats numbers for the locale (thousands separator in en)', () => {
    expect(formatNumber(12345, 'en')).toBe('12,345');
    // An invalid locale tag falls back to English instead of throwing.
    expect(formatNumber(7, 'not a locale!')).toBe('7');
  });
});
