export { LIMITS, type Limits } from './limits.js';
export { scaleRefSchema } from './scale.js';
export {
  answerSchema,
  checklistAnswerSchema,
  choiceAnswerSchema,
  consentAnswerSchema,
  contextSchema,
  expectationGapAnswerSchema,
  kanoPairAnswerSchema,
  measuresSchema,
  ratingAnswerSchema,
  submissionSchema,
  textAnswerSchema,
  parseSubmission,
  safeParseSubmission,
  type Submission,
} from './submission.js';
export {
  checklistQuestionSchema,
  choiceQuestionSchema,
  conditionSchema,
  consentQuestionSchema,
  expectationGapQuestionSchema,
  kanoPairQuestionSchema,
  questionSchema,
  ratingQuestionSchema,
  surveyDefinitionSchema,
  textQuestionSchema,
  parseSurveyDefinition,
  safeParseSurveyDefinition,
  type SurveyDefinition,
} from './definition.js';
export { ingestRequestSchema, parseIngestRequest, safeParseIngestRequest, type IngestRequest } from './ingest.js';
export {
  ingestRejectionSchema,
  ingestResponseSchema,
  parseIngestResponse,
  safeParseIngestResponse,
  type IngestResponse,
} from './ingest-response.js';
export { localizedText as localizedTextSchema } from './primitives.js';
export { SchemaError, formatPath, type SchemaErrorCode, type SchemaIssue } from './issues.js';
export type { SafeParseResult } from './parse.js';
