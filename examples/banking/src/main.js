// Page logic of the banking example: a fake transfer, then the NPS prompt. Nothing here
// writes HTML from strings (the page runs with `require-trusted-types-for 'script'`); the
// elements and the outbox come from the embed bundle's own tag in index.html.
const form = document.getElementById('transfer');
const done = document.getElementById('step-done');
const formStep = document.getElementById('step-form');
const prompt = document.getElementById('prompt');

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const amount = Number(String(data.get('amount')).replace(',', '.'));
  if (!Number.isFinite(amount) || amount <= 0) {
    form.elements.namedItem('amount').setCustomValidity('Enter an amount above 0');
    form.reportValidity();
    return;
  }
  const reference = `TR-${Date.now().toString(36).toUpperCase()}`;
  document.getElementById('summary').textContent = `${amount.toFixed(2)} EUR to ${data.get('to-name')}`;
  document.getElementById('ref').textContent = reference;
  formStep.hidden = true;
  done.hidden = false;
  document.getElementById('h-done').focus();
  // The transfer is the moment to ask: once the elements are defined, open the prompt.
  await customElements.whenDefined('fb-prompt');
  prompt.setAttribute('transaction', reference);
  prompt.show();
});

form.addEventListener('input', (e) => e.target.setCustomValidity?.(''));

document.getElementById('again').addEventListener('click', () => {
  done.hidden = true;
  formStep.hidden = false;
  form.querySelector('button').focus();
});
