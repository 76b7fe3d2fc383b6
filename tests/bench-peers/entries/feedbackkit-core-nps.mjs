// Ours: @feedbackkit/core's `nps` alone — what a page (or a Node service) pays to score NPS
// with a confidence interval, nothing else. Re-exported so the bundler keeps it.
//   import { nps } from '@feedbackkit/core'
export { nps } from '@feedbackkit/core';
