import type { Catalog } from '../shared/i18n.js';

export type KioskMessageKey =
  | 'prompt'
  | 'attractHint'
  | 'servedBy'
  | 'reasonsPrompt'
  | 'done'
  | 'thanks'
  | 'nextIn'
  | 'warning'
  | 'moreTime'
  | 'queued'
  | 'offline'
  | 'alreadyRated'
  | 'configError'
  | 'redacted'
  | 'level.very-dissatisfied'
  | 'level.dissatisfied'
  | 'level.neutral'
  | 'level.satisfied'
  | 'level.very-satisfied';

export const kioskMessages: Catalog<KioskMessageKey> = {
  en: {
    prompt: 'How was our service today?',
    attractHint: 'Tap a face to rate',
    servedBy: 'Served by {staff}',
    reasonsPrompt: 'What could we do better?',
    done: 'Done',
    thanks: 'Thank you!',
    nextIn: { one: 'Ready for the next customer in {count} second', other: 'Ready for the next customer in {count} seconds' },
    warning: { one: 'Are you still there? This screen resets in {count} second.', other: 'Are you still there? This screen resets in {count} seconds.' },
    moreTime: 'More time',
    queued: { one: '{count} response waiting to be sent', other: '{count} responses waiting to be sent' },
    offline: 'Offline',
    alreadyRated: 'This transaction has already been rated.',
    configError: 'This kiosk is not configured correctly.',
    redacted: 'Personal details were removed from your comment.',
    'level.very-dissatisfied': 'Very dissatisfied',
    'level.dissatisfied': 'Dissatisfied',
    'level.neutral': 'Neutral',
    'level.satisfied': 'Satisfied',
    'level.very-satisfied': 'Very satisfied',
  },
  'zh-CN': {
    prompt: '您对今天的服务满意吗？',
    attractHint: '请点击表情进行评价',
    servedBy: '服务人员：{staff}',
    reasonsPrompt: '我们哪些方面可以做得更好？',
    done: '完成',
    thanks: '谢谢！',
    nextIn: { other: '{count} 秒后为下一位客户准备' },
    warning: { other: '您还在吗？本页面将在 {count} 秒后重置。' },
    moreTime: '延长时间',
    queued: { other: '{count} 条评价等待发送' },
    offline: '离线',
    alreadyRated: '此笔业务已评价。',
    configError: '此评价器配置有误。',
    redacted: '已从您的留言中移除个人信息。',
    'level.very-dissatisfied': '非常不满意',
    'level.dissatisfied': '不满意',
    'level.neutral': '一般',
    'level.satisfied': '满意',
    'level.very-satisfied': '非常满意',
  },
  ar: {
    prompt: 'ما رأيك في خدمتنا اليوم؟',
    attractHint: 'المس وجهًا للتقييم',
    servedBy: 'قدّم الخدمة: {staff}',
    reasonsPrompt: 'ما الذي يمكننا تحسينه؟',
    done: 'تم',
    thanks: 'شكرًا لك!',
    nextIn: { other: 'جاهز للعميل التالي خلال {count} ثانية' },
    warning: { other: 'هل ما زلت هنا؟ ستتم إعادة ضبط هذه الشاشة خلال {count} ثانية.' },
    moreTime: 'وقت إضافي',
    queued: { other: 'ردود بانتظار الإرسال: {count}' },
    offline: 'غير متصل',
    alreadyRated: 'تم تقييم هذه المعاملة من قبل.',
    configError: 'هذا الجهاز غير مُعدّ بشكل صحيح.',
    redacted: 'أُزيلت البيانات الشخصية من تعليقك.',
    'level.very-dissatisfied': 'غير راضٍ جدًا',
    'level.dissatisfied': 'غير راضٍ',
    'level.neutral': 'محايد',
    'level.satisfied': 'راضٍ',
    'level.very-satisfied': 'راضٍ جدًا',
  },
};

/**
 * Satisfaction level of the i-th of n points (evaluator 3/4/5 levels, the counter device's
 * own wording), so the faces carry words in every built-in locale, Arabic included.
 */
export function levelKey(index: number, count: number): KioskMessageKey {
  const five: KioskMessageKey[] = [
    'level.very-dissatisfied',
    'level.dissatisfied',
    'level.neutral',
    'level.satisfied',
    'level.very-satisfied',
  ];
  if (count === 3) return (['level.dissatisfied', 'level.neutral', 'level.satisfied'] as const)[index] ?? 'level.neutral';
  if (count === 4) {
    return (['level.very-dissatisfied', 'level.dissatisfied', 'level.satisfied', 'level.very-satisfied'] as const)[index] ?? 'level.neutral';
  }
  return five[index] ?? 'level.neutral';
}
