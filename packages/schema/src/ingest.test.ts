import { describe, expect, it } from 'vitest';
import { clone, ID, ID2, ingestRequest, submission } from '../test/fixtures.js';
import { LIMITS } from './limits.js';
import { parseIngestRequest, safeParseIngestRequest } from './ingest.js';
import { parseIngestResponse, safeParseIngestResponse } from './ingest-response.js';
import { SchemaError, type SchemaIssue } from './issues.js';

function requestIssues(input: unknown): SchemaIssue[] {
  const result = safeParseIngestRequest(input);
  if (result.success) throw new Error('expected the request to be rejected');
  return result.issues;
}
function responseIssues(input: unknown): SchemaIssue[] {
  const result = safeParseIngestResponse(input);
  if (result.success) throw new Error('expected the response to be rejected');
  return result.issues;
}

/** `n` distinct UUIDv7s: the counter fills the last 12 hex digits. */
function ids(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `019370f4-3c1a-7b2e-bf00-${i.toString(16).padStart(12, '0')}`);
}

describe('ingest request (wire protocol v1)', () => {
  it('accepts the BRIEF example shape and returns it unchanged', () => {
    const input = ingestRequest();
    expect(parseIngestRequest(clone(input))).toEqual(input);
  });

  it(`accepts 1 and ${LIMITS.batch} submissions, rejects 0 and ${LIMITS.batch + 1}`, () => {
    const batch = (n: number) => ingestRequest({ submissions: ids(n).map((id) => submission({ id })) });
    expect(safeParseIngestRequest(batch(1)).success).toBe(true);
    expect(safeParseIngestRequest(batch(500)).success).toBe(true);
    expect(requestIssues(batch(0))).toEqual([{ path: 'submissions', message: 'must have at least 1 item' }]);
    expect(requestIssues(batch(501))).toEqual([{ path: 'submissions', message: 'must have at most 500 items, got 501' }]);
  });

  it('requires protocol 1 and an ISO sentAt', () => {
    expect(requestIssues(ingestRequest({ protocol: 2 as 1 }))).toEqual([{ path: 'protocol', message: 'expected 1, got 2' }]);
    expect(requestIssues({ ...ingestRequest(), protocol: '1' })[0]!.path).toBe('protocol');
    expect(requestIssues(ingestRequest({ sentAt: 'now' }))[0]).toEqual({
      path: 'sentAt',
      message: 'expected an ISO 8601 date-time with an offset, e.g. "2026-11-22T10:00:00.000Z", got "now"',
    });
  });

  it('names the failing submission by index', () => {
    const input = clone(ingestRequest()) as Record<string, any>;
    input.submissions[1].answers.q1.value = 'nine';
    expect(requestIssues(input)).toEqual([{ path: 'submissions[1].answers.q1.value', message: 'expected a finite number, got "nine"' }]);
  });

  it('rejects the same id twice in one batch', () => {
    expect(requestIssues(ingestRequest({ submissions: [submission(), submission({ id: ID2 }), submission()] }))).toEqual([
      { path: 'submissions[2].id', message: 'duplicate submission id (first at submissions[0])' },
    ]);
  });

  it('throws SchemaError with code invalid-ingest-request', () => {
    expect(() => parseIngestRequest({})).toThrow(SchemaError);
    try {
      parseIngestRequest({});
    } catch (e) {
      expect((e as SchemaError).code).toBe('invalid-ingest-request');
      expect((e as SchemaError).field).toBe('protocol');
    }
  });
});

describe('ingest response: only a real acknowledgement passes', () => {
  it('accepts accepted ids and rejections with an optional code', () => {
    const body = { accepted: [ID], rejected: [{ id: ID2, reason: 'unknown survey', code: 'unknown-survey' }] };
    expect(parseIngestResponse(clone(body))).toEqual(body);
    expect(parseIngestResponse({ accepted: [], rejected: [] })).toEqual({ accepted: [], rejected: [] });
  });

  it('ignores and drops extra fields a backend adds', () => {
    expect(parseIngestResponse({ accepted: [ID], rejected: [{ id: ID2, reason: 'x', status: 409 }], serverTime: 'now' })).toEqual({
      accepted: [ID],
      rejected: [{ id: ID2, reason: 'x' }],
    });
  });

  it('refuses captive-portal and proxy bodies', () => {
    for (const body of ['<html><body>Login</body></html>', null, {}, [], { ok: true }, { status: 'ok' }, 1]) {
      expect(safeParseIngestResponse(body).success, JSON.stringify(body)).toBe(false);
    }
  });

  it('refuses wrong types inside the lists', () => {
    expect(responseIssues({ accepted: ID, rejected: [] })).toEqual([{ path: 'accepted', message: `expected an array, got "${ID}"` }]);
    expect(responseIssues({ accepted: [1], rejected: [] })).toEqual([{ path: 'accepted[0]', message: 'expected text, got 1' }]);
    expect(responseIssues({ accepted: [''], rejected: [] })).toEqual([{ path: 'accepted[0]', message: 'must not be empty' }]);
    expect(responseIssues({ accepted: [] })).toEqual([{ path: 'rejected', message: 'is required (expected an array)' }]);
    expect(responseIssues({ accepted: [], rejected: [ID] })).toEqual([{ path: 'rejected[0]', message: `expected an object, got "${ID}"` }]);
    expect(responseIssues({ accepted: [], rejected: [{ id: ID }] })).toEqual([{ path: 'rejected[0].reason', message: 'is required (expected text)' }]);
  });

  it('refuses an id that is both accepted and rejected', () => {
    expect(responseIssues({ accepted: [ID], rejected: [{ id: ID, reason: 'dup' }] })).toEqual([
      { path: 'rejected[0].id', message: `id "${ID}" is both accepted and rejected` },
    ]);
  });

  it(`bounds list sizes at ${LIMITS.batch} and reasons at ${LIMITS.reasonLength} characters`, () => {
    expect(safeParseIngestResponse({ accepted: ids(500), rejected: [] }).success).toBe(true);
    expect(responseIssues({ accepted: ids(501), rejected: [] })[0]!.message).toBe('must have at most 500 items, got 501');
    expect(responseIssues({ accepted: [], rejected: [{ id: ID, reason: 'r'.repeat(2001) }] })[0]).toEqual({
      path: 'rejected[0].reason',
      message: 'must have at most 2000 characters, got 2001',
    });
  });

  it('throws SchemaError with code invalid-ingest-response', () => {
    try {
      parseIngestResponse('<html>');
      throw new Error('expected a throw');
    } catch (e) {
      expect(e).toBeInstanceOf(SchemaError);
      expect((e as SchemaError).code).toBe('invalid-ingest-response');
      expect((e as SchemaError).field).toBe('');
      expect((e as SchemaError).message).toBe('invalid ingest response: 1 problem\n  (root): expected an object, got "<html>"');
    }
  });
});
