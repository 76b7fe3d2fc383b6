// The shared core of every parse / safeParse pair: zod issues → readable issues → SchemaError.
import type * as z from 'zod/mini';
import { explainIssues, SchemaError, type RawIssue, type SchemaErrorCode, type SchemaIssue } from './issues.js';

export type SafeParseResult<T> = { success: true; data: T } | { success: false; issues: SchemaIssue[] };

// reportInput: messages quote the offending value (bounded by describeValue).
// jitless: never probe `new Function`, which a strict CSP reports even when caught.
const OPTIONS = { reportInput: true, jitless: true } as const;

export function safeParseWith<T>(schema: z.ZodMiniType<T>, input: unknown): SafeParseResult<T> {
  const result = schema.safeParse(input, OPTIONS);
  if (result.success) return { success: true, data: result.data };
  return { success: false, issues: explainIssues(result.error.issues as ReadonlyArray<RawIssue>) };
}

export function parseWith<T>(schema: z.ZodMiniType<T>, input: unknown, code: SchemaErrorCode): T {
  const result = safeParseWith(schema, input);
  if (result.success) return result.data;
  throw new SchemaError(code, result.issues);
}
