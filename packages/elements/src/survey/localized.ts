import type { LocalizedText } from '@feedbackkit/core';
import { matchLocale } from '../shared/i18n.js';

/**
 * A definition's text in `locale`: exact match, then same language (`zh` for `zh-CN`), then
 * the same for the definition's default locale, then English, then whatever is there (the
 * element catalogs' `matchLocale` rule). Always a string.
 */
export function localize(text: LocalizedText | undefined, locale: string, fallback = 'en'): string {
  if (text === undefined || typeof text === 'string') return text ?? '';
  const keys = Object.keys(text);
  const key = matchLocale(locale, keys) ?? matchLocale(fallback, keys) ?? matchLocale('en', keys) ?? keys[0];
  return key === undefined ? '' : (text[key] ?? '');
}
