import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KioskSession } from './kiosk-session.js';
import type { KioskNotice, KioskResult, KioskSessionOptions, KioskSnapshot } from './kiosk-session.js';

function setup(options: KioskSessionOptions = {}) {
  const results: KioskResult[] = [];
  const notices: KioskNotice[] = [];
  const snapshots: KioskSnapshot[] = [];
  const session = new KioskSession(
    { idleMs: 30_000, warningMs: 20_000, waitMs: 60_000, thanksMs: 5_000, debounceMs: 700, ...options },
    {
      onResult: (r) => results.push(r),
      onNotice: (n) => notices.push(n),
      onChange: (s) => snapshots.push(s),
    },
  );
  return { session, results, notices, snapshots };
}

const EMPTY = { start: undefined, value: undefined, reasons: [], answer: '', warning: false, remaining: 0 };

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-22T09:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('KioskSession: one-tap rating and thank-you', () => {
  it('attract → one tap rates → thanks with a countdown → attract', () => {
    const { session, results } = setup();
    expect(session.rate(4)).toBe(true);
    expect(results).toEqual([{ status: 'complete', value: 4, flags: [] }]);
    expect(session.snapshot).toEqual({ ...EMPTY, state: 'thanks', remaining: 5 });
    vi.advanceTimersByTime(2_000);
    expect(session.snapshot.remaining).toBe(3); // 5 s − 2 s
    vi.advanceTimersByTime(3_000);
    expect(session.snapshot).toEqual({ ...EMPTY, state: 'attract' });
  });

  it('a tap right after the screen changed (a teller start) is the tail of a double tap', () => {
    const { session, results, notices } = setup();
    session.begin({ transaction: 'T-9' });
    vi.advanceTimersByTime(300);
    expect(session.rate(5)).toBe(false);
    expect(notices).toEqual(['debounce']);
    expect(results).toEqual([]);
    expect(session.state).toBe('rating');
  });

  it('a double tap on the rating does not count twice', () => {
    const { session, results } = setup();
    session.rate(5);
    vi.advanceTimersByTime(150);
    expect(session.rate(5)).toBe(false);
    expect(results).toHaveLength(1);
    expect(session.state).toBe('thanks');
  });

  it('a button-box press rates directly from attract, and during the thank-you starts the next rating', () => {
    const { session, results } = setup();
    expect(session.rate(3)).toBe(true);
    vi.advanceTimersByTime(2_000); // thanks still counting down (3 s left)
    expect(session.rate(1)).toBe(true);
    expect(results.map((r) => r.value)).toEqual([3, 1]);
    expect(session.state).toBe('thanks');
  });
});

describe('KioskSession: idle reset with warning and extend (WCAG 2.2.1)', () => {
  it('warns warningMs before the limit, counts down, then ends the follow-up (the rating is kept)', () => {
    const { session, results } = setup({ followUpFor: () => true });
    session.rate(2);
    // idle 30 s, warning 20 s → the warning appears after 10 s.
    vi.advanceTimersByTime(9_999);
    expect(session.snapshot.warning).toBe(false);
    vi.advanceTimersByTime(1);
    expect(session.snapshot).toMatchObject({ warning: true, remaining: 20 });
    vi.advanceTimersByTime(15_000);
    expect(session.snapshot).toMatchObject({ warning: true, remaining: 5 });
    vi.advanceTimersByTime(5_000);
    expect(session.snapshot).toEqual({ ...EMPTY, state: 'thanks', remaining: 5 });
    expect(results).toEqual([{ status: 'complete', value: 2, flags: [] }]);
  });

  it('extend gives the full limit again and hides the warning', () => {
    const { session } = setup({ followUpFor: () => true });
    session.rate(2);
    vi.advanceTimersByTime(25_000); // warning since 10 s, 5 s left
    expect(session.snapshot.warning).toBe(true);
    session.extend();
    expect(session.snapshot.warning).toBe(false);
    vi.advanceTimersByTime(29_000); // full 30 s again: 1 s short of the end
    expect(session.state).toBe('follow-up');
    expect(session.snapshot).toMatchObject({ warning: true, remaining: 1 });
    vi.advanceTimersByTime(1_000);
    expect(session.state).toBe('thanks');
  });

  it('a tap on the attract screen starts no timer: nothing waits there', () => {
    const { session, snapshots } = setup();
    session.activity();
    session.extend();
    expect(vi.getTimerCount()).toBe(0);
    expect(snapshots).toEqual([]);
    expect(session.state).toBe('attract');
  });
});

