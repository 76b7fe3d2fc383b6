import { uuidv7Compact } from '@feedbackkit/core';
import type { Answer, DataClassification, Submission, SubmissionContext, SubmissionStatus } from '@feedbackkit/core';
import { parentOf, resolveLocale } from './i18n.js';

export interface BuildSubmissionInput {
  answers: Record<string, Answer>;
  status: SubmissionStatus;
  survey?: { id: string; version?: number } | undefined;
  context: SubmissionContext;
  classification?: DataClassification | undefined;
  /** Defaults to now (the client clock). */
  createdAt?: Date;
}

let lastMs = 0;

/**
 * A UUID version 7 for a submission, from core's compact generator (core's `uuidv7` carries a
 * counter and argument checks the elements do not need). Ids from one page are strictly
 * increasing: a millisecond already used (or a clock that stepped back) is advanced by one,
 * which for a person's responses moves the timestamp by a few milliseconds at most.
 */
export const submissionId = (): string => uuidv7Compact((lastMs = Math.max(Date.now(), lastMs + 1)));

/** A submission with a fresh UUIDv7 id and the time of the response. */
export function buildSubmission(input: BuildSubmissionInput): Submission {
  const submission: Submission = {
    id: submissionId(),
    createdAt: (input.createdAt ?? new Date()).toISOString(),
    status: input.status,
    answers: input.answers,
    context: input.context,
  };
  if (input.survey) submission.survey = input.survey;
  if (input.classification) submission.classification = input.classification;
  return submission;
}

/** Context attributes; the field is the attribute in camelCase (`branch-tier` → `branchTier`). Staff ids are public (badges), so they are allowed here. */
const ATTRIBUTES = /* @__PURE__ */ 'site channel branch branch-tier counter staff transaction stage segment page'.split(' ');

/**
 * The submission context an element carries in its attributes (`site`, `channel`, `branch`,
 * `branch-tier`, `counter`, `staff`, `transaction`, `stage`, `segment`, `page`), completed from
 * enclosing Feedbackkit elements (any `fb-*` ancestor, crossing shadow roots): an
 * `<fb-rating>` inside `<fb-prompt channel="web" stage="checkout">` inherits both. The locale
 * is the element's resolved `lang`. Empty attributes are left out.
 */
export function contextFromElement(el: Element): SubmissionContext {
  const context: Record<string, string> = {};
  for (let node: Element | null = el; node; node = parentOf(node)) {
    if (node === el || node.localName.startsWith('fb-')) {
      for (const attr of ATTRIBUTES) {
        const field = attr.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
        const v = node.getAttribute(attr);
        if (v && !(field in context)) context[field] = v;
      }
    }
  }
  context.locale = resolveLocale(el);
  return context as SubmissionContext;
}
