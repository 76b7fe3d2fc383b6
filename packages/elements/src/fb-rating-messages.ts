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
 * `@feedbackkit/elements/locales/fb-rating.js`). Point labels and anchors come from core's scales (English and
 * Simplified Chinese); Arabic ones are `point.<English label>` keys in locales/fb-rating.ts, and any
 * locale can override a point label the same way (e.g. `setMessages('en', { 'point.Neutral': 'OK' })`).
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
