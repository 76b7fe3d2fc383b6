import type { Catalog } from './shared/i18n.js';

export type PromptMessageKey = 'heading' | 'close' | 'thanks';

export const promptMessages: Catalog<PromptMessageKey> = {
  en: { heading: 'Quick question', close: 'Close', thanks: 'Thank you!' },
  'zh-CN': { heading: '快速调查', close: '关闭', thanks: '谢谢！' },
  ar: { heading: 'سؤال سريع', close: 'إغلاق', thanks: 'شكرًا لك!' },
};
