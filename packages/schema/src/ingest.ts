// Wire protocol v1: the batch the outbox POSTs, and the acknowledgement a backend returns.
import * as z from 'zod/mini';
import { LIMITS } from './limits.js';
import { id, isoDateTime, jsonSchemaExtras, plain } from './primitives.js';
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

export const ingestRejectionSchema = /*#__PURE__*/ z.object({
  id,
  reason: plain(LIMITS.reasonLength, 0),
  code: z.optional(id),
});

/**
 * A backend's acknowledgement. Strict about what matters (two arrays of bounded, non-empty
 * id strings; rejections with a reason; no id both accepted and rejected) so a captive portal
 * or proxy page is never mistaken for one. Extra keys are ignored and dropped, so a backend
 * may add its own fields.
 */
export const ingestResponseSchema = /*#__PURE__*/ z.object({
  accepted: z.array(id).check(z.maxLength(LIMITS.batch)),
  rejected: z.array(ingestRejectionSchema).check(z.maxLength(LIMITS.batch)),
}).check(
  z.superRefine((response, ctx) => {
    const accepted = new Set(response.accepted);
    response.rejected.forEach((r, i) => {
      if (accepted.has(r.id)) {
        ctx.addIssue({ code: 'custom', message: `id ${JSON.stringify(r.id)} is both accepted and rejected`, path: ['rejected', i, 'id'], input: r.id });
      }
    });
  }),
);

// Extra keys are accepted (and dropped), so the JSON Schema must not forbid them.
jsonSchemaExtras.set(ingestRejectionSchema, { additionalProperties: undefined });
jsonSchemaExtras.set(ingestResponseSchema, { additionalProperties: undefined });
