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

/**
 * Adds or replaces messages for `locale` on every Feedbackkit element on the page (and in
 * elements created later). Keys are the element's message keys, e.g. `rating.submit`.
 * Connected elements re-render.
 */
export function setMessages(locale: string, messages: MessageOverrides): void {
  const key = locale.toLowerCase();
  globalMessages[key] = { ...globalMessages[key], ...messages };
  for (const host of live) host.requestUpdate();
}

/** The best of `available` for `wanted`: exact (case-insensitive), else same language, else undefined. */
export function matchLocale(wanted: string, available: readonly string[]): string | undefined {
  const w = wanted.toLowerCase();
  const lang = w.split('-')[0];
  return (
    available.find((a) => a.toLowerCase() === w) ?? available.find((a) => a.toLowerCase().split('-')[0] === lang)
  );
}

/**
 * The locale of an element: its own `lang`, else the nearest ancestor's (crossing shadow
 * roots, so an element inside another element's shadow tree follows its host), else the
 * document's, else the browser's, else 'en'.
 */
export function resolveLocale(el: Element): string {
  let node: Element | null = el;
  while (node) {
    const lang = node.getAttribute('lang');
    if (lang) return lang;
    node = node.parentElement ?? ((node.getRootNode() as ShadowRoot).host || null);
  }
  return globalThis.navigator?.language || 'en';
}

/** Writing direction from the computed `direction` (what `dir` attributes and CSS decided). */
export function directionOf(el: Element): 'ltr' | 'rtl' {
  return getComputedStyle(el).direction === 'rtl' ? 'rtl' : 'ltr';
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** `value` formatted for `locale` by `Intl.NumberFormat` (cached per locale). */
export function formatNumber(value: number, locale: string): string {
  let f = numberFormats.get(locale);
  if (!f) {
    try {
      f = new Intl.NumberFormat(locale);
    } catch {
      // An invalid `lang` attribute must not break rendering.
      f = new Intl.NumberFormat('en');
    }
    numberFormats.set(locale, f);
  }
  return f.format(value);
}

/** Fills a message: plural form chosen by `params.count`, `{name}` replaced, numbers localized. */
export function formatMessage(message: Message, locale: string, params: MessageParams = {}): string {
  let text: string;
  if (typeof message === 'string') text = message;
  else {
    let category: Intl.LDMLPluralRule = 'other';
    try {
      category = new Intl.PluralRules(locale).select(Number(params.count));
    } catch {
      // fall through to 'other'
    }
    text = message[category] ?? message.other;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? whole : typeof v === 'number' ? formatNumber(v, locale) : v;
  });
}

function lookup<K extends string>(catalog: Catalog<K>, locale: string, key: K): Message {
  const g = matchLocale(locale, Object.keys(globalMessages));
  const c = matchLocale(locale, Object.keys(catalog));
  return (
    (g && globalMessages[g]?.[key]) ||
    (c && catalog[c]?.[key]) ||
    globalMessages['en']?.[key] ||
    catalog.en[key]
  );
}

let observer: MutationObserver | undefined;

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
      observer = new MutationObserver(() => {
        for (const host of live) host.requestUpdate();
      });
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

  /** The message `key` in the element's locale, filled with `params`. */
  t(key: K, params?: MessageParams): string {
    const message = this.host.messages?.[key] ?? lookup(this.catalog, this.locale, key);
    return formatMessage(message, this.locale, params);
  }

  /**
   * An optional message (no English fallback): for keys a catalog may or may not carry,
   * such as translated scale point labels (`point.<English label>`).
   */
  maybe(key: string, params?: MessageParams): string | undefined {
    const own = this.host.messages?.[key];
    const g = matchLocale(this.locale, Object.keys(globalMessages));
    const c = matchLocale(this.locale, Object.keys(this.catalog));
    const message =
      own ?? (g && globalMessages[g]?.[key]) ?? (c && (this.catalog[c] as Record<string, Message> | undefined)?.[key]);
    return message ? formatMessage(message, this.locale, params) : undefined;
  }

  /** A number formatted for the element's locale. */
  n(value: number): string {
    return formatNumber(value, this.locale);
  }
}
