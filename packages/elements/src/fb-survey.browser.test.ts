/// <reference types="mocha" />
import { expect } from '@esm-bundle/chai';
import { safeParseSubmission } from '@feedbackkit/schema';
import { validateSubmission } from '@feedbackkit/core';
import type { Submission, SurveyDefinition } from '@feedbackkit/core';
import '../src/define/fb-survey.js';
import './locales/fb-survey.js';
import './locales/fb-rating.js'; // scale words (point.<word>) in zh-CN and ar
import type { FbSurvey } from './fb-survey.js';
import type { FbSubmitEvent } from './shared/events.js';
import { axeViolations } from '../test/axe.js';
import { emulateMedia, forcedColors, sendKeys, setViewport } from '../test/wtr.js';

const DEF: SurveyDefinition = {
  id: 'branch-visit',
  version: 2,
  title: { en: 'Your visit', 'zh-CN': '您的到访', ar: 'زيارتك' },
  allowPartial: true,
  questions: [
    {
      id: 'nps',
      type: 'rating',
      prompt: { en: 'How likely are you to recommend us?', ar: 'ما مدى احتمال أن توصي بنا؟' },
      scale: { kind: 'nps' },
      required: true,
      reasons: {
        codes: [
          { id: 'waiting', label: { en: 'Waiting time', ar: 'وقت الانتظار' } },
          { id: 'attitude', label: { en: 'Staff attitude', ar: 'تعامل الموظفين' } },
        ],
      },
    },
    { id: 'why', type: 'text', prompt: 'What went wrong?', showIf: { question: 'nps', op: 'lte', value: 6 }, maxLength: 200 },
    { id: 'topic', type: 'choice', prompt: 'What was your visit about?', options: [{ id: 'cards', label: 'Cards' }, { id: 'loans', label: 'Loans' }] },
    {
      id: 'greeted',
      type: 'checklist',
      prompt: 'At the counter…',
      items: [
        { id: 'greet', label: 'You were greeted' },
        { id: 'thank', label: 'You were thanked' },
      ],
    },
    { id: 'speed', type: 'expectation-gap', prompt: 'Speed of service', dimension: 'timeliness', scale: { kind: 'csat', points: 5 } },
    { id: 'app', type: 'kano-pair', prompt: 'Queue app', feature: 'queue-app', functional: 'If we had a queue app, how would you feel?', dysfunctional: 'If we had no queue app, how would you feel?' },
    { id: 'contact', type: 'consent', prompt: 'Call back', purpose: 'You may call me back about my feedback', contact: 'phone' },
  ],
};

async function mount(def: SurveyDefinition = DEF, attrs = ''): Promise<FbSurvey> {
  const el = document.createElement('fb-survey');
  for (const [k, v] of attrs.split(' ').filter(Boolean).map((a) => a.split('='))) el.setAttribute(k!, v ?? '');
  el.definition = def;
  document.body.append(el);
  await el.updateComplete;
  return el;
}
const $ = <T extends Element = HTMLElement>(el: FbSurvey, sel: string) => el.shadowRoot!.querySelector<T>(sel);
const heading = (el: FbSurvey) => $(el, '#heading')!.textContent!.trim();
const deepActive = (): Element | null => {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
};
async function next(el: FbSurvey) {
  $<HTMLButtonElement>(el, 'button[type=submit]')!.click();
  await el.updateComplete;
}
async function pick(el: FbSurvey, value: string) {
  const input = el.shadowRoot!.querySelector<HTMLInputElement>(`input[value="${value}"]`)!;
  input.click();
  await el.updateComplete;
}
async function pickLabel(el: FbSurvey, text: string) {
  const label = Array.from(el.shadowRoot!.querySelectorAll('label.option')).find((l) => l.textContent!.trim() === text)!;
  (label.querySelector('input') as HTMLInputElement).click();
  await el.updateComplete;
}
function capture(target: EventTarget = document): Submission[] {
  const seen: Submission[] = [];
  target.addEventListener('fb-submit', (e) => seen.push((e as FbSubmitEvent).detail));
  return seen;
}

afterEach(async () => {
  document.body.replaceChildren();
  document.documentElement.removeAttribute('dir');
  document.documentElement.removeAttribute('lang');
  await emulateMedia({ colorScheme: 'light', forcedColors: 'none' });
});

