/**
 * SVG charts as Lit templates: no chart library, no inline styles (the collector's CSP has
 * no 'unsafe-inline'), geometry in attributes, colours from CSS classes. Each chart is
 * `aria-hidden` next to a text or table alternative that the caller renders.
 */
import { svg, html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { barLengths, formatScore, sparkPoints, toX } from './scale.js';
import type { MetricInfo } from './scale.js';
import type { Interval } from './api.js';

/** The score as a dot on its domain with the 95% interval as a band. */
export function intervalBand(info: MetricInfo, score: number | null, ci: Interval | null): TemplateResult {
  const w = 240;
  const [lo, hi] = info.domain;
  const ticks = info.id === 'ces' ? [1, 4, 7] : info.id === 'nps' ? [-100, 0, 100] : [0, 50, 100];
  return html`<svg class="band" viewBox="0 0 ${w + 20} 34" aria-hidden="true" focusable="false">
    ${svg`<g transform="translate(10 4)">
      <line class="axis" x1="0" x2=${w} y1="12" y2="12"></line>
      ${ticks.map((t) => svg`<line class="tick" x1=${toX(t, [lo, hi], w)} x2=${toX(t, [lo, hi], w)} y1="6" y2="18"></line>
        <text class="tick-label" x=${toX(t, [lo, hi], w)} y="29" text-anchor="middle">${formatScore(t, 0)}</text>`)}
      ${ci ? svg`<rect class="ci" x=${toX(ci[0], [lo, hi], w)} y="6" width=${Math.max(1, toX(ci[1], [lo, hi], w) - toX(ci[0], [lo, hi], w))} height="12" rx="3"></rect>` : nothing}
      ${score !== null ? svg`<circle class="dot" cx=${toX(score, [lo, hi], w)} cy="12" r="5"></circle>` : nothing}
    </g>`}
  </svg>`;
}

/** Vertical bars, one per scale point; `classOf` colours detractors/passives/promoters. */
export function distributionBars(distribution: ReadonlyArray<{ value: number; count: number }>, classOf: (value: number, index: number, length: number) => string): TemplateResult {
  const h = 60;
  const slot = 22;
  const lengths = barLengths(distribution.map((d) => d.count), h);
  const w = Math.max(1, distribution.length) * slot;
  // Drawn at its natural size (a 3-point scale stays small), shrinking only to fit.
  return html`<svg class="dist" viewBox="0 0 ${w} ${h + 16}" width=${w * 1.15} height=${(h + 16) * 1.15} aria-hidden="true" focusable="false">
    ${distribution.map((d, i) => svg`<rect class=${`bar ${classOf(d.value, i, distribution.length)}`} x=${i * slot + 3} y=${h - lengths[i]!} width=${slot - 6} height=${lengths[i]!}></rect>
      <text class="bar-label" x=${i * slot + slot / 2} y=${h + 12} text-anchor="middle">${d.value}</text>`)}
  </svg>`;
}

/** Horizontal bars with their label and count (reason codes). */
export function horizontalBars(rows: ReadonlyArray<{ label: string; count: number; note: string }>): TemplateResult {
  const barW = 200;
  const rowH = 24;
  const lengths = barLengths(rows.map((r) => r.count), barW);
  return html`<svg class="hbars" viewBox="0 0 ${barW + 190} ${Math.max(1, rows.length) * rowH}" aria-hidden="true" focusable="false">
    ${rows.map((r, i) => svg`<text class="hbar-label" x="130" y=${i * rowH + 16} text-anchor="end">${r.label.length > 20 ? `${r.label.slice(0, 19)}…` : r.label}</text>
      <rect class="hbar" x="138" y=${i * rowH + 5} width=${lengths[i]!} height="14" rx="2"></rect>
      <text class="hbar-value" x=${142 + lengths[i]!} y=${i * rowH + 16}>${r.count} · ${r.note}</text>`)}
  </svg>`;
}

/** The score per window as a line with its interval as a shaded area. */
export function sparkline(info: MetricInfo, points: ReadonlyArray<{ score: number; ci: Interval }>): TemplateResult {
  const w = 240;
  const h = 48;
  if (points.length === 0) return html``;
  const upper = sparkPoints(points.map((p) => p.ci[1]), info.domain, w, h);
  const lower = sparkPoints(points.map((p) => p.ci[0]), info.domain, w, h).split(' ').reverse().join(' ');
  return html`<svg class="spark" viewBox="-4 -4 ${w + 8} ${h + 8}" aria-hidden="true" focusable="false">
    ${svg`${points.length > 1 ? svg`<polygon class="spark-ci" points=${`${upper} ${lower}`}></polygon>` : nothing}
      <polyline class="spark-line" points=${sparkPoints(points.map((p) => p.score), info.domain, w, h)}></polyline>
      ${sparkPoints(points.map((p) => p.score), info.domain, w, h)
        .split(' ')
        .map((xy) => svg`<circle class="spark-dot" cx=${xy.split(',')[0]} cy=${xy.split(',')[1]} r="2.5"></circle>`)}`}
  </svg>`;
}
