/// <reference types="mocha" />
// Form state restore by the browser itself (not a direct formStateRestoreCallback call): a
// page with <fb-rating> in a plain form, left and come back to through history. Chromium
// saves each form control's state (for a form-associated custom element, the state it gave
// setFormValue) and restores it when the document is rebuilt from the history entry. The
// page runs in a second window whose document has an unload listener, which keeps it out of
// the back/forward cache, so coming back really rebuilds it.
import { expect } from '@esm-bundle/chai';
import type { FbRating } from './fb-rating.js';

const fixture = new URL('../test/fixtures/restore.html', import.meta.url).href;
const away = new URL('../test/fixtures/away.html', import.meta.url).href;
type Win = Window & typeof globalThis;

/** Resolves with the window's <fb-rating> once a new document with it is upgraded. */
async function ratingIn(win: Win, not?: Document): Promise<FbRating> {
  for (let i = 0; i < 250; i++) {
    const doc = win.document;
    if (doc !== not && doc.readyState === 'complete' && doc.querySelector('fb-rating') && win.customElements?.get('fb-rating')) {
      const el = doc.querySelector<FbRating>('fb-rating')!;
      await el.updateComplete;
      return el;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the fixture page did not load');
}

describe('<fb-rating> form state restore (browser history)', () => {
  it('a rating chosen before leaving the page is restored, with its form value, on coming back', async function () {
    this.timeout(20_000);
    const win = window.open(fixture, '_blank') as Win;
    try {
      let el = await ratingIn(win);
      const first = win.document;
      // Not eligible for the back/forward cache: the document is rebuilt from history.
      win.addEventListener('unload', () => {});
      const radios = () => Array.from(el.shadowRoot!.querySelectorAll<HTMLElement>('[role=radio]'));
      radios()[3]!.click(); // 4 stars
      await el.updateComplete;
      expect(el.value).to.equal(4);
      win.location.href = away;
      for (let i = 0; i < 250 && !win.document.title.startsWith('away'); i++) await new Promise((r) => setTimeout(r, 20));
      expect(win.document.title).to.equal('away');
      win.history.back();
      el = await ratingIn(win, first);
      // Restoration happens once the element is upgraded and the parser is done.
      for (let i = 0; i < 50 && el.value !== 4; i++) await new Promise((r) => setTimeout(r, 20));
      expect(el.value).to.equal(4);
      await el.updateComplete;
      expect(radios()[3]!.getAttribute('aria-checked')).to.equal('true');
      expect(new win.FormData(el.closest('form')!).get('score')).to.equal('4');
    } finally {
      win.close();
    }
  });
});
