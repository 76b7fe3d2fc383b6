// Submissions: one response with its answers and context (types in @feedbackkit/core).
import * as z from 'zod/mini';
import { LIMITS } from './limits.js';
import { scaleRefSchema } from './scale.js';
import { parseWith, safeParseWith, type SafeParseResult } from './parse.js';
import {
  classification,
  count,
  finite,
  freeText,
  id,
  idProblem,
  isoDateTime,
  locale,
  nonNegative,
  plain,
  record,
  uuidv7,
} from './primitives.js';

/** The measures object after its key-count guard (the json-schema entry adds maxProperties to it). */
export const measureFields = /*#__PURE__*/ z.catchall(
  z.strictObject({
    waitSeconds: z.optional(nonNegative),
    handlingSeconds: z.optional(nonNegative),
    errors: z.optional(count),
  }),
  z.optional(finite),
);

/** Wait, handling time and error counts next to the subjective score; any other named finite number too. */
export const measuresSchema = /*#__PURE__*/ z.pipe(
  z.unknown().check(
    // Names are free, so they are checked here: count, id shape, no __proto__. Issues abort,
    // so nothing downstream sees an unchecked object.
    z.superRefine((input, ctx) => {
      if (typeof input !== 'object' || input === null || Array.isArray(input)) return; // the object reports the type
      const keys = Object.keys(input);
      if (keys.length > LIMITS.measures) {
        ctx.addIssue({ code: 'custom', message: `at most ${LIMITS.measures} measures are allowed`, input, continue: false });
        return;
      }
      if (Object.prototype.hasOwnProperty.call(input, '__proto__')) {
        ctx.addIssue({ code: 'custom', message: 'a "__proto__" key is not allowed', path: ['__proto__'], input, continue: false });
      }
      for (const key of keys) {
        const problem = idProblem(key);
        if (problem) ctx.addIssue({ code: 'custom', message: `measure name ${problem}`, path: [key], input, continue: false });
      }
    }),
  ),
  measureFields,
);

export const contextSchema = /*#__PURE__*/ z.strictObject({
  site: z.optional(id),
  /** 'counter' | 'kiosk' | 'web' | 'app' | 'phone' | 'sms' | 'email' | 'comment-box' or your own. */
  channel: z.optional(id),
  branch: z.optional(id),
  branchTier: z.optional(id),
  counter: z.optional(id),
  staff: z.optional(id),
  transaction: z.optional(id),
  stage: z.optional(id),
  segment: z.optional(id),
  locale: z.optional(locale),
  page: z.optional(plain(LIMITS.pageLength)),
  measures: z.optional(measuresSchema),
  flags: z.optional(z.array(id).check(z.maxLength(LIMITS.flags))),
});

const kanoAnswer = /*#__PURE__*/ z.enum(['like', 'must-be', 'neutral', 'live-with', 'dislike']);

export const ratingAnswerSchema = /*#__PURE__*/ z.strictObject({
  type: z.literal('rating'),
  scale: scaleRefSchema,
  value: finite,
  reasons: z.optional(z.array(id).check(z.maxLength(LIMITS.reasonCodes))),
});
export const choiceAnswerSchema = /*#__PURE__*/ z.strictObject({
  type: z.literal('choice'),
  value: z.array(id).check(z.maxLength(LIMITS.options)),
});
export const textAnswerSchema = /*#__PURE__*/ z.strictObject({ type: z.literal('text'), value: freeText });
export const checklistAnswerSchema = /*#__PURE__*/ z.strictObject({
  type: z.literal('checklist'),
  value: /*#__PURE__*/ record(id, z.boolean(), 'items', LIMITS.options),
});
export const expectationGapAnswerSchema = /*#__PURE__*/ z.strictObject({
  type: z.literal('expectation-gap'),
  dimension: id,
  expectation: finite,
  perception: finite,
});
export const kanoPairAnswerSchema = /*#__PURE__*/ z.strictObject({
  type: z.literal('kano-pair'),
  feature: id,
  functional: kanoAnswer,
  dysfunctional: kanoAnswer,
});
export const consentAnswerSchema = /*#__PURE__*/ z.strictObject({
  type: z.literal('consent'),
  value: z.boolean(),
  contact: z.optional(plain(LIMITS.contactLength)),
});

/** One answer, discriminated on `type`. */
export const answerSchema = /*#__PURE__*/ z.discriminatedUnion('type', [
  ratingAnswerSchema,
  choiceAnswerSchema,
  textAnswerSchema,
  checklistAnswerSchema,
  expectationGapAnswerSchema,
  kanoPairAnswerSchema,
  consentAnswerSchema,
]);

export const submissionSchema = /*#__PURE__*/ z.strictObject({
  id: uuidv7,
  createdAt: isoDateTime,
  survey: z.optional(
    z.strictObject({
      id,
      version: z.optional(z.int().check(z.gte(0), z.lte(LIMITS.version))),
    }),
  ),
  status: z.enum(['complete', 'partial', 'no-rating']),
  /** Question id → answer. */
  answers: /*#__PURE__*/ record(id, answerSchema, 'answers', LIMITS.questions),
  context: contextSchema,
  classification: z.optional(classification),
});

export type Submission = z.output<typeof submissionSchema>;

/** A validated submission, or a SchemaError ('invalid-submission') listing every failing path. */
export function parseSubmission(input: unknown): Submission {
  return parseWith(submissionSchema, input, 'invalid-submission');
}
/** `{ success: true, data }` or `{ success: false, issues }` — never throws on bad input. */
export function safeParseSubmission(input: unknown): SafeParseResult<Submission> {
  return safeParseWith(submissionSchema, input);
}
