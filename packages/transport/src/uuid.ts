/** UUIDv7 (RFC 9562): 48-bit Unix ms, version 7, variant 10, 74 random bits. Sorts by time. */
export function uuidv7(ms: number): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = ms.toString(16).padStart(12, '0') + Array.from(b, (x) => (x | 256).toString(16).slice(1)).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-7${h.slice(25, 28)}-${h.slice(28, 32)}-${h.slice(32, 44)}`;
}