describe('<fb-survey> rendering and definition sources', () => {
  it('reads the definition from a child JSON script (as data, not script)', async () => {
    document.body.innerHTML = `<fb-survey lang="en"><script type="application/json">${JSON.stringify(DEF)}</script></fb-survey>`;
    const el = document.querySelector('fb-survey')!;
    await el.updateComplete;
    expect($(el, '#title')!.textContent).to.equal('Your visit');
    expect(heading(el)).to.equal('How likely are you to recommend us?');
    expect($(el, '.progress')!.textContent).to.equal('Question 1 of 6'); // 'why' hidden until a low score
    expect(el.shadowRoot!.querySelectorAll('input[type=radio]').length).to.equal(11);
  });

  it('shows an error (and warns) for a definition the schema rejects', async () => {
    const warn = console.warn;
    const warnings: string[] = [];
    console.warn = (m: string) => warnings.push(m);
    try {
      const el = await mount({ ...DEF, questions: [{ id: 'x', type: 'rating', prompt: 'p', scale: { kind: 'nope' } }] } as unknown as SurveyDefinition);
      expect($(el, '[role=alert]')!.textContent).to.equal('This survey could not be loaded.');
      expect(el.loadError?.code).to.equal('invalid-definition');
      expect(warnings.join()).to.match(/fb-survey/);
    } finally {
      console.warn = warn;
    }
  });

  it('shows scale words in the page language: CSAT points and the NPS ends in Arabic, then Chinese', async () => {
    const def: SurveyDefinition = {
      id: 'w',
      version: 1,
      questions: [
        { id: 'c', type: 'rating', prompt: 'x', scale: { kind: 'csat', points: 5 } },
        { id: 'n', type: 'rating', prompt: 'y', scale: { kind: 'nps' } },
      ],
    };
    const el = await mount(def, 'lang=ar');
    const labels = Array.from(el.shadowRoot!.querySelectorAll('label.option')).map((l) => l.textContent!.trim());
    expect(labels[0]).to.equal('غير راضٍ جدًا');
    expect(labels[4]).to.equal('راضٍ جدًا');
    await pick(el, '5');
    await next(el);
    expect($(el, '.anchors')!.textContent).to.equal('غير محتمل على الإطلاقمحتمل للغاية');
    el.setAttribute('lang', 'zh-CN');
    await new Promise((r) => setTimeout(r));
    await el.updateComplete;
    expect($(el, '.anchors')!.textContent).to.equal('完全不可能非常可能');
  });

  it('names the NPS and Likert ends by their anchor words, as <fb-rating> does ("0 – Not at all likely"), in every language', async () => {
    const def: SurveyDefinition = {
      id: 'e',
      version: 1,
      questions: [
        { id: 'n', type: 'rating', prompt: 'y', scale: { kind: 'nps' } },
        { id: 'l', type: 'rating', prompt: 'z', scale: { kind: 'likert', min: 1, max: 5 } },
      ],
    };
    // An option's accessible name is the text of the <label> around its radio.
    const names = (el: FbSurvey) =>
      Array.from(el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[type=radio]')).map((i) => i.labels![0]!.textContent!.replace(/\s+/g, ' ').trim());
    const el = await mount(def, 'lang=en');
    const nps = names(el);
    expect(nps).to.have.length(11);
    expect(nps[0]).to.equal('0 – Not at all likely');
    expect(nps[5]).to.equal('5');
    expect(nps[10]).to.equal('10 – Extremely likely');
    await pick(el, '9');
    await next(el);
    const likert = names(el);
    expect(likert).to.have.length(5);
    expect(likert[0]).to.equal('1 – Strongly disagree');
    expect(likert[2]).to.equal('3');
    expect(likert[4]).to.equal('5 – Strongly agree');
    for (const [lang, low, high] of [['ar', 'غير محتمل على الإطلاق', 'محتمل للغاية'], ['zh-CN', '完全不可能', '非常可能']] as const) {
      const other = await mount(def, `lang=${lang}`);
      const words = names(other);
      expect(words[0]).to.contain(low);
      expect(words[10]).to.contain(high);
      other.remove();
    }
  });

  it('renders XSS payloads from the definition as text', async () => {
    const x = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
    const el = await mount({
      id: 'x',
      version: 1,
      title: x,
      questions: [
        { id: 'q', type: 'choice', prompt: x, help: x, options: [{ id: 'a', label: x }] },
        { id: 'r', type: 'rating', prompt: x, scale: { kind: 'csat', points: 5 }, reasons: { prompt: x, codes: [{ id: 'c', label: x }] } },
      ],
      thankYou: x,
    });
    expect($(el, '#title')!.textContent).to.equal(x);
    expect(heading(el)).to.equal(x);
    expect($(el, '#help')!.textContent).to.equal(x);
    expect($(el, 'label.option')!.textContent!.trim()).to.equal(x);
    await pickLabel(el, x);
    await next(el);
    await pick(el, '1');
    await next(el);
    expect(heading(el)).to.equal(x); // the reasons prompt
    expect($(el, 'label.option')!.textContent!.trim()).to.equal(x);
    await next(el);
    expect(heading(el)).to.equal(x); // thank-you
    expect(el.shadowRoot!.querySelector('img, script')).to.equal(null);
    expect((window as unknown as { __xss?: number }).__xss).to.equal(undefined);
  });
});

describe('<fb-survey> operation', () => {
  it('is operable by keyboard; focus moves to each new question heading', async () => {
    const el = await mount();
    el.shadowRoot!.querySelector<HTMLInputElement>('input[type=radio]')!.focus();
    await sendKeys({ press: 'ArrowRight' }); // native radio group: moves and selects 1
    await sendKeys({ press: 'ArrowRight' }); // 2
    await sendKeys({ press: 'Enter' }); // submits the step form
    await el.updateComplete;
    expect(heading(el)).to.equal('What was the main reason for your score?');
    expect(deepActive()?.id).to.equal('heading');
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Space' }); // first reason code
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector<HTMLInputElement>('input[type=checkbox]')!.checked).to.equal(true);
  });

  it('announces a missing required answer next to the question', async () => {
    const el = await mount();
    await next(el);
    const error = $(el, '#error')!;
    expect(error.getAttribute('role')).to.equal('alert');
    expect(error.textContent!.trim()).to.equal('Please answer this question.');
    const group = $(el, 'fieldset')!;
    expect(group.getAttribute('aria-invalid')).to.equal('true');
    expect(group.getAttribute('aria-describedby')!.split(' ')).to.include('error');
    await pick(el, '9');
    expect($(el, '#error')).to.equal(null);
  });

  it('branches on a low score, asks reasons, and submits a schema-valid complete response', async () => {
    const el = await mount(DEF, 'branch=B-17 channel=web stage=completed');
    const seen = capture();
    await pick(el, '3');
    await next(el);
    await pickLabel(el, 'Waiting time');
    await next(el);
    expect(heading(el)).to.equal('What went wrong?');
    expect($(el, '.progress')!.textContent).to.equal('Question 2 of 7');
    const box = $<HTMLTextAreaElement>(el, 'textarea')!;
    box.value = 'queue too long';
    box.dispatchEvent(new Event('input'));
    await next(el);
    await pickLabel(el, 'Loans');
    await next(el);
    for (const text of ['Yes', 'No']) {
      const fieldsets = el.shadowRoot!.querySelectorAll('fieldset');
      const i = text === 'Yes' ? 0 : 1;
      const label = Array.from(fieldsets[i]!.querySelectorAll('label')).find((l) => l.textContent!.trim() === text)!;
      label.querySelector('input')!.click();
      await el.updateComplete;
    }
    await next(el);
    // expectation-gap: two CSAT scales, expectation 5 and perception 2
    el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[name="speed-expectation"]')[4]!.click();
    el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[name="speed-perception"]')[1]!.click();
    await el.updateComplete;
    await next(el);
    el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[name="app-functional"]')[0]!.click();
    el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[name="app-dysfunctional"]')[4]!.click();
    await el.updateComplete;
    await next(el);
    expect($(el, 'button[type=submit]')!.textContent!.trim()).to.equal('Submit');
    await next(el); // consent not given: fine, nothing asked
    expect(seen).to.have.length(1);
    const s = seen[0]!;
    const parsed = safeParseSubmission(s);
    expect(parsed.success, JSON.stringify(parsed)).to.equal(true);
    expect(s.status).to.equal('complete');
    // The collector's rule (core) accepts it as a complete response to this definition.
    const verdict = validateSubmission(DEF, s);
    expect(verdict.errors).to.deep.equal([]);
    expect(verdict.status).to.equal('complete');
    expect(s.survey).to.deep.equal({ id: 'branch-visit', version: 2 });
    expect(s.context).to.include({ branch: 'B-17', channel: 'web', stage: 'completed' });
    expect(s.answers).to.deep.equal({
      nps: { type: 'rating', scale: { kind: 'nps' }, value: 3, reasons: ['waiting'] },
      why: { type: 'text', value: 'queue too long' },
      topic: { type: 'choice', value: ['loans'] },
      greeted: { type: 'checklist', value: { greet: true, thank: false } },
      speed: { type: 'expectation-gap', dimension: 'timeliness', expectation: 5, perception: 2 },
      app: { type: 'kano-pair', feature: 'queue-app', functional: 'like', dysfunctional: 'dislike' },
    });
    expect(heading(el)).to.equal('Thank you for your feedback.');
    expect(deepActive()?.id).to.equal('heading');
  });

  it('redacts a card number as it is typed and says so', async () => {
    const el = await mount();
    await pick(el, '2');
    await next(el);
    await next(el);
    const box = $<HTMLTextAreaElement>(el, 'textarea')!;
    box.focus();
    await sendKeys({ type: 'my card 4111 1111 1111 1111 was declined' });
    await el.updateComplete;
    expect(box.value).not.to.contain('4111 1111 1111 1111');
    expect(box.value).to.contain('was declined');
    expect($(el, '#notice')!.textContent).to.match(/removed personal details.*card number/);
    expect($(el, '[role=status]')!.textContent).to.match(/card number/);
    expect(box.getAttribute('aria-describedby')!.split(' ')).to.include.members(['note', 'notice']);
  });

  it('asks for a contact only after explicit consent, and forgets it when consent is withdrawn', async () => {
    const el = await mount({ id: 'c', version: 1, questions: [DEF.questions[6]!] });
    const seen = capture();
    expect($(el, '#contact')).to.equal(null);
    $<HTMLInputElement>(el, '#consent')!.click();
    await el.updateComplete;
    const contact = $<HTMLInputElement>(el, '#contact')!;
    expect(contact.type).to.equal('tel');
    await next(el);
    expect($(el, '#error')!.textContent!.trim()).to.equal('Please enter how we may contact you, or untick the box.');
    contact.value = '+86 138 0013 8000';
    contact.dispatchEvent(new Event('input'));
    $<HTMLInputElement>(el, '#consent')!.click(); // withdraw
    await el.updateComplete;
    expect($(el, '#contact')).to.equal(null);
    await next(el);
    expect(seen[0]!.answers).to.deep.equal({ contact: { type: 'consent', value: false } });
  });

  it('a refused submission shows an error and retries with the same id', async () => {
    const el = await mount({ id: 'r', version: 1, questions: [{ id: 'q', type: 'rating', prompt: 'Rate', scale: { kind: 'thumbs' } }] });
    const ids: string[] = [];
    let refuse = true;
    el.addEventListener('fb-submit', (e) => {
      ids.push(e.detail.id);
      if (refuse) e.preventDefault();
    });
    await pick(el, '1');
    await next(el);
    expect($(el, '[role=alert]')!.textContent).to.equal('Your answers could not be saved. Please try again.');
    refuse = false;
    expect($(el, 'button[type=submit]')!.textContent!.trim()).to.equal('Try again');
    await next(el);
    expect(ids).to.have.length(2);
    expect(ids[1]).to.equal(ids[0]);
    expect(heading(el)).to.equal('Thank you for your feedback.');
  });
});

