import type { Catalog } from './shared/i18n.js';

export type PromptMessageKey = 'heading' | 'close' | 'thanks';

export const promptMessages: Catalog<PromptMessageKey> = {
  en: { heading: 'Quick question', close: 'Close', thanks: 'Thank you!' },
};
