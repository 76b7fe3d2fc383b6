/**
 * The built-in structural check of a submission: small on purpose (the outbox has a byte
 * budget). It checks what delivery depends on — an id, a parseable `createdAt`, a status, an
 * `answers` and a `context` object. For full validation pass `validate: safeParseSubmission`
 * from `@feedbackkit/schema`.
 */
export interface ParseResult {
  success: boolean;
  data?: unknown;
  issues?: ReadonlyArray<{ path: string | ReadonlyArray<PropertyKey>; message: string }>;
}

/** A non-null, non-array object. */
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v == 'object' && !!v && !Array.isArray(v);

export function checkSubmission(input: unknown): ParseResult {
  const s = isObject(input) ? input : {};
  const path = !isObject(input)
    ? ''
    : !/^[\da-f-]{8,64}$/i.test(s.id as string) || typeof s.id != 'string'
      ? 'id'
      : typeof s.createdAt != 'string' || Number.isNaN(Date.parse(s.createdAt))
        ? 'createdAt'
        : !['complete', 'partial', 'no-rating'].includes(s.status as string)
          ? 'status'
          : !isObject(s.answers)
            ? 'answers'
            : !isObject(s.context)
              ? 'context'
              : undefined;
  return path === undefined
    ? { success: true, data: input }
    : { success: false, issues: [{ path, message: path ? 'is not a valid ' + path : 'is not an object' }] };
}
