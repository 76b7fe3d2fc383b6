import { FeedbackError, validateDefinition } from '@feedbackkit/core';
import type { SurveyDefinition } from '@feedbackkit/core';

/**
 * A definition the element can run: core's `validateDefinition` (unique ids, known types,
 * valid scales, show-if conditions that read earlier questions with fitting operators)
 * throws `FeedbackError('invalid-definition')` naming the field. Core rather than the zod
 * schema, so a page with `<fb-survey>` does not carry zod (≈ 29 KB minified).
 */
export function checkDefinition(value: unknown): SurveyDefinition {
  validateDefinition(value as SurveyDefinition);
  return value as SurveyDefinition;
}

/** Parse JSON text (never evaluated as script) into a checked definition. */
export function parseDefinitionJson(text: string): SurveyDefinition {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new FeedbackError('invalid-definition', `definition: the JSON does not parse (${(error as Error).message})`, {
      field: 'definition',
    });
  }
  return checkDefinition(value);
}
