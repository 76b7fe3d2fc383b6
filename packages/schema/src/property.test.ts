// Laws: every valid submission (and ingest request) parses to a deep-equal value, and
// survives a JSON round trip unchanged.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoDate, submission } from '../test/arbitraries.js';
import { parseIngestRequest } from './ingest.js';
import { parseSubmission } from './submission.js';

describe('properties', () => {
  it('any valid submission parses to a deep-equal value', () => {
    fc.assert(
      fc.property(submission, (s) => {
        expect(parseSubmission(s)).toStrictEqual(s);
      }),
      { numRuns: 300 },
    );
  });

  it('JSON round trip: the parsed value re-serialises to the same JSON and parses again', () => {
    fc.assert(
      fc.property(submission, (s) => {
        const wire = JSON.stringify(s);
        const parsed = parseSubmission(JSON.parse(wire));
        expect(JSON.stringify(parsed)).toBe(wire);
        expect(parseSubmission(JSON.parse(JSON.stringify(parsed)))).toEqual(parsed);
      }),
      { numRuns: 300 },
    );
  });

  it('a batch of distinct valid submissions parses to a deep-equal ingest request', () => {
    fc.assert(
      fc.property(fc.uniqueArray(submission, { minLength: 1, maxLength: 5, selector: (s) => s.id }), isoDate, (submissions, sentAt) => {
        const request = { protocol: 1 as const, sentAt, submissions };
        expect(parseIngestRequest(request)).toStrictEqual(request);
      }),
      { numRuns: 100 },
    );
  });
});
