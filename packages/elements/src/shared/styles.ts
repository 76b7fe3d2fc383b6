import { unsafeCSS } from '@lit/reactive-element/css-tag.js';
import type { CSSResult } from '@lit/reactive-element/css-tag.js';

/**
 * Theme tokens, in tiers: `--fb-<element>-<token>` (one element) → `--fb-<token>` (every
 * Feedbackkit element on the page) → the built-in light or dark default. Each element's
 * styles read the resolved value from a private `--_<token>`.
 *
 * | token | what | light | dark |
 * |---|---|---|---|
 * | accent | selected fill, primary button | #1d4ed8 | #8ab4f8 |
 * | on-accent | text on the accent | #ffffff | #0b1a33 |
 * | surface | background | #ffffff | #1f2328 |
 * | text | text | #1f2328 | #f0f3f6 |
 * | muted | secondary text | #57606a | #b1bac4 |
 * | border | unselected outlines (≥ 3:1 on surface) | #6e7781 | #8b949e |
 * | focus | focus ring (≥ 3:1 on surface) | #1d4ed8 | #8ab4f8 |
 * | danger | errors | #b42318 | #ff8a80 |
 * | radius | corner radius | 8px | |
 * | font | font family | inherit | |
 *
 * Contrast (WCAG relative luminance; checked in styles.test.ts): border #6e7781 on #fff is
 * 4.5:1, #8b949e on #1f2328 is 5.1:1; accent #1d4ed8 on #fff is 6.7:1, #8ab4f8 on #1f2328 is 7.5:1.
 */
export const LIGHT = {
  accent: '#1d4ed8',
  'on-accent': '#fff',
  surface: '#fff',
  text: '#1f2328',
  muted: '#57606a',
  border: '#6e7781',
  focus: '#1d4ed8',
  danger: '#b42318',
} as const;

export const DARK: Record<keyof typeof LIGHT, string> = {
  accent: '#8ab4f8',
  'on-accent': '#0b1a33',
  surface: '#1f2328',
  text: '#f0f3f6',
  muted: '#b1bac4',
  border: '#8b949e',
  focus: '#8ab4f8',
  danger: '#ff8a80',
};

/**
 * Lit's `css` tag for our own static style text (no `${}`; TypeScript refuses one): the text
 * as a `CSSResult` through `unsafeCSS`, without the checks of Lit's tag on interpolated
 * values, which made up 170 B of min+gzip in every bundle. Named `css` so the build's
 * template squeezing (scripts/minify-templates.mjs) applies. Never for page or user text.
 */
export const css = (text: TemplateStringsArray): CSSResult => unsafeCSS(text[0]);

export type ThemedElement = 'rating' | 'prompt' | 'survey' | 'kiosk';

const decls = (el: ThemedElement, colors: Record<string, string>, extra: Record<string, string>) =>
  Object.entries({ ...colors, ...extra })
    .map(([k, v]) => `--_${k}:var(--fb-${el}-${k},var(--fb-${k},${v}));`)
    .join('');

/**
 * The token tiers and shared rules for one element. `el` comes from a fixed list (never
 * from page or user text), which is why building the CSS text here is safe.
 */
export function themeStyles(el: ThemedElement): CSSResult {
  return unsafeCSS(
    `:host{${decls(el, LIGHT, { radius: '8px', font: 'inherit' })}}` +
      `@media (prefers-color-scheme:dark){:host{${decls(el, DARK, {})}}}`,
  );
}

/**
 * Rules every element shares: colours from the tokens, `hidden` honoured, a visible focus
 * ring, the invisible 48 px touch target, forced colours and reduced motion.
 */
export const baseStyles = css`
  :host {
    color: var(--_text);
    font-family: var(--_font);
    -webkit-tap-highlight-color: transparent;
  }
  :host([hidden]),
  [hidden] {
    display: none !important;
  }
  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  /* Enlarges the hit area to at least 48 x 48 px without changing the look. The target is
     the containing block of its ::after: without it, the hit area of a button is the page.
     Not for elements that scroll. */
  .target {
    position: relative;
  }
  .target::after {
    content: '';
    position: absolute;
    /* Each edge 24px out from the centre, or on the element's own edge when it is larger. */
    inset: min(0px, 50% - 24px);
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  button {
    font: inherit;
    color: inherit;
  }
  @media (forced-colors: active) {
    :host {
      --_accent: Highlight;
      --_on-accent: HighlightText;
      --_surface: Canvas;
      --_text: CanvasText;
      --_muted: CanvasText;
      --_border: ButtonText;
      --_focus: Highlight;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      transition: none !important;
      animation: none !important;
    }
  }
`;
