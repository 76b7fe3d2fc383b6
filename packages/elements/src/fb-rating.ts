import { LitElement, css, html, nothing, svg } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { scaleFor } from '@feedbackkit/core';
import type { Scale, ScaleKind, Submission } from '@feedbackkit/core';
import { ratingMessages } from './fb-rating-messages.js';
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

// Kinds whose visible symbol is a number (and whose points are named "9 – label").
const NUMERIC: ReadonlySet<ScaleKind> = new Set(['nps', 'csat', 'ces', 'likert']);

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
export class FbRating extends LitElement {
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
    _focus: { state: true },
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
        margin-block-end: 0.5rem;
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
        transition: border-radius 0.15s, background-color 0.15s;
      }
      .opt:hover {
        border-color: var(--_accent);
      }
      /* Selected: filled AND a different shape (circle, thicker outline, bold), so the
         state never rests on colour alone and survives forced colours. */
      .opt[aria-checked='true'] {
        background: var(--_accent);
        color: var(--_on-accent);
        border: 3px solid var(--_text);
        border-radius: 50%;
        font-weight: 700;
      }
      .symbol .opt,
      .symbol .opt[aria-checked='true'] {
        border-radius: var(--_radius);
        border-color: transparent;
        background: none;
        color: var(--_border);
      }
      .symbol .opt[aria-checked='true'] {
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
      [aria-checked='true'] svg {
        fill: var(--_accent);
        stroke: var(--_text);
      }
      .face [aria-checked='true'] svg .f {
        stroke: var(--_on-accent);
      }
      .down svg {
        transform: rotate(180deg);
      }
      .word {
        font-size: 0.8125rem;
        color: var(--_text);
        padding-block-end: 4px;
      }
      .anchors {
        display: flex;
        justify-content: space-between;
        gap: 1rem;
        margin-block-start: 0.25rem;
        font-size: 0.8125rem;
        color: var(--_muted);
      }
      :host([disabled]) .opt,
      :host([submitted]) .opt {
        cursor: default;
        opacity: 0.7;
      }
      .submit {
        margin-block-start: 0.75rem;
        min-height: 48px;
        padding: 0 1.25rem;
        border: 0;
        border-radius: var(--_radius);
        background: var(--_accent);
        color: var(--_on-accent);
        cursor: pointer;
      }
      .status:empty {
        display: none;
      }
      .status {
        margin-block-start: 0.5rem;
      }
      @media (forced-colors: active) {
        .opt[aria-checked='true'] {
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

  declare private _focus: number;
  private readonly i18n = new I18nController<RatingMessageKey>(this, ratingMessages);
  private readonly internals: ElementInternals;
  private scaleData: Scale | undefined;
  private formDisabled = false;

  constructor() {
    super();
    this.internals = this.attachInternals();
    this._focus = -1;
  }

  /** The resolved scale (core's `scaleFor`), or undefined while the attributes are invalid. */
  get scaleInfo(): Scale | undefined {
    return this.scaleData;
  }
  get form(): HTMLFormElement | null {
    return this.internals.form;
  }
  get validity(): ValidityState {
    return this.internals.validity;
  }
  get validationMessage(): string {
    return this.internals.validationMessage;
  }
  get willValidate(): boolean {
    return this.internals.willValidate;
  }
  checkValidity(): boolean {
    return this.internals.checkValidity();
  }
  reportValidity(): boolean {
    return this.internals.reportValidity();
  }

  /** Focuses the group's tab stop (the selected point, else the first). */
  override focus(options?: FocusOptions): void {
    this.radios()[this.tabStop()]?.focus(options);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('scale') || changed.has('points') || changed.has('levels') || changed.has('min') || changed.has('max')) {
      try {
        this.scaleData = scaleFor({
          kind: this.scale,
          points: this.points ?? this.levels,
          min: this.min,
          max: this.max,
        });
      } catch (error) {
        this.scaleData = undefined;
        // Invalid attributes must not break the page; say what is wrong once per change.
        console.warn(`<fb-rating>: ${(error as Error).message}`);
      }
    }
    {
      const v = this.value;
      this.value = v !== null && this.scaleData?.values.includes(v) ? v : null;
    }
  }

  protected override updated(): void {
    const v = this.value;
    this.internals.setFormValue(v === null ? null : String(v));
    const anchor = this.radios()[0];
    if (this.required && v === null && anchor) {
      this.internals.setValidity({ valueMissing: true }, this.i18n.t('required'), anchor);
    } else {
      this.internals.setValidity({});
    }
  }

  protected override render(): TemplateResult | typeof nothing {
    const s = this.scaleData;
    if (!s) return nothing;
    const kind = s.kind;
    const inert = this.disabled || this.formDisabled || this.submitted;
    const stop = this.tabStop();
    const group = NUMERIC.has(kind) ? 'numeric' : kind === 'smiley' || kind === 'evaluator' ? 'symbol face' : 'symbol';
    const showAnchors = kind !== 'thumbs' && kind !== 'evaluator';
    return html`<div
      part="group"
      role="radiogroup"
      aria-labelledby="label"
      aria-required=${this.required ? 'true' : nothing}
      aria-disabled=${inert ? 'true' : nothing}
      @keydown=${this.onKeydown}
    >
      <div id="label" part="label" class="label"><slot name="label">${this.label || this.i18n.t(`question.${kind}`)}</slot></div>
      <div class="scale">
      <div part="options" class="options ${group}">
        ${s.values.map((v, i) => {
          const checked = v === this.value;
          const on = kind === 'stars' && this.value !== null && v <= this.value;
          return html`<span
            role="radio"
            part=${checked ? 'option option-checked' : 'option'}
            class="opt target ${on ? 'on' : ''} ${kind === 'thumbs' && i === 0 ? 'down' : ''}"
            tabindex=${inert ? -1 : i === stop ? 0 : -1}
            aria-checked=${checked ? 'true' : 'false'}
            aria-label=${this.optionName(s, i)}
            data-index=${i}
            @click=${this.onClick}
            >${this.symbol(s, i)}</span
          >`;
        })}
      </div>
      ${showAnchors
        ? html`<div part="anchors" class="anchors" aria-hidden="true">
            <span>${this.anchor(s, 'low')}</span><span>${this.anchor(s, 'high')}</span>
          </div>`
        : nothing}
      </div>
      ${this.submitButton && !this.submitted
        ? html`<button part="submit" class="submit target" type="button" ?disabled=${inert} @click=${() => this.submit()}>
            ${this.i18n.t('submit')}
          </button>`
        : nothing}
      <div part="status" class="status" role="status">${this.submitted ? this.i18n.t('thanks') : ''}</div>
    </div>`;
  }

  /**
   * Announces the selected rating as an `fb-submit` event and returns the submission; if
   * nothing is selected it reports the validation message and returns null.
   */
  submit(): Submission | null {
    const s = this.scaleData;
    if (!s || this.value === null) {
      this.internals.setValidity({ valueMissing: true }, this.i18n.t('required'), this.radios()[0]);
      this.internals.reportValidity();
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
    this._focus = -1;
  }

  formResetCallback(): void {
    this.reset();
  }
  formStateRestoreCallback(state: string | File | FormData | null): void {
    this.value = typeof state === 'string' && state !== '' ? Number(state) : null;
  }
  formDisabledCallback(disabled: boolean): void {
    this.formDisabled = disabled;
    this.requestUpdate();
  }

  private radios(): HTMLElement[] {
    return Array.from(this.renderRoot.querySelectorAll<HTMLElement>('[role=radio]'));
  }

  private tabStop(): number {
    const values = this.scaleData?.values ?? [];
    if (this._focus >= 0 && this._focus < values.length) return this._focus;
    const i = this.value === null ? -1 : values.indexOf(this.value);
    return i < 0 ? 0 : i;
  }

  private localLabel(en: string, zh: string | undefined): string {
    return this.i18n.maybe(`point.${en}`) ?? (this.i18n.locale.toLowerCase().startsWith('zh') && zh ? zh : en);
  }

  private anchor(s: Scale, end: 'low' | 'high'): string {
    if (s.kind === 'stars') return this.i18n.t('stars', { count: end === 'low' ? s.min : s.max });
    return this.localLabel(s.anchors.en[end], s.anchors['zh-CN']?.[end]);
  }

  private pointLabel(s: Scale, i: number): string {
    return this.localLabel(s.labels.en[i]!, s.labels['zh-CN']?.[i]);
  }

  private optionName(s: Scale, i: number): string {
    const v = s.values[i]!;
    if (s.kind === 'stars') return this.i18n.t('stars', { count: v });
    if (!NUMERIC.has(s.kind)) return this.pointLabel(s, i);
    // Numbers on nps/likert have no words of their own: only the ends are named.
    const label =
      s.kind === 'nps' || s.kind === 'likert'
        ? i === 0
          ? this.anchor(s, 'low')
          : i === s.values.length - 1
            ? this.anchor(s, 'high')
            : ''
        : this.pointLabel(s, i);
    return label ? this.i18n.t('option', { value: v, label }) : this.i18n.n(v);
  }

  private symbol(s: Scale, i: number): TemplateResult | string {
    const kind = s.kind;
    if (NUMERIC.has(kind)) return this.i18n.n(s.values[i]!);
    if (kind === 'stars') return html`<svg viewBox="0 0 24 24" aria-hidden="true">${svg`<path d=${STAR} />`}</svg>`;
    if (kind === 'thumbs') return html`<svg viewBox="0 0 24 24" aria-hidden="true">${svg`<path d=${THUMB} />`}</svg>`;
    // A face whose mouth bends from a frown (first point) to a smile (last point).
    const n = s.values.length;
    const bend = (-4 + (8 * i) / (n - 1)).toFixed(1);
    const face = html`<svg viewBox="0 0 24 24" aria-hidden="true">${svg`<circle cx="12" cy="12" r="10" /><path class="f" d="M8.5 9.5v1M15.5 9.5v1M7.5 15.5Q12 ${15.5 + Number(bend)} 16.5 15.5" />`}</svg>`;
    return kind === 'evaluator' ? html`${face}<span class="word">${this.pointLabel(s, i)}</span>` : face;
  }

  private onClick(e: MouseEvent): void {
    const i = Number((e.currentTarget as HTMLElement).dataset.index);
    this.commit(i, true);
  }

  private onKeydown(e: KeyboardEvent): void {
    const s = this.scaleData;
    if (!s || this.disabled || this.formDisabled || this.submitted) return;
    // Only keys pressed on a point: Enter/Space on the submit button are the button's.
    if (!(e.target as Element).matches('[role=radio]')) return;
    const current = this.tabStop();
    if (e.key === ' ' || e.key === 'Enter') {
      e.preventDefault();
      this.commit(current, true);
      return;
    }
    const next = moveIndex(current, e.key, s.values.length - 1, this.i18n.dir === 'rtl');
    if (next === undefined) return;
    e.preventDefault();
    this.commit(next, false);
  }

  /** Selects point `i` as the person did; `activate` = click/tap/Space/Enter (may autosubmit). */
  private commit(i: number, activate: boolean): void {
    const s = this.scaleData;
    if (!s || this.disabled || this.formDisabled || this.submitted) return;
    const v = s.values[i];
    if (v === undefined) return;
    this._focus = i;
    const changed = v !== this.value;
    this.value = v;
    void this.updateComplete.then(() => this.radios()[i]?.focus());
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
