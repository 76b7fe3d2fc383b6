// Ours: the full embed — everything @feedbackkit/embed exports (it registers all four
// elements and routes their submissions into the outbox), re-exported so nothing is shaken.
//   import … from '@feedbackkit/embed'
export * from '@feedbackkit/embed';
