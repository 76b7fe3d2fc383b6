import type { LocalizedText } from '@feedbackkit/core';

/**
 * A definition's text in `locale`: exact match, then same language (`zh` for `zh-CN`), then
 * the definition's default locale, then English, then whatever is there. Always a string.
 */
export function localize(text: LocalizedText | undefined, locale: string, fallback = 'en'): string {
  if (text === undefined) return '';
  if (typeof text === 'string') return text;
  const keys = Object.keys(text);
  const wanted = locale.toLowerCase();
  const lang = wanted.split('-')[0];
  const key =
    keys.find((k) => k.toLowerCase() === wanted) ??
    keys.find((k) => k.toLowerCase().split('-')[0] === lang) ??
    keys.find((k) => k.toLowerCase() === fallback.toLowerCase()) ??
    keys.find((k) => k.toLowerCase() === 'en') ??
    keys[0];
  return key === undefined ? '' : (text[key] ?? '');
}
