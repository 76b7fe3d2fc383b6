/// <reference types="mocha" />
// The same hand-worked numbers as the Node tests, in real Chromium: core is plain ES2022
// with no Node or DOM dependency, and uuidv7 uses the browser's Web Crypto.
import { expect } from '@esm-bundle/chai';
import { ces, csat, FeedbackError, isUuidV7, mergeTallies, nps, redact, tallyMetrics, tallyOf, uuidv7, wilson } from './index.js';

describe('@feedbackkit/core in the browser', () => {
  it('nps [10, 9, 8, 0]: score 25, MoE 1.96 · √(.6875/4) · 100 = 81.2573', () => {
    const r = nps([10, 9, 8, 0]);
    expect(r.score).to.equal(25);
    expect(r.marginOfError).to.be.closeTo(81.2573, 1e-3);
    expect(r.ci[1]).to.equal(100);
  });
  it('csat [5, 4, 3]: 66.67 %, Wilson(2, 3) = [20.7656, 93.851] %', () => {
    const r = csat([5, 4, 3], { scale: 5 });
    expect(r.ci[0]).to.be.closeTo(20.7656, 1e-3);
    expect(r.ci[1]).to.be.closeTo(93.851, 1e-3);
  });
  it('ces: t(9) interval of 5,6,7,5,6,7,5,6,7,6 = [5.41591, 6.58409]', () => {
    const r = ces([5, 6, 7, 5, 6, 7, 5, 6, 7, 6]);
    expect(r.ci[0]).to.be.closeTo(5.41591, 1e-3);
    expect(r.ci[1]).to.be.closeTo(6.58409, 1e-3);
  });
  it('wilson(5, 10) = [.236591, .763409]', () => {
    const [lo, hi] = wilson(5, 10);
    expect(lo).to.be.closeTo(0.236591, 1e-5);
    expect(hi).to.be.closeTo(0.763409, 1e-5);
  });
  it('tallies merge to the direct metrics', () => {
    const merged = mergeTallies(tallyOf({ kind: 'nps' }, [10, 9]), tallyOf({ kind: 'nps' }, [8, 0]));
    expect(tallyMetrics(merged).nps!.score).to.equal(25);
  });
  it('redacts and throws FeedbackError', () => {
    expect(redact('card 4111 1111 1111 1111').text).to.equal('card •••• 1111');
    expect(() => nps([11])).to.throw(FeedbackError);
  });
  it('uuidv7 uses Web Crypto and increases', () => {
    const a = uuidv7();
    const b = uuidv7();
    expect(isUuidV7(a)).to.equal(true);
    expect(b > a).to.equal(true);
  });
});
