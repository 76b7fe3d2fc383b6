import type { Catalog } from '../shared/i18n.js';

export type SurveyMessageKey =
  | 'progress'
  | 'next'
  | 'back'
  | 'submit'
  | 'retry'
  | 'thanks'
  | 'reasonsPrompt'
  | 'required'
  | 'tooLong'
  | 'contactRequired'
  | 'contactInvalid'
  | 'notTaken'
  | 'loadFailed'
  | 'redacted'
  | 'redactionNote'
  | 'characters'
  | 'yes'
  | 'no'
  | 'expectation'
  | 'perception'
  | 'contactEmail'
  | 'contactPhone'
  | 'kano.like'
  | 'kano.must-be'
  | 'kano.neutral'
  | 'kano.live-with'
  | 'kano.dislike'
  | 'kind.card'
  | 'kind.iban'
  | 'kind.cn-id'
  | 'kind.phone'
  | 'kind.email';

export const surveyMessages: Catalog<SurveyMessageKey> = {
  en: {
    progress: 'Question {index} of {total}',
    next: 'Next',
    back: 'Back',
    submit: 'Submit',
    retry: 'Try again',
    thanks: 'Thank you for your feedback.',
    reasonsPrompt: 'What was the main reason for your score?',
    required: 'Please answer this question.',
    tooLong: 'Please shorten your answer to at most {max} characters.',
    contactRequired: 'Please enter how we may contact you, or untick the box.',
    contactInvalid: 'This does not look like a valid contact. Please check it.',
    notTaken: 'Your answers could not be saved. Please try again.',
    loadFailed: 'This survey could not be loaded.',
    redacted: 'For your safety we removed personal details from your comment: {kinds}.',
    redactionNote: 'Card, account, ID numbers, phone numbers and e-mail addresses are removed automatically.',
    characters: { one: '{count} character left', other: '{count} characters left' },
    yes: 'Yes',
    no: 'No',
    expectation: 'What did you expect?',
    perception: 'What did you get?',
    contactEmail: 'E-mail address',
    contactPhone: 'Phone number',
    'kano.like': 'I like it',
    'kano.must-be': 'I expect it',
    'kano.neutral': 'I am neutral',
    'kano.live-with': 'I can live with it',
    'kano.dislike': 'I dislike it',
    'kind.card': 'card number',
    'kind.iban': 'account number',
    'kind.cn-id': 'ID number',
    'kind.phone': 'phone number',
    'kind.email': 'e-mail address',
  },
  'zh-CN': {
    progress: '第 {index} 题，共 {total} 题',
    next: '下一题',
    back: '上一题',
    submit: '提交',
    retry: '重试',
    thanks: '感谢您的反馈。',
    reasonsPrompt: '您给出这个评分的主要原因是什么？',
    required: '请回答此问题。',
    tooLong: '请将回答缩短到 {max} 个字符以内。',
    contactRequired: '请填写联系方式，或取消勾选。',
    contactInvalid: '联系方式似乎无效，请检查。',
    notTaken: '您的回答未能保存，请重试。',
    loadFailed: '无法加载此问卷。',
    redacted: '为保护您的安全，我们已从评论中移除个人信息：{kinds}。',
    redactionNote: '银行卡号、账号、身份证号、电话号码和电子邮件地址会被自动移除。',
    characters: { other: '还可输入 {count} 个字符' },
    yes: '是',
    no: '否',
    expectation: '您的期望如何？',
    perception: '您的实际感受如何？',
    contactEmail: '电子邮件地址',
    contactPhone: '电话号码',
    'kano.like': '我喜欢',
    'kano.must-be': '理应如此',
    'kano.neutral': '无所谓',
    'kano.live-with': '能忍受',
    'kano.dislike': '我不喜欢',
    'kind.card': '银行卡号',
    'kind.iban': '账号',
    'kind.cn-id': '身份证号',
    'kind.phone': '电话号码',
    'kind.email': '电子邮件地址',
  },
  ar: {
    progress: 'السؤال {index} من {total}',
    next: 'التالي',
    back: 'السابق',
    submit: 'إرسال',
    retry: 'أعد المحاولة',
    thanks: 'شكرًا لك على ملاحظاتك.',
    reasonsPrompt: 'ما السبب الرئيسي لتقييمك؟',
    required: 'يرجى الإجابة عن هذا السؤال.',
    tooLong: 'يرجى اختصار إجابتك إلى {max} حرفًا على الأكثر.',
    contactRequired: 'يرجى إدخال وسيلة التواصل أو إلغاء تحديد المربع.',
    contactInvalid: 'لا تبدو وسيلة التواصل صحيحة. يرجى التحقق منها.',
    notTaken: 'تعذر حفظ إجاباتك. يرجى المحاولة مرة أخرى.',
    loadFailed: 'تعذر تحميل هذا الاستبيان.',
    redacted: 'حفاظًا على أمانك أزلنا البيانات الشخصية من تعليقك: {kinds}.',
    redactionNote: 'تُزال أرقام البطاقات والحسابات والهوية والهواتف وعناوين البريد الإلكتروني تلقائيًا.',
    characters: { zero: 'لم يتبق أي حرف', one: 'تبقى حرف واحد', two: 'تبقى حرفان', few: 'تبقى {count} أحرف', many: 'تبقى {count} حرفًا', other: 'تبقى {count} حرف' },
    yes: 'نعم',
    no: 'لا',
    expectation: 'ماذا كنت تتوقع؟',
    perception: 'ماذا وجدت؟',
    contactEmail: 'البريد الإلكتروني',
    contactPhone: 'رقم الهاتف',
    'kano.like': 'يعجبني',
    'kano.must-be': 'أتوقعه',
    'kano.neutral': 'محايد',
    'kano.live-with': 'يمكنني تقبله',
    'kano.dislike': 'لا يعجبني',
    'kind.card': 'رقم البطاقة',
    'kind.iban': 'رقم الحساب',
    'kind.cn-id': 'رقم الهوية',
    'kind.phone': 'رقم الهاتف',
    'kind.email': 'البريد الإلكتروني',
  },
};
