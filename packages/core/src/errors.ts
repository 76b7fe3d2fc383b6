/**
 * Every error Feedbackkit throws on bad input. `code` is stable (integrators switch on
 * it); `field` names what was wrong; the message says the value and the reason.
 */
export type FeedbackErrorCode =
  | 'invalid-value' // a value is not a finite number, or is the wrong type
  | 'off-scale' // a value outside the scale's range
  | 'off-step' // a fraction on an integer scale, or off a half-step scale
  | 'empty' // a score is undefined for no responses
  | 'invalid-weight' // a weight that is negative, NaN or infinite
  | 'invalid-option' // an option object or argument that makes no sense
  | 'scale-mismatch' // merging or comparing tallies of different scales
  | 'unknown-scale'
  | 'invalid-definition' // a survey definition or indicator tree that cannot be evaluated
  | 'invalid-submission'
  | (string & {});

export interface FeedbackErrorDetails {
  /** The path of the offending field, e.g. `values[3]` or `answers.q1.value`. */
  field?: string;
  /** The offending value, when it is safe to echo. */
  value?: unknown;
  [key: string]: unknown;
}

export class FeedbackError extends Error {
  override readonly name = 'FeedbackError';
  readonly code: FeedbackErrorCode;
  readonly field: string | undefined;
  readonly details: FeedbackErrorDetails;

  constructor(code: FeedbackErrorCode, message: string, details: FeedbackErrorDetails = {}) {
    super(message);
    this.code = code;
    this.field = details.field;
    this.details = details;
  }
}

/** `String(value)` that shows NaN, -0, objects and strings unambiguously in messages. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (value === undefined || value === null || typeof value === 'boolean') return String(value);
  try {
    const json = JSON.stringify(value);
    return json === undefined ? String(value) : json.length > 60 ? `${json.slice(0, 57)}...` : json;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** The usual FeedbackError: `field` and `value` in the details, the message "field: value reason" ("value reason" without a field). */
export function fieldError(code: FeedbackErrorCode, field: string | undefined, value: unknown, reason: string): FeedbackError {
  return new FeedbackError(code, `${field ? `${field}: ` : ''}${describeValue(value)} ${reason}`, { field, value });
}
