import { describe, expect, it } from 'vitest';
import { FeedbackError, describeValue } from './errors.js';

describe('FeedbackError', () => {
  it('carries a stable code, the field and the details', () => {
    const e = new FeedbackError('off-scale', 'values[2]: 11 is outside 0–10', { field: 'values[2]', value: 11 });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('FeedbackError');
    expect(e.code).toBe('off-scale');
    expect(e.field).toBe('values[2]');
    expect(e.details.value).toBe(11);
  });
  it('describes values unambiguously', () => {
    expect(describeValue(Number.NaN)).toBe('NaN');
    expect(describeValue(-0)).toBe('-0');
    expect(describeValue('9')).toBe('"9"');
    expect(describeValue({ value: 1 })).toBe('{"value":1}');
  });
});
