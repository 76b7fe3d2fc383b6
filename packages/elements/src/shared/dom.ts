/**
 * An element from a tag, attributes written `name=value;name=value` (every one with a value;
 * no value may hold `;` or `=`) and children (strings become text nodes): DOM calls only, no
 * HTML parsing, so nothing here needs a Trusted Types policy or can run markup. The shadow
 * trees of `<fb-rating>` and `<fb-prompt>` are made with it.
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs = '', ...kids: Array<Node | string>): HTMLElementTagNameMap[K] {
  return fill(document.createElement(tag), attrs, kids);
}

/** The same for an SVG element (`svg`, `path`, `circle`). */
export function s(tag: string, attrs = '', ...kids: Node[]): Element {
  return fill(document.createElementNS('http://www.w3.org/2000/svg', tag), attrs, kids);
}

function fill<E extends Element>(e: E, attrs: string, kids: Array<Node | string>): E {
  for (const pair of attrs.split(';')) if (pair) e.setAttribute(...(pair.split('=') as [string, string]));
  e.append(...kids);
  return e;
}

/** Sets `name` to `value`, or removes it for null. */
export const attr = (e: Element, name: string, value: string | null): void =>
  value === null ? e.removeAttribute(name) : e.setAttribute(name, value);

/** Sets a node's text only when it differs (a live region re-announces a rewritten text). */
export function text(node: Node, value: string): void {
  if (node.textContent !== value) node.textContent = value;
}
