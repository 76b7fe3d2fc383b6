const warned = new Set<string>();

/**
 * Registers `ctor` as `tag` unless the tag is already taken. A second copy of Feedbackkit on
 * the page (an old script tag next to a new bundle, two micro-frontends) must not break the
 * page, so a clash warns once per tag and keeps the first definition instead of throwing.
 * Returns true when this call registered the element.
 */
export function defineElement(tag: string, ctor: CustomElementConstructor): boolean {
  const registry = globalThis.customElements;
  if (!registry) return false;
  const existing = registry.get(tag);
  if (existing) {
    if (existing !== ctor && !warned.has(tag)) {
      warned.add(tag);
      console.warn(`Feedbackkit: <${tag}> is already defined by another copy; keeping the first definition.`);
    }
    return false;
  }
  registry.define(tag, ctor);
  return true;
}
