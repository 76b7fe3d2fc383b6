// Classes and helpers only: importing this module registers no tag. Register with
// `import '@feedbackkit/elements/define/fb-rating.js'` (and fb-survey, fb-prompt, fb-kiosk).
export { defineElement } from './shared/define.js';
export { FbSubmitEvent, FbDismissEvent, FbQueueEvent } from './shared/events.js';
export type { DismissReason, QueueState } from './shared/events.js';
export { setMessages, formatMessage, formatNumber, resolveLocale, directionOf, I18nController } from './shared/i18n.js';
export type { Message, PluralMessage, MessageParams, MessageOverrides, Catalog } from './shared/i18n.js';
export { buildSubmission, contextFromElement } from './shared/submission.js';
export type { BuildSubmissionInput } from './shared/submission.js';
export { themeStyles, baseStyles } from './shared/styles.js';
export { FbRating } from './fb-rating.js';
export { ratingMessages } from './fb-rating-messages.js';
export type { RatingMessageKey } from './fb-rating-messages.js';
export { FbPrompt, readPromptRecord } from './fb-prompt.js';
export type { PromptRecord, PromptBlock } from './fb-prompt.js';
export { promptMessages } from './fb-prompt-messages.js';
export type { PromptMessageKey } from './fb-prompt-messages.js';
