export { FeedbackError, describeValue } from './errors.js';
export type { FeedbackErrorCode, FeedbackErrorDetails } from './errors.js';
export type * from './types.js';
