/**
 * The built-in structural check of a submission: small on purpose (the outbox's byte budget
 * is 4 KB). It checks what delivery depends on — an id, a parseable `createdAt`, a status, an
 * `answers` and a `context` object. For full validation pass `validate: safeParseSubmission`
 * from `@feedbackkit/schema`.
 */
export interface ParseResult {
  success: boolean;
  data?: unknown;
  issues?: ReadonlyArray<{ path: string | ReadonlyArray<PropertyKey>; message: string }>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function checkSubmission(input: unknown): ParseResult {
  const fail = (path: string, message: string): ParseResult => ({ success: false, issues: [{ path, message }] });
  if (!isObject(input)) return fail('', 'must be an object');
  if (typeof input.id !== 'string' || !/^[0-9a-f-]{8,64}$/i.test(input.id)) return fail('id', 'must be a UUID string');
  if (typeof input.createdAt !== 'string' || Number.isNaN(Date.parse(input.createdAt)))
    return fail('createdAt', 'must be an ISO 8601 date-time');
  if (!['complete', 'partial', 'no-rating'].includes(input.status as string))
    return fail('status', "must be 'complete', 'partial' or 'no-rating'");
  if (!isObject(input.answers)) return fail('answers', 'must be an object');
  if (!isObject(input.context)) return fail('context', 'must be an object');
  return { success: true, data: input };
}
