import { describe, expect, it, vi } from 'vitest';
import { submissionId } from './submission.js';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** The 48-bit millisecond timestamp written in an id's first 12 hex digits. */
const msOf = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

describe('submissionId', () => {
  it('is a UUIDv7 carrying the current Unix milliseconds', () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 10, 22, 10) + 123_456 });
    try {
      // Far above any id made earlier in this file, so no advance by one is involved.
      const id = submissionId();
      expect(id).toMatch(V7);
      expect(msOf(id)).toBe(Date.UTC(2026, 10, 22, 10) + 123_456);
      // A time above 2^32 ms needs the upper 16 bits too: 0x123456789abc.
      vi.setSystemTime(0x123456789abc);
      expect(submissionId().slice(0, 13)).toBe('12345678-9abc');
    } finally {
      vi.useRealTimers();
    }
  });

  it('ids are strictly increasing, also within one millisecond and when the clock steps back', () => {
    vi.useFakeTimers({ now: 0x200000000000 });
    try {
      const ids = [submissionId(), submissionId(), submissionId()];
      vi.setSystemTime(0x200000000000 - 5_000);
      ids.push(submissionId());
      for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
      expect(new Set(ids).size).toBe(4);
      expect(ids.every((id) => V7.test(id))).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
