/// <reference types="mocha" />
// Runs under packages/elements/test/csp.wtr.config.mjs: the built script-tag bundle on a page
// served with default-src 'self'; script-src 'self'; style-src 'self'; require-trusted-types-for 'script'.
import { expect } from '@esm-bundle/chai';
import { until } from './until.js';

interface TrustedTypes {
  createPolicy(name: string, rules: { createScriptURL(url: string): string }): { createScriptURL(url: string): string };
}

const violations: SecurityPolicyViolationEvent[] = [];
document.addEventListener('securitypolicyviolation', (e) => violations.push(e));
const src = new URL('../dist/feedbackkit.min.js', import.meta.url).href;

describe('dist/feedbackkit.min.js under a strict CSP', function () {
  it('loads, registers, renders and delivers with no violation', async function () {
    if (!(await fetch(src, { method: 'HEAD' })).ok) {
      console.warn('CSP bundle test skipped: packages/embed/dist/feedbackkit.min.js is missing (run npm run build)');
      this.skip();
    }
    const sent: unknown[] = [];
    const realFetch = window.fetch;
    window.fetch = async (input, init) => {
      if (String(input) !== '/csp-feedback') return realFetch(input, init);
      const body = JSON.parse(String(init?.body)) as { submissions: Array<{ id: string }> };
      sent.push(...body.submissions);
      return new Response(JSON.stringify({ accepted: body.submissions.map((s) => s.id), rejected: [] }), {
        headers: { 'content-type': 'application/json' },
      });
    };
    try {
      // A real page has a static <script> tag; from script, Trusted Types requires a policy
      // for the URL (the test's own, not Feedbackkit's).
      const tt = (globalThis as unknown as { trustedTypes: TrustedTypes }).trustedTypes;
      const loader = tt.createPolicy('test-loader', { createScriptURL: (u: string) => u });
      const script = document.createElement('script');
      script.type = 'module';
      script.src = loader.createScriptURL(src);
      script.dataset.endpoint = '/csp-feedback';
      script.dataset.outbox = `csp-${Date.now()}`;
      const loaded = new Promise((resolve, reject) => {
        script.onload = resolve;
        script.onerror = reject;
      });
      document.head.append(script);
      await loaded;
      const rating = document.createElement('fb-rating');
      rating.setAttribute('scale', 'stars');
      rating.setAttribute('autosubmit', '');
      const prompt = document.createElement('fb-prompt');
      prompt.append(rating);
      document.body.append(prompt);
      await prompt.updateComplete;
      prompt.show();
      await rating.updateComplete;
      expect(rating.shadowRoot!.adoptedStyleSheets.length).to.be.greaterThan(0);
      rating.shadowRoot!.querySelectorAll<HTMLElement>('[role=radio]')[3]!.click();
      await until(() => sent.length === 1);
      expect(violations.map((v) => `${v.effectiveDirective} ${v.sourceFile}:${v.lineNumber} ${v.sample}`)).to.deep.equal([]);
    } finally {
      window.fetch = realFetch;
    }
  });
});
