import type { ReactiveController, ReactiveControllerHost } from '@lit/reactive-element';

/**
 * Messages and locale for every element.
 *
 * Each element ships its own catalog (`en` complete) so a page that loads only `<fb-rating>`
 * never carries the kiosk's strings. The other built-in locales (`zh-CN`, `ar`) ship in the
 * package as side-effect modules, `locales/<element>.js` or `locales/all.js`, that add them
 * to the catalogs; `@feedbackkit/embed` imports all of them. Lookup
 * for a key, first hit wins:
 *   1. the element's `messages` property (per element, any locale),
 *   2. messages registered globally with {@link setMessages} for the element's locale,
 *   3. the element's built-in catalog for that locale,
 *   4. the same two for English.
 * A message is a string with `{name}` placeholders (numbers are formatted with
 * `Intl.NumberFormat` for the locale) or, when it depends on a count, an object of
 * `Intl.PluralRules` categories keyed by the `count` parameter.
 */
export type Message = string | PluralMessage;

export interface PluralMessage {
  zero?: string;
  one?: string;
  two?: string;
  few?: string;
  many?: string;
  other: string;
}

export type MessageParams = Readonly<Record<string, string | number>>;

/** A per-element set of overrides: key → message, in whatever locale the page uses. */
export type MessageOverrides = Readonly<Record<string, Message>>;

/** An element's built-in messages: English complete, other locales may be partial. */
export type Catalog<K extends string> = { en: Record<K, Message> } & { [locale: string]: Partial<Record<K, Message>> };

const globalMessages: Record<string, Record<string, Message>> = {};
const live = new Set<ReactiveControllerHost>();
const refresh = () => live.forEach((host) => host.requestUpdate());

/**
 * Adds or replaces messages for `locale` on every Feedbackkit element on the page (and in
 * elements created later). Keys are the element's message keys, e.g. `rating.submit`.
 * Connected elements re-render.
 */
export function setMessages(locale: string, messages: MessageOverrides): void {
  const key = locale.toLowerCase();
  globalMessages[key] = { ...globalMessages[key], ...messages };
  refresh();
}

/** The best of `available` for `wanted`: exact (case-insensitive), else same language, else undefined. */
export function matchLocale(wanted: string, available: readonly string[]): string | undefined {
  const w = wanted.toLowerCase();
  const lang = (a: string) => a.toLowerCase().split('-')[0];
  return available.find((a) => a.toLowerCase() === w) ?? available.find((a) => lang(a) === lang(w));
}

/** The ancestor of `node` (its parent, or the host of its shadow root), or null at the top. */
export const parentOf = (node: Element): Element | null =>
  node.parentElement ?? ((node.getRootNode() as ShadowRoot).host || null);

/**
 * The locale of an element: its own `lang`, else the nearest ancestor's (crossing shadow
 * roots, so an element inside another element's shadow tree follows its host), else the
 * document's, else the browser's, else 'en'.
 */
export function resolveLocale(el: Element): string {
  for (let node: Element | null = el; node; node = parentOf(node)) {
    const lang = node.getAttribute('lang');
    if (lang) return lang;
  }
  return globalThis.navigator?.language || 'en';
}

/** Writing direction from the computed `direction` (what `dir` attributes and CSS decided). */
export function directionOf(el: Element): 'ltr' | 'rtl' {
  return getComputedStyle(el).direction === 'rtl' ? 'rtl' : 'ltr';
}

const formats: Record<string, Intl.NumberFormat | Intl.PluralRules> = {};
/** An `Intl` formatter for `locale`, cached; an invalid `lang` attribute falls back to English instead of throwing. */
function intl<T extends Intl.NumberFormat | Intl.PluralRules>(Ctor: new (locale: string) => T, locale: string): T {
  const key = Ctor.name + locale;
  try {
    formats[key] ??= new Ctor(locale);
  } catch {
    formats[key] = new Ctor('en');
  }
  return formats[key] as T;
}

/** `value` formatted for `locale` by `Intl.NumberFormat` (cached per locale). */
export function formatNumber(value: number, locale: string): string {
  return intl(Intl.NumberFormat, locale).format(value);
}

