import { FeedbackError, describeValue, fieldError } from './errors.js';
import { kanoAnswers } from './kano.js';
import { scaleBoxes, scaleFor, scaleShape } from './scales.js';
import type { Scale } from './scales.js';
import type { Answer, Condition, ConditionOp, Question, ReasonCode, Submission, SubmissionStatus, SurveyDefinition } from './types.js';

/**
 * Survey logic shared by the elements (what to ask next) and the collector (what to accept),
 * so both agree on what a valid response is.
 *
 * Conditions read the answers to earlier questions: `eq`/`neq`/`lt`/`lte`/`gt`/`gte` compare a
 * rating's value (or a text / consent value); on a choice answer `eq` means "this option is
 * selected" and `in` "any of these is selected"; on a checklist `eq` means "this item is
 * ticked". Every comparison is false when the question is unanswered (so `not` of it is true).
 * Answers to questions that are not visible are ignored when evaluating conditions.
 */

export type Answers = Readonly<Record<string, Answer | undefined>>;

export type ResponseErrorCode =
  | 'unknown-question'
  | 'not-visible'
  | 'type-mismatch'
  | 'scale-mismatch'
  | 'invalid-value'
  | 'off-scale'
  | 'off-step'
  | 'unknown-option'
  | 'too-many'
  | 'too-long'
  | 'unknown-reason'
  | 'unexpected-reasons'
  | 'required'
  | 'status-mismatch'
  | 'survey-mismatch';

export interface ResponseError {
  /** Question id ('' for the response as a whole). */
  question: string;
  code: ResponseErrorCode;
  message: string;
}

export interface ResponseValidation {
  /** 'complete' when every visible required question is answered, else 'partial'. */
  status: 'complete' | 'partial';
  /** No errors: the response may be stored as is. */
  valid: boolean;
  errors: ResponseError[];
  /** Visible required questions without an answer. */
  missing: string[];
  /** Ids of the visible questions, in order. */
  visible: string[];
}

// ---- answers ---------------------------------------------------------------------------

/** Whether an answer counts as given: empty choices, blank text and empty checklists do not. */
export function isAnswered(a: Answer | undefined): boolean {
  if (!isObject(a)) return false;
  const v: unknown = (a as { value?: unknown }).value;
  return a.type === 'choice'
    ? Array.isArray(v) && v.length > 0
    : a.type === 'text'
      ? typeof v === 'string' && v.trim() !== ''
      : a.type !== 'checklist' || (isObject(v) && Object.keys(v).length > 0);
}

/** Evaluate a show-if condition over answers. */
export function evaluateCondition(cond: Condition, answers: Answers): boolean {
  if ('all' in cond) return cond.all.every((c) => evaluateCondition(c, answers));
  if ('any' in cond) return cond.any.some((c) => evaluateCondition(c, answers));
  if ('not' in cond) return !evaluateCondition(cond.not, answers);
  const { op, value: x } = cond;
  const a = answers[cond.question];
  const answered = isAnswered(a);
  if (op === 'answered' || op === 'not-answered') return answered === (op === 'answered');
  if (!answered) return false;
  const { type, value: v } = a as { type: Answer['type']; value: never };
  if (type === 'choice' || type === 'checklist') {
    // "This option is selected" / "this item is ticked"; `in` (choices only): any of these is selected.
    const has = (y: unknown) => (type === 'choice' ? (v as string[]).includes(y as string) : v[y as string] === true);
    return op === 'eq' ? has(x) : op === 'neq' ? !has(x) : op === 'in' && type === 'choice' && Array.isArray(x) && (v as string[]).some((y) => x.includes(y));
  }
  if (type !== 'rating' && type !== 'text' && type !== 'consent') return false;
  if (op === 'eq') return v === x;
  if (op === 'neq') return v !== x;
  if (op === 'in') return Array.isArray(x) && x.includes(v);
  // lt, lte, gt, gte compare numbers only.
  return typeof v === 'number' && typeof x === 'number' && { lt: v < x, lte: v <= x, gt: v > x, gte: v >= x }[op as string] === true;
}

