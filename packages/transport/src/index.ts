import { createOutbox as createBareOutbox } from './outbox.js';
import type { Outbox, OutboxOptions } from './outbox.js';
import { redactTextAnswers } from './redact-answers.js';

/**
 * Creates the durable outbox. Free-text answers are redacted with core's `redact` before
 * anything is written, unless `redact` says otherwise (`false`, or your own function).
 * `@feedbackkit/transport/outbox` exports the same function without that default (smaller).
 */
export function createOutbox(options: OutboxOptions): Outbox {
  return createBareOutbox({ ...options, redact: options.redact ?? redactTextAnswers });
}

export type {
  AtRest,
  DeadLetter,
  DropReason,
  FlushResult,
  KeyStore,
  Outbox,
  OutboxOptions,
  OutboxStats,
  OverflowPolicy,
  SubmitResult,
} from './outbox.js';
export { aesGcm } from './at-rest.js';
export { redactTextAnswers } from './redact-answers.js';
export { backoff, parseAck, parseRetryAfter, isRetryableStatus } from './retry.js';
export { checkSubmission } from './check.js';
export { migrateV1 } from './migrate-v1.js';
export type { ParseResult } from './check.js';