describe('KioskSession: teller-started transactions', () => {
  const start = { transaction: 'T-1', branch: 'B-17', counter: '3', staff: 'E-0815' };

  it('binds the rating to the transaction', () => {
    const { session, results } = setup();
    expect(session.begin(start)).toBe(true);
    expect(session.snapshot.start).toEqual(start);
    vi.advanceTimersByTime(2_000);
    session.rate(2);
    expect(results).toEqual([{ status: 'complete', value: 2, start, flags: [] }]);
  });

  it('records no-rating when the customer does not rate within waitMs', () => {
    const { session, results } = setup();
    session.begin(start);
    // waitMs 60 s: the warning appears at 40 s, the session closes at 60 s.
    vi.advanceTimersByTime(40_000);
    expect(session.snapshot.warning).toBe(true);
    vi.advanceTimersByTime(20_000);
    expect(results).toEqual([{ status: 'no-rating', start, flags: [] }]);
    expect(session.snapshot).toEqual({ ...EMPTY, state: 'attract' });
  });

  it('at most one rating per transaction: a repeated start is refused', () => {
    const { session, results, notices } = setup();
    session.begin(start);
    vi.advanceTimersByTime(1_000);
    session.rate(5);
    vi.advanceTimersByTime(10_000);
    expect(session.begin(start)).toBe(false);
    expect(notices).toEqual(['duplicate-transaction']);
    expect(results).toHaveLength(1);
  });

  it('a transaction that timed out cannot be rated later', () => {
    const { session, notices } = setup();
    session.begin(start);
    vi.advanceTimersByTime(60_000);
    expect(session.begin(start)).toBe(false);
    expect(notices).toEqual(['duplicate-transaction']);
  });

  it('a new transaction closes the previous unrated one as no-rating', () => {
    const { session, results } = setup();
    session.begin(start);
    vi.advanceTimersByTime(5_000);
    session.begin({ transaction: 'T-2' });
    expect(results).toEqual([{ status: 'no-rating', start, flags: [] }]);
    expect(session.snapshot.start).toEqual({ transaction: 'T-2' });
  });

  it('cancel records no-rating; dispose records an open session too', () => {
    const a = setup();
    a.session.begin(start);
    a.session.cancel();
    expect(a.results).toEqual([{ status: 'no-rating', start, flags: [] }]);
    const b = setup();
    b.session.begin(start);
    b.session.dispose();
    expect(b.results).toEqual([{ status: 'no-rating', start, flags: [] }]);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('KioskSession: follow-up', () => {
  it('a low score opens reason codes; done records them; the answer is gone after', () => {
    const { session, results } = setup({ followUpFor: (v) => v <= 2 });
    session.rate(1);
    expect(session.state).toBe('follow-up');
    vi.advanceTimersByTime(700);
    session.toggleReason('waiting');
    session.toggleReason('attitude');
    session.toggleReason('waiting');
    session.setAnswer('too slow');
    expect(session.snapshot).toMatchObject({ value: 1, reasons: ['attitude'], answer: 'too slow' });
    session.done();
    expect(results).toEqual([{ status: 'complete', value: 1, reasons: ['attitude'], answer: 'too slow', flags: [] }]);
    expect(session.snapshot).toEqual({ ...EMPTY, state: 'thanks', remaining: 5 });
  });

  it('walking away from the follow-up still records the rating', () => {
    const { session, results } = setup({ followUpFor: () => true });
    session.rate(2);
    vi.advanceTimersByTime(30_000);
    expect(results).toEqual([{ status: 'complete', value: 2, flags: [] }]);
    expect(session.state).toBe('thanks');
  });

  it('a high score skips the follow-up', () => {
    const { session } = setup({ followUpFor: (v) => v <= 2 });
    session.rate(5);
    expect(session.state).toBe('thanks');
  });
});

describe('KioskSession: bursts', () => {
  it('ratings beyond maxPerMinute are recorded with a burst flag, not dropped', () => {
    const { session, results } = setup({ maxPerMinute: 2, thanksMs: 0 });
    for (let i = 0; i < 3; i++) {
      expect(session.rate(1)).toBe(true);
      vi.advanceTimersByTime(1_000);
    }
    expect(results.map((r) => r.flags)).toEqual([[], [], ['burst']]);
  });
});

describe('KioskSession: options', () => {
  it('rejects negative or non-finite timings', () => {
    expect(() => new KioskSession({ idleMs: -1 })).toThrow(/idleMs/);
    expect(() => new KioskSession({ thanksMs: Number.POSITIVE_INFINITY })).toThrow(/thanksMs/);
    expect(() => new KioskSession().rate(Number.NaN)).toThrow(/finite/);
  });
});
