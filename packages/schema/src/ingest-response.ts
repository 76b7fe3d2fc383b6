// Wire protocol v1: the acknowledgement a backend returns for a batch.
import * as z from 'zod/mini';
import { LIMITS } from './limits.js';
import { parseWith, safeParseWith, type SafeParseResult } from './parse.js';
import { id, plain } from './primitives.js';

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

export type IngestResponse = z.output<typeof ingestResponseSchema>;

/**
 * A backend's acknowledgement, or a SchemaError ('invalid-ingest-response'). The transport
 * treats a 2xx whose body fails this as "not acknowledged" (captive portal, proxy page).
 */
export function parseIngestResponse(input: unknown): IngestResponse {
  return parseWith(ingestResponseSchema, input, 'invalid-ingest-response');
}
export function safeParseIngestResponse(input: unknown): SafeParseResult<IngestResponse> {
  return safeParseWith(ingestResponseSchema, input);
}
