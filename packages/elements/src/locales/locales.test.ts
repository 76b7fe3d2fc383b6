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
});
