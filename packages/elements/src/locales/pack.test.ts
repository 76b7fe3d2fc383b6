import { describe, expect, it } from 'vitest';
import { unpack } from './pack.js';

describe('unpack (compact locale packs)', () => {
  it('maps messages to keys in order, plural forms by count', () => {
    expect(unpack(['a', 'b', 'c'], 'A|{count} one^{count} other|z^o^t^f^m^x')).toEqual({
      a: 'A',
      b: { one: '{count} one', other: '{count} other' },
      c: { zero: 'z', one: 'o', two: 't', few: 'f', many: 'm', other: 'x' },
    });
  });

  it('refuses a pack whose message count differs from the keys', () => {
    expect(() => unpack(['a', 'b'], 'A')).toThrow(/1 messages for 2 keys/);
  });
});
