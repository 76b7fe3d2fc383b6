import type { Catalog } from './shared/i18n.js';

export type RatingMessageKey =
  | 'question.nps'
  | 'question.csat'
  | 'question.ces'
  | 'question.stars'
  | 'question.smiley'
  | 'question.thumbs'
  | 'question.evaluator'
  | 'question.likert'
  | 'option'
  | 'stars'
  | 'submit'
  | 'required'
  | 'thanks';

/**
 * `<fb-rating>` messages (English; Simplified Chinese and Arabic are added by
 * `@feedbackkit/elements/locales/fb-rating.js`). Point labels and anchors are the English words
 * of {@link ratingWords}; other locales translate them with `point.<English label>` keys (see
 * locales/fb-rating.ts), and any locale can override a point label the same way (e.g.
 * `setMessages('en', { 'point.Neutral': 'OK' })`).
 */
export const ratingMessages: Catalog<RatingMessageKey> = {
  en: {
    'question.nps': 'How likely are you to recommend us to a friend or colleague?',
    'question.csat': 'How satisfied are you with our service?',
    'question.ces': 'How much do you agree: it was easy to get what I needed.',
    'question.stars': 'How would you rate your experience?',
    'question.smiley': 'How was your experience?',
    'question.thumbs': 'Was this helpful?',
    'question.evaluator': 'How satisfied are you with our service today?',
    'question.likert': 'How much do you agree?',
    option: '{value} – {label}',
    stars: { one: '{count} star', other: '{count} stars' },
    submit: 'Submit',
    required: 'Please choose a rating.',
    thanks: 'Thank you for your feedback.',
  },
};

// The English words of the verbal scales, low → high, as 7 slots; the 3/4/5-point variants
// take the slots in PICK (the same words as core's scale labels; fb-rating.browser.test.ts
// checks every variant against core in English and Simplified Chinese).
const SAT = 'Very dissatisfied|Dissatisfied|Somewhat dissatisfied|Neutral|Somewhat satisfied|Satisfied|Very satisfied';
const WORDS: Record<string, string> = {
  csat: SAT,
  evaluator: SAT,
  ces: 'Strongly disagree|Disagree|Somewhat disagree|Neither agree nor disagree|Somewhat agree|Agree|Strongly agree',
  smiley: 'Very unhappy|Unhappy||Neutral||Happy|Very happy',
  thumbs: 'Thumbs down|Thumbs up',
  // Numeric scales: words for the two ends only.
  nps: 'Not at all likely|Extremely likely',
  likert: 'Strongly disagree|Strongly agree',
};
const PICK: Record<number, string> = { 3: '135', 4: '0156', 5: '01356' };

/**
 * The English word of each of the `count` points of a scale kind ('' for a point without
 * one: the middle of nps and likert, every star). Translations are `point.<word>` messages.
 */
export function ratingWords(kind: string, count: number): string[] {
  const w = (WORDS[kind] ?? '').split('|');
  if (w.length === 7) return PICK[count] ? Array.from(PICK[count], (c) => w[+c]!) : w;
  return kind === 'thumbs' ? w : Array.from({ length: count }, (_, i) => (i ? (i < count - 1 ? '' : (w[1] ?? '')) : w[0]!));
}
