import { describe, expect, it, vi } from 'vitest';
import { FeedbackError } from '@feedbackkit/core';
import { MisuseGuard, TRANSACTIONS_KEY, transactionLog } from './misuse-guard.js';

describe('MisuseGuard', () => {
  it('ignores a second tap inside the debounce window and accepts one after it', () => {
    const guard = new MisuseGuard({ debounceMs: 700 });
    expect(guard.admit(10_000)).toEqual({ accepted: true, flags: [] });
    // 10 000 + 699 is still inside [10 000, 10 700).
    expect(guard.admit(10_699)).toEqual({ accepted: false, reason: 'debounce' });
    expect(guard.admit(10_700)).toEqual({ accepted: true, flags: [] });
  });

  it('allows at most one rating per transaction id', () => {
    const guard = new MisuseGuard({ debounceMs: 0 });
    expect(guard.admit(0, 'T-1').accepted).toBe(true);
    expect(guard.admit(5_000, 'T-1')).toEqual({ accepted: false, reason: 'duplicate-transaction' });
    expect(guard.admit(5_000, 'T-2').accepted).toBe(true);
    expect(guard.hasRated('T-1', 5_000)).toBe(true);
    expect(guard.hasRated('T-3', 5_000)).toBe(false);
  });

  it('a transaction closed without a rating cannot be rated later', () => {
    const guard = new MisuseGuard();
    guard.close('T-9', 0);
    expect(guard.admit(0, 'T-9')).toEqual({ accepted: false, reason: 'duplicate-transaction' });
  });

  it('flags ratings beyond maxPerMinute as burst but still accepts them', () => {
    const guard = new MisuseGuard({ debounceMs: 0, maxPerMinute: 3 });
    // Taps at 0, 10 s, 20 s are the 1st–3rd in the minute: fine. 30 s is the 4th: burst.
    expect(guard.admit(0)).toEqual({ accepted: true, flags: [] });
    expect(guard.admit(10_000)).toEqual({ accepted: true, flags: [] });
    expect(guard.admit(20_000)).toEqual({ accepted: true, flags: [] });
    expect(guard.admit(30_000)).toEqual({ accepted: true, flags: ['burst'] });
    // At 70 s the window (10 s, 70 s] holds 20 s and 30 s → this is the 3rd: fine again.
    // (0 and 10 s fall out: 70 000 − 10 000 = 60 000 is not < 60 000.)
    expect(guard.admit(70_000)).toEqual({ accepted: true, flags: [] });
  });

  it('forgets the oldest transaction ids beyond its memory bound', () => {
    const guard = new MisuseGuard({ debounceMs: 0, transactions: transactionLog(undefined, 2) });
    guard.admit(0, 'a');
    guard.admit(1, 'b');
    guard.admit(2, 'c'); // evicts 'a'
    expect(guard.hasRated('a', 3)).toBe(false);
    expect(guard.hasRated('b', 3)).toBe(true);
    expect(guard.hasRated('c', 3)).toBe(true);
  });

  it('forgets transaction ids after 24 h', () => {
    const guard = new MisuseGuard({ debounceMs: 0 });
    guard.admit(0, 'a');
    expect(guard.hasRated('a', 86_399_999)).toBe(true);
    expect(guard.hasRated('a', 86_400_000)).toBe(false);
    expect(guard.admit(86_400_000, 'a').accepted).toBe(true);
  });

  it('keeps its record in the transaction log it is given, shared by guards (sessions) and storage', () => {
    const data = new Map<string, string>();
    const storage = { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) } as Storage;
    const log = transactionLog(() => storage, 3);
    new MisuseGuard({ transactions: log }).admit(0, 'T-1');
    new MisuseGuard({ transactions: log }).close('T-2', 1);
    // A later guard, or another log on the same storage (a page reload), knows both.
    expect(new MisuseGuard({ transactions: log }).admit(5_000, 'T-1')).toEqual({ accepted: false, reason: 'duplicate-transaction' });
    expect(transactionLog(() => storage).has('T-2', 2)).toBe(true);
    // Ids and times only, oldest first, at most `max`.
    for (const [i, id] of ['T-3', 'T-4'].entries()) log.add(id, 2 + i);
    expect(JSON.parse(data.get(TRANSACTIONS_KEY)!)).toEqual([['T-2', 1], ['T-3', 2], ['T-4', 3]]);
    expect(log.has('T-1', 4)).toBe(false);
  });

  it('parses the stored log at most once per rating, and again whenever another tab or page load wrote it', () => {
    const data = new Map<string, string>([[TRANSACTIONS_KEY, JSON.stringify([['T-0', 0]])]]);
    const storage = { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) } as Storage;
    const guard = new MisuseGuard({ debounceMs: 0, transactions: transactionLog(() => storage) });
    const parse = vi.spyOn(JSON, 'parse');
    try {
      // A rating reads the log twice (is the transaction rated? then record it): one parse.
      for (const [i, id] of ['T-1', 'T-2', 'T-3'].entries()) {
        parse.mockClear();
        expect(guard.admit(1_000 * (i + 1), id)).toEqual({ accepted: true, flags: [] });
        expect(parse, id).toHaveBeenCalledTimes(1);
      }
      // Checks in between parse only what changed since (here the last rating's write): at most once.
      parse.mockClear();
      expect(guard.hasRated('T-3', 4_000)).toBe(true);
      expect(guard.hasRated('T-1', 4_000)).toBe(true);
      expect(parse.mock.calls.length).toBeLessThanOrEqual(1);
      // Another tab rates T-4 (its write replaces the text): seen at once, by parsing it again.
      data.set(TRANSACTIONS_KEY, JSON.stringify([...(JSON.parse(data.get(TRANSACTIONS_KEY)!) as []), ['T-4', 4_000]]));
      parse.mockClear();
      expect(guard.admit(5_000, 'T-4')).toEqual({ accepted: false, reason: 'duplicate-transaction' });
      expect(parse).toHaveBeenCalledTimes(1);
      expect(guard.hasRated('T-0', 5_000)).toBe(true);
      // Another tab cleared the log (removeItem): read at once too.
      data.delete(TRANSACTIONS_KEY);
      expect(guard.hasRated('T-1', 5_000)).toBe(false);
    } finally {
      parse.mockRestore();
    }
  });

  it('keeps ids in memory when storage is missing, throws or holds garbage', () => {
    const broken = () => {
      throw new Error('SecurityError');
    };
    for (const storage of [undefined, broken, () => ({ getItem: () => '{"x":1}', setItem: broken }) as unknown as Storage]) {
      const log = transactionLog(storage as (() => Storage) | undefined);
      log.add('T-1', 0);
      expect(log.has('T-1', 1)).toBe(true);
      expect(log.has('T-2', 1)).toBe(false);
    }
    for (const garbage of ['[1,null]', '"ab"', '[["T-1","x"]]', 'not json']) {
      const log = transactionLog(() => ({ getItem: () => garbage, setItem: () => undefined }) as unknown as Storage);
      expect(log.has('T-1', 1), garbage).toBe(false);
    }
  });

  it('rejects nonsense options and times with a coded error', () => {
    expect(() => new MisuseGuard({ maxPerMinute: 0 })).toThrow(FeedbackError);
    try {
      new MisuseGuard({ debounceMs: Number.NaN });
      expect.unreachable();
    } catch (error) {
      expect((error as FeedbackError).code).toBe('invalid-option');
      expect((error as FeedbackError).field).toBe('debounceMs');
    }
    expect(() => new MisuseGuard().admit(Number.NaN)).toThrow(/finite/);
  });
});
