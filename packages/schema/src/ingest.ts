// Wire protocol v1: the batch the outbox POSTs (the acknowledgement is in ingest-response.ts,
// kept apart so the transport's response check does not pull in the submission schemas).
import * as z from 'zod/mini';
import { LIMITS } from './limits.js';
import { parseWith, safeParseWith, type SafeParseResult } from './parse.js';
import { isoDateTime } from './primitives.js';
import { submissionSchema } from './submission.js';

export const ingestRequestSchema = /*#__PURE__*/ z.strictObject({
  protocol: z.literal(1, { error: 'expected protocol 1 (wire protocol v1)' }),
  sentAt: isoDateTime,
  submissions: z.array(submissionSchema).check(
    z.minLength(1),
    z.maxLength(LIMITS.batch),
    z.superRefine((submissions, ctx) => {
      // Each id is an idempotency key: one batch carrying it twice is a client bug.
      const first = new Map<string, number>();
      submissions.forEach((s, i) => {
        const seen = first.get(s.id);
        if (seen === undefined) first.set(s.id, i);
        else ctx.addIssue({ code: 'custom', message: `duplicate submission id (first at submissions[${seen}])`, path: [i, 'id'], input: s.id });
      });
    }),
  ),
});

export type IngestRequest = z.output<typeof ingestRequestSchema>;

/** A validated wire-protocol-v1 batch, or a SchemaError ('invalid-ingest-request'). */
export function parseIngestRequest(input: unknown): IngestRequest {
  return parseWith(ingestRequestSchema, input, 'invalid-ingest-request');
}
export function safeParseIngestRequest(input: unknown): SafeParseResult<IngestRequest> {
  return safeParseWith(ingestRequestSchema, input);
}
