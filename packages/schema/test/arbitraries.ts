// fast-check arbitraries of VALID wire values, shared by the property tests.
import fc from 'fast-check';
import type { Answer, Submission } from '@feedbackkit/core';

const hex = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: n, maxLength: n });
export const uuidv7 = fc
  .tuple(hex(8), hex(4), hex(3), fc.constantFrom('8', '9', 'a', 'b'), hex(3), hex(12))
  .map(([a, b, c, variant, d, e]) => `${a}-${b}-7${c}-${variant}${d}-${e}`);

/** Printable single-line text: letters, digits, punctuation, CJK and an emoji (a surrogate pair). */
const plainUnit = fc.oneof(
  fc.constantFrom(...'abcXYZ019 -_.:/#'),
  fc.constantFrom('满', '意', 'ü', 'é', '😀'),
);
const idText = fc.string({ unit: plainUnit, minLength: 1, maxLength: 24 }).filter((s) => s.length <= 128 && s !== '__proto__');
const freeText = fc.string({ unit: fc.oneof(plainUnit, fc.constantFrom('\n', '\t', '\r')), maxLength: 200 });
const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
const dict = <T>(value: fc.Arbitrary<T>, maxKeys: number) => fc.dictionary(idText, value, { maxKeys, noNullPrototype: true });

const scale = fc.record(
  {
    kind: fc.constantFrom('nps', 'csat', 'ces', 'stars', 'smiley', 'thumbs', 'evaluator', 'likert' as const),
    points: fc.integer({ min: 2, max: 101 }),
    min: finite,
    max: finite,
    step: fc.double({ min: Number.MIN_VALUE, noNaN: true, noDefaultInfinity: true }),
  },
  { requiredKeys: ['kind'], noNullPrototype: true },
);
const kano = fc.constantFrom('like', 'must-be', 'neutral', 'live-with', 'dislike' as const);

const answer: fc.Arbitrary<Answer> = fc.oneof(
  fc.record(
    { type: fc.constant('rating' as const), scale, value: finite, reasons: fc.array(idText, { maxLength: 5 }) },
    { requiredKeys: ['type', 'scale', 'value'], noNullPrototype: true },
  ),
  fc.record({ type: fc.constant('choice' as const), value: fc.array(idText, { maxLength: 5 }) }, { noNullPrototype: true }),
  fc.record({ type: fc.constant('text' as const), value: freeText }, { noNullPrototype: true }),
  fc.record({ type: fc.constant('checklist' as const), value: dict(fc.boolean(), 8) }, { noNullPrototype: true }),
  fc.record({ type: fc.constant('expectation-gap' as const), dimension: idText, expectation: finite, perception: finite }, { noNullPrototype: true }),
  fc.record({ type: fc.constant('kano-pair' as const), feature: idText, functional: kano, dysfunctional: kano }, { noNullPrototype: true }),
  fc.record({ type: fc.constant('consent' as const), value: fc.boolean(), contact: idText }, { requiredKeys: ['type', 'value'], noNullPrototype: true }),
);

export const isoDate = fc
  .tuple(
    fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2090-12-31T23:59:59Z'), noInvalidDate: true }),
    fc.constantFrom('Z', '+08:00', '-03:30', '+00:00', '+14:00'),
  )
  .map(([d, offset]) => d.toISOString().replace('Z', offset));

export const submission: fc.Arbitrary<Submission> = fc.record(
  {
    id: uuidv7,
    createdAt: isoDate,
    survey: fc.record({ id: idText, version: fc.integer({ min: 0, max: 2_147_483_647 }) }, { requiredKeys: ['id'], noNullPrototype: true }),
    status: fc.constantFrom('complete', 'partial', 'no-rating' as const),
    answers: dict(answer, 6),
    context: fc.record(
      {
        site: idText,
        channel: fc.oneof(fc.constantFrom('counter', 'kiosk', 'web', 'app', 'phone', 'sms', 'email', 'comment-box'), idText),
        branch: idText,
        branchTier: idText,
        counter: idText,
        staff: idText,
        transaction: idText,
        stage: idText,
        segment: idText,
        locale: fc.constantFrom('en', 'zh-CN', 'zh-Hant-TW', 'es-419'),
        page: fc.string({ unit: plainUnit, minLength: 1, maxLength: 200 }),
        measures: fc.record(
          {
            waitSeconds: fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }),
            handlingSeconds: fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }),
            errors: fc.nat(),
            queueLength: finite,
          },
          { requiredKeys: [], noNullPrototype: true },
        ),
        flags: fc.array(idText, { maxLength: 4 }),
      },
      { requiredKeys: [], noNullPrototype: true },
    ),
    classification: fc.constantFrom('secret', 'confidential', 'top-secret' as const),
  },
  { requiredKeys: ['id', 'createdAt', 'status', 'answers', 'context'], noNullPrototype: true },
);
