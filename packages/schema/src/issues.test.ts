import { describe, expect, it } from 'vitest';
import { describeValue, formatPath, SchemaError } from './issues.js';

describe('formatPath', () => {
  it('dots plain keys, brackets indices and odd keys', () => {
    expect(formatPath(['answers', 'q1', 'value'])).toBe('answers.q1.value');
    expect(formatPath(['questions', 3, 'options', 0, 'id'])).toBe('questions[3].options[0].id');
    expect(formatPath(['answers', 'my q', 'value'])).toBe('answers["my q"].value');
    expect(formatPath(['prompt', 'zh-CN'])).toBe('prompt.zh-CN');
    expect(formatPath([])).toBe('');
    expect(formatPath([0])).toBe('[0]');
    expect(formatPath(['a', '1st'])).toBe('a["1st"]');
  });
});

describe('describeValue', () => {
  it('quotes strings, shows NaN and -0, summarises objects', () => {
    expect(describeValue('nine')).toBe('"nine"');
    expect(describeValue(Number.NaN)).toBe('NaN');
    expect(describeValue(-0)).toBe('-0');
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue(null)).toBe('null');
    expect(describeValue([1, 2])).toBe('an array of 2 items');
    expect(describeValue({ a: 1 })).toBe('an object');
  });

  it('escapes control characters and cuts long strings to 37 characters plus an ellipsis', () => {
    expect(describeValue('a\u0000\nb')).toBe('"a\\u0000\\nb"');
    expect(describeValue('x'.repeat(41))).toBe(`"${'x'.repeat(37)}…" (41 characters)`);
    expect(describeValue('x'.repeat(40))).toBe(`"${'x'.repeat(40)}"`);
  });
});

describe('SchemaError', () => {
  it('spells out the first 10 issues and counts the rest', () => {
    const issues = Array.from({ length: 12 }, (_, i) => ({ path: `answers.q${i}`, message: 'bad' }));
    const error = new SchemaError('invalid-submission', issues);
    const lines = error.message.split('\n');
    expect(lines[0]).toBe('invalid submission: 12 problems');
    expect(lines).toHaveLength(1 + 10 + 1);
    expect(lines[11]).toBe('  … and 2 more');
    expect(error.issues).toHaveLength(12);
    expect(error.field).toBe('answers.q0');
    expect(error).toBeInstanceOf(Error);
  });
});