// ---- visibility and flow ----------------------------------------------------------------

// Definitions already validated (by identity), so every entry point can check its input cheaply.
const checked = new WeakSet<object>();
function ensureValid(def: SurveyDefinition): void {
  // (WeakSet#has is false for anything that is not an object.)
  if (!checked.has(def)) {
    validateDefinition(def);
    checked.add(def);
  }
}

function visibleWithAnswers(def: SurveyDefinition, answers: Answers): { questions: Question[]; effective: Record<string, Answer> } {
  ensureValid(def);
  if (!isObject(answers)) throw fieldError('invalid-value', 'answers', answers, 'is not an object of question id → answer');
  const effective: Record<string, Answer> = {};
  const questions: Question[] = [];
  for (const q of def.questions) {
    if (q.showIf === undefined || evaluateCondition(q.showIf, effective)) {
      questions.push(q);
      const a = answers[q.id];
      if (a !== undefined) effective[q.id] = a;
    }
  }
  return { questions, effective };
}

/** The questions to show, in order, given the answers so far. */
export function visibleQuestions(def: SurveyDefinition, answers: Answers = {}): Question[] {
  return visibleWithAnswers(def, answers).questions;
}

/**
 * The question to show after `current` (or the first one when `current` is omitted), given
 * the answers so far; null at the end of the survey.
 */
export function nextQuestion(def: SurveyDefinition, answers: Answers = {}, current?: string): Question | null {
  const visible = visibleQuestions(def, answers);
  if (current === undefined) return visible[0] ?? null;
  const order = def.questions.findIndex((q) => q.id === current);
  if (order < 0) {
    throw fieldError('invalid-value', 'current', current, `is not a question of survey ${def.id}`);
  }
  for (const q of visible) if (def.questions.indexOf(q) > order) return q;
  return null;
}

export interface ReasonFollowUp {
  question: string;
  codes: ReasonCode[];
  prompt?: Question['prompt'];
  multiple: boolean;
}

/**
 * The reason-code follow-up for a rating question, or null when it does not apply: it
 * applies when the rating is answered and its `reasons.when` holds (default: the rating is
 * in the scale's bottom box — NPS 0–6, CSAT 1–2 on 5 points, evaluator "dissatisfied").
 */
export function reasonFollowUp(def: SurveyDefinition, questionId: string, answers: Answers = {}): ReasonFollowUp | null {
  ensureValid(def);
  const q = def.questions.find((x) => x.id === questionId);
  const r = q?.type === 'rating' ? q.reasons : undefined;
  if (!r || r.codes.length === 0) return null;
  const a = answers[questionId];
  if (a?.type !== 'rating') return null;
  const { effective } = visibleWithAnswers(def, answers);
  if (!(questionId in effective) || !(r.when ? evaluateCondition(r.when, effective) : scaleBoxes((q as Extract<Question, { type: 'rating' }>).scale).bottomBox.includes(a.value))) {
    return null;
  }
  const out: ReasonFollowUp = { question: questionId, codes: r.codes, multiple: r.multiple ?? true };
  if (r.prompt !== undefined) out.prompt = r.prompt;
  return out;
}

// ---- response validation ---------------------------------------------------------------

