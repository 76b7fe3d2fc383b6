import { FeedbackError, describeValue } from '@feedbackkit/core';

/**
 * The teller's system starts a rating for a transaction by posting a message to the kiosk
 * window (`postMessage`, checked against an origin allow-list) or on a same-origin
 * `BroadcastChannel`:
 *
 * ```js
 * kioskWindow.postMessage({ type: 'feedbackkit:kiosk-start', transaction: 'T-1042',
 *   branch: 'B-17', counter: '3', staff: 'E-0815' }, 'https://kiosk.bank.example');
 * ```
 * `{ type: 'feedbackkit:kiosk-cancel' }` ends a waiting session (recorded as no rating).
 */
export const START_TYPE = 'feedbackkit:kiosk-start';
export const CANCEL_TYPE = 'feedbackkit:kiosk-cancel';

export interface StartRequest {
  transaction: string;
  branch?: string;
  counter?: string;
  staff?: string;
  stage?: string;
  segment?: string;
}

export type KioskMessage = { type: 'start'; request: StartRequest } | { type: 'cancel' };

/** The fields of a start request, also copied into the submission's context. */
export const START_FIELDS = ['transaction', 'branch', 'counter', 'staff', 'stage', 'segment'] as const;
const MAX_LENGTH = 128;
// Control characters have no place in an id; rejecting them keeps logs and CSV exports clean.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Read a message. Returns null for messages that are not ours (other scripts post messages
 * too); throws `FeedbackError` for one of ours that is malformed, naming the field.
 */
export function parseKioskMessage(message: unknown): KioskMessage | null {
  // Anything without our `type` (a string, null, an array, another script's message) is not ours.
  const data = message as Record<string, unknown> | null | undefined;
  if (data?.type === CANCEL_TYPE) return { type: 'cancel' };
  if (data?.type !== START_TYPE) return null;
  const request: Record<string, string> = {};
  for (const field of START_FIELDS) {
    const value = data[field];
    if (value === undefined && field !== 'transaction') continue;
    if (typeof value !== 'string' || value.length === 0 || value.length > MAX_LENGTH || CONTROL.test(value)) {
      throw new FeedbackError(
        'invalid-value',
        `start message: ${field} must be a non-empty string of ≤ ${MAX_LENGTH} printable characters; got ${describeValue(value)}`,
        { field, value },
      );
    }
    request[field] = value;
  }
  return { type: 'start', request: request as unknown as StartRequest };
}

/**
 * Parse an allow-list attribute: origins separated by spaces, each exactly an origin
 * (`https://host[:port]`, no path). `*` and `null` are refused: an opaque or any origin
 * could then start ratings bound to a teller's id.
 */
export function parseAllowedOrigins(text: string | null | undefined): string[] {
  const origins: string[] = [];
  for (const token of (text ?? '').split(/\s+/).filter(Boolean)) {
    let origin: string | undefined;
    try {
      origin = new URL(token).origin;
    } catch {
      // not a URL: refused below
    }
    // An opaque origin is "null", never equal to the token; "*" and "null" do not parse.
    if (origin !== token) {
      throw new FeedbackError(
        'invalid-option',
        `allowed-origins: ${describeValue(token)} is not an origin (scheme://host[:port], no path, no "*")`,
        { field: 'allowed-origins', value: token },
      );
    }
    origins.push(origin);
  }
  return origins;
}

/** Exact match only: no wildcards, no suffix matching. */
export function isAllowedOrigin(origin: string, allowed: readonly string[]): boolean {
  return origin !== 'null' && allowed.includes(origin);
}
