/**
 * UUIDv7 (RFC 9562): 48-bit Unix milliseconds, version 7, variant 0b10, 74 random bits from
 * crypto.getRandomValues, so ids sort by creation time. Local to the elements until
 * @feedbackkit/core exports its own `uuidv7()`.
 */
export function uuidv7(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  for (let i = 5, t = Date.now(); i >= 0; i--, t = Math.floor(t / 256)) b[i] = t % 256;
  b[6] = 0x70 | (b[6]! & 0x0f);
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