function checkAnswer(def: SurveyDefinition, q: Question, a: Answer, answers: Answers, push: (code: ResponseErrorCode, message: string) => void): void {
  const where = `answers.${q.id}`;
  if (a === null || typeof a !== 'object' || a.type !== q.type) {
    push('type-mismatch', `${where}.type: ${describeValue((a as { type?: unknown } | null)?.type)} does not match the question type ${q.type}`);
    return;
  }
  const onScale = (scale: Scale, v: unknown, field: string): boolean => {
    try {
      scale.validate(v, field);
      return true;
    } catch (e) {
      if (!(e instanceof FeedbackError)) throw e;
      push((['off-scale', 'off-step'].includes(e.code) ? e.code : 'invalid-value') as ResponseErrorCode, e.message);
      return false;
    }
  };
  switch (q.type) {
    case 'rating': {
      const ans = a as Extract<Answer, { type: 'rating' }>;
      const scale = scaleFor(q.scale);
      let own: Scale | undefined;
      try {
        own = scaleFor(ans.scale);
      } catch {
        own = undefined;
      }
      if (!own || own.id !== scale.id) {
        push('scale-mismatch', `${where}.scale: ${own ? own.id : describeValue(ans.scale)} is not the question's scale ${scale.id}`);
        return;
      }
      if (!onScale(scale, ans.value, `${where}.value`)) return;
      if (ans.reasons !== undefined) {
        if (!Array.isArray(ans.reasons)) return push('invalid-value', `${where}.reasons: ${describeValue(ans.reasons)} is not an array`);
        if (ans.reasons.length === 0) return;
        const follow = reasonFollowUp(def, q.id, answers);
        if (!follow) {
          push('unexpected-reasons', `${where}.reasons: ${describeValue(ans.reasons)} given, but the rating ${ans.value} does not ask for reasons`);
          return;
        }
        const ids = new Set(follow.codes.map((c) => c.id));
        for (const r of ans.reasons) if (!ids.has(r)) push('unknown-reason', `${where}.reasons: ${describeValue(r)} is not one of ${[...ids].join(', ')}`);
        if (new Set(ans.reasons).size !== ans.reasons.length) push('invalid-value', `${where}.reasons: ${describeValue(ans.reasons)} repeats a reason`);
        if (!follow.multiple && ans.reasons.length > 1) push('too-many', `${where}.reasons: ${ans.reasons.length} reasons given; this question takes one`);
      }
      return;
    }
    case 'choice': {
      const v = (a as Extract<Answer, { type: 'choice' }>).value;
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) return push('invalid-value', `${where}.value: ${describeValue(v)} is not an array of option ids`);
      const ids = new Set(q.options.map((o) => o.id));
      for (const x of v) if (!ids.has(x)) push('unknown-option', `${where}.value: ${describeValue(x)} is not one of ${[...ids].join(', ')}`);
      if (new Set(v).size !== v.length) push('invalid-value', `${where}.value: ${describeValue(v)} repeats an option`);
      if (!q.multiple && v.length > 1) push('too-many', `${where}.value: ${v.length} options chosen; this question takes one`);
      return;
    }
    case 'text': {
      const v = (a as Extract<Answer, { type: 'text' }>).value;
      if (typeof v !== 'string') return push('invalid-value', `${where}.value: ${describeValue(v)} is not a string`);
      if (q.maxLength !== undefined && [...v].length > q.maxLength) push('too-long', `${where}.value: ${[...v].length} characters; at most ${q.maxLength}`);
      return;
    }
    case 'checklist': {
      const v = (a as Extract<Answer, { type: 'checklist' }>).value;
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return push('invalid-value', `${where}.value: ${describeValue(v)} is not an object of item → boolean`);
      const ids = new Set(q.items.map((o) => o.id));
      for (const [k, x] of Object.entries(v)) {
        if (!ids.has(k)) push('unknown-option', `${where}.value.${k}: not one of the items ${[...ids].join(', ')}`);
        else if (typeof x !== 'boolean') push('invalid-value', `${where}.value.${k}: ${describeValue(x)} is not true or false`);
      }
      return;
    }
    case 'expectation-gap': {
      const ans = a as Extract<Answer, { type: 'expectation-gap' }>;
      if (ans.dimension !== q.dimension) push('invalid-value', `${where}.dimension: ${describeValue(ans.dimension)} is not the question's dimension ${describeValue(q.dimension)}`);
      const scale = scaleFor(q.scale);
      onScale(scale, ans.expectation, `${where}.expectation`);
      onScale(scale, ans.perception, `${where}.perception`);
      return;
    }
    case 'kano-pair': {
      const ans = a as Extract<Answer, { type: 'kano-pair' }>;
      if (ans.feature !== q.feature) push('invalid-value', `${where}.feature: ${describeValue(ans.feature)} is not the question's feature ${describeValue(q.feature)}`);
      for (const k of ['functional', 'dysfunctional'] as const) {
        if (!kanoAnswers.includes(ans[k])) push('invalid-value', `${where}.${k}: ${describeValue(ans[k])} is not one of ${kanoAnswers.join(', ')}`);
      }
      return;
    }
    case 'consent': {
      const ans = a as Extract<Answer, { type: 'consent' }>;
      if (typeof ans.value !== 'boolean') return push('invalid-value', `${where}.value: ${describeValue(ans.value)} is not true or false`);
      if (ans.contact !== undefined) {
        // Contact details are kept only with explicit consent, and only when the question asks for them.
        if (!ans.value) push('invalid-value', `${where}.contact: given without consent; it must not be sent`);
        else if (q.contact === undefined) push('invalid-value', `${where}.contact: this question does not collect contact details`);
        else if (typeof ans.contact !== 'string' || ans.contact.trim() === '') push('invalid-value', `${where}.contact: ${describeValue(ans.contact)} is not a non-empty string`);
      }
      return;
    }
  }
}

