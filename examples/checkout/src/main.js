// Checkout example: the embed's connect() (from the built script-tag bundle, imported as a
// module) stores each response in IndexedDB before sending it, so closing the tab right after
// "Submit" loses nothing: the next page load of any page using the same outbox sends it.
import { connect } from '/embed/feedbackkit.min.js';

const siteKey = document.querySelector('meta[name="feedbackkit-site-key"]').content;
const status = document.getElementById('delivery');
const connection = connect({ endpoint: '/v1/submissions', siteKey, name: 'checkout' });
let submitted = false;

const say = (text, tone) => {
  status.textContent = text;
  status.dataset.tone = tone;
};

document.addEventListener('fb-submit', () => {
  submitted = true;
  say('Saving…', 'pending');
});

// connect() announces the outbox's counts as `fb-queue` ({ queued, failed, online }).
document.addEventListener('fb-queue', (event) => {
  const { queued, online } = event.detail;
  if (!submitted || queued === 0) return;
  if (!online) say('Saved on this phone — will send when online. You can close this page.', 'saved');
  else say('Saved on this phone — sending… You can close this page.', 'saved');
});

connection.outbox.addEventListener('delivered', () => {
  if (submitted && connection.queueState().queued === 0) say('Sent — thank you!', 'sent');
});

// `durability` fires when IndexedDB is unusable (private mode, quota): only memory holds it.
connection.outbox.addEventListener('durability', (event) => {
  if (event.detail?.durable === false) say('This browser would not let us store your answers; please keep this page open until they are sent.', 'warn');
});

// Shown once: a number in the corner for order ids, just for the demo.
document.getElementById('order-id').textContent = `#${10000 + Math.floor(Math.random() * 90000)}`;
