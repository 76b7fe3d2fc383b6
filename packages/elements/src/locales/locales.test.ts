import { describe, expect, it } from 'vitest';
import { ratingMessages } from '../fb-rating-messages.js';
import { promptMessages } from '../fb-prompt-messages.js';
import { surveyMessages } from '../survey/messages.js';
import { kioskMessages } from '../kiosk/messages.js';

const catalogs = { ratingMessages, promptMessages, surveyMessages, kioskMessages };

describe('built-in locale packs (locales/*.js)', () => {
  it('the element modules carry English only; locales/all.js adds zh-CN and ar with every English key', async () => {
    for (const catalog of Object.values(catalogs)) expect(Object.keys(catalog)).toEqual(['en']);
    await import('./all.js');
    for (const [name, catalog] of Object.entries(catalogs)) {
      const keys = Object.keys(catalog.en);
      for (const locale of ['zh-CN', 'ar']) {
        const pack = catalog[locale] ?? {};
        // Every English key has a translation (rating's Arabic pack also has point.* labels).
        expect(keys.filter((k) => !(k in pack)), `${name} ${locale}`).toEqual([]);
      }
    }
  });

  it('packs keep each message on its key: the {placeholders} match English, and spot checks', async () => {
    await import('./all.js');
    const names = (m: unknown) => [...JSON.stringify(m).matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort().join();
    for (const [name, catalog] of Object.entries(catalogs)) {
      for (const [key, en] of Object.entries(catalog.en)) {
        for (const locale of ['zh-CN', 'ar']) {
          const m = (catalog as Record<string, Record<string, unknown>>)[locale]![key];
          // Arabic plural forms for one/two say the number in words.
          const expected = typeof m === 'object' && m !== null ? names((m as Record<string, string>).other) : names(m);
          expect(expected, `${name} ${locale} ${key}`).toBe(names(typeof en === 'object' ? en.other : en));
        }
      }
    }
    expect(surveyMessages['zh-CN']!.next).toBe('下一题');
    expect(surveyMessages.ar!['kind.email']).toBe('البريد الإلكتروني');
    expect(surveyMessages.ar!.characters).toMatchObject({ zero: 'لم يتبق أي حرف', two: 'تبقى حرفان', other: 'تبقى {count} حرف' });
    expect(kioskMessages['zh-CN']!.done).toBe('完成');
    expect(kioskMessages.ar!.redacted).toBe('أُزيلت البيانات الشخصية من تعليقك.');
    expect(ratingMessages['zh-CN']!['question.nps']).toBe('您有多大可能向朋友或同事推荐我们？');
    const points = ratingMessages as Record<string, Record<string, unknown>>;
    expect(points['zh-CN']!['point.Neither agree nor disagree']).toBe('中立');
    expect(points.ar!['point.Thumbs up']).toBe('أعجبني');
    expect(ratingMessages.ar!.stars).toMatchObject({ one: 'نجمة واحدة', few: '{count} نجوم' });
  });
});
