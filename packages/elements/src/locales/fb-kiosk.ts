// Simplified Chinese and Arabic for <fb-kiosk>: importing this module adds them to the element's
// catalog. Kept out of define/fb-kiosk.js so a page that speaks only English does not carry
// them; @feedbackkit/embed and locales/all.js import every element's pack.
// The scale words both elements show (point.<word>) are <fb-rating>'s: Chinese and Arabic
// scale points and ends come with this pack.
import './fb-rating.js';
import type { Message } from '../shared/i18n.js';
import { kioskMessages } from '../kiosk/messages.js';
import type { KioskMessageKey } from '../kiosk/messages.js';

Object.assign(kioskMessages, {
  'zh-CN': {
    prompt: '您对今天的服务满意吗？',
    attractHint: '请点击表情进行评价',
    servedBy: '服务人员：{staff}',
    reasonsPrompt: '我们哪些方面可以做得更好？',
    done: '完成',
    thanks: '谢谢！',
    notSaved: '您的评价未能保存。',
    retry: '重试',
    nextIn: '{count} 秒后为下一位客户准备',
    warning: '您还在吗？本页面将在 {count} 秒后重置。',
    moreTime: '延长时间',
    queued: '{count} 条评价等待发送',
    offline: '离线',
    alreadyRated: '此笔业务已评价。',
    configError: '此评价器配置有误。',
    redacted: '已从您的留言中移除个人信息。',
  },
  ar: {
    prompt: 'ما رأيك في خدمتنا اليوم؟',
    attractHint: 'المس وجهًا للتقييم',
    servedBy: 'قدّم الخدمة: {staff}',
    reasonsPrompt: 'ما الذي يمكننا تحسينه؟',
    done: 'تم',
    thanks: 'شكرًا لك!',
    notSaved: 'تعذر حفظ تقييمك.',
    retry: 'أعد المحاولة',
    nextIn: 'جاهز للعميل التالي خلال {count} ثانية',
    warning: 'هل ما زلت هنا؟ ستتم إعادة ضبط هذه الشاشة خلال {count} ثانية.',
    moreTime: 'وقت إضافي',
    queued: 'ردود بانتظار الإرسال: {count}',
    offline: 'غير متصل',
    alreadyRated: 'تم تقييم هذه المعاملة من قبل.',
    configError: 'هذا الجهاز غير مُعدّ بشكل صحيح.',
    redacted: 'أُزيلت البيانات الشخصية من تعليقك.',
  },
} satisfies Record<string, Partial<Record<KioskMessageKey, Message>>>);
