/** Retry rules of wire protocol v1: what is retried, and when. */
import type { IngestResponse } from '@feedbackkit/core';

export const BASE_MS = 1000;
export const CAP_MS = 5 * 60 * 1000;

/**
 * Full-jitter exponential backoff: a uniform delay in [0, min(cap, base · 2^attempt)).
 * `attempt` counts failures so far minus one (0 for the first retry).
 */
export function backoff(attempt: number, random: () => number, base = BASE_MS, cap = CAP_MS): number {
  return Math.floor(random() * Math.min(cap, base * 2 ** Math.min(attempt, 30)));
}

/**
 * `Retry-After` as a delay in ms: delta-seconds or an HTTP-date, capped at `cap`; `undefined`
 * when absent or unreadable (then backoff applies). A date in the past means "now" (0).
 */
export function parseRetryAfter(value: string | null, now: number, cap = CAP_MS): number | undefined {
  if (value == null) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Math.min(Number(v) * 1000, cap);
  const at = /[a-z]/i.test(v) ? Date.parse(v) : NaN;
  return Number.isNaN(at) ? undefined : Math.min(Math.max(at - now, 0), cap);
}

/** 408, 425, 429 and every 5xx are transient; other 4xx are the request's fault. */
export const isRetryableStatus = (status: number): boolean =>
  status === 408 || status === 425 || status === 429 || status >= 500;

/**
 * The acknowledgement, checked strictly: an object whose `accepted` is an array of strings
 * and whose `rejected` is an array of `{ id: string, reason: string }`. Anything else — a
 * captive portal's HTML, `{}`, `{ "ok": true }` — is not an acknowledgement.
 */
export function parseAck(value: unknown): IngestResponse | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { accepted, rejected = [] } = value as Record<string, unknown>;
  return Array.isArray(accepted) &&
    accepted.every((id) => typeof id === 'string') &&
    Array.isArray(rejected) &&
    rejected.every(
      (r) =>
        typeof r === 'object' && r !== null && typeof r.id === 'string' && typeof r.reason === 'string',
    )
    ? { accepted, rejected }
    : undefined;
}