describe('<fb-survey> partial responses', () => {
  it('emits a partial response when removed after an answer, heard on document', async () => {
    const el = await mount();
    const seen = capture();
    await pick(el, '8');
    el.remove();
    await Promise.resolve();
    expect(seen).to.have.length(1);
    expect(seen[0]!.status).to.equal('partial');
    expect(seen[0]!.answers).to.deep.equal({ nps: { type: 'rating', scale: { kind: 'nps' }, value: 8 } });
    expect(safeParseSubmission(seen[0]).success).to.equal(true);
    expect(validateSubmission(DEF, seen[0]!).errors).to.deep.equal([]);
  });

  it('emits a partial on pagehide once, and never when the definition does not allow it', async () => {
    const el = await mount();
    const seen = capture();
    await pick(el, '8');
    window.dispatchEvent(new PageTransitionEvent('pagehide'));
    window.dispatchEvent(new PageTransitionEvent('pagehide'));
    expect(seen.map((s) => s.status)).to.deep.equal(['partial']);
    el.remove();
    await Promise.resolve();
    expect(seen).to.have.length(1);

    const strict = await mount({ ...DEF, allowPartial: false });
    const none = capture();
    await pick(strict, '8');
    strict.remove();
    await Promise.resolve();
    expect(none).to.have.length(0);
  });

  it('emits nothing when nothing was answered', async () => {
    const el = await mount();
    const seen = capture();
    el.remove();
    await Promise.resolve();
    expect(seen).to.have.length(0);
  });

  it('moving the element is not abandoning it: no partial, answers kept', async () => {
    const el = await mount();
    const seen = capture();
    await pick(el, '8');
    const box = document.createElement('div');
    document.body.append(box);
    box.append(el); // disconnect + connect in one task
    await Promise.resolve();
    await el.updateComplete;
    expect(seen).to.have.length(0);
    expect(el.shadowRoot!.querySelector<HTMLInputElement>('input[value="8"]')!.checked).to.equal(true);
  });
});