/** Fills a message: plural form chosen by `params.count`, `{name}` replaced, numbers localized. */
export function formatMessage(message: Message, locale: string, params: MessageParams = {}): string {
  const text =
    typeof message === 'string' ? message : (message[intl(Intl.PluralRules, locale).select(Number(params.count))] ?? message.other);
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? whole : typeof v === 'number' ? formatNumber(v, locale) : v;
  });
}

/** `key` in the global messages, then in `catalog`, for the best match of `locale` in each. */
function lookup(catalog: Record<string, Partial<Record<string, Message>>>, locale: string, key: string): Message | undefined {
  const g = matchLocale(locale, Object.keys(globalMessages));
  const c = matchLocale(locale, Object.keys(catalog));
  return (g && globalMessages[g]![key]) || (c && catalog[c]![key]) || undefined;
}

let observer: MutationObserver | undefined;
const warned = new Set<string>();

/**
 * zh-CN and ar are built in but ship apart from `define/<tag>.js` (`locales/<tag>.js`): when
 * `host` resolved `locale` to Chinese or Arabic and neither its catalog nor
 * {@link setMessages} has that language, warns once per language and element, naming the
 * import to add (the element falls back to English). Elements call it on update; it lives
 * outside the controller so an element that does not call it does not carry it.
 */
export function warnMissingPack(host: Element, locale: string, catalog: object): void {
  const tag = host.localName;
  const key = locale.slice(0, 2) + tag;
  // Checked once per language and element (updates are frequent: a kiosk counts down each second).
  if (/^(zh|ar)\b/i.test(locale) && !warned.has(key) && warned.add(key) && !matchLocale(locale, Object.keys({ ...catalog, ...globalMessages }))) {
    console.warn(`Feedbackkit: lang=${locale} needs import '@feedbackkit/elements/locales/${tag}.js'`);
  }
}

/** A host element that can carry per-element message overrides. */
export type I18nHost = ReactiveControllerHost & HTMLElement & { messages?: MessageOverrides | undefined };

/**
 * Lit controller giving an element `t()` (messages), `n()` (numbers), `locale` and `dir`,
 * refreshed before every update. Changes of `lang`/`dir` anywhere in the document and
 * {@link setMessages} re-render connected elements.
 */
export class I18nController<K extends string> implements ReactiveController {
  locale = 'en';
  dir: 'ltr' | 'rtl' = 'ltr';
  private readonly host: I18nHost;
  private readonly catalog: Catalog<K>;

  constructor(host: I18nHost, catalog: Catalog<K>) {
    this.host = host;
    this.catalog = catalog;
    host.addController(this);
  }

  hostConnected(): void {
    live.add(this.host);
    if (!observer && typeof MutationObserver === 'function') {
      observer = new MutationObserver(refresh);
      observer.observe(document.documentElement, { attributes: true, subtree: true, attributeFilter: ['lang', 'dir'] });
    }
  }

  hostDisconnected(): void {
    live.delete(this.host);
  }

  hostUpdate(): void {
    this.locale = resolveLocale(this.host);
    this.dir = directionOf(this.host);
  }

  /** The message `key` in the element's locale (else English), filled with `params`. */
  t(key: K, params?: MessageParams): string {
    return this.maybe(key, params, true)!;
  }

  /**
   * An optional message (no English fallback unless `english`): for keys a catalog may or
   * may not carry, such as translated scale point labels (`point.<English label>`). English
   * is the exact `en` of the global messages, then the built-in catalog's.
   */
  maybe(key: string, params?: MessageParams, english?: boolean): string | undefined {
    const message =
      this.host.messages?.[key] ??
      lookup(this.catalog, this.locale, key) ??
      (english ? globalMessages.en?.[key] || this.catalog.en[key as K] : undefined);
    return message ? formatMessage(message, this.locale, params) : undefined;
  }

  /** A number formatted for the element's locale. */
  n(value: number): string {
    return formatNumber(value, this.locale);
  }
}
