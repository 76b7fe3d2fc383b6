/**
 * JSON Schema (draft 2020-12) of the wire shapes, for backends not written in TypeScript.
 * A separate entry (`@feedbackkit/schema/json-schema`) because zod's generator is large and
 * never belongs in a browser bundle.
 *
 * The JSON Schemas carry every shape and bound (types, enums, lengths, counts, patterns).
 * Rules that JSON Schema cannot state are enforced only by the zod parsers: unique ids in a
 * definition and in a batch, conditions that name existing questions, condition depth ≤ 8,
 * no `__proto__` keys, and no id both accepted and rejected.
 */
import * as z from 'zod/mini';
import { conditionTree, surveyDefinitionSchema } from './definition.js';
import { ingestRequestSchema } from './ingest.js';
import { ingestRejectionSchema, ingestResponseSchema } from './ingest-response.js';
import { LIMITS } from './limits.js';
import { idJsonSchema, jsonSchemaExtras } from './primitives.js';
import { measureFields, submissionSchema } from './submission.js';

export type JSONSchema = Record<string, unknown>;

/** A URN, not a URL: the schemas are shipped in the package, not fetched from anywhere. */
const BASE = 'urn:feedbackkit:schema:v1:';

// Keywords the zod checks imply but toJSONSchema cannot see. (Records mark themselves.)
jsonSchemaExtras.set(measureFields, { maxProperties: LIMITS.measures, propertyNames: idJsonSchema });
// Extra keys in a response are accepted (and dropped), so the JSON Schema must not forbid them.
jsonSchemaExtras.set(ingestRejectionSchema, { additionalProperties: undefined });
jsonSchemaExtras.set(ingestResponseSchema, { additionalProperties: undefined });

function generate(schema: z.core.$ZodType, name: string, title: string, description: string): JSONSchema {
  // Names the recursive condition `$defs/Condition` instead of an anonymous `__schema0`.
  const metadata = z.registry<{ id?: string; description?: string }>();
  metadata.add(conditionTree, { id: 'Condition', description: 'A show-if rule: a comparison, or all / any / not of conditions.' });
  const generated = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    unrepresentable: 'throw',
    metadata,
    override(ctx) {
      const extras = jsonSchemaExtras.get(ctx.zodSchema);
      if (!extras) return;
      for (const [key, value] of Object.entries(extras)) {
        if (value === undefined) delete ctx.jsonSchema[key];
        else ctx.jsonSchema[key] = value;
      }
    },
  }) as JSONSchema;
  const { $schema, ...rest } = generated;
  return { $schema, $id: `${BASE}${name}`, title, description, ...rest };
}

/** The four wire shapes as JSON Schema documents. */
export const jsonSchemas: {
  submission: JSONSchema;
  surveyDefinition: JSONSchema;
  ingestRequest: JSONSchema;
  ingestResponse: JSONSchema;
} = {
  submission: generate(submissionSchema, 'submission', 'Feedbackkit submission', 'One feedback response: answers keyed by question id, plus context.'),
  surveyDefinition: generate(surveyDefinitionSchema, 'survey-definition', 'Feedbackkit survey definition', 'Questions, localized text, show-if conditions, reason codes and thank-you text.'),
  ingestRequest: generate(ingestRequestSchema, 'ingest-request', 'Feedbackkit ingest request (wire protocol v1)', 'The body the outbox POSTs: 1 to 500 submissions.'),
  ingestResponse: generate(ingestResponseSchema, 'ingest-response', 'Feedbackkit ingest response (wire protocol v1)', 'A backend acknowledgement: ids accepted, ids rejected with a reason.'),
};

/**
 * The committed files under `json-schema/` (file name → exact text), so the write script and
 * the staleness test serialise identically.
 */
export function jsonSchemaFiles(): Record<string, string> {
  const text = (schema: JSONSchema) => `${JSON.stringify(schema, null, 2)}\n`;
  return {
    'submission.json': text(jsonSchemas.submission),
    'survey-definition.json': text(jsonSchemas.surveyDefinition),
    'ingest-request.json': text(jsonSchemas.ingestRequest),
    'ingest-response.json': text(jsonSchemas.ingestResponse),
  };
}
