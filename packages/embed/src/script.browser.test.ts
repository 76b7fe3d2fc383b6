/// <reference types="mocha" />
import { expect } from '@esm-bundle/chai';
import { until } from '../test/until.js';

// Loads the BUILT script-tag bundle the way a page would: a module <script> configured by
// its data- attributes. Skipped (with a message) when dist/ has not been built.
const src = new URL('../dist/feedbackkit.min.js', import.meta.url).href;

describe('dist/feedbackkit.min.js (script tag)', function () {
  it('configures itself from data-endpoint / data-site-key and delivers a rating', async function () {
    if (!(await fetch(src, { method: 'HEAD' })).ok) {
      console.warn('script bundle test skipped: packages/embed/dist/feedbackkit.min.js is missing (run npm run build)');
      this.skip();
    }
    const sent: Array<{ url: string; key: string | null; body: { submissions: Array<{ id: string; answers: object }> } }> = [];
    const realFetch = window.fetch;
    window.fetch = async (input, init) => {
      if (String(input) !== '/feedback') return realFetch(input, init);
      const body = JSON.parse(String(init?.body));
      sent.push({ url: String(input), key: new Headers(init?.headers).get('X-Feedbackkit-Key'), body });
      return new Response(JSON.stringify({ accepted: body.submissions.map((s: { id: string }) => s.id), rejected: [] }), {
        headers: { 'content-type': 'application/json' },
      });
    };
    try {
      const script = document.createElement('script');
      script.type = 'module';
      script.src = src;
      script.dataset.endpoint = '/feedback';
      script.dataset.siteKey = 'site-from-tag';
      script.dataset.outbox = `script-test-${Date.now()}`;
      const loaded = new Promise((resolve, reject) => {
        script.onload = resolve;
        script.onerror = reject;
      });
      document.head.append(script);
      await loaded;
      expect(typeof window.Feedbackkit?.init).to.equal('function');
      for (const tag of ['fb-rating', 'fb-survey', 'fb-prompt', 'fb-kiosk']) expect(customElements.get(tag), tag).to.not.equal(undefined);

      document.body.innerHTML = '<fb-rating scale="csat" autosubmit question="csat"></fb-rating>';
      const rating = document.querySelector('fb-rating')!;
      await rating.updateComplete;
      rating.shadowRoot!.querySelectorAll<HTMLElement>('[role=radio]')[4]!.click();
      await until(() => sent.length > 0);
      expect(sent[0]!.key).to.equal('site-from-tag');
      expect(sent[0]!.body.submissions[0]!.answers).to.deep.equal({
        csat: { type: 'rating', scale: { kind: 'csat', points: 5 }, value: 5 },
      });
    } finally {
      window.fetch = realFetch;
    }
  });
});
