import { FeedbackError, isAnswered } from '@feedbackkit/core';
import type { Answer, Question, SurveyDefinition } from '@feedbackkit/core';

/**
 * What the runner needs from core's survey logic: which questions are asked given the
 * answers so far (show-if), and whether a rating opens its reason codes.
 */
export interface SurveyLogic {
  visibleQuestions(definition: SurveyDefinition, answers: Readonly<Record<string, Answer>>): readonly Question[];
  wantsReasons(
    definition: SurveyDefinition,
    question: Extract<Question, { type: 'rating' }>,
    answers: Readonly<Record<string, Answer>>,
  ): boolean;
}

export type SurveyStep =
  | { kind: 'question'; question: Question }
  | { kind: 'reasons'; question: Extract<Question, { type: 'rating' }> }
  | { kind: 'thanks' };

/** Why the current step cannot be left yet (messages come from the element's i18n). */
export type StepProblem = 'required' | 'contact-required' | 'contact-invalid' | 'too-long';

export interface StepError {
  problem: StepProblem;
  /** The question id the problem is about. */
  question: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ()-]{6,20}$/;

/**
 * One respondent's way through a survey definition: the current step, answers, history for
 * Back, progress, and what to submit complete or partial. Pure state, no DOM: the element
 * renders it and the unit tests drive it.
 */
export class SurveyRunner {
  readonly definition: SurveyDefinition;
  readonly #logic: SurveyLogic;
  #answers: Record<string, Answer> = {};
  #history: SurveyStep[] = [];
  #step: SurveyStep;

  constructor(definition: SurveyDefinition, logic: SurveyLogic) {
    this.definition = definition;
    this.#logic = logic;
    const first = this.#visible()[0];
    if (!first) {
      throw new FeedbackError('invalid-definition', `survey ${definition.id}: no question is visible at the start`, {
        field: 'questions',
      });
    }
    this.#step = { kind: 'question', question: first };
  }

  get step(): SurveyStep {
    return this.#step;
  }

  get finished(): boolean {
    return this.#step.kind === 'thanks';
  }

  get canGoBack(): boolean {
    return this.#history.length > 0 && !this.finished;
  }

  answer(id: string): Answer | undefined {
    return this.#answers[id];
  }

  /** Answers to the questions that are still asked (a changed answer can hide later ones). */
  get answers(): Record<string, Answer> {
    const out: Record<string, Answer> = {};
    for (const { id } of this.#visible()) if (this.#answers[id]) out[id] = this.#answers[id];
    return out;
  }

  /** Position among the questions currently asked: `{ index: 1-based, total }`. */
  get progress(): { index: number; total: number } {
    const visible = this.#visible();
    const total = visible.length;
    // The thank-you step has no question: it counts as the last.
    const id = (this.#step as { question?: Question }).question?.id;
    const at = visible.findIndex((q) => q.id === id);
    return { index: at < 0 ? total : at + 1, total };
  }

  /** Whether the next `next()` would finish the survey (the button says "Submit"). */
  get atEnd(): boolean {
    return this.#step.kind === 'thanks' || !this.#following();
  }

  /** Whether there is anything worth emitting as a partial response. */
  get hasPartial(): boolean {
    return (
      this.definition.allowPartial === true && !this.finished && Object.keys(this.answers).length > 0
    );
  }

  /** Set (or with undefined, clear) the answer to a question. */
  setAnswer(id: string, answer: Answer | undefined): void {
    if (this.finished) return;
    if (answer === undefined) {
      delete this.#answers[id];
      return;
    }
    const previous = this.#answers[id];
    // Keep reason codes chosen for a rating only while the new rating still wants them.
    if (answer.type === 'rating' && previous?.type === 'rating' && previous.reasons && !answer.reasons) {
      answer = { ...answer, reasons: previous.reasons };
    }
    this.#answers[id] = answer;
    if (answer.type === 'rating' && answer.reasons) {
      const q = this.#question(id);
      if (q?.type === 'rating' && !this.#logic.wantsReasons(this.definition, q, this.#answers)) this.#answers[id] = dropReasons(answer);
    }
  }

  /** Reason codes for a rating question (the follow-up step). */
  setReasons(id: string, reasons: string[]): void {
    const current = this.#answers[id];
    if (this.finished || current?.type !== 'rating') return;
    this.#answers[id] = reasons.length > 0 ? { ...current, reasons: [...reasons] } : dropReasons(current);
  }

  /** Check the current step; undefined when it may be left. */
  check(): StepError | undefined {
    const step = this.#step;
    if (step.kind !== 'question') return undefined;
    const q = step.question;
    const a = this.#answers[q.id];
    // Blank text, no choice and an empty checklist count as unanswered (core's rule); so do
    // a checklist without a yes or no on every item and consent not given.
    const problem: StepProblem | undefined =
      !a ||
      !isAnswered(a) ||
      (q.type === 'checklist' && a.type === 'checklist' && q.items.some((i) => !(i.id in a.value))) ||
      (a.type === 'consent' && !a.value)
        ? q.required
          ? 'required'
          : undefined
        : q.type === 'text' && a.type === 'text' && a.value.length > (q.maxLength ?? Infinity)
          ? 'too-long'
          : q.type === 'consent' && a.type === 'consent' && q.contact
            ? contactProblem(q.contact, (a.contact ?? '').trim())
            : undefined;
    return problem && { problem, question: q.id };
  }

  /** Move on; returns the error that stops it, if any. Reaching the end finishes the survey. */
  next(): StepError | undefined {
    if (this.finished) return undefined;
    const error = this.check();
    if (!error) {
      this.#history.push(this.#step);
      this.#step = this.#following() ?? { kind: 'thanks' };
    }
    return error;
  }

  /**
   * The step after the current one, if any: a rating that wants reason codes gets its
   * follow-up step right after it; otherwise the next question still asked.
   */
  #following(): SurveyStep | undefined {
    // Asked only before the end (the callers check).
    const step = this.#step as Exclude<SurveyStep, { kind: 'thanks' }>;
    const q = step.question;
    if (step.kind === 'question' && q.type === 'rating' && q.reasons && this.#answers[q.id]?.type === 'rating' && this.#logic.wantsReasons(this.definition, q, this.#answers)) {
      return { kind: 'reasons', question: q };
    }
    // The current question is visible (show-if reads only earlier questions), so the next
    // question asked is the one after it in the visible list.
    const visible = this.#visible();
    const next = visible[visible.findIndex((x) => x.id === q.id) + 1];
    return next && { kind: 'question', question: next };
  }

  back(): void {
    const previous = this.#history.pop();
    if (previous && !this.finished) this.#step = previous;
  }

  /** Forget every answer (after submit or abandon). */
  clear(): void {
    this.#answers = {};
    this.#history = [];
  }

  #visible(): readonly Question[] {
    return this.#logic.visibleQuestions(this.definition, this.#answers);
  }

  #question(id: string): Question | undefined {
    return this.definition.questions.find((q) => q.id === id);
  }
}

/** Consent was given and contact details asked for: are they there and plausible? */
function contactProblem(kind: 'email' | 'phone', contact: string): StepProblem | undefined {
  if (!contact) return 'contact-required';
  return (kind === 'email' ? EMAIL : PHONE).test(contact) ? undefined : 'contact-invalid';
}

function dropReasons(answer: Extract<Answer, { type: 'rating' }>): Answer {
  const { reasons: _dropped, ...rest } = answer;
  return rest;
}
