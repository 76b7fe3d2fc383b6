/**
 * A small template renderer for `<fb-survey>` and `<fb-kiosk>`: tagged `html` templates with
 * the binding forms those two use, rendered into a shadow root and updated in place on every
 * render (a template whose strings are the same as last time keeps its DOM; only changed
 * values are written). It replaces lit-html (≈ 2.7 KB min+gzip) in the embed bundle.
 *
 * Bindings (each the whole attribute value, unquoted):
 *   `${x}` in text     — a string/number (as text, never as markup), a template, an array of
 *                        them, or `nothing` / null / undefined (renders nothing)
 *   `name=${x}`        — attribute; `nothing`, null or undefined removes it
 *   `.name=${x}`       — property (written when it differs from the last value written)
 *   `@name=${fn}`      — event listener (the latest function is called)
 *
 * Template strings are the elements' own source text, parsed once per template through a
 * Trusted Types policy named `feedbackkit-template` (strict CSP pages with
 * `require-trusted-types-for 'script'`; a page that lists allowed policies in `trusted-types`
 * must list it); values are never parsed as HTML. Static attribute values must not contain
 * `<` or `>` (the scan that tells attribute bindings from text bindings counts them).
 */

/** A template and its values, as written: html`<p>${text}</p>`. */
export interface Template {
  readonly s: TemplateStringsArray;
  readonly v: readonly unknown[];
}

/** Renders nothing (child) or removes the attribute (attribute binding). */
export const nothing: unique symbol = Symbol('nothing');

export const html = (s: TemplateStringsArray, ...v: unknown[]): Template => ({ s, v });

