// A console.error during a test is a failure: it usually means a swallowed bug.
import { afterEach, vi } from 'vitest';

const errors: unknown[][] = [];
const original = console.error;
console.error = (...args: unknown[]) => {
  errors.push(args);
  original(...args);
};

afterEach(() => {
  vi.useRealTimers();
  if (errors.length > 0) {
    const first = errors[0]!.map(String).join(' ');
    errors.length = 0;
    throw new Error(`console.error was called during the test: ${first}`);
  }
});
