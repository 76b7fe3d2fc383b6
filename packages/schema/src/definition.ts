// Survey definitions: questions, localized text, show-if conditions, reason codes.
import * as z from 'zod/mini';
import { LIMITS } from './limits.js';
import { parseWith, safeParseWith, type SafeParseResult } from './parse.js';
import { classification, finite, id, locale, localizedText, plain } from './primitives.js';
import { scaleRefSchema } from './scale.js';

const conditionValue = /*#__PURE__*/ z.union(
  [finite, plain(LIMITS.labelLength, 0), z.boolean(), z.array(z.union([finite, plain(LIMITS.labelLength, 0)])).check(z.maxLength(LIMITS.conditionItems))],
  { error: 'expected a number, text, true/false or a list of numbers and texts' },
);

/** A leaf: compare the answer to `question` with `value`. */
const comparison = /*#__PURE__*/ z.strictObject({
  question: id,
  op: z.enum(['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'in', 'answered', 'not-answered']),
  value: z.optional(conditionValue),
});

/** The condition tree itself; only reachable through `conditionSchema`, which bounds its depth first. */
export const conditionTree = /*#__PURE__*/ z.union(
  [
    comparison,
    z.strictObject({
      get all() {
        return z.array(conditionTree).check(z.minLength(1), z.maxLength(LIMITS.conditionItems));
      },
    }),
    z.strictObject({
      get any() {
        return z.array(conditionTree).check(z.minLength(1), z.maxLength(LIMITS.conditionItems));
      },
    }),
    z.strictObject({
      get not() {
        return conditionTree;
      },
    }),
  ],
  { error: 'expected a condition: { question, op, value? }, { all: [...] }, { any: [...] } or { not: {...} }' },
);

/**
 * How deep `all` / `any` / `not` nest, walked iteratively so a hostile (or cyclic) tree can
 * neither overflow the stack here nor reach the recursive schema. Stops at `limit + 1`.
 */
function conditionDepth(root: unknown, limit: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > deepest) deepest = depth;
    if (deepest > limit) return deepest;
    const record = node as Record<string, unknown>;
    for (const key of ['all', 'any'] as const) {
      const children = Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
      if (Array.isArray(children)) {
        // Longer lists are the schema's to report; only the allowed prefix is walked.
        for (const child of children.slice(0, LIMITS.conditionItems)) stack.push([child, depth + 1]);
      }
    }
    if (Object.prototype.hasOwnProperty.call(record, 'not')) stack.push([record.not, depth + 1]);
  }
  return deepest;
}

/** A show-if (or reason-code) condition, at most `LIMITS.conditionDepth` levels deep. */
export const conditionSchema = /*#__PURE__*/ z.pipe(
  z.unknown().check(
    z.refine((input) => conditionDepth(input, LIMITS.conditionDepth) <= LIMITS.conditionDepth, {
      error: `conditions nest deeper than ${LIMITS.conditionDepth} levels`,
      abort: true,
    }),
  ),
  conditionTree,
);

const option = /*#__PURE__*/ z.strictObject({ id, label: localizedText });

const base = {
  id,
  prompt: localizedText,
  help: z.optional(localizedText),
  required: z.optional(z.boolean()),
  showIf: z.optional(conditionSchema),
};

export const ratingQuestionSchema = /*#__PURE__*/ z.strictObject({
  ...base,
  type: z.literal('rating'),
  scale: scaleRefSchema,
  reasons: z.optional(
    z.strictObject({
      codes: z.array(option).check(z.minLength(1), z.maxLength(LIMITS.reasonCodes)),
      prompt: z.optional(localizedText),
      when: z.optional(conditionSchema),
      multiple: z.optional(z.boolean()),
    }),
  ),
});
export const choiceQuestionSchema = /*#__PURE__*/ z.strictObject({
  ...base,
  type: z.literal('choice'),
  options: z.array(option).check(z.minLength(1), z.maxLength(LIMITS.options)),
  multiple: z.optional(z.boolean()),
});
export const textQuestionSchema = /*#__PURE__*/ z.strictObject({
  ...base,
  type: z.literal('text'),
  maxLength: z.optional(z.int().check(z.gte(1), z.lte(LIMITS.textLength))),
  multiline: z.optional(z.boolean()),
  redact: z.optional(z.boolean()),
});
export const checklistQuestionSchema = /*#__PURE__*/ z.strictObject({
  ...base,
  type: z.literal('checklist'),
  items: z.array(option).check(z.minLength(1), z.maxLength(LIMITS.options)),
});
export const expectationGapQuestionSchema = /*#__PURE__*/ z.strictObject({
  ...base,
  type: z.literal('expectation-gap'),
  dimension: id,
  scale: scaleRefSchema,
});
export const kanoPairQuestionSchema = /*#__PURE__*/ z.strictObject({
  ...base,
  type: z.literal('kano-pair'),
  feature: id,
  functional: localizedText,
  dysfunctional: localizedText,
});
export const consentQuestionSchema = /*#__PURE__*/ z.strictObject({
  ...base,
  type: z.literal('consent'),
  purpose: localizedText,
  contact: z.optional(z.enum(['email', 'phone'])),
});

