// The counter evaluator: the embed bundle registers <fb-kiosk>; connect() sends every rating
// through the durable outbox and announces the queued count, which the kiosk's badge shows
// while the network is down (the kiosk keeps working offline and catches up later).
import { connect } from '/embed/feedbackkit.min.js';

const siteKey = document.querySelector('meta[name="feedbackkit-site-key"]').content;
connect({ endpoint: '/v1/submissions', siteKey, name: 'kiosk', maxItems: 5000 });

const kiosk = document.getElementById('kiosk');
kiosk.prompt = 'How was our service today?';
kiosk.reasons = [
  { id: 'waiting-time', label: 'Waiting time' },
  { id: 'staff-attitude', label: 'Staff attitude' },
  { id: 'explained-badly', label: 'Not explained clearly' },
  { id: 'process', label: 'Too much paperwork' },
];
