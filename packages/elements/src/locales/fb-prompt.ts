// Simplified Chinese and Arabic for <fb-prompt>: importing this module adds them to the element's
// catalog. Kept out of define/fb-prompt.js so a page that speaks only English does not carry
// them; @feedbackkit/embed and locales/all.js import every element's pack.
import type { Message } from '../shared/i18n.js';
import { promptMessages } from '../fb-prompt-messages.js';
import type { PromptMessageKey } from '../fb-prompt-messages.js';

Object.assign(promptMessages, {
  'zh-CN': { heading: '快速调查', close: '关闭', thanks: '谢谢！' },
  ar: { heading: 'سؤال سريع', close: 'إغلاق', thanks: 'شكرًا لك!' },
} satisfies Record<string, Partial<Record<PromptMessageKey, Message>>>);
