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

/** Markers in the parsed markup: `<!--fb-t3-->` for child binding 3, `fb-t5=""` for attribute binding 5. */
const MARK = 'fb-t';
/** `name=` (optionally `name="`) at the end of the text before an attribute binding. */
const ATTR = /([.@]?[^\s"'>/=]+)=(["']?)$/;

/** A template's parsed markup, and the attribute binding names (`name`, `.prop`, `@event`) by value index. */
interface Prepared {
  t: HTMLTemplateElement;
  n: string[];
}

type TrustedTypesLike = { createPolicy(name: string, rules: { createHTML(s: string): string }): { createHTML(s: string): string } };
const policy = (globalThis as { trustedTypes?: TrustedTypesLike }).trustedTypes?.createPolicy('feedbackkit-template', {
  // Only template strings from this package's source reach here, never values.
  createHTML: (s) => s,
});

const prepared = new WeakMap<TemplateStringsArray, Prepared>();

function prepare(s: TemplateStringsArray): Prepared {
  let markup = '';
  const names: string[] = [];
  let skipQuote = '';
  s.forEach((part, j) => {
    if (part[0] === skipQuote) part = part.slice(1); // never while skipQuote is ''
    skipQuote = '';
    markup += part;
    if (j === s.length - 1) return;
    const inTag = markup.lastIndexOf('<') > markup.lastIndexOf('>');
    const m = inTag ? ATTR.exec(part) : null;
    if (inTag && !m) throw new Error(`template: not a whole attribute value after ${JSON.stringify(part.slice(-40))}`);
    if (m) {
      // An attribute binding: a marker attribute now, the real name kept aside.
      markup = `${markup.slice(0, -m[0].length)}${MARK}${j}=""`;
      names[j] = m[1]!;
      skipQuote = m[2]!;
    } else markup += `<!--${MARK}${j}-->`;
  });
  const t = document.createElement('template');
  t.innerHTML = (policy ? policy.createHTML(markup) : markup) as string;
  const out = { t, n: names };
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
    // `end` always follows `start` under the same parent.
    while (start.nextSibling !== end) start.nextSibling!.remove();
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
      } else if ((value as Template).s) {
        // A template (strings and numbers have no `s`)
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

/** An attribute (`name`), property (`.name`) or event (`@name`) binding on `el`. */
function attrPart(el: Element, name: string): (value: unknown) => void {
  const n = name.slice(1);
  let last: unknown = nothing;
  return (value) => {
    if (name[0] === '@') {
      // One listener per binding; it calls whichever function the last render gave.
      if (last === nothing) el.addEventListener(n, (e) => (last as (e: Event) => void)(e));
      last = value;
      return;
    }
    if (value === last) return;
    last = value;
    if (name[0] === '.') (el as unknown as Record<string, unknown>)[n] = value;
    else if (value === nothing || value === null || value === undefined) el.removeAttribute(name);
    else el.setAttribute(name, String(value));
  };
}

/**
 * Clones a template's DOM, inserts it, and returns its instance: the part of each value,
 * found by the markers' indexes (which are removed from the copy).
 */
function instantiate(s: TemplateStringsArray, insert: (node: Node) => void): Instance {
  const { t, n } = prepared.get(s) ?? prepare(s);
  const fragment = document.importNode(t.content, true);
  const parts: ((value: unknown) => void)[] = [];
  // 129: NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_COMMENT, in document order.
  const walker = document.createTreeWalker(fragment, 129);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node instanceof Comment) {
      if (!node.data.startsWith(MARK)) continue;
      // `set` uses no `this`: the part's own function serves as the value's.
      parts[+node.data.slice(4)] = childPart(node.parentNode!.insertBefore(new Comment(), node), node).set;
    } else {
      for (const a of [...(node as Element).attributes]) {
        if (!a.name.startsWith(MARK)) continue;
        const j = +a.name.slice(4);
        parts[j] = attrPart(node as Element, n[j]!);
        (node as Element).removeAttribute(a.name);
      }
    }
  }
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
