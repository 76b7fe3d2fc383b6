import { ReactiveElement } from '@lit/reactive-element';
import type { PropertyValues } from '@lit/reactive-element';
import { scaleShape } from '@feedbackkit/core';
import type { ScaleKind, ScaleShape, Submission } from '@feedbackkit/core';
import { ratingMessages, ratingWords } from './fb-rating-messages.js';
import type { RatingMessageKey } from './fb-rating-messages.js';
import { attr, h, s as svg } from './shared/dom.js';
import { FbSubmitEvent } from './shared/events.js';
import { I18nController, warnMissingPack } from './shared/i18n.js';
import { moveIndex } from './shared/roving.js';
import type { MessageOverrides } from './shared/i18n.js';
import { baseStyles, css, themeStyles } from './shared/styles.js';
import { buildSubmission, contextFromElement } from './shared/submission.js';

// A five-pointed star, computed rather than drawn: 10 vertices alternating outer radius 10
// and inner radius 4.2 around (12, 12.5), starting at the top.
const STAR = `M${Array.from({ length: 10 }, (_, k) => {
  const a = ((k * 36 - 90) * Math.PI) / 180;
  const r = k % 2 ? 4.2 : 10;
  return `${(12 + r * Math.cos(a)).toFixed(2)} ${(12.5 + r * Math.sin(a)).toFixed(2)}`;
}).join('L')}Z`;
const THUMB = 'M3 10h3v11H3zM8 10l4-7c1.5 0 2.5 1 2.2 2.6L13.5 9H20c1.3 0 2.2 1.2 1.9 2.4l-2 8A2 2 0 0 1 18 21H8z';

// Kinds whose visible symbol is a number (and whose points are named "9 – label").
const NUMERIC = ['nps', 'csat', 'ces', 'likert'];

/**
 * One rating question on any core scale, as a WAI-ARIA radio group (the APG "Rating Radio
 * Group" pattern): one tab stop (roving tabindex); arrow keys move and select (Left/Right
 * follow the writing direction, no wrap-around); Home/End go to the ends; a click or a
 * tap selects (on click, i.e. after pointerup — never on pointerdown, so a scroll that
 * starts on a button selects nothing); selecting the chosen point again never clears it.
 *
 * It is form-associated: inside a `<form>` it submits `name=value`, supports `required`,
 * form reset and state restore. Standalone, it announces a single-rating submission with an
 * `fb-submit` event when `autosubmit` is set (on a click, tap, Space or Enter — arrow keys
 * only select) or when its own submit button (`submit-button`) or `submit()` is used. After
 * a submission it shows a thank-you status and takes no more input until `reset()`.
 *
 * Built on Lit's `ReactiveElement` without templates: the shadow tree is made with DOM calls
 * (text is always set as text), so it needs neither lit-html nor any HTML parsing.
 *
 * @event change - The person selected a different point (bubbles, like a native radio).
 * @event input - The person selected a different point (bubbles, composed).
 * @event fb-submit - A schema-valid submission with one rating answer (`FbSubmitEvent`).
 *
 * @slot label - The question, instead of the `label` attribute or the scale's default question.
 *
 * @csspart group - The radio group (question, options, anchors, button, status).
 * @csspart label - The question text.
 * @csspart options - The row of points; it wraps on narrow screens.
 * @csspart option - Each point (a `role="radio"` element).
 * @csspart option-checked - The selected point.
 * @csspart anchors - The visible labels of the two ends of the scale.
 * @csspart submit - The submit button (with `submit-button`).
 * @csspart status - The thank-you / validation status line.
 *
 * @cssprop --fb-rating-accent - Selected fill (falls back to `--fb-accent`, then #1d4ed8 / dark #8ab4f8).
 * @cssprop --fb-rating-on-accent - Text on the selected fill (→ `--fb-on-accent`).
 * @cssprop --fb-rating-surface - Background of the element and its points (→ `--fb-surface`, #fff / dark #1f2328).
 * @cssprop --fb-rating-text - Text colour (→ `--fb-text`).
 * @cssprop --fb-rating-muted - Anchor label colour (→ `--fb-muted`).
 * @cssprop --fb-rating-border - Outline of unselected points, ≥ 3:1 on the surface (→ `--fb-border`).
 * @cssprop --fb-rating-focus - Focus ring (→ `--fb-focus`).
 * @cssprop --fb-rating-radius - Corner radius (→ `--fb-radius`, 8px).
 * @cssprop --fb-rating-font - Font family (→ `--fb-font`, inherit).
 * @cssprop --fb-rating-size - Size of a point, 2.75rem by default; the hit area is never below 48px.
 */
