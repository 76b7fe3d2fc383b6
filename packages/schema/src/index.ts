export { LIMITS, type Limits } from './limits.js';
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
  scaleRefSchema,
  submissionSchema,
  textAnswerSchema,
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
} from './definition.js';
export { ingestRejectionSchema, ingestRequestSchema, ingestResponseSchema } from './ingest.js';
export { localizedText as localizedTextSchema } from './primitives.js';
export { SchemaError, formatPath, type SchemaErrorCode, type SchemaIssue } from './issues.js';
export {
  parseIngestRequest,
  parseIngestResponse,
  parseSubmission,
  parseSurveyDefinition,
  safeParseIngestRequest,
  safeParseIngestResponse,
  safeParseSubmission,
  safeParseSurveyDefinition,
  type IngestRequest,
  type IngestResponse,
  type SafeParseResult,
  type Submission,
  type SurveyDefinition,
} from './parse.js';
