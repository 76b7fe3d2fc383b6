/**
 * Every bound the schemas enforce, in one place, so hostile or runaway input is rejected
 * before anyone stores or scores it. Lengths are JavaScript string lengths (UTF-16 code
 * units); counts are array items or object keys.
 */
export const LIMITS = {
  /** Ids of submissions, surveys, questions, options, reason codes, sites, staff … */
  idLength: 128,
  /** A prompt, label, title or thank-you text (per locale). */
  labelLength: 2_000,
  /** A free-text answer (comment box). */
  textLength: 10_000,
  /** A BCP 47 locale tag (RFC 5646 recommends supporting 35). */
  localeLength: 35,
  /** Locales in one localized-text map. */
  locales: 32,
  /** `context.page` (a URL or route). */
  pageLength: 2_048,
  /** `consent.contact` (an e-mail address is at most 254; room for a phone with a note). */
  contactLength: 320,
  /** Questions in a survey definition, and answers in a submission. */
  questions: 200,
  /** Options of a choice question, items of a checklist, values of one choice answer. */
  options: 100,
  /** Reason codes offered by, or chosen in, one rating. */
  reasonCodes: 50,
  /** `context.flags` entries. */
  flags: 32,
  /** Named numeric measures in `context.measures`. */
  measures: 32,
  /** Nesting of `all` / `any` / `not` conditions (a leaf alone is depth 1). */
  conditionDepth: 8,
  /** Conditions inside one `all` / `any`; values of an `in` condition. */
  conditionItems: 32,
  /** `scale.points`: at least 2 (thumbs), at most 101 (a 0–100 slider). */
  scalePoints: 101,
  /** Survey versions are integers 0 … 2^31 − 1 (a PostgreSQL `integer`). */
  version: 2_147_483_647,
  /** Submissions in one ingest request (wire protocol v1), and ids in its response lists. */
  batch: 500,
  /** `reason` of one rejected id in an ingest response. */
  reasonLength: 2_000,
} as const;

export type Limits = typeof LIMITS;
