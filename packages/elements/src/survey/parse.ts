import { FeedbackError, describeValue } from '@feedbackkit/core';
import type { SurveyDefinition } from '@feedbackkit/core';

const TYPES = new Set(['rating', 'choice', 'text', 'checklist', 'expectation-gap', 'kano-pair', 'consent']);

function fail(field: string, value: unknown, reason: string): never {
  throw new FeedbackError('invalid-definition', `${field}: ${describeValue(value)} ${reason}`, { field, value });
}

/**
 * The structural minimum the element needs before it renders anything: an id, a version
 * and questions with unique ids and known types. Full validation (every field, every
 * condition) is the schema package's job; `validate` lets the caller plug it in.
 */
export function checkDefinition(value: unknown): SurveyDefinition {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('definition', value, 'is not an object');
  const def = value as Record<string, unknown>;
  if (typeof def['id'] !== 'string' || def['id'] === '') fail('id', def['id'], 'must be a non-empty string');
  if (typeof def['version'] !== 'number' || !Number.isInteger(def['version'])) {
    fail('version', def['version'], 'must be an integer');
  }
  const questions = def['questions'];
  if (!Array.isArray(questions) || questions.length === 0) fail('questions', questions, 'must be a non-empty array');
  const ids = new Set<string>();
  questions.forEach((q: unknown, i) => {
    if (typeof q !== 'object' || q === null) fail(`questions[${i}]`, q, 'is not an object');
    const { id, type } = q as Record<string, unknown>;
    if (typeof id !== 'string' || id === '') fail(`questions[${i}].id`, id, 'must be a non-empty string');
    if (ids.has(id)) fail(`questions[${i}].id`, id, 'is used twice');
    ids.add(id);
    if (typeof type !== 'string' || !TYPES.has(type)) fail(`questions[${i}].type`, type, 'is not a known question type');
  });
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
