import { FeedbackError, describeValue } from '@feedbackkit/core';

/**
 * A numeric option of the kiosk (a timing, a count): `fallback` when unset, else `value` if it
 * is finite (an integer when `integer`) and ≥ `min`; otherwise `FeedbackError('invalid-option')`
 * naming the option. One check for the element's attributes, the session and the guard.
 */
export function numberOption(name: string, value: number | null | undefined, fallback: number, min = 0, integer = false): number {
  if (value === undefined || value === null) return fallback;
  if (!(integer ? Number.isInteger(value) : Number.isFinite(value)) || value < min) {
    throw new FeedbackError('invalid-option', `${name}: ${describeValue(value)} is not ${integer ? 'an integer' : 'a number'} ≥ ${min}`, {
      field: name,
      value,
    });
  }
  return value;
}

/** `value` when it is a finite number, else `FeedbackError('invalid-value')` naming `field`. */
export function finite(field: string, value: number): number {
  if (Number.isFinite(value)) return value;
  throw new FeedbackError('invalid-value', `${field} must be a finite number; got ${describeValue(value)}`, { field, value });
}
