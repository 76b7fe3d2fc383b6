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
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_COMMENT);
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
    if (inTag && !m) throw new Error(`template: a binding inside a tag must be a whole attribute value (after ${JSON.stringify(part.slice(-40))})`);
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
    for (const a of Array.from((node as Element).attributes)) {
      if (!a.name.startsWith(MARK)) continue;
      const n = names[Number(a.name.slice(MARK.length))]!;
      p.push({ i, k: n[0] === '.' ? 2 : n[0] === '@' ? 3 : 1, n: n[0] === '.' || n[0] === '@' ? n.slice(1) : n });
      (node as Element).removeAttribute(a.name);
    }
  });
  const out = { t, p };
  prepared.set(s, out);
  return out;
}

interface Part {
  set(value: unknown): void;
}

/** Content between two marker comments: text, a template instance, or a list of child parts. */
class ChildPart implements Part {
  readonly #start: Node;
  readonly #end: Node;
  #text: Text | undefined;
  #instance: Instance | undefined;
  #list: ChildPart[] | undefined;

  constructor(start: Node, end: Node) {
    this.#start = start;
    this.#end = end;
  }

  set(value: unknown): void {
    if (value === nothing || value === null || value === undefined) {
      this.clear();
    } else if (Array.isArray(value)) {
      if (!this.#list) {
        this.clear();
        this.#list = [];
      }
      const list = this.#list;
      value.forEach((item, i) => {
        if (!list[i]) list[i] = new ChildPart(this.#insert(new Comment()), this.#insert(new Comment()));
        list[i]!.set(item);
      });
      for (const extra of list.splice(value.length)) extra.remove();
    } else if (typeof value === 'object' && 's' in value && 'v' in value) {
      const t = value as Template;
      if (this.#instance?.s !== t.s) {
        this.clear();
        this.#instance = new Instance(t.s, (node) => this.#insert(node));
      }
      this.#instance.update(t.v);
    } else {
      const text = String(value);
      if (!this.#text) {
        this.clear();
        this.#text = this.#insert(new Text(text));
      } else if (this.#text.data !== text) this.#text.data = text;
    }
  }

  #insert<N extends Node>(node: N): N {
    this.#end.parentNode!.insertBefore(node, this.#end);
    return node;
  }

  clear(): void {
    while (this.#start.nextSibling && this.#start.nextSibling !== this.#end) this.#start.nextSibling.remove();
    this.#text = this.#instance = this.#list = undefined;
  }

  /** Clears and removes the markers too (a list item that is gone). */
  remove(): void {
    this.clear();
    (this.#start as ChildNode).remove();
    (this.#end as ChildNode).remove();
  }
}

class AttrPart implements Part {
  readonly el: Element;
  readonly k: 1 | 2 | 3;
  readonly n: string;
  #last: unknown = nothing;

  constructor(el: Element, k: 1 | 2 | 3, n: string) {
    this.el = el;
    this.k = k;
    this.n = n;
  }

  set(value: unknown): void {
    if (this.k === 3) {
      // One listener per binding; it calls whichever function the last render gave.
      if (this.#last === nothing) this.el.addEventListener(this.n, (e) => (this.#last as (e: Event) => void)(e));
      this.#last = value;
      return;
    }
    if (value === this.#last) return;
    this.#last = value;
    if (this.k === 2) (this.el as unknown as Record<string, unknown>)[this.n] = value;
    else if (value === nothing || value === null || value === undefined) this.el.removeAttribute(this.n);
    else this.el.setAttribute(this.n, String(value));
  }
}

/** One rendering of a template: its cloned DOM and a part per value. */
class Instance {
  readonly s: TemplateStringsArray;
  readonly #parts: Part[] = [];

  constructor(s: TemplateStringsArray, insert: (node: Node) => void) {
    this.s = s;
    const { t, p } = prepared.get(s) ?? prepare(s);
    const fragment = document.importNode(t.content, true);
    let at = 0;
    walk(fragment, (node, i) => {
      for (; p[at]?.i === i; at++) {
        const { k, n } = p[at]!;
        if (k === 0) {
          const start = new Comment();
          node.parentNode!.insertBefore(start, node);
          this.#parts.push(new ChildPart(start, node));
        } else this.#parts.push(new AttrPart(node as Element, k, n));
      }
    });
    insert(fragment);
  }

  update(values: readonly unknown[]): void {
    this.#parts.forEach((part, j) => part.set(values[j]));
  }
}

const roots = new WeakMap<Node, ChildPart>();

/** Renders `value` (a template, text, a list or nothing) into `container`, updating what is there. */
export function render(value: unknown, container: ParentNode & Node): void {
  let root = roots.get(container);
  if (!root) {
    const end = new Comment();
    container.append(end);
    root = new ChildPart(container.insertBefore(new Comment(), end), end);
    roots.set(container, root);
  }
  root.set(value);
}
