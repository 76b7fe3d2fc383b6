// Type-level proof that the zod schemas and core's plain types describe the same shapes:
// z.output of each schema and core's type are mutually assignable. Checked by `tsc`
// (these expectations are no-ops at run time); the @ts-expect-error lines show the check bites.
import type * as core from '@feedbackkit/core';
import { describe, expectTypeOf, it } from 'vitest';
import type * as z from 'zod/mini';
import type { answerSchema, contextSchema, submissionSchema } from './submission.js';
import type { scaleRefSchema } from './scale.js';
import type { conditionSchema, questionSchema, surveyDefinitionSchema } from './definition.js';
import type { ingestRequestSchema } from './ingest.js';
import type { ingestRejectionSchema, ingestResponseSchema } from './ingest-response.js';
import type { localizedText } from './primitives.js';
import type * as api from './index.js';

describe('schemas match @feedbackkit/core types', () => {
  it('are mutually assignable with z.output', () => {
    expectTypeOf<z.output<typeof scaleRefSchema>>().toExtend<core.ScaleRef>();
    expectTypeOf<core.ScaleRef>().toExtend<z.output<typeof scaleRefSchema>>();
    expectTypeOf<z.output<typeof contextSchema>>().toExtend<core.SubmissionContext>();
    expectTypeOf<core.SubmissionContext>().toExtend<z.output<typeof contextSchema>>();
    expectTypeOf<z.output<typeof answerSchema>>().toExtend<core.Answer>();
    expectTypeOf<core.Answer>().toExtend<z.output<typeof answerSchema>>();
    expectTypeOf<z.output<typeof submissionSchema>>().toExtend<core.Submission>();
    expectTypeOf<core.Submission>().toExtend<z.output<typeof submissionSchema>>();
    expectTypeOf<z.output<typeof localizedText>>().toExtend<core.LocalizedText>();
    expectTypeOf<core.LocalizedText>().toExtend<z.output<typeof localizedText>>();
    expectTypeOf<z.output<typeof conditionSchema>>().toExtend<core.Condition>();
    expectTypeOf<core.Condition>().toExtend<z.output<typeof conditionSchema>>();
    expectTypeOf<z.output<typeof questionSchema>>().toExtend<core.Question>();
    expectTypeOf<core.Question>().toExtend<z.output<typeof questionSchema>>();
    expectTypeOf<z.output<typeof surveyDefinitionSchema>>().toExtend<core.SurveyDefinition>();
    expectTypeOf<core.SurveyDefinition>().toExtend<z.output<typeof surveyDefinitionSchema>>();
    expectTypeOf<z.output<typeof ingestRequestSchema>>().toExtend<core.IngestRequest>();
    expectTypeOf<core.IngestRequest>().toExtend<z.output<typeof ingestRequestSchema>>();
    expectTypeOf<z.output<typeof ingestRejectionSchema>>().toExtend<core.IngestRejection>();
    expectTypeOf<core.IngestRejection>().toExtend<z.output<typeof ingestRejectionSchema>>();
    expectTypeOf<z.output<typeof ingestResponseSchema>>().toExtend<core.IngestResponse>();
    expectTypeOf<core.IngestResponse>().toExtend<z.output<typeof ingestResponseSchema>>();
  });

  it('the parse functions return the core shapes', () => {
    expectTypeOf<ReturnType<typeof api.parseSubmission>>().toExtend<core.Submission>();
    expectTypeOf<ReturnType<typeof api.parseSurveyDefinition>>().toExtend<core.SurveyDefinition>();
    expectTypeOf<ReturnType<typeof api.parseIngestRequest>>().toExtend<core.IngestRequest>();
    expectTypeOf<ReturnType<typeof api.parseIngestResponse>>().toExtend<core.IngestResponse>();
  });

  it('would notice a drift', () => {
    // A submission without `status` is not a core Submission…
    // @ts-expect-error
    expectTypeOf<Omit<z.output<typeof submissionSchema>, 'status'>>().toExtend<core.Submission>();
    // …and an answer type core does not know is not a core Answer.
    // @ts-expect-error
    expectTypeOf<z.output<typeof answerSchema> | { type: 'stars'; value: number }>().toExtend<core.Answer>();
  });
});
