import { ReactiveElement, css } from '@lit/reactive-element';
import type { PropertyValues } from '@lit/reactive-element';
import { scaleShape } from '@feedbackkit/core';
import type { ScaleKind, ScaleShape, Submission } from '@feedbackkit/core';
import { ratingMessages, ratingWords } from './fb-rating-messages.js';
import type { RatingMessageKey } from './fb-rating-messages.js';
import { FbSubmitEvent } from './shared/events.js';
import { I18nController } from './shared/i18n.js';
import { moveIndex } from './shared/roving.js';
import type { MessageOverrides } from './shared/i18n.js';
import { baseStyles, themeStyles } from './shared/styles.js';
import { buildSubmission, contextFromElement } from './shared/submission.js';

// A five-pointed star, computed rather than drawn: 10 vertices alternating outer radius 10
// and inner radius 4.2 around (12, 12.5), starting at the top.
const STAR = `M${Array.from({ length: 10 }, (_, k) => {
  const a = ((k * 36 - 90) * Math.PI) / 180;
  const r = k % 2 ? 4.2 : 10;
  return `${(12 + r * Math.cos(a)).toFixed(2)} ${(12.5 + r * Math.sin(a)).toFixed(2)}`;
}).join('L')}Z`;
const THUMB = 'M3 10h3v11H3zM8 10l4-7c1.5 0 2.5 1 2.2 2.6L13.5 9H20c1.3 0 2.2 1.2 1.9 2.4l-2 8A2 2 0 0 1 18 21H8z';