/**
 * Check answers against a definition: every answer belongs to a visible question, has the
 * question's type and a valid value; required visible questions decide 'complete' vs
 * 'partial'. Missing required answers are errors unless the survey `allowPartial`.
 */
export function validateResponse(def: SurveyDefinition, answers: Answers): ResponseValidation {
  ensureValid(def);
  const errors: ResponseError[] = [];
  if (answers === null || typeof answers !== 'object') {
    errors.push({ question: '', code: 'invalid-value', message: `answers: ${describeValue(answers)} is not an object` });
    return { status: 'partial', valid: false, errors, missing: [], visible: [] };
  }
  const byId = new Map(def.questions.map((q) => [q.id, q]));
  const { questions: visible } = visibleWithAnswers(def, answers);
  const visibleIds = new Set(visible.map((q) => q.id));
  for (const id of Object.keys(answers)) {
    const a = answers[id];
    if (a === undefined) continue;
    const push = (code: ResponseErrorCode, message: string) => errors.push({ question: id, code, message });
    const q = byId.get(id);
    if (!q) {
      push('unknown-question', `answers.${id}: survey ${def.id} v${def.version} has no such question`);
      continue;
    }
    if (!visibleIds.has(id)) {
      push('not-visible', `answers.${id}: the question is hidden by its show-if condition, so it must not be answered`);
      continue;
    }
    checkAnswer(def, q, a, answers, push);
  }
  const missing = visible.filter((q) => q.required && !isAnswered(answers[q.id])).map((q) => q.id);
  if (!def.allowPartial) {
    for (const id of missing) errors.push({ question: id, code: 'required', message: `answers.${id}: a required question is unanswered` });
  }
  return { status: missing.length === 0 ? 'complete' : 'partial', valid: errors.length === 0, errors, missing, visible: visible.map((q) => q.id) };
}

/**
 * `validateResponse` for a whole submission: also checks that it names this survey and
 * version and that its status agrees ('complete' must be complete; 'partial' needs
 * `allowPartial`; 'no-rating' carries no answers).
 */
