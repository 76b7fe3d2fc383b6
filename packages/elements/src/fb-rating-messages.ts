import type { Catalog, Message } from './shared/i18n.js';

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
 * `<fb-rating>` messages. Point labels and anchors come from core's scales (English and
 * Simplified Chinese); Arabic ones are the `point.<English label>` keys below, and any
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
  'zh-CN': {
    'question.nps': '您有多大可能向朋友或同事推荐我们？',
    'question.csat': '您对我们的服务满意吗？',
    'question.ces': '您是否同意：办理所需事项很方便。',
    'question.stars': '请为您的体验评分。',
    'question.smiley': '您的体验如何？',
    'question.thumbs': '这对您有帮助吗？',
    'question.evaluator': '您对今天的服务满意吗？',
    'question.likert': '您在多大程度上同意？',
    option: '{value} – {label}',
    stars: '{count} 星',
    submit: '提交',
    required: '请选择一个评分。',
    thanks: '感谢您的反馈。',
  },
  ar: {
    'question.nps': 'ما مدى احتمال أن توصي بنا لصديق أو زميل؟',
    'question.csat': 'ما مدى رضاك عن خدمتنا؟',
    'question.ces': 'إلى أي مدى توافق: كان من السهل الحصول على ما أحتاجه.',
    'question.stars': 'كيف تقيّم تجربتك؟',
    'question.smiley': 'كيف كانت تجربتك؟',
    'question.thumbs': 'هل كان هذا مفيدًا؟',
    'question.evaluator': 'ما مدى رضاك عن خدمتنا اليوم؟',
    'question.likert': 'إلى أي مدى توافق؟',
    option: '{value} – {label}',
    stars: { zero: '{count} نجمة', one: 'نجمة واحدة', two: 'نجمتان', few: '{count} نجوم', many: '{count} نجمة', other: '{count} نجمة' },
    submit: 'إرسال',
    required: 'يُرجى اختيار تقييم.',
    thanks: 'شكرًا لملاحظاتك.',
    'point.Not at all likely': 'غير محتمل على الإطلاق',
    'point.Extremely likely': 'محتمل للغاية',
    'point.Very dissatisfied': 'غير راضٍ جدًا',
    'point.Dissatisfied': 'غير راضٍ',
    'point.Somewhat dissatisfied': 'غير راضٍ إلى حد ما',
    'point.Neutral': 'محايد',
    'point.Somewhat satisfied': 'راضٍ إلى حد ما',
    'point.Satisfied': 'راضٍ',
    'point.Very satisfied': 'راضٍ جدًا',
    'point.Strongly disagree': 'لا أوافق بشدة',
    'point.Disagree': 'لا أوافق',
    'point.Somewhat disagree': 'لا أوافق إلى حد ما',
    'point.Neither agree nor disagree': 'لا أوافق ولا أعارض',
    'point.Somewhat agree': 'أوافق إلى حد ما',
    'point.Agree': 'أوافق',
    'point.Strongly agree': 'أوافق بشدة',
    'point.Very unhappy': 'غير سعيد جدًا',
    'point.Unhappy': 'غير سعيد',
    'point.Happy': 'سعيد',
    'point.Very happy': 'سعيد جدًا',
    'point.Thumbs down': 'لم يعجبني',
    'point.Thumbs up': 'أعجبني',
  } as Partial<Record<RatingMessageKey, Message>>,
};
