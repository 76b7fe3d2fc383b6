// axe-core in the page: its UMD build assigns window.axe when loaded as a module.
import 'axe-core/axe.min.js';
import type { AxeResults, RunOptions } from 'axe-core';

declare global {
  interface Window {
    axe: { run(context: Element | Document, options: RunOptions): Promise<AxeResults> };
  }
}

const options: RunOptions = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  resultTypes: ['violations'],
};

/** WCAG 2.0/2.1/2.2 A and AA violations in `root`, formatted for an assertion message. */
export async function axeViolations(root: Element | Document = document): Promise<string[]> {
  // The test harness page has no <title>; that is the page's rule, not the element's.
  document.title ||= 'Feedbackkit element test';
  const results = await window.axe.run(root, options);
  return results.violations.map(
    (v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`).join('; ')}`,
  );
}

/** Contrast ratio of `el`'s computed colour `prop` against the first opaque background behind it. */
export function contrast(el: Element, prop: 'color' | 'stroke'): number {
  const rgb = (c: string) => c.match(/[\d.]+/g)!.map(Number);
  const lum = (c: string) => {
    const [r, g, b] = rgb(c).map((v) => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  let bg = 'rgb(255, 255, 255)';
  for (let n: Element | null = el; n; n = n.parentElement ?? ((n.getRootNode() as ShadowRoot).host || null)) {
    const c = getComputedStyle(n).backgroundColor;
    if (rgb(c)[3] !== 0) {
      bg = c;
      break;
    }
  }
  const [a, b] = [lum(getComputedStyle(el)[prop]), lum(bg)].sort((x, y) => y - x);
  return (a! + 0.05) / (b! + 0.05);
}