export class FbRating extends ReactiveElement {
  static formAssociated = true;

  static override properties = {
    scale: { reflect: true },
    points: { type: Number },
    levels: { type: Number },
    min: { type: Number },
    max: { type: Number },
    step: { type: Number },
    value: { type: Number },
    name: {},
    label: {},
    question: {},
    surveyId: { attribute: 'survey-id' },
    required: { type: Boolean, reflect: true },
    disabled: { type: Boolean, reflect: true },
    autosubmit: { type: Boolean },
    submitButton: { type: Boolean, attribute: 'submit-button' },
    messages: { attribute: false },
    submitted: { type: Boolean, reflect: true },
  };

  static override styles = [
    themeStyles('rating'),
    baseStyles,
    css`
      /* Its own surface: the text and symbols keep their contrast on any page. */
      :host {
        display: block;
        background: var(--_surface);
        --_size: var(--fb-rating-size, 2.75rem);
      }
      .label {
        margin-block-end: .5rem;
        font-weight: 600;
      }
      /* Shrinks to the points, so the end labels sit under the first and last point. */
      .scale {
        display: inline-block;
        max-width: 100%;
        vertical-align: top;
      }
      .options {
        display: flex;
        flex-wrap: wrap;
        gap: 4px;
      }
      .opt {
        box-sizing: border-box;
        display: inline-flex;
        flex-direction: column;
        align-items: center;
        justify-content: center;
        min-width: var(--_size);
        min-height: var(--_size);
        padding: 0 4px;
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        background: var(--_surface);
        cursor: pointer;
        user-select: none;
        /* Pans and pinch-zoom stay with the page; only the double-tap zoom delay goes. */
        touch-action: manipulation;
        transition: border-radius .15s, background-color .15s;
      }
      .opt:hover {
        border-color: var(--_accent);
      }
      /* Selected: filled AND a different shape (circle, thicker outline, bold), so the
         state never rests on colour alone and survives forced colours. */
      .opt[aria-checked=true] {
        background: var(--_accent);
        color: var(--_on-accent);
        border: 3px solid var(--_text);
        border-radius: 50%;
        font-weight: 700;
      }
      .symbol .opt {
        border-radius: var(--_radius);
        border-color: transparent;
        background: none;
        color: var(--_border);
      }
      .symbol .opt[aria-checked=true] {
        border-color: var(--_text);
      }
      svg {
        width: calc(var(--_size) - 10px);
        height: calc(var(--_size) - 10px);
        fill: none;
        stroke: currentColor;
        stroke-width: 1.6;
        stroke-linejoin: round;
      }
      .on svg,
      [aria-checked=true] svg {
        fill: var(--_accent);
        stroke: var(--_text);
      }
      .face [aria-checked=true] .f {
        stroke: var(--_on-accent);
      }
      /* Half stars: each half a radio of its own, at least 24 px wide (WCAG 2.5.8), its hit
         area grown only vertically so neighbours never cover each other. */
      .half {
        min-width: max(24px, var(--_size) / 2);
        padding: 0;
      }
      .half::after {
        inset: min(0px, 50% - 24px) 0;
      }
      .half svg {
        width: calc(var(--_size) / 2 - 5px);
      }
      /* The two halves of a star meet: no gap, their symbols over the 1 px borders. */
      .l {
        align-items: end;
      }
      .l svg {
        margin-inline-end: -1px;
      }
      .r {
        align-items: start;
        margin-inline-start: -4px;
      }
      .r svg {
        margin-inline-start: -1px;
      }
      :host(:dir(rtl)) .half svg {
        transform: scaleX(-1);
      }
      .down svg {
        transform: rotate(180deg);
      }
      .word,
      .anchors {
        font-size: .8125rem;
      }
      .word {
        color: var(--_text);
        padding-block-end: 4px;
      }
      .anchors {
        display: flex;
        justify-content: space-between;
        gap: 1rem;
        margin-block-start: .25rem;
        color: var(--_muted);
      }
      :host([disabled]) .opt,
      :host([submitted]) .opt {
        cursor: default;
        opacity: .7;
      }
      .submit {
        margin-block-start: .75rem;
        min-height: 48px;
        padding: 0 1.25rem;
        border: 0;
        border-radius: var(--_radius);
        background: var(--_accent);
        color: var(--_on-accent);
        cursor: pointer;
      }
      .status {
        margin-block-start: .5rem;
      }
      .status:empty {
        display: none;
      }
      @media (forced-colors: active) {
        .opt[aria-checked=true] {
          forced-color-adjust: none;
          background: Highlight;
          color: HighlightText;
          border-color: CanvasText;
        }
      }
    `,
  ];

