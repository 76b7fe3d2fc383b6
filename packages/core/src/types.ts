/**
 * The plain data shapes shared by every package: a survey definition, a submission, and
 * wire protocol v1. Core owns them as TypeScript types (core imports nothing);
 * `@feedbackkit/schema` validates the same shapes with zod and is type-tested against them.
 */

/** A string in one language, or a map of BCP 47 locale → string (e.g. `{ en: 'Hi', 'zh-CN': '你好' }`). */
export type LocalizedText = string | Readonly<Record<string, string>>;

export type ScaleKind = 'nps' | 'csat' | 'ces' | 'stars' | 'smiley' | 'thumbs' | 'evaluator' | 'likert';

/**
 * Which scale a rating uses. `points` picks the variant (csat 3/5/7, ces 5/7, smiley 3/4/5,
 * evaluator 3/4/5); `min`/`max` define a custom Likert range; `step: 0.5` gives half stars.
 */
export interface ScaleRef {
  kind: ScaleKind;
  points?: number;
  min?: number;
  max?: number;
  step?: number;
}

export type Channel = 'counter' | 'kiosk' | 'web' | 'app' | 'phone' | 'sms' | 'email' | 'comment-box' | (string & {});

export type DataClassification = 'secret' | 'confidential' | 'top-secret';

export type KanoAnswer = 'like' | 'must-be' | 'neutral' | 'live-with' | 'dislike';

/** Objective measures recorded next to the subjective score, so the two can be correlated. */
export interface ObjectiveMeasures {
  waitSeconds?: number;
  handlingSeconds?: number;
  errors?: number;
  [measure: string]: number | undefined;
}

/** Where and for what a response was given. Staff ids are public (badges); customer identity is not kept here. */
export interface SubmissionContext {
  site?: string;
  channel?: Channel;
  branch?: string;
  /** Branch or hall tier, e.g. 'flagship' | 'standard' | 'community'. */
  branchTier?: string;
  counter?: string;
  staff?: string;
  /** Transaction or ticket id the rating is bound to. */
  transaction?: string;
  /** Journey stage, e.g. 'accepted' | 'in-progress' | 'completed'. */
  stage?: string;
  /** Customer segment, e.g. 'regular' | 'vip' | 'group'. */
  segment?: string;
  locale?: string;
  page?: string;
  measures?: ObjectiveMeasures;
  /** Markers added by the client, e.g. 'burst' from the kiosk misuse guard. Never used to drop data. */
  flags?: string[];
}

export type Answer =
  | { type: 'rating'; scale: ScaleRef; value: number; reasons?: string[] }
  | { type: 'choice'; value: string[] }
  | { type: 'text'; value: string }
  | { type: 'checklist'; value: Record<string, boolean> }
  | { type: 'expectation-gap'; dimension: string; expectation: number; perception: number }
  | { type: 'kano-pair'; feature: string; functional: KanoAnswer; dysfunctional: KanoAnswer }
  | { type: 'consent'; value: boolean; contact?: string };

export type AnswerType = Answer['type'];

/**
 * A response. `complete` answers a whole survey or rating; `partial` was abandoned and the
 * definition allows partial responses; `no-rating` records that a kiosk session ended
 * without a rating (so "nothing" is a recorded fact, not a gap).
 */
export type SubmissionStatus = 'complete' | 'partial' | 'no-rating';

export interface Submission {
  /** UUIDv7: time-ordered, unique per response; the idempotency key. */
  id: string;
  /** ISO 8601 time the response was given (client clock). */
  createdAt: string;
  survey?: { id: string; version?: number };
  status: SubmissionStatus;
  /** Question id → answer. */
  answers: Record<string, Answer>;
  context: SubmissionContext;
  classification?: DataClassification;
}

// ---- survey definitions -------------------------------------------------------------

export type ConditionOp = 'eq' | 'neq' | 'lt' | 'lte' | 'gt' | 'gte' | 'in' | 'answered' | 'not-answered';

export type Condition =
  | { question: string; op: ConditionOp; value?: number | string | boolean | Array<number | string> }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export interface ReasonCode {
  id: string;
  label: LocalizedText;
}

export interface Option {
  id: string;
  label: LocalizedText;
}

interface QuestionBase {
  id: string;
  prompt: LocalizedText;
  help?: LocalizedText;
  required?: boolean;
  /** Ask only when this holds over the answers so far. */
  showIf?: Condition;
}

export type Question =
  | (QuestionBase & {
      type: 'rating';
      scale: ScaleRef;
      /** Reason codes asked as a follow-up when `when` holds (default: the scale's bottom box). */
      reasons?: { codes: ReasonCode[]; prompt?: LocalizedText; when?: Condition; multiple?: boolean };
    })
  | (QuestionBase & { type: 'choice'; options: Option[]; multiple?: boolean })
  | (QuestionBase & { type: 'text'; maxLength?: number; multiline?: boolean; redact?: boolean })
  | (QuestionBase & { type: 'checklist'; items: Option[] })
  | (QuestionBase & { type: 'expectation-gap'; dimension: string; scale: ScaleRef })
  | (QuestionBase & { type: 'kano-pair'; feature: string; functional: LocalizedText; dysfunctional: LocalizedText })
  | (QuestionBase & { type: 'consent'; purpose: LocalizedText; contact?: 'email' | 'phone' });

export type QuestionType = Question['type'];

export interface SurveyDefinition {
  id: string;
  version: number;
  title?: LocalizedText;
  defaultLocale?: string;
  questions: Question[];
  thankYou?: LocalizedText;
  /** Emit abandoned responses with status 'partial'. */
  allowPartial?: boolean;
  classification?: DataClassification;
}

// ---- wire protocol v1 ---------------------------------------------------------------

export interface IngestRequest {
  protocol: 1;
  sentAt: string;
  submissions: Submission[];
}

export interface IngestRejection {
  id: string;
  reason: string;
  /** Stable machine-readable code, e.g. 'invalid', 'conflict', 'unknown-survey'. */
  code?: string;
}

export interface IngestResponse {
  accepted: string[];
  rejected: IngestRejection[];
}
