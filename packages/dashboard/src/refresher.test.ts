import { describe, expect, it, vi } from 'vitest';
import { Refresher } from './refresher.js';

/** A refresher over a fake clock whose run takes `runMs` and fails as `fail(i)` says. */
function setup(opts: { runMs?: number; fail?: (i: number) => unknown; keepTrying?: boolean } = {}) {
  vi.useFakeTimers({ now: 0 });
  const starts: number[] = [];
  const errors: Array<{ at: number; retryInMs: number }> = [];
  const r = new Refresher({
    run: async () => {
      const i = starts.length;
      starts.push(Date.now());
      await new Promise((resolve) => setTimeout(resolve, opts.runMs ?? 50));
      const err = opts.fail?.(i);
      if (err) throw err;
    },
    onError: (_err, retryInMs) => {
      errors.push({ at: Date.now(), retryInMs });
      return opts.keepTrying ?? true;
    },
  });
  return { r, starts, errors };
}

describe('Refresher', () => {
  it('turns a burst of live events into at most one reload per 2 s, one in flight at a time', async () => {
    const { r, starts } = setup({ runMs: 700 });
    // 100 events, one every 100 ms, for 10 s (the audit's steady traffic was one per ~0.4 s).
    for (let i = 0; i < 100; i++) {
      r.request();
      await vi.advanceTimersByTimeAsync(100);
    }
    await vi.advanceTimersByTimeAsync(5000);
    expect(starts.length).toBeGreaterThanOrEqual(4);
    expect(starts.length).toBeLessThanOrEqual(6);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(2000);
    // The last event is not lost: a reload starts after it.
    expect(starts.at(-1)!).toBeGreaterThanOrEqual(9900);
  });

  it('folds asks made while a reload runs into one more, started when it ends', async () => {
    const { r, starts } = setup({ runMs: 3000 });
    r.request(true);
    await vi.advanceTimersByTimeAsync(10);
    for (let i = 0; i < 10; i++) r.request(i % 2 === 0);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(starts).toHaveLength(2);
    expect(starts[1]).toBeGreaterThanOrEqual(3000);
    expect(starts[1]).toBeLessThan(3010);
  });

  it('waits the Retry-After of a 429 before trying again, then carries on at the normal pace', async () => {
    const tooMany = Object.assign(new Error('too many requests; retry after 5 s'), { retryAfterMs: 5000 });
    const { r, starts, errors } = setup({ fail: (i) => (i === 0 ? tooMany : undefined) });
    r.request(true);
    await vi.advanceTimersByTimeAsync(4000);
    expect(starts).toEqual([0]);
    expect(errors).toEqual([{ at: 50, retryInMs: 5000 }]);
    // Urgent asks (a filter change) do not jump the server's wait either.
    r.request(true);
    await vi.advanceTimersByTimeAsync(2000);
    expect(starts).toEqual([0, 5050]);
    r.request();
    await vi.advanceTimersByTimeAsync(3000);
    expect(starts).toEqual([0, 5050, 7050]);
  });

  it('retries a failed reload by itself, waiting twice as long after each failure up to the maximum', async () => {
    const { r, starts, errors } = setup({ fail: (i) => (i < 7 ? new Error('offline') : undefined) });
    r.request(true);
    await vi.advanceTimersByTimeAsync(300_000);
    expect(errors.map((e) => e.retryInMs)).toEqual([2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000]);
    // Each retry starts exactly when announced; the eighth succeeds and nothing else runs.
    expect(starts.slice(1)).toEqual(errors.map((e) => e.at + e.retryInMs));
    expect(starts).toHaveLength(8);
  });

  it('stops retrying when onError says so (the token was refused)', async () => {
    const { r, starts } = setup({ fail: () => new Error('401'), keepTrying: false });
    r.request(true);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(starts).toEqual([0]);
  });
});
