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

      // <fb-survey> and <fb-kiosk> render and deliver from the minified bundle too (their
      // templates squeezed at build time, rendered by survey/template.ts).
      const sentAnswer = (id: string) => sent.flatMap((r) => r.body.submissions).find((x) => id in x.answers);
      const definition = { id: 's', version: 1, questions: [{ id: 'topic', type: 'choice', prompt: 'Pick one', options: [{ id: 'a', label: 'A' }] }] };
      document.body.innerHTML =
        `<fb-survey lang="en"><script type="application/json">${JSON.stringify(definition)}</script></fb-survey>` +
        '<fb-kiosk inline lang="en" debounce-seconds="0" no-wake-lock></fb-kiosk>';
      const survey = document.querySelector('fb-survey')!;
      await survey.updateComplete;
      expect(survey.shadowRoot!.querySelector('#heading')!.textContent).to.equal('Pick one');
      survey.shadowRoot!.querySelector<HTMLInputElement>('input[type=radio]')!.click();
      survey.shadowRoot!.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
      await until(() => sentAnswer('topic') !== undefined);
      expect(sentAnswer('topic')!.answers).to.deep.equal({ topic: { type: 'choice', value: ['a'] } });
      await survey.updateComplete;
      expect(survey.shadowRoot!.querySelector('#heading')!.textContent).to.equal('Thank you for your feedback.');
      const kiosk = document.querySelector('fb-kiosk')!;
      await kiosk.updateComplete;
      kiosk.shadowRoot!.querySelectorAll<HTMLButtonElement>('button.face')[4]!.click();
      await until(() => sentAnswer('rating') !== undefined);
      expect(sentAnswer('rating')!.answers).to.deep.equal({ rating: { type: 'rating', scale: { kind: 'evaluator', points: 5 }, value: 5 } });
      await kiosk.updateComplete;
      expect(kiosk.shadowRoot!.querySelector('h2')!.textContent).to.equal('Thank you!');
      document.body.replaceChildren();
    } finally {
      window.fetch = realFetch;
    }
  });
});
