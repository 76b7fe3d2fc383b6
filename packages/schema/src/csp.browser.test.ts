/// <reference types="mocha" />
// The validators in real Chromium under a strict Content-Security-Policy (no 'unsafe-eval'):
// a same-origin frame whose policy comes from a <meta> in its own document loads
// test/csp-probe.ts, which runs every parser; the parent reads the outcome and every
// securitypolicyviolation the frame reports.
import { expect } from '@esm-bundle/chai';

const POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; require-trusted-types-for 'script'";

interface Probe {
  submissionValid: boolean;
  submissionIssues: Array<{ path: string; message: string }>;
  definitionValid: boolean;
  requestValid: boolean;
  responseError: string;
}

async function strictFrame(): Promise<{ win: Window & typeof globalThis & { __schemaProbe?: Probe }; violations: string[] }> {
  const violations: string[] = [];
  const iframe = document.createElement('iframe');
  const probe = new URL('../test/csp-probe.ts', import.meta.url).href;
  iframe.srcdoc = `<!doctype html><html lang="en"><head>
    <meta http-equiv="Content-Security-Policy" content="${POLICY}">
    <script type="module" src="${probe}"></script>
    </head><body></body></html>`;
  document.body.append(iframe);
  const win = iframe.contentWindow as Window & typeof globalThis & { __schemaProbe?: Probe };
  // Listen on each document the frame shows (about:blank, then the srcdoc) as soon as it
  // exists; the probe module is fetched asynchronously, so this is attached before it runs.
  const start = Date.now();
  while (win.__schemaProbe === undefined) {
    if (win.document && !(win.document as Document & { __listening?: boolean }).__listening) {
      (win.document as Document & { __listening?: boolean }).__listening = true;
      win.document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.sample}`));
    }
    if (Date.now() - start > 8_000) throw new Error('the probe did not run in the CSP frame');
    await new Promise((r) => setTimeout(r, 10));
  }
  await new Promise((r) => setTimeout(r, 100)); // violation events are dispatched asynchronously
  return { win, violations };
}

afterEach(() => {
  document.body.replaceChildren();
});

describe('@feedbackkit/schema under a strict CSP', () => {
  it('every parser runs, with readable issues, and no CSP violation', async () => {
    const { win, violations } = await strictFrame();
    const probe = win.__schemaProbe!;
    expect(probe.submissionValid).to.equal(true);
    expect(probe.definitionValid).to.equal(true);
    expect(probe.requestValid).to.equal(true);
    expect(probe.responseError).to.equal('invalid-ingest-response');
    expect(probe.submissionIssues).to.deep.equal([
      { path: 'id', message: 'expected a lowercase UUIDv7 (xxxxxxxx-xxxx-7xxx-[89ab]xxx-xxxxxxxxxxxx), got "x"' },
      { path: 'answers.q1.value', message: 'expected a finite number, got "nine"' },
    ]);
    expect(violations).to.deep.equal([]);
  });

  it('the policy is in force: eval-like code is refused and reported (so the check above can fail)', async () => {
    const { win, violations } = await strictFrame();
    expect(() => new win.Function('return 1')).to.throw();
    // The violation event is dispatched asynchronously: wait for it (up to 5 s) rather than a fixed
    // 100 ms, which a loaded CI machine overran once.
    for (const end = Date.now() + 5000; violations.length === 0 && Date.now() < end; ) await new Promise((r) => setTimeout(r, 20));
    // Chromium names the first directive that refuses it: trusted types, else script-src.
    expect(violations.join()).to.match(/require-trusted-types-for|script-src/);
  });
});
