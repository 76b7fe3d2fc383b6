/**
 * Security primitives for the handler: constant-time token comparison, token-bucket rate
 * limits, strict response headers and CORS for the public write endpoint.
 */

/** Compares two secrets in time that depends only on their lengths (Web Crypto not needed). */
export function timingSafeEqualString(a: string, b: string): boolean {
  const ea = new TextEncoder().encode(a);
  const eb = new TextEncoder().encode(b);
  // Always walk the longer input so a short guess does not finish early.
  const len = Math.max(ea.length, eb.length);
  let diff = ea.length ^ eb.length;
  for (let i = 0; i < len; i++) diff |= (ea[i] ?? 0) ^ (eb[i] ?? 0);
  return diff === 0;
}

export interface RateLimit {
  /** Requests allowed in a burst. */
  burst: number;
  /** Sustained requests per second. */
  perSecond: number;
}

/**
 * Token buckets keyed by a string (site key, client address). Memory is bounded: the
 * oldest buckets are dropped past `maxKeys`, which at worst forgives a throttled client.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly limit: RateLimit,
    private readonly maxKeys = 50_000,
  ) {}

  /** Takes one token; returns 0 when allowed, else the seconds to wait (≥ 1) for `Retry-After`. */
  take(key: string, now: number): number {
    const { burst, perSecond } = this.limit;
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= this.maxKeys) {
        const oldest = this.buckets.keys().next().value;
        if (oldest !== undefined) this.buckets.delete(oldest);
      }
      b = { tokens: burst, at: now };
    } else {
      this.buckets.delete(key); // re-insert below keeps Map order ≈ recency
      b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * perSecond);
      b.at = now;
    }
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / perSecond));
  }
}

/**
 * Headers on every response. The API serves JSON, and the dashboard (same origin) loads only
 * its own scripts and styles: `default-src 'self'`, no framing, no referrer, no sniffing.
 */
export function securityHeaders(options: { hsts: boolean }): Record<string, string> {
  const h: Record<string, string> = {
    'content-security-policy':
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  };
  // Only meaningful behind TLS; a plain-HTTP localhost demo must not pin HTTPS for the host.
  if (options.hsts) h['strict-transport-security'] = 'max-age=31536000; includeSubDomains';
  return h;
}

/** Normalises an origin string ("https://Bank.example:443/" → "https://bank.example"). */
export function normaliseOrigin(origin: string): string | null {
  if (origin === '*') return '*';
  try {
    const u = new URL(origin);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return u.origin;
  } catch {
    return null;
  }
}

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
/** The longest IPv6 text form (eight groups with an IPv4 tail: 45 characters). */
const MAX_IPV6_LENGTH = 45;

/**
 * An IP address from a header entry in canonical form (IPv4 dotted quad with no leading zeros;
 * IPv6 compressed and lower-case, as the WHATWG URL parser writes it, so spellings of one
 * address share one rate-limit bucket), or null for anything else: a hostname, junk, an
 * address with a port or zone, or a string longer than an address can be. Any runtime (no
 * `node:net`).
 */
export function parseIpAddress(text: string): string | null {
  if (text.length === 0 || text.length > MAX_IPV6_LENGTH) return null;
  if (IPV4.test(text)) return text;
  if (!text.includes(':') || !/^[0-9A-Fa-f:.]+$/.test(text)) return null;
  try {
    const host = new URL(`http://[${text}]/`).hostname;
    return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : null;
  } catch {
    return null;
  }
}
