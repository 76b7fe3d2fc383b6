// Ours: the checkout/banking case — an NPS question in a prompt card, every answer written to
// the durable outbox before the user is thanked, then delivered to our own endpoint.
//   import '@feedbackkit/elements/define/fb-rating.js'
//   import '@feedbackkit/elements/define/fb-prompt.js'
//   import { createOutbox } from '@feedbackkit/transport'
// Uses the contracts of issues #3 and #4 (`createOutbox({ endpoint })`, `outbox.submit`,
// the bubbling `fb-submit` event whose detail is the submission). No remote script.
import '@feedbackkit/elements/define/fb-rating.js';
import '@feedbackkit/elements/define/fb-prompt.js';
import { createOutbox } from '@feedbackkit/transport';

const outbox = createOutbox({ endpoint: '/v1/submissions' });
document.addEventListener('fb-submit', (event) => {
  void outbox.submit(event.detail);
});
