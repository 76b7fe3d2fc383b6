import { describe, expect, it } from 'vitest';
import { FeedbackError } from '@feedbackkit/core';
import { defaultKeyMap, parseKeyMap, valueForKey } from './key-map.js';

describe('key maps', () => {
  it('default: digit n (top row or numpad) picks the nth value, lowest first', () => {
    const map = defaultKeyMap([1, 2, 3, 4]);
    expect(valueForKey(map, { key: '1', code: 'Digit1' })).toBe(1);
    expect(valueForKey(map, { key: '4', code: 'Numpad4' })).toBe(4);
    expect(valueForKey(map, { key: '5', code: 'Digit5' })).toBeUndefined();
    // thumbs 0/1: '1' is the first value (0), '2' the second (1).
    const thumbs = defaultKeyMap([0, 1]);
    expect(valueForKey(thumbs, { key: '1', code: 'Digit1' })).toBe(0);
    expect(valueForKey(thumbs, { key: '2', code: 'Digit2' })).toBe(1);
  });

  it('parses "key:value" pairs separated by spaces or commas', () => {
    const map = parseKeyMap('F1:1 F2:2,F3:3  a:4', [1, 2, 3, 4]);
    expect(valueForKey(map, { key: 'F2', code: 'F2' })).toBe(2);
    expect(valueForKey(map, { key: 'A', code: 'KeyA' })).toBe(4); // case-insensitive fallback on key
    expect(valueForKey(map, { key: 'b', code: 'KeyB' })).toBeUndefined();
  });

  it('ignores key presses with Ctrl, Alt or Meta', () => {
    const map = parseKeyMap('F1:1', [1, 2]);
    expect(valueForKey(map, { key: 'F1', code: 'F1', ctrlKey: true })).toBeUndefined();
  });

  it('rejects malformed pairs, off-scale values and duplicates with coded errors', () => {
    const codeOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return [(error as FeedbackError).code, (error as FeedbackError).field];
      }
      return undefined;
    };
    expect(codeOf(() => parseKeyMap('F1', [1, 2]))).toEqual(['invalid-option', 'keys']);
    expect(codeOf(() => parseKeyMap('F1:x', [1, 2]))).toEqual(['invalid-option', 'keys']);
    expect(codeOf(() => parseKeyMap('F1:', [1, 2]))).toEqual(['invalid-option', 'keys']);
    expect(codeOf(() => parseKeyMap('F1:7', [1, 2]))).toEqual(['off-scale', 'keys']);
    expect(codeOf(() => parseKeyMap('F1:1 F1:2', [1, 2]))).toEqual(['invalid-option', 'keys']);
    expect(() => parseKeyMap('F1:7', [1, 2])).toThrow(/F1:7.*not a point/);
  });
});
