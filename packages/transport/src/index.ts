export { createOutbox } from './outbox.js';
export type {
  DeadLetter,
  DropReason,
  FlushResult,
  Outbox,
  OutboxOptions,
  OutboxStats,
  OverflowPolicy,
  SubmitResult,
} from './outbox.js';
export { backoff, parseAck, parseRetryAfter, isRetryableStatus } from './retry.js';
export { checkSubmission } from './check.js';
export type { ParseResult } from './check.js';