export function validateSubmission(def: SurveyDefinition, submission: Pick<Submission, 'survey' | 'status' | 'answers'>): ResponseValidation {
  const result = validateResponse(def, submission.answers);
  const add = (code: ResponseErrorCode, message: string) => result.errors.push({ question: '', code, message });
  if (submission.survey?.id !== def.id || (submission.survey.version !== undefined && submission.survey.version !== def.version)) {
    add('survey-mismatch', `survey: ${describeValue(submission.survey)} is not ${def.id} v${def.version}`);
  }
  const status: SubmissionStatus = submission.status;
  if (status === 'no-rating') {
    if (Object.values(submission.answers ?? {}).some((a) => isAnswered(a))) add('status-mismatch', "status: 'no-rating' but the submission has answers");
    // A recorded "no rating" is a fact, not a missing answer.
    result.errors = result.errors.filter((e) => e.code !== 'required');
  } else if (status === 'complete' && result.status !== 'complete') {
    add('status-mismatch', `status: 'complete' but required questions are unanswered: ${result.missing.join(', ')}`);
  } else if (status === 'partial' && !def.allowPartial) {
    add('status-mismatch', `status: 'partial' but survey ${def.id} does not allow partial responses`);
  } else if (status !== 'complete' && status !== 'partial') {
    add('status-mismatch', `status: ${describeValue(status)} is not 'complete', 'partial' or 'no-rating'`);
  }
  result.valid = result.errors.length === 0;
  return result;
}

// ---- definition validation -------------------------------------------------------------
// Written for size as much as for reading: the elements carry this to every page with a
// survey. The field named in each error is part of the contract (tests pin it); the wording
// is short.

/** Throws FeedbackError 'invalid-definition' for `field` when `bad`. */
function need(bad: unknown, field: string, value: unknown, reason: string): void {
  if (bad) throw fieldError('invalid-definition', field, value, reason);
}

function isObject(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object';
}
const nonEmpty = (field: string, value: unknown): void => need(typeof value !== 'string' || value === '', field, value, 'is not a non-empty string');
const list = (field: string, value: unknown): void => need(!Array.isArray(value) || value.length === 0, field, value, 'must be a non-empty array');
/** A non-empty id not in `seen` yet, which records it at `at`. */
function idOnce(seen: Map<unknown, number>, field: string, id: unknown, at: number): void {
  nonEmpty(field, id);
  need(seen.has(id), field, id, 'is used twice');
  seen.set(id, at);
}

