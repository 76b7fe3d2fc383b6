// Simplified Chinese and Arabic for <fb-rating>: importing this module adds them to the element's
// catalog, point labels included (`point.<English word>`, the same words as core's scales). Kept
// out of define/fb-rating.js so a page that speaks only English does not carry them;
// @feedbackkit/embed and locales/all.js import every element's pack.
// Each pack is one string, messages in the order of KEYS (see pack.ts). The keys are listed
// here rather than taken from the English catalog: that catalog has no point.* keys.
import { ratingMessages } from '../fb-rating-messages.js';
import { addPacks } from './pack.js';

const POINTS =
  'Not at all likely|Extremely likely|' +
  'Very dissatisfied|Dissatisfied|Somewhat dissatisfied|Neutral|Somewhat satisfied|Satisfied|Very satisfied|' +
  'Strongly disagree|Disagree|Somewhat disagree|Neither agree nor disagree|Somewhat agree|Agree|Strongly agree|' +
  'Very unhappy|Unhappy|Happy|Very happy|Thumbs down|Thumbs up';
const KEYS = [
  ...'nps|csat|ces|stars|smiley|thumbs|evaluator|likert'.split('|').map((k) => `question.${k}`),
  'option',
  'stars',
  'submit',
  'required',
  'thanks',
  ...POINTS.split('|').map((w) => `point.${w}`),
];

addPacks(
  ratingMessages,
    '您有多大可能向朋友或同事推荐我们？|' + // question.nps
    '您对我们的服务满意吗？|' + // question.csat
    '您是否同意：办理所需事项很方便。|' + // question.ces
    '请为您的体验评分。|' + // question.stars
    '您的体验如何？|' + // question.smiley
    '这对您有帮助吗？|' + // question.thumbs
    '您对今天的服务满意吗？|' + // question.evaluator
    '您在多大程度上同意？|' + // question.likert
    '{value} – {label}|' + // option
    '{count} 星|' + // stars
    '提交|' + // submit
    '请选择一个评分。|' + // required
    '感谢您的反馈。|' + // thanks
    '完全不可能|' + // point.Not at all likely
    '非常可能|' + // point.Extremely likely
    '非常不满意|' + // point.Very dissatisfied
    '不满意|' + // point.Dissatisfied
    '有点不满意|' + // point.Somewhat dissatisfied
    '一般|' + // point.Neutral
    '有点满意|' + // point.Somewhat satisfied
    '满意|' + // point.Satisfied
    '非常满意|' + // point.Very satisfied
    '非常不同意|' + // point.Strongly disagree
    '不同意|' + // point.Disagree
    '有点不同意|' + // point.Somewhat disagree
    '中立|' + // point.Neither agree nor disagree
    '有点同意|' + // point.Somewhat agree
    '同意|' + // point.Agree
    '非常同意|' + // point.Strongly agree
    '非常不开心|' + // point.Very unhappy
    '不开心|' + // point.Unhappy
    '开心|' + // point.Happy
    '非常开心|' + // point.Very happy
    '不满意|' + // point.Thumbs down
    '满意', // point.Thumbs up
    'ما مدى احتمال أن توصي بنا لصديق أو زميل؟|' + // question.nps
    'ما مدى رضاك عن خدمتنا؟|' + // question.csat
    'إلى أي مدى توافق: كان من السهل الحصول على ما أحتاجه.|' + // question.ces
    'كيف تقيّم تجربتك؟|' + // question.stars
    'كيف كانت تجربتك؟|' + // question.smiley
    'هل كان هذا مفيدًا؟|' + // question.thumbs
    'ما مدى رضاك عن خدمتنا اليوم؟|' + // question.evaluator
    'إلى أي مدى توافق؟|' + // question.likert
    '{value} – {label}|' + // option
    '{count} نجمة^نجمة واحدة^نجمتان^{count} نجوم^{count} نجمة^{count} نجمة|' + // stars
    'إرسال|' + // submit
    'يُرجى اختيار تقييم.|' + // required
    'شكرًا لملاحظاتك.|' + // thanks
    'غير محتمل على الإطلاق|' + // point.Not at all likely
    'محتمل للغاية|' + // point.Extremely likely
    'غير راضٍ جدًا|' + // point.Very dissatisfied
    'غير راضٍ|' + // point.Dissatisfied
    'غير راضٍ إلى حد ما|' + // point.Somewhat dissatisfied
    'محايد|' + // point.Neutral
    'راضٍ إلى حد ما|' + // point.Somewhat satisfied
    'راضٍ|' + // point.Satisfied
    'راضٍ جدًا|' + // point.Very satisfied
    'لا أوافق بشدة|' + // point.Strongly disagree
    'لا أوافق|' + // point.Disagree
    'لا أوافق إلى حد ما|' + // point.Somewhat disagree
    'لا أوافق ولا أعارض|' + // point.Neither agree nor disagree
    'أوافق إلى حد ما|' + // point.Somewhat agree
    'أوافق|' + // point.Agree
    'أوافق بشدة|' + // point.Strongly agree
    'غير سعيد جدًا|' + // point.Very unhappy
    'غير سعيد|' + // point.Unhappy
    'سعيد|' + // point.Happy
    'سعيد جدًا|' + // point.Very happy
    'لم يعجبني|' + // point.Thumbs down
    'أعجبني', // point.Thumbs up
  KEYS,
);
