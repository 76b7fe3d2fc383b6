import { describe, expect, it } from 'vitest';
import { FeedbackError } from '@feedbackkit/core';
import { parseDefinitionJson } from './parse.js';

describe('parseDefinitionJson', () => {
  it('parses a minimal definition', () => {
    const def = parseDefinitionJson('{"id":"s","version":1,"questions":[{"id":"q","type":"text","prompt":"Hi"}]}');
    expect(def.questions[0]?.id).toBe('q');
  });

  it('names the field for each problem (invalid-definition)', () => {
    const fieldOf = (text: string) => {
      try {
        parseDefinitionJson(text);
      } catch (error) {
        expect(error).toBeInstanceOf(FeedbackError);
        expect((error as FeedbackError).code).toBe('invalid-definition');
        return (error as FeedbackError).field;
      }
      return undefined;
    };
    expect(fieldOf('{')).toBe('definition');
    expect(fieldOf('null')).toBe('definition');
    expect(fieldOf('{"version":1,"questions":[]}')).toBe('id');
    expect(fieldOf('{"id":"s","version":1.5,"questions":[]}')).toBe('version');
    expect(fieldOf('{"id":"s","version":1,"questions":[]}')).toBe('questions');
    expect(fieldOf('{"id":"s","version":1,"questions":[{"id":"a","type":"video","prompt":"p"}]}')).toBe('questions[0].type');
    expect(
      fieldOf('{"id":"s","version":1,"questions":[{"id":"a","type":"text","prompt":"p"},{"id":"a","type":"text","prompt":"p"}]}'),
    ).toBe('questions[1].id');
    expect(
      fieldOf('{"id":"s","version":1,"questions":[{"id":"a","type":"rating","prompt":"p","scale":{"kind":"nope"}}]}'),
    ).toBe('questions[0].scale');
    expect(fieldOf('{"id":"s","version":1,"questions":[{"id":"a","type":"text"}]}')).toBe('questions[0].prompt');
  });
});
