/// <reference types="mocha" />
import { expect } from '@esm-bundle/chai';
import { safeParseSubmission } from '@feedbackkit/schema';
import type { FbQueueEvent, FbRating, QueueState } from '@feedbackkit/elements';
import { init } from './index.js';
import { until } from '../test/until.js';

interface Sent {
  url: string;
  headers: Headers;
  body: { protocol: number; submissions: Array<{ id: string }> };
}

/** A backend that acknowledges every id it receives (wire protocol v1), recording requests. */
function fakeBackend(sent: Sent[]): typeof fetch {
  return async (input, initArg) => {
    const body = JSON.parse(String(initArg?.body)) as Sent['body'];
    sent.push({ url: String(input), headers: new Headers(initArg?.headers), body });
    return new Response(JSON.stringify({ accepted: body.submissions.map((s) => s.id), rejected: [] }), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  };
}

describe('@feedbackkit/embed init()', () => {
  afterEach(() => document.body.replaceChildren());

  it('registers the four elements on import', () => {
    for (const tag of ['fb-rating', 'fb-survey', 'fb-prompt', 'fb-kiosk']) {
      expect(customElements.get(tag), tag).to.not.equal(undefined);
    }
  });

  it('routes fb-submit into the outbox with the site key, and announces queue counts', async () => {
    const sent: Sent[] = [];
    const states: QueueState[] = [];
    const onQueue = (e: FbQueueEvent) => states.push(e.detail);
    document.addEventListener('fb-queue', onQueue);
    const fk = init({
      endpoint: '/collect',
      siteKey: 'site-123',
      name: `embed-test-${Date.now()}`,
      fetch: fakeBackend(sent),
      autoFlush: false,
    });
    try {
      // A second init() keeps the first connection (no double sending).
      const warn = console.warn;
      console.warn = () => {};
      expect(init({ endpoint: '/other' })).to.equal(fk);
      console.warn = warn;

      document.body.innerHTML = '<fb-rating scale="nps" autosubmit channel="web" stage="checkout"></fb-rating>';
      const rating = document.querySelector<FbRating>('fb-rating')!;
      await rating.updateComplete;
      rating.shadowRoot!.querySelectorAll<HTMLElement>('[role=radio]')[9]!.click();
      await rating.updateComplete;
      await rating.updateComplete;
      // Stored before anything is sent: one queued.
      await until(() => states.some((s) => s.queued === 1));
      expect(fk.queueState().queued).to.equal(1);

      await fk.outbox.flush();
      expect(sent.length).to.equal(1);
      expect(sent[0]!.url).to.equal('/collect');
      expect(sent[0]!.headers.get('X-Feedbackkit-Key')).to.equal('site-123');
      expect(sent[0]!.body.protocol).to.equal(1);
      const submission = sent[0]!.body.submissions[0]!;
      expect(safeParseSubmission(submission).success).to.equal(true);
      expect(submission).to.deep.include({ status: 'complete' });
      expect((submission as unknown as { context: object }).context).to.deep.include({ channel: 'web', stage: 'checkout' });
      await until(() => states.at(-1)!.queued === 0);
      expect(fk.queueState().queued).to.equal(0);
      expect(states.at(-1)!.queued).to.equal(0);

      // A veto on the way up (preventDefault on the element) is not stored.
      document.body.innerHTML = '<fb-rating scale="thumbs" autosubmit></fb-rating>';
      const vetoed = document.querySelector<FbRating>('fb-rating')!;
      vetoed.addEventListener('fb-submit', (e) => e.preventDefault());
      await vetoed.updateComplete;
      vetoed.shadowRoot!.querySelectorAll<HTMLElement>('[role=radio]')[0]!.click();
      await vetoed.updateComplete;
      await vetoed.updateComplete;
      await new Promise((r) => setTimeout(r, 100));
      expect(vetoed.submitted).to.equal(false);
      expect(fk.queueState().queued).to.equal(0);
      await fk.outbox.flush();
      expect(sent.length).to.equal(1);
    } finally {
      document.removeEventListener('fb-queue', onQueue);
      fk.close();
    }
  });
});
