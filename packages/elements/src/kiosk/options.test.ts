import { describe, expect, it } from 'vitest';
import { FeedbackError } from '@feedbackkit/core';
import { numberOption } from './options.js';

describe('numberOption', () => {
  it('uses the fallback when unset and keeps a value in range', () => {
    expect(numberOption('idle', undefined, 60)).toBe(60);
    expect(numberOption('idle', null, 60)).toBe(60);
    expect(numberOption('idle', 0, 60)).toBe(0);
    expect(numberOption('idle', 2.5, 60)).toBe(2.5);
    expect(numberOption('max', 1, 6, 1, true)).toBe(1);
  });

  it('refuses NaN, infinities, values below the minimum and fractions where an integer is due, naming the option', () => {
    for (const [value, min, integer] of [
      [Number.NaN, 0, false],
      [Number.POSITIVE_INFINITY, 0, false],
      [-1, 0, false],
      [0, 1, true],
      [1.5, 1, true],
    ] as const) {
      try {
        numberOption('max-per-minute', value, 6, min, integer);
        expect.unreachable(`${value} accepted`);
      } catch (error) {
        expect(error).toBeInstanceOf(FeedbackError);
        expect((error as FeedbackError).code).toBe('invalid-option');
        expect((error as FeedbackError).field).toBe('max-per-minute');
        expect((error as FeedbackError).message).toMatch(/^max-per-minute: /);
      }
    }
  });
});
