// Simplified Chinese and Arabic for <fb-kiosk>: importing this module adds them to the element's
// catalog. Kept out of define/fb-kiosk.js so a page that speaks only English does not carry
// them; @feedbackkit/embed and locales/all.js import every element's pack.
// The scale words both elements show (point.<word>) are <fb-rating>'s: Chinese and Arabic
// scale points and ends come with this pack.
// Each pack is one string, messages in the order of the English catalog's keys (see pack.ts).
import './fb-rating.js';
import { kioskMessages } from '../kiosk/messages.js';
import { addPacks } from './pack.js';

addPacks(
  kioskMessages,
    '您对今天的服务满意吗？|' + // prompt
    '请点击表情进行评价|' + // attractHint
    '服务人员：{staff}|' + // servedBy
    '我们哪些方面可以做得更好？|' + // reasonsPrompt
    '完成|' + // done
    '谢谢！|' + // thanks
    '您的评价未能保存。|' + // notSaved
    '重试|' + // retry
    '{count} 秒后为下一位客户准备|' + // nextIn
    '您还在吗？本页面将在 {count} 秒后重置。|' + // warning
    '延长时间|' + // moreTime
    '{count} 条评价等待发送|' + // queued
    '离线|' + // offline
    '此笔业务已评价。|' + // alreadyRated
    '此评价器配置有误。|' + // configError
    '已从您的留言中移除个人信息。', // redacted
    'ما رأيك في خدمتنا اليوم؟|' + // prompt
    'المس وجهًا للتقييم|' + // attractHint
    'قدّم الخدمة: {staff}|' + // servedBy
    'ما الذي يمكننا تحسينه؟|' + // reasonsPrompt
    'تم|' + // done
    'شكرًا لك!|' + // thanks
    'تعذر حفظ تقييمك.|' + // notSaved
    'أعد المحاولة|' + // retry
    'جاهز للعميل التالي خلال {count} ثانية|' + // nextIn
    'هل ما زلت هنا؟ ستتم إعادة ضبط هذه الشاشة خلال {count} ثانية.|' + // warning
    'وقت إضافي|' + // moreTime
    'ردود بانتظار الإرسال: {count}|' + // queued
    'غير متصل|' + // offline
    'تم تقييم هذه المعاملة من قبل.|' + // alreadyRated
    'هذا الجهاز غير مُعدّ بشكل صحيح.|' + // configError
    'أُزيلت البيانات الشخصية من تعليقك.', // redacted
);