describe('<fb-survey> accessibility (axe, WCAG 2.x A/AA)', () => {
  async function walk(el: FbSurvey, check: (step: string) => Promise<void>) {
    await check('rating');
    await next(el);
    await check('rating with error');
    await pick(el, '2');
    await next(el);
    await check('reasons');
    await next(el);
    await check('text');
    await next(el);
    await check('choice');
    await next(el);
    await check('checklist');
    await next(el);
    await check('expectation-gap');
    await next(el);
    await check('kano-pair');
    await next(el);
    $<HTMLInputElement>(el, '#consent')!.click();
    await el.updateComplete;
    await check('consent');
    $<HTMLInputElement>(el, '#consent')!.click();
    await el.updateComplete;
    await next(el);
    await check('thanks');
  }

  for (const mode of ['light', 'dark', 'rtl'] as const) {
    it(`has no violations on any step (${mode})`, async () => {
      document.documentElement.lang = 'en'; // the test page's own html-has-lang
      if (mode === 'dark') await emulateMedia({ colorScheme: 'dark' });
      if (mode === 'rtl') {
        document.documentElement.lang = 'ar';
        document.documentElement.dir = 'rtl';
      }
      const el = await mount();
      if (mode === 'rtl') {
        expect(heading(el)).to.equal('ما مدى احتمال أن توصي بنا؟');
        // Right to left: 0 sits to the right of 1; numbers in Arabic-Indic digits via Intl.
        const faces = Array.from(el.shadowRoot!.querySelectorAll('label.option'));
        expect(faces[0]!.getBoundingClientRect().left).to.be.greaterThan(faces[1]!.getBoundingClientRect().left);
        expect(faces[1]!.textContent!.trim()).to.equal(new Intl.NumberFormat('ar').format(1));
        expect($(el, '.progress')!.textContent).to.equal(`السؤال ${new Intl.NumberFormat('ar').format(1)} من ${new Intl.NumberFormat('ar').format(6)}`);
      }
      const marker: Record<string, string> = {
        rating: 'input[name=nps]',
        'rating with error': '#error',
        reasons: 'input[name=nps-reasons]',
        text: 'textarea',
        choice: 'input[name=topic]',
        checklist: 'input[name=greeted-1]',
        'expectation-gap': 'input[name=speed-perception]',
        'kano-pair': 'input[name=app-dysfunctional]',
        consent: '#contact',
        thanks: '[part~=thanks]',
      };
      await walk(el, async (step) => {
        expect($(el, marker[step]!), `${step} is showing`).not.to.equal(null);
        const violations = await axeViolations(document);
        expect(violations, `${mode} / ${step}`).to.deep.equal([]);
      });
    });
  }
});

