// Simplified Chinese and Arabic for <fb-survey>: importing this module adds them to the element's
// catalog. Kept out of define/fb-survey.js so a page that speaks only English does not carry
// them; @feedbackkit/embed and locales/all.js import every element's pack.
// The scale words both elements show (point.<word>) are <fb-rating>'s: Chinese and Arabic
// scale points and ends come with this pack.
// Each pack is one string, messages in the order of the English catalog's keys (see pack.ts).
import './fb-rating.js';
import { surveyMessages } from '../survey/messages.js';
import { addPacks } from './pack.js';

addPacks(
  surveyMessages,
    '第 {index} 题，共 {total} 题|' + // progress
    '下一题|' + // next
    '上一题|' + // back
    '提交|' + // submit
    '重试|' + // retry
    '感谢您的反馈。|' + // thanks
    '您给出这个评分的主要原因是什么？|' + // reasonsPrompt
    '请回答此问题。|' + // required
    '请将回答缩短到 {max} 个字符以内。|' + // too-long
    '请填写联系方式，或取消勾选。|' + // contact-required
    '联系方式似乎无效，请检查。|' + // contact-invalid
    '您的回答未能保存，请重试。|' + // notTaken
    '无法加载此问卷。|' + // loadFailed
    '为保护您的安全，我们已从评论中移除个人信息：{kinds}。|' + // redacted
    '银行卡号、账号、身份证号、电话号码和电子邮件地址会被自动移除。|' + // redactionNote
    '还可输入 {count} 个字符|' + // characters
    '是|' + // yes
    '否|' + // no
    '您的期望如何？|' + // expectation
    '您的实际感受如何？|' + // perception
    '电子邮件地址|' + // contactEmail
    '电话号码|' + // contactPhone
    '我喜欢|' + // kano.like
    '理应如此|' + // kano.must-be
    '无所谓|' + // kano.neutral
    '能忍受|' + // kano.live-with
    '我不喜欢|' + // kano.dislike
    '银行卡号|' + // kind.card
    '账号|' + // kind.iban
    '身份证号|' + // kind.cn-id
    '电话号码|' + // kind.phone
    '电子邮件地址', // kind.email
    'السؤال {index} من {total}|' + // progress
    'التالي|' + // next
    'السابق|' + // back
    'إرسال|' + // submit
    'أعد المحاولة|' + // retry
    'شكرًا لك على ملاحظاتك.|' + // thanks
    'ما السبب الرئيسي لتقييمك؟|' + // reasonsPrompt
    'يرجى الإجابة عن هذا السؤال.|' + // required
    'يرجى اختصار إجابتك إلى {max} حرفًا على الأكثر.|' + // too-long
    'يرجى إدخال وسيلة التواصل أو إلغاء تحديد المربع.|' + // contact-required
    'لا تبدو وسيلة التواصل صحيحة. يرجى التحقق منها.|' + // contact-invalid
    'تعذر حفظ إجاباتك. يرجى المحاولة مرة أخرى.|' + // notTaken
    'تعذر تحميل هذا الاستبيان.|' + // loadFailed
    'حفاظًا على أمانك أزلنا البيانات الشخصية من تعليقك: {kinds}.|' + // redacted
    'تُزال أرقام البطاقات والحسابات والهوية والهواتف وعناوين البريد الإلكتروني تلقائيًا.|' + // redactionNote
    'لم يتبق أي حرف^تبقى حرف واحد^تبقى حرفان^تبقى {count} أحرف^تبقى {count} حرفًا^تبقى {count} حرف|' + // characters
    'نعم|' + // yes
    'لا|' + // no
    'ماذا كنت تتوقع؟|' + // expectation
    'ماذا وجدت؟|' + // perception
    'البريد الإلكتروني|' + // contactEmail
    'رقم الهاتف|' + // contactPhone
    'يعجبني|' + // kano.like
    'أتوقعه|' + // kano.must-be
    'محايد|' + // kano.neutral
    'يمكنني تقبله|' + // kano.live-with
    'لا يعجبني|' + // kano.dislike
    'رقم البطاقة|' + // kind.card
    'رقم الحساب|' + // kind.iban
    'رقم الهوية|' + // kind.cn-id
    'رقم الهاتف|' + // kind.phone
    'البريد الإلكتروني', // kind.email
);
