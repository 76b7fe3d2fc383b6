import { describe, expect, it } from 'vitest';
import { localize } from './localized.js';

describe('localize', () => {
  const text = { en: 'Hello', 'zh-CN': '你好', ar: 'مرحبا' };
  it('picks the exact locale, then the language, then the fallback, then English, then any', () => {
    expect(localize(text, 'zh-CN')).toBe('你好');
    expect(localize(text, 'zh-cn')).toBe('你好');
    expect(localize(text, 'zh-TW')).toBe('你好'); // same language
    expect(localize(text, 'ar-EG')).toBe('مرحبا');
    expect(localize(text, 'fr')).toBe('Hello');
    expect(localize({ de: 'Hallo', ar: 'مرحبا' }, 'fr', 'ar')).toBe('مرحبا');
    expect(localize({ de: 'Hallo' }, 'fr')).toBe('Hallo');
    // The default locale and English also match by language (en-GB for en).
    expect(localize({ de: 'Farbe', 'en-GB': 'Colour' }, 'fr')).toBe('Colour');
    expect(localize({ de: 'Farbe', 'zh-TW': '顏色', en: 'Color' }, 'fr', 'zh-CN')).toBe('顏色');
    expect(localize('plain', 'ar')).toBe('plain');
    expect(localize(undefined, 'en')).toBe('');
    expect(localize({}, 'en')).toBe('');
  });
});