const MARK = 'fb-t';
/** `name=` (optionally `name="`) at the end of the text before an attribute binding. */
const ATTR = /([.@]?[^\s"'>/=]+)=(["']?)$/;

/** 0 child, 1 attribute, 2 property, 3 event; `i` is the node's index in document order. */
interface Spec {
  i: number;
  k: 0 | 1 | 2 | 3;
  n: string;
}

interface Prepared {
  t: HTMLTemplateElement;
  p: Spec[];
}

type TrustedTypesLike = { createPolicy(name: string, rules: { createHTML(s: string): string }): { createHTML(s: string): string } };
const policy = (globalThis as { trustedTypes?: TrustedTypesLike }).trustedTypes?.createPolicy('feedbackkit-template', {
  // Only template strings from this package's source reach here, never values.
  createHTML: (s) => s,
});

const prepared = new WeakMap<TemplateStringsArray, Prepared>();

/** Nodes of `root` in document order (elements and comments), for matching specs to nodes. */
function walk(root: Node, visit: (node: Node, index: number) => void): void {
  // 129: NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_COMMENT
  const walker = document.createTreeWalker(root, 129);
  for (let i = 0, node = walker.nextNode(); node; node = walker.nextNode(), i++) visit(node, i);
}

function prepare(s: TemplateStringsArray): Prepared {
  let markup = '';
  const names: string[] = [];
  let skipQuote = '';
  s.forEach((part, j) => {
    if (skipQuote && part.startsWith(skipQuote)) part = part.slice(1);
    skipQuote = '';
    if (j === s.length - 1) {
      markup += part;
      return;
    }
    const text = markup + part;
    const inTag = text.lastIndexOf('<') > text.lastIndexOf('>');
    const m = inTag ? ATTR.exec(part) : null;
    if (inTag && !m) throw new Error(`template: not a whole attribute value after ${JSON.stringify(part.slice(-40))}`);
    if (m) {
      // An attribute binding: a marker attribute now, the real name kept aside.
      markup = `${text.slice(0, text.length - m[0].length)}${MARK}${j}=""`;
      names[j] = m[1]!;
      skipQuote = m[2]!;
    } else markup = `${text}<!--${MARK}-->`;
  });
  const t = document.createElement('template');
  t.innerHTML = (policy ? policy.createHTML(markup) : markup) as string;
  const p: Spec[] = [];
  walk(t.content, (node, i) => {
    if (node.nodeType === 8) {
      if ((node as Comment).data === MARK) p.push({ i, k: 0, n: '' });
      return;
    }
    for (const a of [...(node as Element).attributes]) {
      if (!a.name.startsWith(MARK)) continue;
      const n = names[Number(a.name.slice(MARK.length))]!;
      // '.name' → 2, '@name' → 3, anything else → 1
      const k = ('.@'.indexOf(n[0]!) + 2) as 1 | 2 | 3;
      p.push({ i, k, n: k > 1 ? n.slice(1) : n });
      (node as Element).removeAttribute(a.name);
    }
  });
  const out = { t, p };
  prepared.set(s, out);
  return out;
}

/** Content between two marker comments: text, a template instance, or a list of child parts. */
interface ChildPart {
  set(value: unknown): void;
  /** Clears and removes the markers too (a list item that is gone). */
  remove(): void;
}

/** One rendering of a template: its strings and an update of its values. */
interface Instance {
  s: TemplateStringsArray;
  u(values: readonly unknown[]): void;
}

// Parts are closures rather than classes: the same behaviour in fewer bytes once minified.
function childPart(start: Node, end: Node): ChildPart {
  let text: Text | undefined;
  let instance: Instance | undefined;
  let list: ChildPart[] | undefined;
  const insert = <N extends Node>(node: N): N => end.parentNode!.insertBefore(node, end);
  const clear = (): void => {
    while (start.nextSibling && start.nextSibling !== end) start.nextSibling.remove();
    text = instance = list = undefined;
  };
  return {
    set(value) {
      if (value === nothing || value === null || value === undefined) clear();
      else if (Array.isArray(value)) {
        if (!list) {
          clear();
          list = [];
        }
        const items = list;
        value.forEach((item, i) => (items[i] ??= childPart(insert(new Comment()), insert(new Comment()))).set(item));
        for (const extra of items.splice(value.length)) extra.remove();
      } else if (typeof value === 'object' && 's' in value && 'v' in value) {
        const t = value as Template;
        if (instance?.s !== t.s) {
          clear();
          instance = instantiate(t.s, insert);
        }
        instance.u(t.v);
      } else {
        const data = String(value);
        if (!text) {
          clear();
          text = insert(new Text(data));
        } else if (text.data !== data) text.data = data;
      }
    },
    remove() {
      clear();
      (start as ChildNode).remove();
      (end as ChildNode).remove();
    },
  };
}

/** An attribute (1), property (2) or event (3) binding on `el`. */
function attrPart(el: Element, k: 1 | 2 | 3, n: string): (value: unknown) => void {
  let last: unknown = nothing;
  return (value) => {
    if (k === 3) {
      // One listener per binding; it calls whichever function the last render gave.
      if (last === nothing) el.addEventListener(n, (e) => (last as (e: Event) => void)(e));
      last = value;
      return;
    }
    if (value === last) return;
    last = value;
    if (k === 2) (el as unknown as Record<string, unknown>)[n] = value;
    else if (value === nothing || value === null || value === undefined) el.removeAttribute(n);
    else el.setAttribute(n, String(value));
  };
}

/** Clones a template's DOM, inserts it, and returns its instance (a part per value). */
function instantiate(s: TemplateStringsArray, insert: (node: Node) => void): Instance {
  const { t, p } = prepared.get(s) ?? prepare(s);
  const fragment = document.importNode(t.content, true);
  const parts: ((value: unknown) => void)[] = [];
  let at = 0;
  walk(fragment, (node, i) => {
    for (; p[at]?.i === i; at++) {
      const { k, n } = p[at]!;
      if (k) parts.push(attrPart(node as Element, k, n));
      else {
        const part = childPart(node.parentNode!.insertBefore(new Comment(), node), node);
        parts.push((value) => part.set(value));
      }
    }
  });
  insert(fragment);
  return { s, u: (values) => parts.forEach((part, j) => part(values[j])) };
}

const roots = new WeakMap<Node, ChildPart>();

/** Renders `value` (a template, text, a list or nothing) into `container`, updating what is there. */
export function render(value: unknown, container: ParentNode & Node): void {
  let root = roots.get(container);
  if (!root) {
    const end = new Comment();
    container.append(end);
    root = childPart(container.insertBefore(new Comment(), end), end);
    roots.set(container, root);
  }
  root.set(value);
}
