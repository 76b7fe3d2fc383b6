import { FeedbackError, describeValue } from './errors.js';

// Core compiles without the DOM lib; this is the one Web Crypto call it needs.
interface RandomSource {
  getRandomValues<T extends Uint8Array>(array: T): T;
}

let lastMs = -1;
let counter = 0;

const hex = (b: number) => (b < 16 ? '0' : '') + b.toString(16);

/**
 * A UUID version 7 (RFC 9562): 48-bit Unix milliseconds, then a 12-bit counter (method 1,
 * "fixed bit-length dedicated counter") seeded at random each millisecond, then 62 random
 * bits. Ids from one module instance are strictly increasing as strings: within the same
 * millisecond — or when the clock steps back — the counter is incremented, and when it
 * overflows the timestamp is advanced by one millisecond.
 * Randomness comes from `globalThis.crypto.getRandomValues` (browsers, Node ≥ 19, Deno, Bun).
 * `now` (default `Date.now()`) is for tests and replay.
 */
export function uuidv7(now: number = Date.now()): string {
  const random = (globalThis as { crypto?: RandomSource }).crypto;
  if (!random || typeof random.getRandomValues !== 'function') {
    throw new FeedbackError('unsupported', 'uuidv7: globalThis.crypto.getRandomValues is not available', { field: 'crypto' });
  }
  if (typeof now !== 'number' || !Number.isSafeInteger(now) || now < 0 || now > 0xffffffffffff) {
    throw new FeedbackError('invalid-value', `now: ${describeValue(now)} is not a Unix time in milliseconds (0 to 2^48 − 1)`, {
      field: 'now',
      value: now,
    });
  }
  const bytes = random.getRandomValues(new Uint8Array(16));
  if (now > lastMs) {
    lastMs = now;
    // Start below 2^11 so at least 2048 ids fit in one millisecond before it overflows.
    counter = ((bytes[6]! << 8) | bytes[7]!) & 0x7ff;
  } else if (++counter > 0xfff) {
    lastMs++;
    counter = 0;
  }
  const ms = lastMs;
  // 48-bit timestamp, big-endian (split: bitwise ops are 32-bit).
  const high = Math.floor(ms / 0x100000000);
  const low = ms >>> 0;
  bytes[0] = (high >>> 8) & 0xff;
  bytes[1] = high & 0xff;
  bytes[2] = (low >>> 24) & 0xff;
  bytes[3] = (low >>> 16) & 0xff;
  bytes[4] = (low >>> 8) & 0xff;
  bytes[5] = low & 0xff;
  bytes[6] = 0x70 | (counter >>> 8); // version 7
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f); // variant 10
  let s = '';
  for (let i = 0; i < 16; i++) s += (i === 4 || i === 6 || i === 8 || i === 10 ? '-' : '') + hex(bytes[i]!);
  return s;
}

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** True for a syntactically valid UUID version 7 (any case). */
export function isUuidV7(s: unknown): s is string {
  return typeof s === 'string' && V7.test(s);
}

/**
 * A UUIDv7 for bundles that count bytes (the outbox, the elements): Unix milliseconds `ms`
 * (not checked: a safe integer below 2^48), version 7, variant 10, 74 random bits. No counter
 * and no checks, so ids made in one millisecond are not ordered among themselves; callers that
 * need order pass increasing times. Anywhere else use {@link uuidv7}.
 */
export function uuidv7Compact(ms: number): string {
  const b = (globalThis as unknown as { crypto: RandomSource }).crypto.getRandomValues(new Uint8Array(16));
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = ms.toString(16).padStart(12, '0') + Array.from(b, (x) => (x | 256).toString(16).slice(1)).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-7${h.slice(25, 28)}-${h.slice(28, 32)}-${h.slice(32, 44)}`;
}

/** The Unix millisecond timestamp in a UUIDv7; throws 'invalid-value' for anything else. */
export function uuidv7Time(s: string): number {
  if (!isUuidV7(s)) throw new FeedbackError('invalid-value', `id: ${describeValue(s)} is not a UUIDv7`, { field: 'id', value: s });
  return parseInt(s.slice(0, 8) + s.slice(9, 13), 16);
}
