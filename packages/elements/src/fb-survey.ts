import { ReactiveElement } from '@lit/reactive-element';
import type { PropertyValues } from '@lit/reactive-element';
import { FeedbackError, redact, scaleShape } from '@feedbackkit/core';
import type {
  Answer,
  KanoAnswer,
  LocalizedText,
  Question,
  Submission,
  SubmissionContext,
  SurveyDefinition,
} from '@feedbackkit/core';
import { ratingMessages } from './fb-rating-messages.js';
import type { RatingMessageKey } from './fb-rating-messages.js';
import { FbSubmitEvent } from './shared/events.js';
import { I18nController, warnMissingPack } from './shared/i18n.js';
import type { MessageOverrides } from './shared/i18n.js';
import { baseStyles, css, themeStyles } from './shared/styles.js';
import { buildSubmission, contextFromElement } from './shared/submission.js';
import { localize } from './survey/localized.js';
import { scaleWords } from './survey/scale-words.js';
import { surveyLogic } from './survey/logic.js';
import { surveyMessages } from './survey/messages.js';
import type { SurveyMessageKey } from './survey/messages.js';
import { checkDefinition, parseDefinitionJson } from './survey/parse.js';
import { SurveyRunner } from './survey/survey-runner.js';
import { html, nothing, render } from './survey/template.js';
import type { Template } from './survey/template.js';
import type { StepError } from './survey/survey-runner.js';

type RatingQuestion = Extract<Question, { type: 'rating' }>;

const KANO: readonly KanoAnswer[] = ['like', 'must-be', 'neutral', 'live-with', 'dislike'];

/** How `#options` draws and names its group (all optional). */
interface OptionGroup {
  /** The group's `aria-describedby` (default '': none) and `aria-invalid` (default 'false'). */
  describedBy?: string;
  invalid?: string;
  /** Checkboxes (any number may be checked) instead of radio buttons. */
  multiple?: boolean | undefined;
  /** The options in a row instead of stacked. */
  row?: boolean;
  /** The ids that name the group: the heading by default; `nothing` when it has a `legend`. */
  labelledBy?: string | typeof nothing;
  /** The group's own name, shown as its legend. */
  legend?: unknown;
  /** What follows the options (a long scale's end labels). */
  after?: unknown;
}

/**
 * A multi-question survey rendered from a definition (see `SurveyDefinition` in
 * `@feedbackkit/core`): rating, choice, text, checklist, expectation-gap, Kano pair and
 * consent questions; show-if branching; reason codes after a low score; PII redaction in
 * comments as the person types; an explicit contact-consent step; progress; partial
 * responses on abandon; a thank-you state.
 *
 * The definition comes from the `definition` property or from a child
 * `<script type="application/json">` (read as text and `JSON.parse`d, never evaluated). All
 * definition and user text is rendered as text.
 *
 * @event fb-submit - `FbSubmitEvent`; `detail` is a `Submission` with status `complete`, or
 *   `partial` when the person leaves (element removed or page hidden) after answering
 *   something and the definition has `allowPartial`. Call `preventDefault()` to refuse it:
 *   the survey then shows an error with a retry button instead of the thank-you.
 *
 * @csspart survey - the outer container
 * @csspart title - the survey title
 * @csspart progress - the "Question 2 of 5" line and bar
 * @csspart heading - the current question's heading (receives focus on each new step)
 * @csspart help - the question's help text
 * @csspart option - each selectable option (rating point, choice, reason code)
 * @csspart input - text, e-mail and phone inputs and the comment box
 * @csspart notice - the redaction notice under a comment box
 * @csspart error - the error message
 * @csspart button - the Back, Next/Submit and Retry buttons
 * @csspart thanks - the thank-you state
 *
 * @cssprop --fb-survey-accent - selected options and the primary button (falls back to `--fb-accent`)
 * @cssprop --fb-survey-on-accent - text on the accent colour
 * @cssprop --fb-survey-surface - background
 * @cssprop --fb-survey-text - text colour
 * @cssprop --fb-survey-muted - secondary text
 * @cssprop --fb-survey-border - outlines of unselected options (keep ≥ 3:1 against the surface)
 * @cssprop --fb-survey-focus - focus ring
 * @cssprop --fb-survey-danger - error text
 * @cssprop --fb-survey-radius - corner radius
 * @cssprop --fb-survey-font - font family
 *
 * @slot - put the definition here as `<script type="application/json">`; nothing is rendered from the slot
 */
