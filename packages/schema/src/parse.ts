// The parse / safeParse pairs: the only API most callers need.
import type * as z from 'zod/mini';
import { surveyDefinitionSchema } from './definition.js';
import { ingestRequestSchema, ingestResponseSchema } from './ingest.js';
import { explainIssues, SchemaError, type RawIssue, type SchemaErrorCode, type SchemaIssue } from './issues.js';
import { submissionSchema } from './submission.js';

export type Submission = z.output<typeof submissionSchema>;
export type SurveyDefinition = z.output<typeof surveyDefinitionSchema>;
export type IngestRequest = z.output<typeof ingestRequestSchema>;
export type IngestResponse = z.output<typeof ingestResponseSchema>;

export type SafeParseResult<T> = { success: true; data: T } | { success: false; issues: SchemaIssue[] };

// reportInput: messages quote the offending value (bounded by describeValue).
// jitless: never probe `new Function`, which a strict CSP reports even when caught.
const OPTIONS = { reportInput: true, jitless: true } as const;

function safeParse<T>(schema: z.ZodMiniType<T>, input: unknown): SafeParseResult<T> {
  const result = schema.safeParse(input, OPTIONS);
  if (result.success) return { success: true, data: result.data };
  return { success: false, issues: explainIssues(result.error.issues as ReadonlyArray<RawIssue>) };
}

function parse<T>(schema: z.ZodMiniType<T>, input: unknown, code: SchemaErrorCode): T {
  const result = safeParse(schema, input);
  if (result.success) return result.data;
  throw new SchemaError(code, result.issues);
}

/** A validated submission, or a SchemaError ('invalid-submission') listing every failing path. */
export function parseSubmission(input: unknown): Submission {
  return parse(submissionSchema, input, 'invalid-submission');
}
export function safeParseSubmission(input: unknown): SafeParseResult<Submission> {
  return safeParse(submissionSchema, input);
}

/** A validated survey definition, or a SchemaError ('invalid-definition'). */
export function parseSurveyDefinition(input: unknown): SurveyDefinition {
  return parse(surveyDefinitionSchema, input, 'invalid-definition');
}
export function safeParseSurveyDefinition(input: unknown): SafeParseResult<SurveyDefinition> {
  return safeParse(surveyDefinitionSchema, input);
}

/** A validated wire-protocol-v1 batch, or a SchemaError ('invalid-ingest-request'). */
export function parseIngestRequest(input: unknown): IngestRequest {
  return parse(ingestRequestSchema, input, 'invalid-ingest-request');
}
export function safeParseIngestRequest(input: unknown): SafeParseResult<IngestRequest> {
  return safeParse(ingestRequestSchema, input);
}

/**
 * A backend's acknowledgement, or a SchemaError ('invalid-ingest-response'). The transport
 * treats a 2xx whose body fails this as "not acknowledged" (captive portal, proxy page).
 */
export function parseIngestResponse(input: unknown): IngestResponse {
  return parse(ingestResponseSchema, input, 'invalid-ingest-response');
}
export function safeParseIngestResponse(input: unknown): SafeParseResult<IngestResponse> {
  return safeParse(ingestResponseSchema, input);
}
