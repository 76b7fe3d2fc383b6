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
