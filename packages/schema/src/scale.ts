// ScaleRef: which scale a rating or expectation-gap question uses. Its own module so a
// survey definition does not pull in the submission schemas.
import * as z from 'zod/mini';
import { LIMITS } from './limits.js';
import { finite } from './primitives.js';

/**
 * Which scale a rating uses. Only the shape is checked here (kind, integer points, finite
 * bounds, positive step); whether a value lies on the scale is core's job (`scales`).
 */
export const scaleRefSchema = /*#__PURE__*/ z.strictObject({
  kind: z.enum(['nps', 'csat', 'ces', 'stars', 'smiley', 'thumbs', 'evaluator', 'likert']),
  points: z.optional(z.int().check(z.gte(2), z.lte(LIMITS.scalePoints))),
  min: z.optional(finite),
  max: z.optional(finite),
  step: z.optional(z.number().check(z.gt(0))),
});
