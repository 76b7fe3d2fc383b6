// Building blocks shared by every schema: bounded strings, finite numbers, ids, times,
// records that cannot pollute prototypes, and localized text.
//
// Each schema is built inside a /*#__PURE__*/ arrow call: a bundler can then drop the ones a
// consumer never uses (a bare `z.string().check(…)` chain is not removable, its inner call
// is not covered by the annotation).
import * as z from 'zod/mini';
import { LIMITS } from './limits.js';

/**
 * Extra JSON Schema keywords for schemas whose zod checks toJSONSchema cannot express
 * (key counts, for one). Read only by the json-schema entry.
 */
export const jsonSchemaExtras = new WeakMap<object, Record<string, unknown>>();

/** Single-line text: no C0/C1 control characters, no lone UTF-16 surrogates (PostgreSQL rejects them). */
const PLAIN = /^[^\u0000-\u001F\u007F-\u009F\uD800-\uDFFF]*$/u;
/** Free text: like PLAIN but tab, newline and carriage return are allowed, C1 too. */
const TEXT = /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uD800-\uDFFF]*$/u;

/** A string of at most `max` characters matching `pattern`; the length is checked first so a huge string is never scanned. */
function bounded(min: number, max: number, pattern: RegExp, what: string) {
  return z.string().check(
    z.maxLength(max, { abort: true }),
    z.minLength(min, { abort: true }),
    z.regex(pattern, { error: what }),
  );
}

const CONTROL = 'contains a control character or a lone surrogate';

/** Why `key` is not a valid id, or undefined when it is (for keys zod does not check itself). */
export function idProblem(key: string): string | undefined {
  if (key.length === 0) return 'must not be empty';
  if (key.length > LIMITS.idLength) return `must have at most ${LIMITS.idLength} characters, got ${key.length}`;
  return PLAIN.test(key) ? undefined : CONTROL;
}

/** The JSON Schema of an id, for `propertyNames` where zod cannot emit one. */
export const idJsonSchema = /*#__PURE__*/ (() => ({ type: 'string', minLength: 1, maxLength: LIMITS.idLength, pattern: PLAIN.source }))();

/** Single-line text of `min`…`max` characters. */
export function plain(max: number, min = 1) {
  return bounded(min, max, PLAIN, CONTROL);
}

/** An identifier: 1–128 characters, no control characters. */
export const id = /*#__PURE__*/ (() => plain(LIMITS.idLength))();
/** A label, prompt or other short human text. */
export const label = /*#__PURE__*/ (() => plain(LIMITS.labelLength))();
/** Free text typed by a customer (newlines and tabs allowed); may be empty. */
export const freeText = /*#__PURE__*/ (() => bounded(0, LIMITS.textLength, TEXT, CONTROL))();

/** A BCP 47 language tag such as `en`, `zh-CN`, `zh-Hant-TW`, `es-419` (shape only, not the registry). */
export const locale = /*#__PURE__*/ (() =>
  z.string().check(
    z.maxLength(LIMITS.localeLength, { abort: true }),
    z.regex(/^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$/, { error: 'expected a BCP 47 language tag such as "en" or "zh-CN"' }),
  ))();

/** Any finite number (zod already refuses NaN and ±Infinity). */
export const finite = /*#__PURE__*/ z.number();
/** A finite number ≥ 0. */
export const nonNegative = /*#__PURE__*/ (() => z.number().check(z.gte(0)))();
/** An integer ≥ 0. */
export const count = /*#__PURE__*/ (() => z.int().check(z.gte(0)))();

/**
 * A UUIDv7 in canonical lowercase form: version nibble 7, RFC 9562 variant (10xx). Lowercase
 * only, so one response cannot arrive under two spellings of its idempotency key.
 */
export const uuidv7 = /*#__PURE__*/ (() =>
  z.string().check(
    z.maxLength(36, { abort: true }),
    z.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, {
      error: 'expected a lowercase UUIDv7 (xxxxxxxx-xxxx-7xxx-[89ab]xxx-xxxxxxxxxxxx)',
    }),
  ))();

/** An ISO 8601 date-time with seconds and an explicit offset (`Z` or `±hh:mm`). */
export const isoDateTime = /*#__PURE__*/ z.iso.datetime({
  offset: true,
  error: 'expected an ISO 8601 date-time with an offset, e.g. "2026-11-22T10:00:00.000Z"',
});

/** `data classification` of customer data (secret / confidential / top secret). */
export const classification = /*#__PURE__*/ z.enum(['secret', 'confidential', 'top-secret']);

/**
 * A string-keyed record with `min`…`max` keys. A `__proto__` key is an error rather than
 * the silent drop zod would do (it never becomes a prototype either way).
 */
export function record<K extends z.core.$ZodRecordKey, V extends z.core.SomeType>(
  key: K,
  value: V,
  what: string,
  max: number,
  min = 0,
) {
  const inner = z.record(key, value);
  jsonSchemaExtras.set(inner, min > 0 ? { minProperties: min, maxProperties: max } : { maxProperties: max });
  // Guard issues abort, so checks of enclosing objects never see the unchecked value.
  const guard = z.unknown().check(
    z.superRefine((input, ctx) => {
      if (typeof input !== 'object' || input === null || Array.isArray(input)) return; // the record reports the type
      if (Object.prototype.hasOwnProperty.call(input, '__proto__')) {
        ctx.addIssue({ code: 'custom', message: 'a "__proto__" key is not allowed', path: ['__proto__'], input, continue: false });
      }
      // Own enumerable keys: what JSON carries and what the record will read.
      const n = Object.keys(input).length;
      if (n > max) ctx.addIssue({ code: 'custom', message: `has ${n} ${what}; at most ${max} are allowed`, input, continue: false });
      if (n < min) ctx.addIssue({ code: 'custom', message: `has no ${what}; at least ${min} required`, input, continue: false });
    }),
  );
  return z.pipe(guard, inner);
}

/** Text in one language, or a map of BCP 47 locale → text. */
export const localizedText = /*#__PURE__*/ (() =>
  z.union([label, record(locale, label, 'locales', LIMITS.locales, 1)], {
    error: 'expected text or a map of locale → text, e.g. { "en": "Hi", "zh-CN": "你好" }',
  }))();