export class FbSurvey extends ReactiveElement {
  static override properties = {
    definition: { attribute: false },
    messages: { attribute: false },
    classification: { reflect: true },
  };

  static override styles = [
    themeStyles('survey'),
    baseStyles,
    css`
      :host {
        display: block;
        background: var(--_surface);
        border-radius: var(--_radius);
        max-width: 40rem;
        line-height: 1.4;
      }
      .survey {
        padding: 1rem;
      }
      h2,
      h3 {
        font-size: 1.2rem;
        margin: 0.5rem 0;
      }
      .progress,
      .hint,
      .notice {
        color: var(--_muted);
        font-size: 0.9rem;
        margin: 0.25rem 0;
      }
      /* A native <progress> in the accent colour: its fill needs no style attribute, which
         style-src 'self' would block. */
      progress {
        display: block;
        width: 100%;
        height: 4px;
        margin-bottom: 0.75rem;
      }
      fieldset {
        border: 0;
        margin: 0 0 0.75rem;
        padding: 0;
        min-width: 0;
      }
      .options,
      .anchors,
      .nav,
      .consent {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
      .stack {
        flex-direction: column;
      }
      .option {
        position: relative;
        display: flex;
      }
      .option input {
        position: absolute;
        inset: 0;
        margin: 0;
        opacity: 0;
      }
      .face,
      textarea,
      .text,
      button {
        box-sizing: border-box;
        min-height: 48px;
        padding: 0.5rem 1rem;
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        background: var(--_surface);
        color: var(--_text);
        font: inherit;
      }
      .face {
        display: inline-flex;
        align-items: center;
        justify-content: center;
        gap: 0.4rem;
        min-width: 48px;
      }
      /* Selection is shown by shape (thick inner ring, check mark) as well as colour. */
      :checked + .face,
      .primary {
        background: var(--_accent);
        color: var(--_on-accent);
        border-color: var(--_accent);
      }
      :checked + .face {
        border: 3px double var(--_on-accent);
        box-shadow: 0 0 0 2px var(--_accent);
      }
      :checked + .face::before {
        content: '✓';
      }
      :focus-visible + .face {
        outline: 3px solid var(--_focus);
        outline-offset: 2px;
      }
      .anchors {
        justify-content: space-between;
        color: var(--_muted);
        font-size: 0.85rem;
      }
      textarea,
      .text {
        width: 100%;
      }
      textarea {
        min-height: 6rem;
      }
      .error {
        color: var(--_danger);
        font-weight: 600;
      }
      .consent {
        align-items: center;
        min-height: 48px;
      }
      input,
      progress {
        accent-color: var(--_accent);
      }
      .consent input {
        width: 24px;
        height: 24px;
      }
      .nav {
        margin-top: 1rem;
      }
      button {
        min-width: 96px;
        cursor: pointer;
      }
      .primary {
        margin-inline-start: auto;
      }
    `,
  ];

  /** The survey definition. When unset, the JSON in a child `<script type="application/json">` is used. */
  declare definition: SurveyDefinition | undefined;
  /** Per-element message overrides (keys as in `surveyMessages`). */
  declare messages: MessageOverrides | undefined;
  /** Data classification stamped on submissions (overrides the definition's). */
  declare classification: 'secret' | 'confidential' | 'top-secret' | undefined;

