import { FeedbackError, describeValue } from '@feedbackkit/core';

/**
 * Physical 4–5 button boxes at a counter send key presses (USB HID keyboards). A key map
 * turns a key into a scale value. Written as `"key:value"` pairs separated by spaces or
 * commas, e.g. `"F1:1 F2:2 F3:3 F4:4"`; a key is matched against `KeyboardEvent.code`
 * first (layout-independent, e.g. `Numpad1`), then `KeyboardEvent.key` (e.g. `1`, `a`).
 */
export type KeyMap = ReadonlyMap<string, number>;

/** Digits `1…n` (top row and numpad) pick the 1st…nth scale value, lowest first. */
export function defaultKeyMap(values: readonly number[]): KeyMap {
  const map = new Map<string, number>();
  values.slice(0, 9).forEach((value, i) => {
    for (const prefix of ['', 'Digit', 'Numpad']) map.set(prefix + (i + 1), value);
  });
  return map;
}

/** Parse a key map attribute; every value must be one of `values`. */
export function parseKeyMap(text: string, values: readonly number[]): KeyMap {
  const map = new Map<string, number>();
  for (const token of text.split(/[\s,]+/).filter(Boolean)) {
    // The last colon splits: a key may contain one ("Shift:1:2" is key "Shift:1").
    const [, key, raw] = /^(.+):(.+)$/.exec(token) ?? [];
    const value = Number(raw);
    // A key mapped twice is as wrong as a token that is no pair: either is a typo in the map.
    if (!key || !Number.isFinite(value) || map.has(key)) {
      throw new FeedbackError('invalid-option', `keys: ${describeValue(token)} is not a "key:value" pair with a new key`, {
        field: 'keys',
        value: token,
      });
    }
    if (!values.includes(value)) {
      throw new FeedbackError('off-scale', `keys: ${describeValue(token)} maps to ${value}, not a point of this scale (${values.join()})`, {
        field: 'keys',
        value: token,
      });
    }
    map.set(key, value);
  }
  return map;
}

/** The scale value a key press selects, or undefined. Modified presses (Ctrl/Alt/Meta) never count. */
export function valueForKey(
  map: KeyMap,
  event: Pick<KeyboardEvent, 'key' | 'code'> & Partial<Pick<KeyboardEvent, 'ctrlKey' | 'altKey' | 'metaKey'>>,
): number | undefined {
  if (event.ctrlKey || event.altKey || event.metaKey) return undefined;
  return map.get(event.code) ?? map.get(event.key) ?? map.get(event.key.toLowerCase());
}
