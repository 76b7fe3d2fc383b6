/** Retry rules of wire protocol v1: what is retried, and when. */
import type { IngestResponse } from '@feedbackkit/core';
import { isObject } from './check.js';

export const CAP_MS = 3e5;

/** The least backoff: full jitter alone can draw 0 ms, an immediate retry of a failing endpoint. */
export const MIN_BACKOFF_MS = 250;

/**
 * Full-jitter exponential backoff: a uniform delay in [0, min(5 min, 1 s · 2^attempt)), raised to
 * at least `MIN_BACKOFF_MS` (250 ms). `attempt` counts failures so far minus one (0 for the first retry).
 */
export const backoff = (attempt: number, random: () => number): number =>
  Math.max(MIN_BACKOFF_MS, Math.floor(random() * Math.min(CAP_MS, 1000 * 2 ** Math.min(attempt, 30))));

/**
 * `Retry-After` as a delay in ms: delta-seconds or an HTTP-date, capped at 5 minutes;
 * `undefined` when absent or unreadable (then backoff applies). A date in the past means "now" (0).
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  const v = value?.trim() ?? '';
  const ms = /^\d+$/.test(v) ? +v * 1000 : /[a-z]/i.test(v) ? Date.parse(v) - now : NaN;
  return ms == ms ? Math.min(Math.max(ms, 0), CAP_MS) : undefined;
}

/**
 * 408, 425, 429 and every 5xx are transient; 401, 403 and 407 (an expired token, a WAF, a proxy)
 * are about the request, not its items: retried too, never dead-lettered. Other 4xx may be an item's fault.
 */
export const isRetryableStatus = (status: number): boolean => status > 499 || [401, 403, 407, 408, 425, 429].includes(status);


/**
 * The acknowledgement, checked strictly: an object whose `accepted` is an array of strings
 * and whose `rejected` is an array of `{ id: string, reason: string }`. Anything else — a
 * captive portal's HTML, `{}`, `{ "ok": true }` — is not an acknowledgement.
 */
export function parseAck(value: unknown): IngestResponse | undefined {
  const { accepted, rejected = [] } = isObject(value) ? value : {};
  return Array.isArray(accepted) &&
    Array.isArray(rejected) &&
    accepted.every((id) => typeof id == 'string') &&
    rejected.every((r) => isObject(r) && typeof r.id == 'string' && typeof r.reason == 'string')
    ? { accepted, rejected }
    : undefined;
}