  /** Why the definition could not be used, when it could not. */
  loadError: FeedbackError | undefined;

  readonly #i18n = new I18nController<SurveyMessageKey>(this, surveyMessages);
  /** <fb-rating>'s catalog for scale words: `point.<English word>` (zh-CN, ar packs) and `stars`. */
  readonly #points = new I18nController<RatingMessageKey>(this, ratingMessages);
  #runner: SurveyRunner | undefined;
  #error: StepError | undefined;
  /** Submitted and thanked. */
  #thanked = false;
  /** The refused submission (shown as an error with a retry), re-sent unchanged (same id) on retry. */
  #refused: Submission | undefined;
  #notice = '';
  #moveFocus = false;
  #partialSent = false;
  /** Half-answered two-part questions (expectation-gap, Kano pair) until both parts are in. */
  #drafts = new Map<string, Record<string, number | string>>();
  /** Context captured while connected: a removed element no longer sees its ancestors. */
  #context: SubmissionContext | undefined;
  readonly #onPageHide = (): void => this.#emitPartial();

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('pagehide', this.#onPageHide);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('pagehide', this.#onPageHide);
    // Moving the element (removed and inserted in the same task) is not abandoning it.
    queueMicrotask(() => {
      if (this.isConnected) return;
      this.#emitPartial();
      this.#forget();
    });
  }

  /** Start again from the first question with no answers. */
  reset(): void {
    this.#start(this.#runner?.definition);
    this.requestUpdate();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('definition') || (!this.#runner && !this.loadError)) this.#load();
    if (this.isConnected) this.#context = contextFromElement(this);
  }

  protected override update(changed: PropertyValues<this>): void {
    const view = this.#render();
    super.update(changed);
    warnMissingPack(this, this.#i18n.locale, surveyMessages);
    render(view, this.renderRoot);
  }

  protected override updated(): void {
    if (this.#moveFocus) {
      this.#moveFocus = false;
      this.renderRoot.querySelector<HTMLElement>('#heading')?.focus();
    }
  }

  #load(): void {
    this.loadError = undefined;
    try {
      let definition: SurveyDefinition;
      if (this.definition) {
        definition = checkDefinition(this.definition);
      } else {
        const script = this.querySelector('script[type="application/json"]');
        if (!script) return;
        definition = parseDefinitionJson(script.textContent ?? '');
      }
      this.#start(definition);
    } catch (error) {
      this.#runner = undefined;
      this.loadError =
        error instanceof FeedbackError
          ? error
          : new FeedbackError('invalid-definition', String(error), { field: 'definition' });
      // A broken definition is a page bug, not a visitor's: tell the developer.
      console.warn(`<fb-survey>: ${this.loadError.message}`);
    }
  }

  /** A fresh runner of `definition` (the last one's answers are forgotten first). */
  #start(definition: SurveyDefinition | undefined): void {
    this.#forget();
    this.#runner = definition ? new SurveyRunner(definition, surveyLogic) : undefined;
    this.#thanked = false;
    this.#error = undefined;
    this.#partialSent = false;
  }