  /** Scale kind: nps | csat | ces | stars | smiley | thumbs | evaluator | likert. */
  scale: ScaleKind = 'nps';
  /** Scale variant (csat 3/5/7, ces 5/7, stars 3–10, smiley/evaluator 3/4/5). */
  declare points: number | undefined;
  /** Alias of `points` (the evaluator's "levels"). */
  declare levels: number | undefined;
  /** Likert range. */
  declare min: number | undefined;
  declare max: number | undefined;
  /** `0.5` for half stars (`scale="stars"` only), else 1. */
  declare step: number | undefined;
  /** The selected point, or null. The `value` attribute is the default (restored on form reset). */
  value: number | null = null;
  /** Form field name; also the answer's question id when `question` is not set. */
  declare name: string;
  /** The question text (rendered as text, never as HTML). */
  declare label: string;
  /** Question id used as the key of the answer in `fb-submit` (default `name`, else "rating"). */
  declare question: string;
  /** Survey id to put in the submission. */
  declare surveyId: string;
  required = false;
  disabled = false;
  autosubmit = false;
  submitButton = false;
  /** Per-element message overrides (see the README's i18n section). */
  declare messages: MessageOverrides | undefined;
  /** True after `fb-submit` was announced; cleared by `reset()`. */
  submitted = false;

  /** The point that holds the tab stop after the person moved there (-1: the selected one). */
  #focus = -1;
  #i18n = new I18nController<RatingMessageKey>(this, ratingMessages);
  #internals: ElementInternals;
  #shape: ScaleShape | undefined;
  /** English word of each point ('' for none; nps/likert name only their ends), see `ratingWords`. */
  #words: string[] = [];
  #formDisabled = false;
  /** The shadow tree, made on the first update; the points are remade when the scale changes. */
  #group: HTMLElement | undefined;
  #label!: HTMLSlotElement;
  #scaleEl!: HTMLElement;
  #submitEl!: HTMLButtonElement;
  #statusEl!: HTMLElement;
  #points: HTMLElement[] = [];
  #anchors: HTMLElement[] = [];
  #built: ScaleShape | undefined;

  constructor() {
    super();
    this.#internals = this.attachInternals();
  }

  /** The resolved scale shape (core's `scaleShape`), or undefined while the attributes are invalid. */
  get scaleInfo(): ScaleShape | undefined {
    return this.#shape;
  }
  get form(): HTMLFormElement | null {
    return this.#internals.form;
  }
  get validity(): ValidityState {
    return this.#internals.validity;
  }
  get validationMessage(): string {
    return this.#internals.validationMessage;
  }
  get willValidate(): boolean {
    return this.#internals.willValidate;
  }
  checkValidity(): boolean {
    return this.#internals.checkValidity();
  }
  reportValidity(): boolean {
    return this.#internals.reportValidity();
  }

