// The teller's side: each finished transaction starts a rating on the counter evaluator over
// a same-origin BroadcastChannel (fb-kiosk's `broadcast` attribute). A real teller system in
// another window or origin would use postMessage with the kiosk's `allowed-origins` instead.
const channel = new BroadcastChannel('feedbackkit-demo-counter');
const form = document.getElementById('teller');
const txn = document.getElementById('txn');
const log = document.getElementById('log');
let next = newTransaction();

function newTransaction() {
  const id = `T-${Date.now().toString(36).toUpperCase()}`;
  txn.value = id;
  return id;
}

function note(text) {
  const li = document.createElement('li');
  li.textContent = `${new Date().toLocaleTimeString()} — ${text}`;
  log.prepend(li);
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const message = {
    type: 'feedbackkit:kiosk-start',
    transaction: next,
    branch: String(data.get('branch')),
    counter: String(data.get('counter')),
    staff: String(data.get('staff')),
    stage: String(data.get('stage')),
    segment: String(data.get('segment')),
  };
  channel.postMessage(message);
  note(`rating started for ${message.transaction} (${message.staff} at ${message.counter})`);
  next = newTransaction();
});

document.getElementById('cancel').addEventListener('click', () => {
  channel.postMessage({ type: 'feedbackkit:kiosk-cancel' });
  note('waiting rating cancelled (recorded as no rating)');
});
