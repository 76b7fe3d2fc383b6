// Test helper: what FeedbackError code a call throws (undefined when it throws nothing).
import { expect } from 'vitest';
import { FeedbackError } from '../src/errors.js';

export const code = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(FeedbackError);
    return (e as FeedbackError).code;
  }
  return undefined;
};

/** `[code, field]` of the FeedbackError a call throws, or null when it throws nothing. */
export const codeAndField = (f: () => unknown): [string, string | undefined] | null => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(FeedbackError);
    return [(e as FeedbackError).code, (e as FeedbackError).field];
  }
  return null;
};