  #forget(): void {
    this.#runner?.clear();
    this.#drafts.clear();
    this.#notice = '';
    this.#refused = undefined;
  }

  #t(key: SurveyMessageKey, params?: Record<string, string | number>): string {
    return this.#i18n.t(key, params);
  }

  #text(text: LocalizedText | undefined): string {
    return localize(text, this.#i18n.locale, this.#runner?.definition.defaultLocale ?? 'en');
  }

  #submission(status: 'complete' | 'partial'): Submission {
    const runner = this.#runner!;
    const def = runner.definition;
    return buildSubmission({
      answers: runner.answers,
      status,
      survey: { id: def.id, version: def.version },
      context: this.isConnected ? contextFromElement(this) : (this.#context ?? {}),
      classification: this.classification ?? def.classification,
    });
  }

  #emitPartial(): void {
    const runner = this.#runner;
    if (!runner || this.#partialSent || this.#thanked || this.#refused || !runner.hasPartial) return;
    this.#partialSent = true;
    const submission = this.#submission('partial');
    this.dispatchEvent(new FbSubmitEvent(submission));
    // Removed from the page, the event cannot bubble to a document listener (the embed's):
    // tell the document too. Same id, so a backend that hears both keeps one.
    if (!this.isConnected) document.dispatchEvent(new FbSubmitEvent(submission));
  }

  #complete(submission: Submission): void {
    if (this.dispatchEvent(new FbSubmitEvent(submission))) {
      this.#thanked = true;
      this.#forget(); // the refused submission too, if this was its retry
    } else this.#refused = submission;
    this.#moveFocus = true;
    this.requestUpdate();
  }

  /** Next, Submit or Retry (the form's submit; the form is only there with a runner). */
  #next(event: Event): void {
    event.preventDefault();
    const runner = this.#runner!;
    if (this.#refused) return this.#complete(this.#refused);
    this.#error = runner.next();
    if (!this.#error) {
      this.#notice = '';
      if (runner.finished) return this.#complete(this.#submission('complete'));
      this.#moveFocus = true;
    }
    this.requestUpdate();
  }

  #back(): void {
    this.#runner?.back();
    this.#error = undefined;
    this.#notice = '';
    this.#moveFocus = true;
    this.requestUpdate();
  }

  #set(id: string, answer: Answer | undefined): void {
    this.#runner?.setAnswer(id, answer);
    if (this.#error?.question === id) this.#error = undefined;
    this.requestUpdate();
  }

  // ---- rendering ----------------------------------------------------------------------

  #render(): Template {
    const runner = this.#runner;
    const title = runner && this.#text(runner.definition.title);
    return html`${this.loadError
        ? html`<div class="survey" part="survey"><p class="error" part="error" role="alert">${this.#t('loadFailed')}</p></div>`
        : runner
          ? html`<section class="survey" part="survey" aria-labelledby=${title ? 'title' : 'heading'}>
              ${title ? html`<h2 id="title" part="title">${title}</h2>` : nothing}
              ${this.#thanked
                ? this.#heading(this.#text(runner.definition.thankYou) || this.#t('thanks'), 'heading thanks')
                : this.#renderStep(runner)}
            </section>`
          : nothing}<slot
        hidden
        @slotchange=${() => {
          // The definition script lives in the light DOM; a late one (streamed HTML) is picked up here.
          if (!this.definition && !this.#runner) {
            this.#load();
            this.requestUpdate();
          }
        }}
      ></slot>`;
  }

  #renderStep(runner: SurveyRunner): Template {
    const { index, total } = runner.progress;
    const step = runner.step;
    const refused = this.#refused !== undefined;
    const error = this.#error;
    return html`<div part="progress">
        <p class="progress">${this.#t('progress', { index, total })}</p>
        <progress aria-hidden="true" max=${total} .value=${index}></progress>
      </div>
      <form novalidate @submit=${(e: Event) => this.#next(e)}>
        ${refused
          ? html`<p id="heading" tabindex="-1" class="error" part="error heading" role="alert">${this.#t('notTaken')}</p>`
          : step.kind === 'reasons'
            ? this.#renderReasons(step.question)
            : step.kind === 'question'
              ? this.#renderQuestion(step.question)
              : nothing}
        ${error
          ? html`<p id="error" class="error" part="error" role="alert">
              ${this.#t(error.problem, { max: (step as { question?: { maxLength?: number } }).question?.maxLength ?? 0 })}
            </p>`
          : nothing}
        <div class="nav">
          ${runner.canGoBack && !refused
            ? html`<button type="button" part="button" @click=${() => this.#back()}>${this.#t('back')}</button>`
            : nothing}
          <button type="submit" class="primary" part="button">${this.#t(refused ? 'retry' : runner.atEnd ? 'submit' : 'next')}</button>
        </div>
      </form>
      <div class="sr-only" role="status" aria-live="polite">${this.#notice}</div>`;
  }

  #describedBy(q: Question, ...extra: string[]): string {
    return [q.help ? 'help' : '', ...extra, this.#error ? 'error' : ''].filter(Boolean).join(' ');
  }

  #heading(text: string, part = 'heading'): Template {
    return html`<h3 id="heading" tabindex="-1" part=${part}>${text}</h3>`;
  }

  #renderQuestion(q: Question): Template {
    return html`${this.#heading(this.#text(q.prompt))}${q.help
      ? html`<p id="help" class="hint" part="help">${this.#text(q.help)}</p>`
      : nothing}${this.#renderControl(q)}`;
  }

  /**
   * A fieldset of radio buttons (or checkboxes) named `name`, drawn as option faces: each item
   * is a value and its label; `pick` gets the value and whether it is now checked.
   */
  #options(
    name: string,
    items: readonly (readonly [value: string, label: unknown])[],
    checked: (value: string) => boolean,
    pick: (value: string, on: boolean) => void,
    { describedBy = '', invalid = 'false', multiple, row, labelledBy = 'heading', legend, after }: OptionGroup,
  ): Template {
    return html`<fieldset aria-labelledby=${labelledBy} aria-describedby=${describedBy} aria-invalid=${invalid}>
      ${legend ? html`<legend>${legend}</legend>` : nothing}<div class=${row ? 'options' : 'options stack'}>
        ${items.map(
          ([value, label]) => html`<label class="option" part="option">
            <input
              type=${multiple ? 'checkbox' : 'radio'}
              name=${name}
              .value=${value}
              .checked=${checked(value)}
              @change=${(e: Event) => pick(value, (e.target as HTMLInputElement).checked)}
            /><span class="face">${label}</span>
          </label>`,
        )}
      </div>${after}
    </fieldset>`;
  }

  #renderControl(q: Question): Template {
    const answer = this.#runner!.answer(q.id);
    const invalid = String(this.#error?.question === q.id);
    const describedBy = this.#describedBy(q);
    switch (q.type) {
      case 'rating':
        return this.#renderScale(q.id, q.scale, answer?.type === 'rating' ? answer.value : undefined, 'heading', describedBy, invalid, (v) =>
          this.#set(q.id, { type: 'rating', scale: q.scale, value: v }),
        );
      case 'choice': {
        const chosen = answer?.type === 'choice' ? answer.value : [];
        return this.#options(
          q.id,
          q.options.map((o) => [o.id, this.#text(o.label)]),
          (id) => chosen.includes(id),
          (id, on) => this.#set(q.id, { type: 'choice', value: toggle(chosen, id, on, q.multiple) }),
          { describedBy, invalid, multiple: q.multiple },
        );
      }
      case 'text':
        return this.#renderText(q, answer?.type === 'text' ? answer.value : '', invalid);
      case 'checklist': {
        const value = answer?.type === 'checklist' ? answer.value : {};
        const yesNo = [['yes', this.#t('yes')], ['no', this.#t('no')]] as const;
        return html`<div role="group" aria-labelledby="heading" aria-describedby=${describedBy}>
          ${q.items.map((item, i) =>
            this.#options(
              `${q.id}-${i}`,
              yesNo,
              (v) => value[item.id] === (v === 'yes'),
              (v) => this.#set(q.id, { type: 'checklist', value: { ...value, [item.id]: v === 'yes' } }),
              { invalid, row: true, labelledBy: nothing, legend: this.#text(item.label) },
            ),
          )}
        </div>`;
      }
      case 'expectation-gap': {
        const [draft, pick] = this.#pair(q, answer, ['expectation', 'perception']);
        return html`${(['expectation', 'perception'] as const).map(
          (part) => html`<div class="sub">
            <p id=${`${part}-label`} class="legend">${this.#t(part)}</p>
            ${this.#renderScale(`${q.id}-${part}`, q.scale, draft[part] as number | undefined, `heading ${part}-label`, describedBy, invalid, (v) =>
              pick(part, v),
            )}
          </div>`,
        )}`;
      }
      case 'kano-pair': {
        const [draft, pick] = this.#pair(q, answer, ['functional', 'dysfunctional']);
        return html`${(['functional', 'dysfunctional'] as const).map((part) =>
          this.#options(
            `${q.id}-${part}`,
            KANO.map((k) => [k, this.#t(`kano.${k}`)]),
            (k) => draft[part] === k,
            (k) => pick(part, k),
            { describedBy, invalid, labelledBy: nothing, legend: this.#text(q[part]) },
          ),
        )}`;
      }
      case 'consent': {
        const given = answer?.type === 'consent' && answer.value;
        const contact = answer?.type === 'consent' ? (answer.contact ?? '') : '';
        const contactError = this.#error?.question === q.id && this.#error.problem !== 'required';
        const email = q.contact === 'email';
        return html`<div class="consent">
            <input
              id="consent"
              type="checkbox"
              .checked=${given}
              aria-describedby=${describedBy}
              aria-invalid=${String(invalid === 'true' && !contactError)}
              @change=${(e: Event) =>
                // Unticking forgets the contact: nothing is kept without consent.
                this.#set(q.id, { type: 'consent', value: (e.target as HTMLInputElement).checked })}
            />
            <label for="consent">${this.#text(q.purpose)}</label>
          </div>
          ${given && q.contact
            ? html`<label for="contact">${this.#t(email ? 'contactEmail' : 'contactPhone')}</label>
                <input
                  id="contact"
                  class="text"
                  part="input"
                  type=${email ? 'email' : 'tel'}
                  autocomplete=${email ? 'email' : 'tel'}
                  .value=${contact}
                  aria-describedby=${contactError ? 'error' : nothing}
                  aria-invalid=${String(contactError)}
                  @input=${(e: Event) =>
                    this.#set(q.id, { type: 'consent', value: true, contact: (e.target as HTMLInputElement).value })}
                />`
            : nothing}`;
      }
    }
  }

  /**
   * A two-part question (expectation-gap, Kano pair): the draft of its parts, kept until both
   * are in, and a pick that sets the answer then.
   */
  #pair(
    q: Extract<Question, { type: 'expectation-gap' | 'kano-pair' }>,
    answer: Answer | undefined,
    parts: readonly string[],
  ): [Record<string, number | string>, (part: string, v: number | string) => void] {
    let draft = this.#drafts.get(q.id);
    if (!draft) this.#drafts.set(q.id, (draft = answer?.type === q.type ? { ...(answer as unknown as Record<string, string>) } : {}));
    const d = draft;
    return [
      d,
      (part, v) => {
        d[part] = v;
        if (parts.every((p) => p in d)) {
          this.#set(q.id, {
            ...d,
            ...(q.type === 'kano-pair' ? { type: q.type, feature: q.feature } : { type: q.type, dimension: q.dimension }),
          } as unknown as Answer);
        } else this.requestUpdate();
      },
    ];
  }

  #renderScale(
    name: string,
    ref: RatingQuestion['scale'],
    value: number | undefined,
    labelledBy: string,
    describedBy: string,
    invalid: string,
    pick: (v: number) => void,
  ): Template {
    const scale = scaleShape(ref);
    const word = scaleWords(this.#points, scale);
    const few = scale.values.length <= 5;
    const anchorsId = `${name}-anchors`;
    return this.#options(
      name,
      scale.values.map((v, i) => {
        const own = word(i);
        // NPS and Likert points have no words, but their ends are named by the anchor words, as
        // in <fb-rating> ("0 – Not at all likely"), not by the number alone.
        const label = own || (i % (scale.values.length - 1) ? '' : word(i, true));
        // Up to five points show their words; longer scales show numbers (words for screen readers).
        return [
          String(v),
          few && own ? own : html`${this.#i18n.n(v)}${label ? html`<span class="sr-only"> – ${label}</span>` : nothing}`,
        ];
      }),
      (v) => value === Number(v),
      (v) => pick(Number(v)),
      {
        describedBy: few ? describedBy : `${anchorsId} ${describedBy}`.trim(),
        invalid,
        row: true,
        labelledBy,
        after: few
          ? nothing
          : html`<div id=${anchorsId} class="anchors" part="help"><span>${word(0, true)}</span><span>${word(-1, true)}</span></div>`,
      },
    );
  }

  #renderReasons(q: RatingQuestion): Template {
    const reasons = q.reasons!;
    const answer = this.#runner!.answer(q.id);
    const chosen = answer?.type === 'rating' ? (answer.reasons ?? []) : [];
    const multiple = reasons.multiple ?? true;
    return html`${this.#heading(this.#text(reasons.prompt) || this.#t('reasonsPrompt'))}${this.#options(
      `${q.id}-reasons`,
      reasons.codes.map((c) => [c.id, this.#text(c.label)]),
      (id) => chosen.includes(id),
      (id, on) => {
        this.#runner!.setReasons(q.id, toggle(chosen, id, on, multiple));
        this.requestUpdate();
      },
      { multiple },
    )}`;
  }

  #renderText(q: Extract<Question, { type: 'text' }>, value: string, invalid: string): Template {
    const shouldRedact = q.redact !== false;
    const left = q.maxLength !== undefined ? q.maxLength - value.length : undefined;
    const onInput = (e: Event) => {
      const field = e.target as HTMLTextAreaElement | HTMLInputElement;
      let text = field.value;
      if (shouldRedact) {
        const result = redact(text);
        if (result.found.length > 0) {
          text = result.text;
          // Replace what is in the box too: the number must not stay on screen either.
          field.value = text;
          const kinds = [...new Set(result.found)].map((k) => this.#t(`kind.${k}`));
          this.#notice = this.#t('redacted', { kinds: kinds.join(', ') });
        }
      }
      this.#set(q.id, text === '' ? undefined : { type: 'text', value: text });
    };
    const describedBy = this.#describedBy(q, shouldRedact ? 'note' : '', left !== undefined ? 'count' : '', this.#notice ? 'notice' : '');
    const field =
      q.multiline === false
        ? html`<input
            class="text"
            part="input"
            type="text"
            aria-labelledby="heading"
            aria-describedby=${describedBy}
            aria-invalid=${invalid}
            maxlength=${q.maxLength ?? nothing}
            .value=${value}
            @input=${onInput}
          />`
        : html`<textarea
            part="input"
            aria-labelledby="heading"
            aria-describedby=${describedBy}
            aria-invalid=${invalid}
            maxlength=${q.maxLength ?? nothing}
            .value=${value}
            @input=${onInput}
          ></textarea>`;
    return html`${field}
      ${shouldRedact ? html`<p id="note" class="hint">${this.#t('redactionNote')}</p>` : nothing}
      ${left !== undefined ? html`<p id="count" class="hint">${this.#t('characters', { count: Math.max(0, left) })}</p>` : nothing}
      ${this.#notice ? html`<p id="notice" class="notice" part="notice">${this.#notice}</p>` : nothing}`;
  }
}

/** A choice list after (un)ticking `id`: single choice keeps only the last pick. */
const toggle = (list: readonly string[], id: string, on: boolean, multiple?: boolean): string[] =>
  multiple ? (on ? [...list, id] : list.filter((x) => x !== id)) : [id];

declare global {
  interface HTMLElementTagNameMap {
    'fb-survey': FbSurvey;
  }
}