const QUESTION_TYPES = ['rating', 'choice', 'text', 'checklist', 'expectation-gap', 'kano-pair', 'consent'];
const OPS: readonly ConditionOp[] = ['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'in', 'answered', 'not-answered'];

/** A non-empty list of objects with unique non-empty `id`s. */
function checkIds(items: unknown, field: string): void {
  list(field, items);
  const ids = new Map<unknown, number>();
  (items as ({ id?: unknown } | null)[]).forEach((o, i) => idOnce(ids, `${field}[${i}].id`, o?.id, i));
}

/**
 * Throw FeedbackError 'invalid-definition' (naming the field) unless the definition can be
 * evaluated: ids unique, every type known, scales valid, options and reason codes unique,
 * show-if conditions reading only earlier questions with operators that fit them.
 */
export function validateDefinition(def: SurveyDefinition): void {
  need(!isObject(def), 'definition', def, 'is not a survey definition');
  nonEmpty('id', def.id);
  need(!Number.isInteger(def.version) || def.version < 0, 'version', def.version, 'is not an integer ≥ 0');
  const questions = def.questions;
  list('questions', questions);
  const index = new Map<unknown, number>();

  /** A condition reading questions up to `last` (earlier ones; reason codes' `when` may read its own). */
  const checkCondition = (cond: Condition, field: string, last: number): void => {
    need(!isObject(cond), field, cond, 'is not a condition');
    const k = 'all' in cond ? 'all' : 'any' in cond ? 'any' : undefined;
    if (k) {
      const items: unknown = (cond as Record<typeof k, unknown>)[k];
      list(`${field}.${k}`, items);
      return (items as Condition[]).forEach((c, i) => checkCondition(c, `${field}.${k}[${i}]`, last));
    }
    if ('not' in cond) return checkCondition(cond.not, `${field}.not`, last);
    const { question, op, value: v } = cond as Extract<Condition, { question: string }>;
    const at = index.get(question);
    need(at === undefined, `${field}.question`, question, 'is not a question of this survey');
    need(at! > last, `${field}.question`, question, 'is not an earlier question (show-if reads earlier answers only, so no cycles)');
    const target = questions[at!]!;
    const { id, type } = target;
    const badOp = (bad: boolean, reason = `does not apply to the ${type} question ${id}`) => need(bad, `${field}.op`, op, reason);
    const badValue = (bad: boolean, x: unknown, reason: string) => need(bad, `${field}.value`, x, reason);
    const options = target.type === 'choice' ? target.options : target.type === 'checklist' ? target.items : undefined;
    /** `x` (as given: `shown`) is not one of the target's options / items. */
    const notOption = (x: unknown, shown = x) => badValue(!!options && !options.some((o) => o.id === x), shown, `is not an option of ${id}`);
    badOp(!OPS.includes(op), `is not one of ${OPS.join(', ')}`);
    if (op === 'in') {
      badValue(!Array.isArray(v) || v.length === 0, v, "must be a non-empty array for 'in'");
      badOp(!['rating', 'choice', 'text'].includes(type));
      // (only choices get here with options: a checklist failed the operator check)
      for (const x of v as unknown[]) notOption(String(x), x);
    } else if (op === 'eq' || op === 'neq') {
      badValue(v === undefined || Array.isArray(v), v, `must be a single value for '${op}'`);
      notOption(v);
      badValue(type === 'rating' && typeof v !== 'number', v, `is not a number (${id} is a rating)`);
      badValue(type === 'consent' && typeof v !== 'boolean', v, `is not true or false (${id} is a consent)`);
      badOp(type === 'expectation-gap' || type === 'kano-pair', `does not apply to the ${type} question ${id}; use answered / not-answered`);
    } else if (op !== 'answered' && op !== 'not-answered') {
      // lt, lte, gt, gte
      badOp(type !== 'rating');
      badValue(typeof v !== 'number' || !Number.isFinite(v), v, 'is not a finite number');
    }
  };

  questions.forEach((q, i) => {
    const f = `questions[${i}]`;
    need(!isObject(q), f, q, 'is not a question');
    idOnce(index, `${f}.id`, q.id, i);
    need(!QUESTION_TYPES.includes(q.type), `${f}.type`, q.type, `is not one of ${QUESTION_TYPES.join(', ')}`);
    const p: unknown = q.prompt;
    need(
      typeof p === 'string' ? p === '' : !isObject(p) || !Object.keys(p).length || Object.values(p).some((x) => typeof x !== 'string'),
      `${f}.prompt`,
      p,
      'is not a non-empty string or a map of locale → string',
    );
  });
  questions.forEach((q, i) => {
    const f = `questions[${i}]`;
    if (q.type === 'rating' || q.type === 'expectation-gap') {
      try {
        // The shape throws like scaleFor and loads no labels (the elements validate with this).
        scaleShape(q.scale);
      } catch (e) {
        need(1, `${f}.scale`, q.scale, `is not a valid scale (${(e as Error).message})`);
      }
    }
    if (q.type === 'rating' && q.reasons) {
      checkIds(q.reasons.codes, `${f}.reasons.codes`);
      if (q.reasons.when) checkCondition(q.reasons.when, `${f}.reasons.when`, i);
    }
    if (q.type === 'choice') checkIds(q.options, `${f}.options`);
    if (q.type === 'checklist') checkIds(q.items, `${f}.items`);
    if (q.type === 'expectation-gap') nonEmpty(`${f}.dimension`, q.dimension);
    if (q.type === 'kano-pair') nonEmpty(`${f}.feature`, q.feature);
    if (q.type === 'text' && q.maxLength !== undefined) need(!Number.isInteger(q.maxLength) || q.maxLength < 1, `${f}.maxLength`, q.maxLength, 'is not an integer ≥ 1');
    if (q.showIf !== undefined) checkCondition(q.showIf, `${f}.showIf`, i - 1);
  });
}