/** One question, discriminated on `type`. */
export const questionSchema = /*#__PURE__*/ z.discriminatedUnion('type', [
  ratingQuestionSchema,
  choiceQuestionSchema,
  textQuestionSchema,
  checklistQuestionSchema,
  expectationGapQuestionSchema,
  kanoPairQuestionSchema,
  consentQuestionSchema,
]);

type QuestionOut = z.output<typeof questionSchema>;
type ConditionOut = z.output<typeof conditionTree>;
type Path = Array<string | number>;

/** Every `question` a condition refers to, with its path. */
function referencedQuestions(condition: ConditionOut, path: Path, out: Array<[string, Path]>): void {
  if ('question' in condition) out.push([condition.question, [...path, 'question']]);
  else if ('all' in condition) condition.all.forEach((c, i) => referencedQuestions(c, [...path, 'all', i], out));
  else if ('any' in condition) condition.any.forEach((c, i) => referencedQuestions(c, [...path, 'any', i], out));
  else referencedQuestions(condition.not, [...path, 'not'], out);
}

/** Ids that must be unique within a list: a second use is reported at its own path. */
function checkUnique(items: ReadonlyArray<{ id: string }>, path: Path, what: string, issues: Array<{ message: string; path: Path }>) {
  const first = new Map<string, number>();
  items.forEach((item, i) => {
    const seen = first.get(item.id);
    if (seen === undefined) first.set(item.id, i);
    else issues.push({ message: `duplicate ${what} id ${JSON.stringify(item.id)} (first used at index ${seen})`, path: [...path, i, 'id'] });
  });
}

/**
 * Cross-field rules of a definition: unique ids, and conditions that name existing questions
 * which come earlier in the list (the rule of core's `validateDefinition`). A `showIf` may read
 * only earlier answers, never its own or a later one; that also rules out cycles. A reason-code
 * `when` may also read its own rating, since the reasons are asked after it.
 */
function definitionRules(questions: QuestionOut[]): Array<{ message: string; path: Path }> {
  const issues: Array<{ message: string; path: Path }> = [];
  checkUnique(questions, ['questions'], 'question', issues);
  // The first use of an id is its position; a duplicate is reported above.
  const position = new Map<string, number>();
  questions.forEach((q, i) => {
    if (!position.has(q.id)) position.set(q.id, i);
  });
  questions.forEach((q, i) => {
    const at: Path = ['questions', i];
    if (q.type === 'choice') checkUnique(q.options, [...at, 'options'], 'option', issues);
    if (q.type === 'checklist') checkUnique(q.items, [...at, 'items'], 'item', issues);
    const refs: Array<[string, Path, boolean]> = [];
    const collect = (condition: ConditionOut, path: Path, allowSelf: boolean) => {
      const found: Array<[string, Path]> = [];
      referencedQuestions(condition, path, found);
      for (const [ref, p] of found) refs.push([ref, p, allowSelf]);
    };
    if (q.showIf) collect(q.showIf, [...at, 'showIf'], false);
    if (q.type === 'rating' && q.reasons) {
      checkUnique(q.reasons.codes, [...at, 'reasons', 'codes'], 'reason code', issues);
      if (q.reasons.when) collect(q.reasons.when, [...at, 'reasons', 'when'], true);
    }
    for (const [ref, path, allowSelf] of refs) {
      const target = position.get(ref);
      if (target === undefined) issues.push({ message: `refers to unknown question ${JSON.stringify(ref)}`, path });
      else if (target === i && !allowSelf) issues.push({ message: `refers to its own question ${JSON.stringify(ref)}; a show-if may only read earlier answers`, path });
      else if (target > i) issues.push({ message: `refers to question ${JSON.stringify(ref)}, which comes later (index ${target}); conditions may only read earlier answers`, path });
    }
  });
  return issues;
}

export const surveyDefinitionSchema = /*#__PURE__*/ z.strictObject({
  id,
  version: z.int().check(z.gte(0), z.lte(LIMITS.version)),
  title: z.optional(localizedText),
  defaultLocale: z.optional(locale),
  questions: z.array(questionSchema).check(z.minLength(1), z.maxLength(LIMITS.questions)),
  thankYou: z.optional(localizedText),
  allowPartial: z.optional(z.boolean()),
  classification: z.optional(classification),
}).check(
  z.superRefine((definition, ctx) => {
    for (const issue of definitionRules(definition.questions)) {
      ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path, input: definition });
    }
  }),
);

export type SurveyDefinition = z.output<typeof surveyDefinitionSchema>;

/** A validated survey definition, or a SchemaError ('invalid-definition'). */
export function parseSurveyDefinition(input: unknown): SurveyDefinition {
  return parseWith(surveyDefinitionSchema, input, 'invalid-definition');
}
export function safeParseSurveyDefinition(input: unknown): SafeParseResult<SurveyDefinition> {
  return safeParseWith(surveyDefinitionSchema, input);
}
