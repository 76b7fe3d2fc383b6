import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { KioskSession } from './kiosk-session.js';
import type { KioskResult } from './kiosk-session.js';

type Op =
  | { op: 'rate'; value: number }
  | { op: 'begin'; transaction: string }
  | { op: 'reason'; id: string }
  | { op: 'answer'; text: string }
  | { op: 'done' }
  | { op: 'extend' }
  | { op: 'cancel' }
  | { op: 'wait'; ms: number };

const ops = fc.array(
  fc.oneof(
    fc.integer({ min: 1, max: 5 }).map<Op>((value) => ({ op: 'rate', value })),
    fc.constantFrom('T-1', 'T-2', 'T-3').map<Op>((transaction) => ({ op: 'begin', transaction })),
    fc.constantFrom('waiting', 'attitude').map<Op>((id) => ({ op: 'reason', id })),
    fc.string({ maxLength: 12 }).map<Op>((text) => ({ op: 'answer', text })),
    fc.constant<Op>({ op: 'done' }),
    fc.constant<Op>({ op: 'extend' }),
    fc.constant<Op>({ op: 'cancel' }),
    fc.integer({ min: 0, max: 90_000 }).map<Op>((ms) => ({ op: 'wait', ms })),
  ),
  { maxLength: 40 },
);

afterEach(() => {
  vi.useRealTimers();
});

describe('KioskSession laws', () => {
  it('whatever happened, a return to attract leaves no answer, no transaction, no timer', () => {
    fc.assert(
      fc.property(ops, (sequence) => {
        vi.useFakeTimers({ now: 0 });
        const results: KioskResult[] = [];
        const session = new KioskSession(
          { idleMs: 30_000, warningMs: 20_000, waitMs: 60_000, thanksMs: 5_000, debounceMs: 500, followUpFor: (v) => v <= 2 },
          { onResult: (r) => results.push(r) },
        );
        for (const step of sequence) {
          if (step.op === 'rate') session.rate(step.value);
          else if (step.op === 'begin') session.begin({ transaction: step.transaction, staff: 'E-1' });
          else if (step.op === 'reason') session.toggleReason(step.id);
          else if (step.op === 'answer') session.setAnswer(step.text);
          else if (step.op === 'done') session.done();
          else if (step.op === 'extend') session.extend();
          else if (step.op === 'cancel') session.cancel();
          else vi.advanceTimersByTime(step.ms);
        }
        // Long enough for any screen to time out: wait (60 s) + follow-up (30 s) + thanks (5 s).
        vi.advanceTimersByTime(100_000);
        expect(session.snapshot).toEqual({
          state: 'attract',
          start: undefined,
          value: undefined,
          reasons: [],
          answer: '',
          warning: false,
          remaining: 0,
        });
        expect(vi.getTimerCount()).toBe(0);
        // Each transaction id appears in at most one result (one rating or one no-rating).
        const ids = results.map((r) => r.start?.transaction).filter((t): t is string => t !== undefined);
        expect(new Set(ids).size).toBe(ids.length);
        vi.useRealTimers();
      }),
      { numRuns: 300 },
    );
  });
});