/** An element (SVG when `svg`) with attributes and children; text goes in as text nodes, never as markup. */
function h(tag: string, attrs: Record<string, string>, kids: Array<Node | string> = [], svg?: boolean): Element {
  const e = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const k in attrs) e.setAttribute(k, attrs[k]!);
  e.append(...kids);
  return e;
}
/** Sets `name` to `value`, or removes it for null. */
const attr = (e: Element, name: string, value: string | null) =>
  value === null ? e.removeAttribute(name) : e.setAttribute(name, value);

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
 * @cssprop --fb-rating-surface - Background of the points (→ `--fb-surface`).
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
      :host {
        display: block;
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
      .options,
      .anchors {
        display: flex;
        gap: 4px;
      }
      .options {
        flex-wrap: wrap;
      }
      .opt {
        position: relative;
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
  #group: Element | undefined;
  #slotEl!: Element;
  #scaleEl!: Element;
  #submitEl!: HTMLButtonElement;
  #statusEl!: Element;
  #anchorEls: Element[] = [];
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
    this.#radios()[this.#tabStop()]?.focus(options);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('scale') || changed.has('points') || changed.has('levels') || changed.has('min') || changed.has('max')) {
      try {
        const s = scaleShape({ kind: this.scale, points: this.points ?? this.levels, min: this.min, max: this.max });
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
    const s = this.#shape;
    if (!s) {
      this.#group?.remove();
      this.#group = this.#built = undefined;
      return;
    }
    if (!this.#group) this.#buildGroup();
    if (this.#built !== s) this.#buildScale(s);
    const group = this.#group!;
    const kind = s.kind;
    const inert = this.disabled || this.#formDisabled || this.submitted;
    const stop = this.#tabStop();
    attr(group, 'aria-required', this.required ? 'true' : null);
    attr(group, 'aria-disabled', inert ? 'true' : null);
    this.#slotEl.textContent = this.label || this.#t(`question.${kind}`);
    this.#radios().forEach((r, i) => {
      const v = s.values[i]!;
      const checked = v === this.value;
      r.className = `opt target${kind === 'stars' && this.value !== null && v <= this.value ? ' on' : ''}${
        kind === 'thumbs' && !i ? ' down' : ''
      }`;
      attr(r, 'part', checked ? 'option option-checked' : 'option');
      attr(r, 'tabindex', inert || i !== stop ? '-1' : '0');
      attr(r, 'aria-checked', String(checked));
      attr(r, 'aria-label', this.#optionName(s, i));
      if (NUMERIC.includes(kind)) r.textContent = this.#i18n.n(v);
      else if (kind === 'evaluator') r.lastChild!.textContent = this.#word(i);
    });
    this.#anchorEls.forEach((a, i) => (a.textContent = this.#anchor(s, i)));
    const button = this.#submitEl;
    button.hidden = !this.submitButton || this.submitted;
    button.disabled = inert;
    button.textContent = this.#t('submit');
    this.#statusEl.textContent = this.submitted ? this.#t('thanks') : '';
  }

  protected override updated(): void {
    const v = this.value;
    this.#internals.setFormValue(v === null ? null : String(v));
    const anchor = this.#radios()[0];
    if (this.required && v === null && anchor) {
      this.#internals.setValidity({ valueMissing: true }, this.#t('required'), anchor);
    } else {
      this.#internals.setValidity({});
    }
  }

  /**
   * Announces the selected rating as an `fb-submit` event and returns the submission; if
   * nothing is selected it reports the validation message and returns null.
   */
  submit(): Submission | null {
    const s = this.#shape;
    if (!s || this.value === null) {
      this.#internals.setValidity({ valueMissing: true }, this.#t('required'), this.#radios()[0]);
      this.#internals.reportValidity();
      return null;
    }
    const submission = buildSubmission({
      answers: { [this.question || this.name || 'rating']: { type: 'rating', scale: { ...s.ref }, value: this.value } },
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

  /** The group's frame: question, a place for the points, submit button, status line. */
  #buildGroup(): void {
    this.#slotEl = h('slot', { name: 'label' });
    this.#scaleEl = h('div', { class: 'scale' });
    this.#submitEl = h('button', { part: 'submit', class: 'submit target', type: 'button' }) as HTMLButtonElement;
    this.#submitEl.addEventListener('click', () => this.submit());
    this.#statusEl = h('div', { part: 'status', class: 'status', role: 'status' });
    const group = h('div', { part: 'group', role: 'radiogroup', 'aria-labelledby': 'label' }, [
      h('div', { id: 'label', part: 'label', class: 'label' }, [this.#slotEl]),
      this.#scaleEl,
      this.#submitEl,
      this.#statusEl,
    ]);
    group.addEventListener('keydown', (e) => this.#onKeydown(e as KeyboardEvent));
    group.addEventListener('click', (e) => {
      const r = (e.target as Element).closest('[role=radio]');
      if (r) this.#commit(this.#radios().indexOf(r as HTMLElement), true);
    });
    this.renderRoot.append(group);
    this.#group = group;
  }

  /** The points (and the end labels) of scale `s`; their states and texts are set by `update`. */
  #buildScale(s: ScaleShape): void {
    const kind = s.kind;
    const n = s.values.length;
    const numeric = NUMERIC.includes(kind);
    const face = kind === 'smiley' || kind === 'evaluator';
    const icon = (i: number): Element[] => {
      if (numeric) return [];
      const path = (d: string, cls?: string) => h('path', cls ? { d, class: cls } : { d }, [], true);
      // A face whose mouth bends from a frown (first point) to a smile (last point).
      const shape = face
        ? [
            h('circle', { cx: '12', cy: '12', r: '10' }, [], true),
            path(`M8.5 9.5v1M15.5 9.5v1M7.5 15.5Q12 ${(11.5 + (8 * i) / (n - 1)).toFixed(1)} 16.5 15.5`, 'f'),
          ]
        : [path(kind === 'stars' ? STAR : THUMB)];
      const svg = h('svg', { viewBox: '0 0 24 24', 'aria-hidden': 'true' }, shape, true);
      return kind === 'evaluator' ? [svg, h('span', { class: 'word' })] : [svg];
    };
    const options = h(
      'div',
      { part: 'options', class: `options ${numeric ? 'numeric' : face ? 'symbol face' : 'symbol'}` },
      s.values.map((_, i) => h('span', { role: 'radio' }, icon(i))),
    );
    this.#anchorEls = kind === 'thumbs' || kind === 'evaluator' ? [] : [h('span', {}), h('span', {})];
    const kids = [options];
    if (this.#anchorEls.length) kids.push(h('div', { part: 'anchors', class: 'anchors', 'aria-hidden': 'true' }, this.#anchorEls));
    this.#scaleEl.replaceChildren(...kids);
    this.#built = s;
  }

  #t(key: RatingMessageKey, params?: Record<string, number>): string {
    return this.#i18n.t(key, params);
  }

  #radios(): HTMLElement[] {
    return Array.from(this.renderRoot.querySelectorAll<HTMLElement>('[role=radio]'));
  }

  #tabStop(): number {
    const values = this.#shape?.values ?? [];
    if (this.#focus >= 0 && this.#focus < values.length) return this.#focus;
    const i = this.value === null ? -1 : values.indexOf(this.value);
    return i < 0 ? 0 : i;
  }

  /** The word of point `i` in the element's locale ('' when the point has none). */
  #word(i: number): string {
    const en = this.#words[i] ?? '';
    return en && (this.#i18n.maybe(`point.${en}`) ?? en);
  }

  /** The visible label of the low (0) or high (1) end. */
  #anchor(s: ScaleShape, end: number): string {
    return s.kind === 'stars' ? this.#t('stars', { count: end ? s.max : s.min }) : this.#word(end ? s.values.length - 1 : 0);
  }

  #optionName(s: ScaleShape, i: number): string {
    const v = s.values[i]!;
    if (s.kind === 'stars') return this.#t('stars', { count: v });
    const label = this.#word(i);
    if (!NUMERIC.includes(s.kind)) return label;
    // Numbers on nps/likert have no words of their own: only the ends are named.
    return label ? this.#i18n.t('option', { value: v, label }) : this.#i18n.n(v);
  }

  #onKeydown(e: KeyboardEvent): void {
    const s = this.#shape;
    if (!s || this.disabled || this.#formDisabled || this.submitted) return;
    // Only keys pressed on a point: Enter/Space on the submit button are the button's.
    if (!(e.target as Element).matches('[role=radio]')) return;
    const current = this.#tabStop();
    if (e.key === ' ' || e.key === 'Enter') {
      e.preventDefault();
      this.#commit(current, true);
      return;
    }
    const next = moveIndex(current, e.key, s.values.length - 1, this.#i18n.dir === 'rtl');
    if (next === undefined) return;
    e.preventDefault();
    this.#commit(next, false);
  }

  /** Selects point `i` as the person did; `activate` = click/tap/Space/Enter (may autosubmit). */
  #commit(i: number, activate: boolean): void {
    const s = this.#shape;
    if (!s || this.disabled || this.#formDisabled || this.submitted) return;
    const v = s.values[i];
    if (v === undefined) return;
    this.#focus = i;
    this.requestUpdate();
    const changed = v !== this.value;
    this.value = v;
    void this.updateComplete.then(() => this.#radios()[i]?.focus());
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
