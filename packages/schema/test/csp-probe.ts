// Loaded as a module inside a strict-CSP frame by src/csp.browser.test.ts: runs every parser
// on valid and invalid input and leaves the outcome on window for the parent to read.
import { definition, ingestRequest, submission } from './fixtures.js';
import {
  parseIngestResponse,
  safeParseIngestRequest,
  safeParseSubmission,
  safeParseSurveyDefinition,
  SchemaError,
} from '../src/index.js';

const outcome: Record<string, unknown> = {};
outcome.submissionValid = safeParseSubmission(submission()).success;
const bad = safeParseSubmission({ ...submission(), id: 'x', answers: { q1: { type: 'rating', scale: { kind: 'nps' }, value: 'nine' } } });
outcome.submissionIssues = bad.success ? [] : bad.issues;
outcome.definitionValid = safeParseSurveyDefinition(definition()).success;
outcome.requestValid = safeParseIngestRequest(ingestRequest()).success;
try {
  parseIngestResponse('<html>');
  outcome.responseError = 'none';
} catch (e) {
  outcome.responseError = e instanceof SchemaError ? e.code : String(e);
}
(window as unknown as { __schemaProbe: unknown }).__schemaProbe = outcome;