  /** Focuses the group's tab stop (the selected point, else the first). */
  override focus(options?: FocusOptions): void {
    this.#points[this.#tabStop()]?.focus(options);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (['scale', 'points', 'levels', 'min', 'max', 'step'].some((k) => changed.has(k as keyof FbRating))) {
      try {
        const s = scaleShape({ kind: this.scale, points: this.points ?? this.levels, min: this.min, max: this.max, step: this.step });
        this.#shape = s;
        this.#words = ratingWords(s.kind, s.values.length);
      } catch (error) {
        this.#shape = undefined;
        // Invalid attributes must not break the page; say what is wrong once per change.
        console.warn(`<fb-rating>: ${(error as Error).message}`);
      }
    }
    const v = this.value;
    this.value = v !== null && this.#shape?.values.includes(v) ? v : null;
  }

  protected override update(changed: PropertyValues<this>): void {
    super.update(changed);
    warnMissingPack(this, this.#i18n.locale, ratingMessages);
    const s = this.#shape;
    if (!s) {
      this.#group?.remove();
      this.#group = this.#built = undefined;
      this.#points = [];
      return;
    }
    const group = this.#group ?? this.#buildGroup();
    if (this.#built !== s) this.#buildScale(s);
    const { kind, values } = s;
    const v = this.value;
    const inert = this.#inert;
    const stop = this.#tabStop();
    attr(group, 'aria-required', this.required ? 'true' : null);
    attr(group, 'aria-disabled', inert ? 'true' : null);
    this.#label.textContent = this.label || this.#i18n.t(`question.${kind}`);
    this.#points.forEach((r, i) => {
      const checked = values[i] === v;
      r.classList.toggle('on', kind === 'stars' && v !== null && values[i]! <= v);
      r.setAttribute('part', checked ? 'option option-checked' : 'option');
      r.tabIndex = inert || i !== stop ? -1 : 0;
      r.setAttribute('aria-checked', String(checked));
      r.setAttribute('aria-label', this.#name(i));
      if (NUMERIC.includes(kind)) r.textContent = this.#i18n.n(values[i]!);
      else if (kind === 'evaluator') r.lastChild!.textContent = this.#name(i);
    });
    // The low end's word under the first point, the high end's under the last.
    this.#anchors.forEach((a, end) => (a.textContent = this.#name(end && values.length - 1, true)));
    const button = this.#submitEl;
    button.hidden = !this.submitButton || this.submitted;
    button.disabled = inert;
    button.textContent = this.#i18n.t('submit');
    this.#statusEl.textContent = this.submitted ? this.#i18n.t('thanks') : '';
  }

  protected override updated(): void {
    const v = this.value;
    this.#internals.setFormValue(v === null ? null : String(v));
    this.#missing(this.required && v === null && !!this.#points[0]);
  }

  /**
   * Announces the selected rating as an `fb-submit` event and returns the submission; if
   * nothing is selected it reports the validation message and returns null.
   */
  submit(): Submission | null {
    const s = this.#shape;
    const value = this.value;
    if (!s || value === null) {
      this.#missing(true);
      this.#internals.reportValidity();
      return null;
    }
    const submission = buildSubmission({
      answers: { [this.question || this.name || 'rating']: { type: 'rating', scale: { ...s.ref }, value } },
      status: 'complete',
      survey: this.surveyId ? { id: this.surveyId } : undefined,
      context: contextFromElement(this),
    });
    if (this.dispatchEvent(new FbSubmitEvent(submission))) this.submitted = true;
    return submission;
  }

  /** Back to the default value (the `value` attribute) and ready for a new response. */
  reset(): void {
    const d = this.getAttribute('value');
    this.value = d === null ? null : Number(d);
    this.submitted = false;
    this.#focus = -1;
    this.requestUpdate();
  }

  formResetCallback(): void {
    this.reset();
  }
  formStateRestoreCallback(state: string | File | FormData | null): void {
    this.value = typeof state === 'string' && state !== '' ? Number(state) : null;
  }
  formDisabledCallback(disabled: boolean): void {
    this.#formDisabled = disabled;
    this.requestUpdate();
  }

  /** Whether the element takes no input (disabled, in a disabled fieldset, or submitted). */
  get #inert(): boolean {
    return this.disabled || this.#formDisabled || this.submitted;
  }

  /** Sets (on) or clears the "choose a rating" validity error, anchored on the first point. */
  #missing(on: boolean): void {
    if (on) this.#internals.setValidity({ valueMissing: true }, this.#i18n.t('required'), this.#points[0]);
    else this.#internals.setValidity({});
  }

  /** The group's frame: question, a place for the points, submit button, status line. */
  #buildGroup(): HTMLElement {
    const group = (this.#group = h(
      'div',
      'part=group;role=radiogroup;aria-labelledby=label',
      h('div', 'id=label;part=label;class=label', (this.#label = h('slot', 'name=label'))),
      (this.#scaleEl = h('div', 'class=scale')),
      (this.#submitEl = h('button', 'part=submit;class=submit target;type=button')),
      (this.#statusEl = h('div', 'part=status;class=status;role=status;tabindex=-1')),
    ));
    // The button hides once submitted: focus goes to the status saying thanks (WCAG 2.4.3).
    this.#submitEl.onclick = () => {
      this.submit();
      void this.updateComplete.then(() => this.submitted && this.#statusEl.focus());
    };
    group.onkeydown = (e) => this.#onKeydown(e);
    group.onclick = (e) => {
      const r = (e.target as Element).closest<HTMLElement>('[role=radio]');
      if (r) this.#commit(this.#points.indexOf(r), true);
    };
    this.renderRoot.append(group);
    return group;
  }

  /** The points (and the end labels) of scale `s`; their states and texts are set by `update`. */
  #buildScale(s: ScaleShape): void {
    const { kind, values } = s;
    const numeric = NUMERIC.includes(kind);
    const face = kind === 'smiley' || kind === 'evaluator';
    this.#points = values.map((v, i) => {
      // Half stars: x.5 is the start half of star x+1, a whole x (but the first) its end half.
      const side = s.step < 1 && i ? (v % 1 ? 'l' : 'r') : '';
      // A face whose mouth bends from a frown (first point) to a smile (last point).
      const shape = face
        ? [
            svg('circle', 'cx=12;cy=12;r=10'),
            svg('path', `class=f;d=M8.5 9.5v1M15.5 9.5v1M7.5 15.5Q12 ${(11.5 + (8 * i) / (values.length - 1)).toFixed(1)} 16.5 15.5`),
          ]
        : [svg('path', `d=${kind === 'stars' ? STAR : THUMB}`)];
      const icon = numeric ? [] : [svg('svg', `viewBox=${side ? (side == 'l' ? 0 : 12) + ' 0 12' : '0 0 24'} 24;aria-hidden=true`, ...shape)];
      if (kind === 'evaluator') icon.push(h('span', 'class=word'));
      return h('span', `role=radio;class=opt target${kind === 'thumbs' && !i ? ' down' : side && ' half ' + side}`, ...icon);
    });
    this.#anchors = kind === 'thumbs' || kind === 'evaluator' ? [] : [h('span'), h('span')];
    const kids = [h('div', `part=options;class=options ${numeric ? 'numeric' : face ? 'symbol face' : 'symbol'}`, ...this.#points)];
    if (this.#anchors.length) kids.push(h('div', 'part=anchors;class=anchors;aria-hidden=true', ...this.#anchors));
    this.#scaleEl.replaceChildren(...kids);
    this.#built = s;
  }

  #tabStop(): number {
    const values = this.#shape?.values ?? [];
    if (this.#focus >= 0 && this.#focus < values.length) return this.#focus;
    const i = this.value === null ? -1 : values.indexOf(this.value);
    return i < 0 ? 0 : i;
  }

  /**
   * The accessible name of point `i` ("9 – Extremely likely", "4 stars", "Neutral"), or with
   * `word` its word alone (the visible end labels, the evaluator's words). Words are
   * `point.<English word>` messages in the element's locale, else the English word.
   */
  #name(i: number, word?: boolean): string {
    const { kind, values } = this.#shape!;
    const v = values[i]!;
    if (kind === 'stars') return this.#i18n.t('stars', { count: v });
    const en = this.#words[i];
    const label = en ? (this.#i18n.maybe(`point.${en}`) ?? en) : '';
    // Numbers on nps/likert have no words of their own: only the ends are named.
    if (word || !NUMERIC.includes(kind)) return label;
    return label ? this.#i18n.t('option', { value: v, label }) : this.#i18n.n(v);
  }

  #onKeydown(e: KeyboardEvent): void {
    // Only keys pressed on a point: Enter/Space on the submit button are the button's.
    if (!this.#shape || this.#inert || !(e.target as Element).matches('[role=radio]')) return;
    const activate = e.key === ' ' || e.key === 'Enter';
    const current = this.#tabStop();
    const next = activate ? current : moveIndex(current, e.key, this.#shape.values.length - 1, this.#i18n.dir === 'rtl');
    if (next === undefined) return;
    e.preventDefault();
    this.#commit(next, activate);
  }

  /** Selects point `i` as the person did; `activate` = click/tap/Space/Enter (may autosubmit). */
  #commit(i: number, activate: boolean): void {
    const v = this.#shape?.values[i];
    if (v === undefined || this.#inert) return;
    this.#focus = i;
    this.requestUpdate();
    const changed = v !== this.value;
    this.value = v;
    void this.updateComplete.then(() => this.#points[i]?.focus());
    if (changed) {
      this.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      this.dispatchEvent(new Event('change', { bubbles: true }));
    }
    if (activate && this.autosubmit) {
      // After the value is rendered, so listeners see the element as it will be submitted.
      void this.updateComplete.then(() => this.submit());
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fb-rating': FbRating;
  }
}