describe('<fb-survey> layout and forced colours', () => {
  it('reflows at 320 px: the 11 NPS options wrap, nothing scrolls sideways', async () => {
    await setViewport({ width: 320, height: 640 });
    try {
      const el = await mount();
      const options = Array.from(el.shadowRoot!.querySelectorAll('label.option'));
      const rows = new Set(options.map((o) => Math.round(o.getBoundingClientRect().top)));
      expect(rows.size).to.be.greaterThan(1);
      expect(document.documentElement.scrollWidth).to.be.at.most(320);
      for (const o of options) expect(o.getBoundingClientRect().right).to.be.at.most(320);
      for (const o of options) expect(o.getBoundingClientRect().height).to.be.at.least(48);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('has no axe violations in forced-colours mode', async () => {
    document.documentElement.lang = 'en';
    await forcedColors(async () => {
      expect(matchMedia('(forced-colors: active)').matches).to.equal(true);
      const el = await mount();
      await pick(el, '2');
      expect(await axeViolations(document)).to.deep.equal([]);
    });
  });

  it('takes per-element message overrides', async () => {
    const el = await mount();
    el.messages = { next: 'Continue', progress: 'Step {index}/{total}' };
    await el.updateComplete;
    expect($(el, 'button[type=submit]')!.textContent!.trim()).to.equal('Continue');
    expect($(el, '.progress')!.textContent).to.equal('Step 1/6');
  });

  it('reset() starts again with nothing kept', async () => {
    const el = await mount();
    await pick(el, '2');
    await next(el);
    el.reset();
    await el.updateComplete;
    expect(heading(el)).to.equal('How likely are you to recommend us?');
    expect(el.shadowRoot!.querySelector<HTMLInputElement>('input:checked')).to.equal(null);
  });
});
