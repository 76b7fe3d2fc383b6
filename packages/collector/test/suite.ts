/**
 * The collector's behaviour, written once and run against every storage backend
 * (in-memory PGlite in pglite.test.ts, a real PostgreSQL server in postgres.test.ts).
 */
import fc from 'fast-check';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { scaleFor, type Submission, type Tally } from '@feedbackkit/core';
import type { SqlClient } from '../src/sql.js';
import { ADMIN, BASE, SITE_KEY, batch, count, harnessesOn, rating, readEvents, resetDatabase, submission, submissionIds, uuid, cellsDrift, rollupDrift, type Harness } from './helpers.js';
import { defaultScaleRef, talliesFromCounts, type CollectorOptions } from '../src/index.js';
import { summarise, type ScoreSummary, type WindowCell } from '../src/scores.js';
import type { CountRow, TallyQuery } from '../src/store.js';
import { CONTEXT_KEYS, type Dim } from '../src/migrations.js';

const npsAt = (branch: string, value: number, extra: Partial<Submission> = {}) => submission({ value, context: { channel: 'web', branch }, ...extra });

export function collectorSuite(label: string, open: () => Promise<SqlClient>, close: (sql: SqlClient) => Promise<void>): void {
  describe(`collector on ${label}`, () => {
    const db = harnessesOn(open, close);
    const make = db.make;
    let sql: SqlClient;
    let h: Harness;

    beforeAll(() => {
      sql = db.sql();
    });
    beforeEach(async () => {
      h = make();
      await h.c.ready;
      await resetDatabase(sql);
    });

    describe('ingest (wire protocol v1)', () => {
      it('stores a valid batch and echoes every id as accepted', async () => {
        const items = [submission({ value: 10 }), submission({ value: 3 })];
        const res = await h.post(batch(items));
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ accepted: [items[0]!.id, items[1]!.id], rejected: [] });
        expect(await count(sql, 'submissions')).toBe(2);
        expect(await count(sql, 'ratings')).toBe(2);
      });

      it('acknowledges a re-sent id again and stores it once', async () => {
        const s = submission({ value: 7 });
        const first = await (await h.post(batch([s]))).json();
        const again = await h.post(batch([s], '2026-11-20T10:05:00.000Z'));
        expect(again.status).toBe(200);
        expect(first).toEqual({ accepted: [s.id], rejected: [] });
        expect(await again.json()).toEqual({ accepted: [s.id], rejected: [] });
        expect(await count(sql, 'submissions')).toBe(1);
        expect(await count(sql, 'ratings')).toBe(1);
      });

      it('treats a re-sent payload with keys in another order as the same payload', async () => {
        const s = submission({ value: 7 });
        await h.post(batch([s]));
        const reordered = { context: s.context, answers: s.answers, status: s.status, createdAt: s.createdAt, id: s.id };
        expect(await (await h.post(batch([reordered]))).json()).toEqual({ accepted: [s.id], rejected: [] });
      });

      it('rejects the same id with a different payload as a conflict and keeps the original', async () => {
        const s = submission({ value: 10 });
        await h.post(batch([s]));
        const changed = { ...s, answers: { q1: rating('nps', 0) } };
        const res = await h.post(batch([changed]));
        const body = await res.json();
        expect(res.status).toBe(422);
        expect(body.accepted).toEqual([]);
        expect(body.rejected).toEqual([{ id: s.id, code: 'conflict', reason: expect.stringContaining('different payload') }]);
        const { rows } = await sql.query<{ value: number }>('SELECT value FROM ratings');
        expect(rows.map((r) => Number(r.value))).toEqual([10]);
      });

      it('rejects bad items one by one and keeps every valid item of the batch', async () => {
        const good1 = submission({ value: 9 });
        const offScale = submission({ value: 11 });
        const wrongType = { ...submission(), answers: { q1: { type: 'rating', scale: { kind: 'nps' }, value: 'nine' } } };
        const good2 = submission({ value: 2 });
        const res = await h.post(batch([good1, offScale, wrongType, 'not an object', good2]));
        const body = await res.json();
        expect(res.status).toBe(200);
        expect(body.accepted).toEqual([good1.id, good2.id]);
        expect(body.rejected).toHaveLength(3);
        expect(body.rejected[0]).toMatchObject({ id: offScale.id, code: 'invalid' });
        expect(body.rejected[0].reason).toMatch(/answers\.q1/);
        expect(body.rejected[0].reason).toMatch(/11/);
        expect(body.rejected[1]).toMatchObject({ id: wrongType.id, code: 'invalid' });
        expect(body.rejected[1].reason).toMatch(/answers\.q1\.value/);
        expect(body.rejected[2]).toMatchObject({ id: '#3', code: 'invalid' });
        expect(await count(sql, 'submissions')).toBe(2);
      });

      it('accepts an id twice in one batch when the payloads match, and flags a mismatch', async () => {
        const s = submission({ value: 5 });
        const other = { ...s, answers: { q1: rating('nps', 6) } };
        const body = await (await h.post(batch([s, s, other]))).json();
        expect(body.accepted).toEqual([s.id]);
        expect(body.rejected).toEqual([{ id: s.id, code: 'conflict', reason: expect.stringContaining('twice') }]);
        expect(await count(sql, 'submissions')).toBe(1);
      });

      it('records sentAt against server time and corrects windows for a clock off by more than 5 minutes', async () => {
        // Server time 10:00; the kiosk thinks it is 08:00 (sentAt) and rated at 07:30 by its clock.
        // skew = 10:00 − 08:00 = +2 h, so the rating happened at 07:30 + 2 h = 09:30 server time.
        const s = submission({ at: '2026-11-20T07:30:00.000Z' });
        await h.post(batch([s], '2026-11-20T08:00:00.000Z'));
        const { rows } = await sql.query<{ skew: number; occurred: string; created: string }>(
          "SELECT clock_skew_ms AS skew, to_char(occurred_at AT TIME ZONE 'UTC', 'HH24:MI') AS occurred, to_char(created_at AT TIME ZONE 'UTC', 'HH24:MI') AS created FROM submissions",
        );
        expect(rows[0]).toEqual({ skew: 7_200_000, occurred: '09:30', created: '07:30' });
      });

      it('keeps the client time when the skew is within tolerance', async () => {
        const s = submission({ at: '2026-11-20T09:00:00.000Z' });
        await h.post(batch([s], '2026-11-20T09:59:00.000Z')); // skew 60 s < 5 min
        const { rows } = await sql.query<{ occurred: string }>("SELECT to_char(occurred_at AT TIME ZONE 'UTC', 'HH24:MI') AS occurred FROM submissions");
        expect(rows[0]!.occurred).toBe('09:00');
      });

      it('binds a site key to its site: context.site cannot be forged', async () => {
        const bound = make({ siteKeys: [{ key: 'fk_site_bound_000001', site: 'bank-main' }] });
        const s = submission({ context: { site: 'someone-else', branch: 'A' } });
        await bound.c.handle(
          new Request(`${BASE}/v1/submissions`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-feedbackkit-key': 'fk_site_bound_000001' }, body: batch([s]) }),
        );
        const { rows } = await sql.query<{ site: string }>('SELECT site FROM submissions');
        expect(rows[0]!.site).toBe('bank-main');
      });

      it('rejects submissions of unknown surveys when a survey registry is configured', async () => {
        const reg = make({
          surveys: [{ id: 'post-transfer', version: 2, questions: [{ id: 'q1', type: 'rating', prompt: 'How likely…?', scale: { kind: 'nps' }, required: true }] }],
        });
        const known = submission({ survey: { id: 'post-transfer', version: 2 } });
        const unknown = submission({ survey: { id: 'nope', version: 1 } });
        const wrongVersion = submission({ survey: { id: 'post-transfer', version: 1 } });
        const unsurveyed = submission();
        // Known survey, but an answer to a question it does not have: core's survey logic refuses it.
        const stray = { ...submission({ survey: { id: 'post-transfer', version: 2 } }), answers: { q1: rating('nps', 9), q9: rating('nps', 1) } };
        const res = await reg.post(batch([known, unknown, wrongVersion, unsurveyed, stray]));
        const body = await res.json();
        expect(body.accepted).toEqual([known.id]);
        expect(body.rejected.map((r: { id: string; code: string }) => [r.id, r.code])).toEqual([
          [unknown.id, 'unknown-survey'],
          [wrongVersion.id, 'unknown-survey'],
          [unsurveyed.id, 'unknown-survey'],
          [stray.id, 'invalid'],
        ]);
        expect(body.rejected[3].reason).toMatch(/q9/);
      });
    });

    describe('bad input: a 4xx with a reason, never a 5xx', () => {
      const cases: Array<[string, string, number, string]> = [
        ['malformed JSON', '{"protocol":1,', 400, 'malformed-json'],
        ['an array body', '[]', 400, 'invalid-envelope'],
        ['null', 'null', 400, 'invalid-envelope'],
        ['no protocol', '{"submissions":[]}', 400, 'invalid-envelope'],
        ['protocol 2', '{"protocol":2,"sentAt":"2026-11-20T10:00:00Z","submissions":[]}', 400, 'unsupported-protocol'],
        ['protocol "1"', '{"protocol":"1","sentAt":"2026-11-20T10:00:00Z","submissions":[]}', 400, 'unsupported-protocol'],
        ['submissions not an array', '{"protocol":1,"sentAt":"2026-11-20T10:00:00Z","submissions":{}}', 400, 'invalid-envelope'],
      ];
      for (const [name, body, status, code] of cases) {
        it(`answers ${name} with ${status} ${code}`, async () => {
          const res = await h.post(body);
          expect(res.status).toBe(status);
          const json = await res.json();
          expect(json.error.code).toBe(code);
          expect(json.error.message.length).toBeGreaterThan(5);
        });
      }

      it('refuses a content type other than JSON (415) but takes text/plain from sendBeacon', async () => {
        expect((await h.post(batch([submission()]), { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
        expect((await h.post(batch([submission()]), { 'content-type': 'text/plain;charset=UTF-8' })).status).toBe(200);
      });

      it('rejects more than maxItems submissions with 413', async () => {
        const small = make({ maxItems: 3 });
        const res = await small.post(batch([submission(), submission(), submission(), submission()]));
        expect(res.status).toBe(413);
        expect((await res.json()).error.code).toBe('batch-too-large');
      });

      it('answers a streamed body over the limit with 413 without reading it all', async () => {
        const small = make({ maxBodyBytes: 1000 });
        let pulled = 0;
        const body = new ReadableStream<Uint8Array>({
          pull(controller) {
            pulled += 1;
            if (pulled > 1000) controller.close();
            else controller.enqueue(new TextEncoder().encode('x'.repeat(500)));
          },
        });
        const res = await small.c.handle(
          new Request(`${BASE}/v1/submissions`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-feedbackkit-key': SITE_KEY }, body, duplex: 'half' } as RequestInit),
        );
        expect(res.status).toBe(413);
        expect((await res.json()).error.code).toBe('body-too-large');
        expect(pulled).toBeLessThan(10);
      });

      it('rejects items holding NUL characters, lone surrogates or deep nesting, and keeps the rest', async () => {
        const good = submission();
        const nul = { ...submission(), answers: { c: { type: 'text', value: 'a\u0000b' } } };
        const surrogate = { ...submission(), answers: { c: { type: 'text', value: 'x\ud800y' } } };
        let deep: unknown = 1;
        for (let i = 0; i < 100; i++) deep = [deep];
        const nested = { ...submission(), answers: deep };
        const body = await (await h.post(batch([nul, good, surrogate, nested]))).json();
        expect(body.accepted).toEqual([good.id]);
        expect(body.rejected.map((r: { code: string }) => r.code)).toEqual(['invalid', 'invalid', 'invalid']);
        expect(body.rejected[0].reason).toMatch(/NUL/);
        expect(await count(sql, 'submissions')).toBe(1);
      });

      it('stores hostile-looking but legal strings verbatim (SQL, HTML, RTL, emoji)', async () => {
        const text = "'; DROP TABLE submissions; -- <script>alert(1)</script> \u202Eevil 😀 你好";
        const s = { ...submission(), answers: { q1: rating('nps', 9), c: { type: 'text' as const, value: text } } };
        expect((await (await h.post(batch([s]))).json()).accepted).toEqual([s.id]);
        const { rows } = await sql.query<{ t: string }>("SELECT payload->'answers'->'c'->>'value' AS t FROM submissions");
        expect(rows[0]!.t).toBe(text);
      });

      it('answers unknown paths with 404 and wrong methods with 405', async () => {
        expect((await h.get('/nope')).status).toBe(404);
        expect((await h.get('/v1/submissions')).status).toBe(405);
        expect((await h.admin('/v1/scores', { method: 'DELETE' })).status).toBe(405);
      });
    });

    describe('security', () => {
      it('requires a known site key to write', async () => {
        const s = batch([submission()]);
        const missing = await h.post(s, { 'x-feedbackkit-key': '' });
        expect(missing.status).toBe(401);
        const wrong = await h.post(s, { 'x-feedbackkit-key': 'fk_site_wrong' });
        expect(wrong.status).toBe(401);
        expect((await wrong.json()).error.code).toBe('invalid-key');
        expect(await count(sql, 'submissions')).toBe(0);
      });

      it('requires an admin bearer token for every read', async () => {
        for (const path of ['/v1/scores', '/v1/alerts', '/v1/rankings', '/v1/reasons', '/v1/trends', '/v1/export', '/v1/stream', '/v1/audit']) {
          const none = await h.get(path);
          expect(none.status, path).toBe(401);
          expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
          expect((await h.get(path, { authorization: 'Bearer wrong-token-wrong-token' })).status, path).toBe(401);
          expect((await h.get(path, { authorization: `Bearer ${SITE_KEY}` })).status, path).toBe(401);
        }
        expect((await h.admin('/v1/scores')).status).toBe(200);
      });

      it('sends strict security headers on every response', async () => {
        for (const res of [await h.get('/healthz'), await h.post(batch([submission()])), await h.get('/v1/scores')]) {
          expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
          expect(res.headers.get('x-content-type-options')).toBe('nosniff');
          expect(res.headers.get('referrer-policy')).toBe('no-referrer');
          expect(res.headers.get('x-frame-options')).toBe('DENY');
          expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
          expect(res.headers.get('permissions-policy')).toMatch(/camera=\(\)/);
          expect(res.headers.get('cache-control')).toBe('no-store');
          expect(res.headers.get('strict-transport-security')).toBeNull();
        }
        const tls = make({ hsts: true });
        expect((await tls.get('/healthz')).headers.get('strict-transport-security')).toMatch(/max-age=/);
      });

      it('answers CORS preflights for allowed origins only', async () => {
        const ok = await h.c.handle(new Request(`${BASE}/v1/submissions`, { method: 'OPTIONS', headers: { origin: 'https://bank.example', 'access-control-request-method': 'POST' } }));
        expect(ok.status).toBe(204);
        expect(ok.headers.get('access-control-allow-origin')).toBe('https://bank.example');
        expect(ok.headers.get('access-control-allow-headers')).toMatch(/x-feedbackkit-key/);
        const bad = await h.c.handle(new Request(`${BASE}/v1/submissions`, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } }));
        expect(bad.status).toBe(403);
        expect(bad.headers.get('access-control-allow-origin')).toBeNull();
      });

      it('binds the site key to its origins on POST; same-origin and origin-less clients pass', async () => {
        const fromBank = await h.post(batch([submission()]), { origin: 'https://bank.example' });
        expect(fromBank.status).toBe(200);
        expect(fromBank.headers.get('access-control-allow-origin')).toBe('https://bank.example');
        const fromEvil = await h.post(batch([submission()]), { origin: 'https://evil.example' });
        expect(fromEvil.status).toBe(403);
        expect((await fromEvil.json()).error.code).toBe('origin-not-allowed');
        expect((await h.post(batch([submission()]), { origin: BASE })).status).toBe(200);
        expect((await h.post(batch([submission()]))).status).toBe(200);
        expect(await count(sql, 'submissions')).toBe(3);
      });

      it('lets an allowed browser origin read error answers: CORS headers on 401 and 429, Retry-After exposed', async () => {
        const rl = make({ rateLimits: { perKey: { burst: 1, perSecond: 1 }, perAddress: false } });
        const origin = { origin: 'https://bank.example' };
        const badKey = await rl.post(batch([submission()]), { ...origin, 'x-feedbackkit-key': 'fk_site_nope' });
        expect(badKey.status).toBe(401);
        expect(badKey.headers.get('access-control-allow-origin')).toBe('https://bank.example');
        expect((await rl.post(batch([submission()]), origin)).status).toBe(200);
        const limited = await rl.post(batch([submission()]), origin);
        expect(limited.status).toBe(429);
        expect(limited.headers.get('access-control-allow-origin')).toBe('https://bank.example');
        expect(limited.headers.get('access-control-expose-headers')).toMatch(/retry-after/i);
        const evil = await rl.post(batch([submission()]), { origin: 'https://evil.example', 'x-feedbackkit-key': 'fk_site_nope' });
        expect(evil.headers.get('access-control-allow-origin')).toBeNull();
      });

      it('rate-limits per site key with 429 and Retry-After, and lets the client back in after waiting', async () => {
        const rl = make({ rateLimits: { perKey: { burst: 2, perSecond: 1 }, perAddress: false } });
        expect((await rl.post(batch([submission()]))).status).toBe(200);
        expect((await rl.post(batch([submission()]))).status).toBe(200);
        const limited = await rl.post(batch([submission()]));
        expect(limited.status).toBe(429);
        expect(limited.headers.get('retry-after')).toBe('1');
        rl.clock.now = new Date(rl.clock.now.getTime() + 1000);
        expect((await rl.post(batch([submission()]))).status).toBe(200);
      });

      it('takes the client address from X-Forwarded-For only with trustProxy (the last entry: the one the proxy appended)', async () => {
        const proxied = make({ trustProxy: true, rateLimits: { perKey: false, perAddress: { burst: 1, perSecond: 0.5 } } });
        expect((await proxied.post(batch([submission()]), { 'x-forwarded-for': '10.0.0.9, 198.51.100.1' })).status).toBe(200);
        expect((await proxied.post(batch([submission()]), { 'x-forwarded-for': '198.51.100.2' })).status).toBe(200);
        expect((await proxied.post(batch([submission()]), { 'x-forwarded-for': '198.51.100.1' })).status).toBe(429);
        const direct = make({ rateLimits: { perKey: false, perAddress: { burst: 1, perSecond: 0.5 } } });
        expect((await direct.post(batch([submission()]), { 'x-forwarded-for': '198.51.100.3' })).status).toBe(200);
        expect((await direct.post(batch([submission()]), { 'x-forwarded-for': '198.51.100.4' })).status).toBe(429); // same peer 10.0.0.1
      });

      it('accepts the site key as ?key= for navigator.sendBeacon (text/plain, no custom headers)', async () => {
        const s = submission();
        const res = await h.c.handle(new Request(`${BASE}/v1/submissions?key=${SITE_KEY}`, { method: 'POST', headers: { 'content-type': 'text/plain;charset=UTF-8' }, body: batch([s]) }));
        expect(res.status).toBe(200);
        expect((await res.json()).accepted).toEqual([s.id]);
      });

      it('rate-limits per client address across keys', async () => {
        const rl = make({ rateLimits: { perKey: false, perAddress: { burst: 1, perSecond: 0.5 } } });
        expect((await rl.post(batch([submission()]), {}, '192.0.2.1')).status).toBe(200);
        const limited = await rl.post(batch([submission()]), {}, '192.0.2.1');
        expect(limited.status).toBe(429);
        expect(limited.headers.get('retry-after')).toBe('2'); // one token at 0.5/s takes 2 s
        expect((await rl.post(batch([submission()]), {}, '192.0.2.2')).status).toBe(200);
      });
    });

    describe('read API', () => {
      async function seed(items: Submission[], sentAt?: string): Promise<void> {
        const res = await h.post(batch(items, sentAt));
        const body = await res.json();
        expect(body.rejected).toEqual([]);
      }

      it('refuses an answer of more than maxCells cells with 422 answer-too-large, before reading it when the rollups know its size; serves one at the limit', async () => {
        // Three tellers on four days at branch A: staff × day is 12 cells.
        const items = ['s1', 's2', 's3'].flatMap((staff, i) =>
          [16, 17, 18, 19].map((day) => npsAt('A', 6 + i, { createdAt: `2026-11-${day}T10:00:00.000Z`, context: { channel: 'web', branch: 'A', staff } })),
        );
        await seed(items);
        await h.c.store.fold();
        const cells = (body: { groups: Array<{ windows: unknown[] }> }) => body.groups.reduce((n, g) => n + g.windows.length, 0);
        const q = '/v1/scores?metric=nps&groupBy=staff&window=day&detail=summary';
        const atLimit = make({ maxCells: 12 });
        const ok = await atLimit.admin(q);
        expect(ok.status).toBe(200);
        expect(cells(await ok.json())).toBe(12);
        expect((await atLimit.admin(`${q}&branch=A`)).status).toBe(200);
        const tight = make({ maxCells: 11 });
        const read = vi.spyOn(tight.c.store, 'countTallies');
        const refused = async (path: string) => {
          const res = await tight.admin(path);
          expect(res.status).toBe(422);
          const { error } = await res.json();
          expect(error.code).toBe('answer-too-large');
          expect(error.message).toContain('12 cells');
          expect(error.message).toContain('limit of 11 (maxCells)');
          for (const hint of ['from/to', 'coarser window', 'filter']) expect(error.message).toContain(hint);
          return error.message as string;
        };
        // Unfiltered: sized from the daily cells and refused without reading the answer; the count
        // stops at maxCells + 1 (here all 12 cells), so the message says "at least".
        expect(await refused(q)).toContain('at least 12 cells');
        expect(await refused('/v1/trends?metric=nps&groupBy=staff&window=day')).toContain('at least 12 cells');
        // Another zone: sized from the monthly rollup (3 tellers) × the days holding ratings (4).
        expect(await refused(`${q}&tz=Asia/Shanghai`)).toContain('about 12 cells');
        expect(read).not.toHaveBeenCalled();
        // A context filter: no rollup knows the size, so the answer is counted, before it is scored.
        const filtered = await refused(`${q}&branch=A`);
        expect(filtered).not.toContain('about');
        expect(read).toHaveBeenCalledTimes(1);
        // Coarser or shorter queries are served.
        expect((await tight.admin('/v1/scores?metric=nps&groupBy=staff&window=week')).status).toBe(200);
        expect((await tight.admin(`${q}&from=2026-11-18`)).status).toBe(200);
        // The default (25,000) leaves the small answers alone; Infinity turns the guard off.
        expect((await h.admin(q)).status).toBe(200);
        expect((await make({ maxCells: Infinity }).admin(`${q}&tz=Asia/Shanghai`)).status).toBe(200);
      });

      it('sizes day and week answers from the cells with a count that stops past maxCells: exactly maxCells answered, maxCells + 1 refused, at every limit', async () => {
        // Four tellers on five days at branch A (two questions on the NPS scale: a cell is counted once, not per question),
        // and one rating without a teller (the "(none)" group, which only the read counts).
        const items = ['s1', 's2', 's3', 's4'].flatMap((staff) =>
          [16, 17, 18, 19, 20].map((day) => ({
            ...npsAt('A', 7, { createdAt: `2026-11-${day}T10:00:00.000Z`, context: { channel: 'web', branch: 'A', staff } }),
            answers: { q1: rating('nps', 9), q2: rating('nps', 3) },
          })),
        );
        // Received after the last of them (a rating is never stored later than its receipt).
        h.clock.now = new Date('2026-11-24T00:00:00.000Z');
        await seed([...items, npsAt('A', 5, { createdAt: '2026-11-23T10:00:00.000Z' })], '2026-11-24T00:00:00.000Z');
        await h.c.store.fold();
        const day = '/v1/scores?metric=nps&groupBy=staff&window=day&detail=summary';
        const week = '/v1/scores?metric=nps&groupBy=staff&window=week&detail=summary';
        const cells = async (res: Response) => ((await res.json()) as { groups: Array<{ windows: unknown[] }> }).groups.reduce((n, g) => n + g.windows.length, 0);
        // What the store says, with and without a limit.
        const dayQuery: TallyQuery = { scaleId: 'nps', groupBy: 'staff', window: 'day', tz: 'UTC' };
        expect(await h.c.store.estimateCells(dayQuery)).toEqual({ cells: 20, kind: 'counted' });
        expect(await h.c.store.estimateCells(dayQuery, { limit: 20 })).toEqual({ cells: 20, kind: 'counted' });
        expect(await h.c.store.estimateCells(dayQuery, { limit: 19 })).toEqual({ cells: 20, kind: 'at least' });
        expect(await h.c.store.estimateCells(dayQuery, { limit: 5 })).toEqual({ cells: 6, kind: 'at least' });
        expect(await h.c.store.estimateCells({ ...dayQuery, window: 'week' }, { limit: 3 })).toEqual({ cells: 4, kind: 'at least' });
        expect(await h.c.store.estimateCells({ ...dayQuery, tz: 'Asia/Shanghai' }, { limit: 5 })).toEqual({ cells: 24, kind: 'about' }); // 4 tellers × 6 days with ratings
        // 20 teller-days + the "(none)" group's day = 21 cells answered; 4 teller-weeks + (none) in the next week = 5.
        for (const [path, size] of [[day, 21], [week, 5]] as const) {
          const at = make({ maxCells: size });
          const ok = await at.admin(path);
          expect(ok.status).toBe(200);
          expect(await cells(ok)).toBe(size);
          // One fewer: the cells tables say at most size - 1 (no "(none)" group there), the read finds size: refused after the read.
          const under = await make({ maxCells: size - 1 }).admin(path);
          expect(under.status).toBe(422);
          const { error } = await under.json();
          expect(error.code).toBe('answer-too-large');
          expect(error.message).toContain(`would have ${size} cells`);
          // Two fewer and below: refused from the count, which stops at the limit + 1.
          for (const limit of [size - 2, 1]) {
            const small = make({ maxCells: limit });
            const read = vi.spyOn(small.c.store, 'countTallies');
            const res = await small.admin(path);
            expect(res.status).toBe(422);
            const body = await res.json();
            expect(body.error.code).toBe('answer-too-large');
            expect(body.error.message).toContain(`at least ${(limit + 1).toLocaleString('en')} cells`);
            expect(body.error.message).toContain(`limit of ${limit.toLocaleString('en')} (maxCells)`);
            expect(read).not.toHaveBeenCalled();
          }
        }
      });

      it('scores NPS per branch from SQL tallies (worked by hand)', async () => {
        // A: 10 9 8 7 6 0 → promoters 2/6, detractors 2/6 → NPS 0.
        // B: 10 10 9 6     → promoters 3/4 = 75 %, detractors 1/4 = 25 % → NPS 50.
        // All 10: promoters 5 (50 %), detractors 3 (30 %) → NPS 20.
        await seed([...[10, 9, 8, 7, 6, 0].map((v) => npsAt('A', v)), ...[10, 10, 9, 6].map((v) => npsAt('B', v))]);
        const res = await h.admin('/v1/scores?metric=nps&groupBy=branch');
        expect(res.status).toBe(200);
        const body = await res.json();
        expect(body.query).toMatchObject({ metric: 'nps', scale: 'nps', groupBy: 'branch' });
        const byGroup = Object.fromEntries(body.groups.map((g: { group: string; total: { score: number; n: number } }) => [g.group, g.total]));
        expect(byGroup.A.n).toBe(6);
        expect(byGroup.A.score).toBeCloseTo(0, 9);
        expect(byGroup.B.n).toBe(4);
        expect(byGroup.B.score).toBeCloseTo(50, 9);
        expect(body.overall.n).toBe(10);
        expect(body.overall.score).toBeCloseTo(20, 9);
        expect(body.overall.metrics.nps.promoters).toBeCloseTo(50, 9);
        expect(body.overall.metrics.nps.detractors).toBeCloseTo(30, 9);
        // Distribution of B: two 10s, one 9, one 6.
        const dist = Object.fromEntries(byGroup.B.distribution.map((d: { value: number; count: number }) => [d.value, d.count]));
        expect(dist).toMatchObject({ 10: 2, 9: 1, 6: 1, 0: 0 });
        expect(byGroup.B.tally.counts.reduce((a: number, b: number) => a + b, 0)).toBe(4);
      });

      it('scores CSAT top-2-box with a Wilson interval (worked by hand)', async () => {
        // 5 4 3 2 1 5 on 1–5: top-2-box = {5, 4, 5} = 3/6 = 50 %.
        // Wilson 95 %: centre (0.5 + 1.96²/12)/(1 + 1.96²/6) = 0.5;
        // half-width 1.96·√(0.25/6 + 1.96²/144)/(1 + 1.96²/6) = 1.96·0.261429/1.640267 = 0.312390
        // → [18.761 %, 81.239 %].
        await seed([5, 4, 3, 2, 1, 5].map((v) => submission({ answers: { q: rating('csat', v, { points: 5 }) } })));
        const body = await (await h.admin('/v1/scores?metric=csat')).json();
        expect(body.overall.n).toBe(6);
        expect(body.overall.score).toBeCloseTo(50, 9);
        expect(body.overall.ci[0]).toBeCloseTo(18.761, 2);
        expect(body.overall.ci[1]).toBeCloseTo(81.239, 2);
      });

      it('scores CES as a mean, and never mixes scales in one tally', async () => {
        // CES 1–7: 7 6 5 2 → mean 20/4 = 5. A CSAT answer in the same submissions is ignored.
        await seed([7, 6, 5, 2].map((v) => submission({ answers: { e: rating('ces', v, { points: 7 }), s: rating('csat', 1, { points: 5 }) } })));
        const body = await (await h.admin('/v1/scores?metric=ces')).json();
        expect(body.overall.n).toBe(4);
        expect(body.overall.score).toBeCloseTo(5, 9);
        const csat3 = await (await h.admin('/v1/scores?metric=csat&points=3')).json();
        expect(csat3.overall).toBeNull();
      });

      it('scores the counter evaluator as a 0–100 index (worked by hand)', async () => {
        // Evaluator 3 levels, points 3/2/1: 3 3 2 1 → mean 9/4 = 2.25 → (2.25 − 1)/(3 − 1)·100 = 62.5.
        await seed([3, 3, 2, 1].map((v) => submission({ answers: { e: rating('evaluator', v, { points: 3 }) } })));
        const body = await (await h.admin('/v1/scores?metric=index')).json();
        expect(body.query.scale).toBe('evaluator3');
        expect(body.overall.n).toBe(4);
        expect(body.overall.score).toBeCloseTo(62.5, 9);
      });

      it('cuts calendar windows in the requested time zone', async () => {
        // 2026-11-15T20:00Z is Sunday evening in UTC (ISO week of Mon 2026-11-09)
        // but Monday 04:00 in Asia/Shanghai (week of Mon 2026-11-16). ISO week 1 of 2026 starts
        // Mon 2025-12-29 (Jan 1 is a Thursday); Nov 9 is 315 days = 45 weeks later → W46, Nov 16 → W47.
        await seed([npsAt('A', 10, { createdAt: '2026-11-15T20:00:00.000Z' }), npsAt('A', 0, { createdAt: '2026-11-16T10:00:00.000Z' })], undefined);
        const utc = await (await h.admin('/v1/scores?metric=nps&window=week')).json();
        expect(utc.groups[0].windows.map((w: { window: string; summary: { n: number; score: number } }) => [w.window, w.summary.n, w.summary.score])).toEqual([
          ['2026-W46', 1, 100],
          ['2026-W47', 1, -100],
        ]);
        const sh = await (await h.admin('/v1/scores?metric=nps&window=week&tz=Asia/Shanghai')).json();
        expect(sh.groups[0].windows.map((w: { window: string; summary: { n: number } }) => [w.window, w.summary.n])).toEqual([['2026-W47', 2]]);
        // Month and quarter windows start on the 1st: both ratings fall in November / Q4.
        const q = await (await h.admin('/v1/scores?metric=nps&window=quarter')).json();
        expect(q.groups[0].windows.map((w: { window: string }) => w.window)).toEqual(['2026-Q4']);
        const mo = await (await h.admin('/v1/scores?metric=nps&window=month')).json();
        expect(mo.groups[0].windows.map((w: { window: string }) => w.window)).toEqual(['2026-11']);
      });

      it('filters by context keys and time range', async () => {
        await seed([npsAt('A', 10), npsAt('B', 0), { ...npsAt('A', 0), createdAt: '2026-10-01T00:00:00.000Z' }]);
        const a = await (await h.admin('/v1/scores?metric=nps&branch=A&from=2026-11-01')).json();
        expect(a.overall.n).toBe(1);
        expect(a.overall.score).toBe(100);
        expect(a.query.filters).toEqual({ branch: 'A' });
      });

      it('refuses a groupBy, window, tz or metric outside its whitelist with 400', async () => {
        for (const q of ['groupBy=branch;DROP TABLE ratings', 'groupBy=payload', 'window=hour', 'tz=Mars/Olympus', 'metric=revenue', 'from=yesterday', 'points=4&metric=csat', 'points=x']) {
          const res = await h.admin(`/v1/scores?${q}`);
          expect(res.status, q).toBe(400);
          expect((await res.json()).error.code, q).toBe('invalid-query');
        }
        expect(await count(sql, 'ratings')).toBe(0);
      });

      it('answers detail=summary with exactly the n, score, ci and smallSample of the full cells (property)', async () => {
        const kinds = [
          { metric: 'nps', answer: (v: number) => rating('nps', v % 11) },
          { metric: 'csat', answer: (v: number) => rating('csat', 1 + (v % 5), { points: 5 }) },
          { metric: 'ces', answer: (v: number) => rating('ces', 1 + (v % 7), { points: 7 }) },
          { metric: 'index', answer: (v: number) => rating('evaluator', 1 + (v % 3), { points: 3 }) },
        ] as const;
        const item = fc.record({
          value: fc.integer({ min: 0, max: 1000 }),
          staff: fc.constantFrom('s1', 's2', 's3'),
          branch: fc.constantFrom('A', 'B'),
          hour: fc.integer({ min: 0, max: 24 * 100 }),
        });
        const lean = (c: { n: number; score: number; ci: number[]; smallSample: boolean }) => ({ n: c.n, score: c.score, ci: c.ci, smallSample: c.smallSample });
        await fc.assert(
          fc.asyncProperty(fc.array(item, { minLength: 1, maxLength: 30 }), fc.constantFrom('', 'staff', 'branch'), fc.constantFrom('', 'day', 'week', 'month'), async (items, groupBy, window) => {
            await resetDatabase(sql);
            await seed(
              items.map((it) =>
                submission({
                  at: new Date(Date.parse('2026-08-01T00:00:00.000Z') + it.hour * 3_600_000).toISOString(),
                  answers: Object.fromEntries(kinds.map((k) => [k.metric, k.answer(it.value)])),
                  context: { branch: it.branch, staff: it.staff },
                }),
              ),
            );
            for (const { metric } of kinds) {
              const q = `metric=${metric}${groupBy ? `&groupBy=${groupBy}` : ''}${window ? `&window=${window}` : ''}`;
              const full = await (await h.admin(`/v1/scores?${q}`)).json();
              const res = await h.admin(`/v1/scores?${q}&detail=summary`);
              expect(res.status).toBe(200);
              const summary = await res.json();
              expect(summary.query.detail).toBe('summary');
              expect(summary.source).toBe(full.source);
              expect(summary.overall).toEqual(lean(full.overall));
              expect(Object.keys(summary.overall).sort()).toEqual(['ci', 'n', 'score', 'smallSample']);
              expect(summary.groups).toEqual(
                full.groups.map((g: { group: string | null; total: never; windows: Array<{ window: string; summary: never }> }) => ({
                  group: g.group,
                  total: lean(g.total),
                  windows: g.windows.map((w) => ({ window: w.window, summary: lean(w.summary) })),
                })),
              );
              // A full answer's window cell is the summary plus its counts: the whole tally, from
              // which core's tallyMetrics gives the full cell (its distribution and metrics).
              const scale = scaleFor(defaultScaleRef(metric));
              expect(full.values).toEqual(scale.values);
              for (const g of full.groups as Array<{ total: ScoreSummary; windows: Array<{ window: string; summary: WindowCell }> }>) {
                const sum = scale.values.map(() => 0);
                for (const w of g.windows) {
                  expect(Object.keys(w.summary).sort()).toEqual(['ci', 'counts', 'n', 'score', 'smallSample']);
                  const t: Tally = { scale: { ...scale.ref }, counts: w.summary.counts, weights: [...w.summary.counts], sumSquaredWeights: w.summary.n };
                  const rebuilt = summarise(metric, scale, t, 30);
                  expect(lean(rebuilt)).toEqual(lean(w.summary));
                  expect(rebuilt.distribution.reduce((a, d) => a + d.count, 0)).toBe(w.summary.n);
                  w.summary.counts.forEach((c, k) => (sum[k]! += c));
                }
                if (window) expect(sum).toEqual(g.total.tally.counts);
              }
              // Trends score their points lean: the same numbers as the full cells of the same windows.
              const trends = await (await h.admin(`/v1/trends?${q.replace(/&window=\w+/, '')}&window=${window || 'week'}`)).json();
              const fullWeeks = await (await h.admin(`/v1/scores?${q.replace(/&window=\w+/, '')}&window=${window || 'week'}`)).json();
              expect(trends.series.map((s: { group: string | null; points: Array<Record<string, unknown>> }) => ({ group: s.group, points: s.points.map(({ change: _c, window: w, ...p }) => ({ window: w, summary: p })) }))).toEqual(
                fullWeeks.groups.map((g: { group: string | null; windows: Array<{ window: string; summary: never }> }) => ({ group: g.group, points: g.windows.map((w) => ({ window: w.window, summary: lean(w.summary) })) })),
              );
            }
          }),
          { numRuns: 6 },
        );
      });

      it('refuses a detail other than summary or full with 400 on every scoring endpoint', async () => {
        for (const path of ['/v1/scores', '/v1/trends', '/v1/rankings']) {
          for (const d of ['lean', 'SUMMARY', '']) {
            const res = await h.admin(`${path}?metric=nps&detail=${d}`);
            expect(res.status, `${path} ${d}`).toBe(400);
            const body = await res.json();
            expect(body.error.code).toBe('invalid-query');
            expect(body.error.message).toMatch(/^detail: .* is not one of summary, full$/);
          }
          expect((await h.admin(`${path}?metric=nps&detail=full`)).status).toBe(200);
        }
        const plain = await (await h.admin('/v1/scores?metric=nps')).json();
        expect(plain.query.detail).toBe('full');
      });

      it('serves trends with the change from the previous window', async () => {
        // Week of 11-09: one 10 → NPS 100; week of 11-16: 10 and 0 → NPS 0; change −100.
        await seed([npsAt('A', 10, { createdAt: '2026-11-10T10:00:00.000Z' }), npsAt('A', 10, { createdAt: '2026-11-17T10:00:00.000Z' }), npsAt('A', 0, { createdAt: '2026-11-18T10:00:00.000Z' })]);
        const body = await (await h.admin('/v1/trends?metric=nps&window=week')).json();
        expect(body.series[0].points.map((p: { window: string; score: number; change: number | null }) => [p.window, p.score, p.change])).toEqual([
          ['2026-W46', 100, null],
          ['2026-W47', 0, -100],
        ]);
      });

      it('ranks staff with a minimum sample and shrinkage toward the overall score (worked by hand)', async () => {
        // CSAT 1–5 top-2-box. s1: 5 5 (n 2, unranked under minN 3).
        // s2: 5 5 5 4 → 4/4 = 100 %.  s3: 5 4 3 2 1 5 5 5 → 5/8 = 62.5 %.
        // Overall: (2 + 4 + 5)/14 = 78.5714 %. Prior strength m = 3 pseudo-responses:
        // s2 (4·100 + 3·78.5714)/7 = 90.8163;  s3 (8·62.5 + 3·78.5714)/11 = 66.8831.
        const cs = (staff: string, v: number) => submission({ answers: { q: rating('csat', v, { points: 5 }) }, context: { staff } });
        await seed([...[5, 5].map((v) => cs('s1', v)), ...[5, 5, 5, 4].map((v) => cs('s2', v)), ...[5, 4, 3, 2, 1, 5, 5, 5].map((v) => cs('s3', v))]);
        const body = await (await h.admin('/v1/rankings?metric=csat&groupBy=staff&minN=3&m=3')).json();
        expect(body.ranked.map((r: { id: string; rank: number }) => [r.id, r.rank])).toEqual([
          ['s2', 1],
          ['s3', 2],
        ]);
        expect(body.ranked[0].shrunk).toBeCloseTo(90.8163, 3);
        expect(body.ranked[1].shrunk).toBeCloseTo(66.8831, 3);
        expect(body.prior).toBeCloseTo(78.5714, 3);
        expect(body.unranked.map((r: { id: string; n: number; rank: null }) => [r.id, r.n, r.rank])).toEqual([['s1', 2, null]]);
        expect(body.overall.score).toBeCloseTo(78.5714, 3);
      });

      it('breaks down reason codes ("main causes of dissatisfaction")', async () => {
        // Four ratings, two name reasons: wait ×2, attitude ×1.
        await seed([
          submission({ answers: { q: rating('nps', 0, { reasons: ['wait', 'attitude'] }) } }),
          submission({ answers: { q: rating('nps', 3, { reasons: ['wait'] }) } }),
          submission({ answers: { q: rating('nps', 5) } }),
          submission({ answers: { q: rating('nps', 10) } }),
        ]);
        const body = await (await h.admin('/v1/reasons?metric=nps')).json();
        expect(body.groups).toHaveLength(1);
        expect(body.groups[0]).toMatchObject({ ratings: 4, ratingsWithReasons: 2 });
        expect(body.groups[0].reasons).toEqual([
          { code: 'wait', count: 2, shareOfRatingsWithReasons: 100, shareOfRatings: 50 },
          { code: 'attitude', count: 1, shareOfRatingsWithReasons: 50, shareOfRatings: 25 },
        ]);
      });

      it('exports JSON and CSV, and writes every export to the audit log', async () => {
        const s = { ...submission({ value: 9 }), answers: { q1: rating('nps', 9), c: { type: 'text' as const, value: '=HYPERLINK("x")' } } };
        await seed([s, submission({ value: 2 })]);
        const json = await h.admin('/v1/export?format=json');
        expect(json.status).toBe(200);
        expect(json.headers.get('content-disposition')).toMatch(/attachment; filename="feedbackkit-.*\.json"/);
        const jb = await json.json();
        expect(jb.count).toBe(2);
        expect(jb.submissions[0]).toMatchObject({ id: s.id, status: 'complete', context: { branch: 'A', channel: 'web' } });
        const csv = await h.admin('/v1/export?format=csv&branch=A');
        expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
        const lines = (await csv.text()).trimEnd().split('\r\n');
        expect(lines).toHaveLength(3);
        expect(lines[0]!.startsWith('id,createdAt,occurredAt,receivedAt,clockSkewMs,status')).toBe(true);
        expect(lines[1]!.startsWith(`${s.id},`)).toBe(true);
        const audit = await (await h.admin('/v1/audit')).json();
        expect(audit.entries.map((e: { action: string; actor: string; detail: { format: string; rows: number } }) => [e.action, e.actor, e.detail.format, e.detail.rows])).toEqual([
          ['export', 'tester', 'csv', 2],
          ['export', 'tester', 'json', 2],
        ]);
        expect((await h.admin('/v1/export?format=xml')).status).toBe(400);
      });

      it('streams new submissions over Server-Sent Events, without free text', async () => {
        const res = await h.admin('/v1/stream');
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
        const reader = res.body!.getReader();
        const decoder = new TextDecoder();
        const hello = decoder.decode((await reader.read()).value);
        expect(hello).toMatch(/event: hello/);
        const s = { ...submission({ value: 8 }), answers: { q1: rating('nps', 8), c: { type: 'text' as const, value: 'my card is 4111' } } };
        await h.post(batch([s]));
        const chunk = decoder.decode((await reader.read()).value);
        expect(chunk).toMatch(/^id: \d+\nevent: submission\ndata: /);
        const data = JSON.parse(chunk.split('\ndata: ')[1]!);
        expect(data).toMatchObject({ id: s.id, ratings: { q1: { value: 8 } }, context: { branch: 'A' } });
        expect(chunk).not.toMatch(/4111/);
        await reader.cancel();
        expect(h.c.events.size).toBe(0);
      });

      it('streams what another collector on the same database stores, exactly once, and its own once (LISTEN/NOTIFY)', async () => {
        const b = make();
        await b.c.ready;
        expect(h.c.listening && b.c.listening).toBe(true);
        const onA = readEvents(await h.admin('/v1/stream'));
        const onB = readEvents(await b.admin('/v1/stream'));
        await onA.waitFor((e) => e.event === 'hello');
        await onB.waitFor((e) => e.event === 'hello');
        const viaB = { ...submission({ value: 4 }), answers: { q1: rating('nps', 4), c: { type: 'text' as const, value: 'secret text 4111' } } };
        const viaA = submission({ value: 9 });
        await b.post(batch([viaB]));
        await h.post(batch([viaA]));
        // Notifications go out in the background: once sent, markers sent after through the
        // other collector come behind them, and when a marker has arrived, every notification
        // before it (a stream's own ones included) has been handled.
        await Promise.all([h.c.eventsSent(), b.c.eventsSent()]);
        const markA = submission({ value: 1 });
        const markB = submission({ value: 2 });
        await h.post(batch([markA]));
        await b.post(batch([markB]));
        for (const [stream, mark] of [[onA, markB], [onB, markA]] as const) await stream.waitFor((e) => e.event === 'submission' && (e.data as { id: string }).id === mark.id);
        for (const stream of [onA, onB]) expect(submissionIds(stream.events).sort()).toEqual([viaB.id, viaA.id, markA.id, markB.id].sort());
        // The same view on both sides, never the free text.
        const seen = (stream: typeof onA) => stream.events.find((e) => e.event === 'submission' && (e.data as { id: string }).id === viaB.id)!.data;
        expect(seen(onA)).toEqual(seen(onB));
        expect(JSON.stringify(onA.events)).not.toMatch(/4111/);
        await onA.close();
        await onB.close();
      });

      it('keeps live events apart per namespace', async () => {
        const c = make({ fanout: { namespace: 'branch_office' } });
        const d = make({ fanout: { namespace: 'branch_office' } });
        await Promise.all([c.c.ready, d.c.ready]);
        const onC = readEvents(await c.admin('/v1/stream'));
        await onC.waitFor((e) => e.event === 'hello');
        const other = submission({ value: 5 });
        await h.post(batch([other])); // default namespace
        await h.c.eventsSent();
        const mark = submission({ value: 6 });
        await d.post(batch([mark])); // committed after: once it is seen, the other would have been too
        await onC.waitFor((e) => e.event === 'submission' && (e.data as { id: string }).id === mark.id);
        expect(submissionIds(onC.events)).toEqual([mark.id]);
        await onC.close();
        expect(() => make({ fanout: { namespace: 'Bad-Name' } })).toThrow(/namespace/);
      });

      it('streams an alert stored by another collector (read back by id)', async () => {
        const m = make({ monitoring: { groupBy: ['branch'], metrics: ['nps'], minDailyN: 1, lookbackDays: 30, monitor: { defaults: { warmup: 3, warning: 0, ewma: false, cusum: false } } } });
        await m.c.ready;
        const days = ['2026-11-15', '2026-11-16', '2026-11-17'].map((d) => npsAt('A', 10, { createdAt: `${d}T10:00:00.000Z` }));
        await m.post(batch([...days, npsAt('A', 0, { createdAt: '2026-11-18T10:00:00.000Z' })]));
        const onA = readEvents(await h.admin('/v1/stream'));
        await onA.waitFor((e) => e.event === 'hello');
        const fresh = await m.c.checkAlerts(new Date('2026-11-19T00:00:00.000Z'));
        expect(fresh).toHaveLength(1);
        const got = await onA.waitFor((e) => e.event === 'alert');
        expect(got.data).toEqual(fresh[0]);
        await onA.close();
      });

      it('accepts the admin token as ?access_token= on the stream only (EventSource cannot send headers)', async () => {
        const res = await h.get(`/v1/stream?access_token=${ADMIN}`);
        expect(res.status).toBe(200);
        await res.body!.cancel();
        expect((await h.get(`/v1/scores?access_token=${ADMIN}`)).status).toBe(401);
      });

      it('answers /healthz without a token', async () => {
        const res = await h.get('/healthz');
        expect(res.status).toBe(200);
        expect(await res.json()).toMatchObject({ ok: true });
      });
    });

    describe('alerts from core’s monitor', () => {
      it('raises an alert when a segment falls to its warning level, stores it once, streams it, and lets an admin acknowledge it', async () => {
        const m = make({
          monitoring: { groupBy: ['branch'], metrics: ['nps'], minDailyN: 1, lookbackDays: 30, monitor: { defaults: { warmup: 3, warning: 0, ewma: false, cusum: false } } },
        });
        // Branch A: NPS 100 on Nov 15, 16, 17 (warm-up), then −100 on Nov 18 ≤ warning 0 → one alert.
        const days = ['2026-11-15', '2026-11-16', '2026-11-17'].map((d) => npsAt('A', 10, { createdAt: `${d}T10:00:00.000Z` }));
        await m.post(batch([...days, npsAt('A', 0, { createdAt: '2026-11-18T10:00:00.000Z' })]));
        const stream = await m.admin('/v1/stream');
        const reader = stream.body!.getReader();
        await reader.read(); // hello
        const fresh = await m.c.checkAlerts(new Date('2026-11-19T00:00:00.000Z'));
        expect(fresh.map((a) => [a.metric, a.groupBy, a.segment, a.period, a.rule, a.value])).toEqual([['nps', 'branch', 'A', '2026-11-18', 'warning-level', -100]]);
        expect(new TextDecoder().decode((await reader.read()).value)).toMatch(/event: alert/);
        await reader.cancel();
        expect(await m.c.checkAlerts(new Date('2026-11-19T00:00:00.000Z'))).toEqual([]);
        const open = await (await m.admin('/v1/alerts')).json();
        expect(open.alerts).toHaveLength(1);
        const ack = await m.admin(`/v1/alerts/${open.alerts[0].id}/ack`, { method: 'POST' });
        expect(ack.status).toBe(200);
        expect((await ack.json()).alert).toMatchObject({ ackedBy: 'tester' });
        expect((await (await m.admin('/v1/alerts')).json()).alerts).toHaveLength(0);
        expect((await (await m.admin('/v1/alerts?status=all')).json()).alerts).toHaveLength(1);
        expect((await m.admin('/v1/alerts/999/ack', { method: 'POST' })).status).toBe(404);
        expect((await m.admin('/v1/alerts/x;1/ack', { method: 'POST' })).status).toBe(400);
      });
    });

    it('runs the monitor by itself shortly after ingest (debounced)', async () => {
      const m = make({ monitoring: { debounceMs: 20, groupBy: ['branch'], metrics: ['nps'], minDailyN: 1, monitor: { defaults: { warmup: 3, warning: 0, ewma: false, cusum: false } } } });
      m.clock.now = new Date('2026-11-19T00:00:00.000Z');
      const days = ['2026-11-15', '2026-11-16', '2026-11-17'].map((d) => npsAt('A', 10, { createdAt: `${d}T10:00:00.000Z` }));
      await m.post(batch([...days, npsAt('A', 0, { createdAt: '2026-11-18T10:00:00.000Z' })], '2026-11-19T00:00:00.000Z'));
      let alerts: unknown[] = [];
      for (let i = 0; i < 100 && alerts.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 50));
        alerts = (await (await m.admin('/v1/alerts')).json()).alerts;
      }
      expect(alerts).toHaveLength(1);
    });

    describe('retention', () => {
      it('deletes or anonymises expired submissions per classification level and reports what it did', async () => {
        h.clock.now = new Date('2026-01-01T00:00:00.000Z');
        const at = '2026-01-01T00:00:00.000Z';
        const topOld = submission({ at, classification: 'top-secret' });
        const confOld = { ...submission({ at, classification: 'confidential', context: { branch: 'A', transaction: 'tx-991', page: '/transfer?acct=1' } }), answers: { q1: rating('nps', 3), c: { type: 'text' as const, value: 'call me on 13800138000' } } };
        const secretOld = submission({ at, classification: 'secret' });
        const plainOld = submission({ at });
        await h.post(batch([topOld, confOld, secretOld, plainOld], at));
        h.clock.now = new Date('2026-11-15T00:00:00.000Z');
        const topNew = submission({ at: '2026-11-15T00:00:00.000Z', classification: 'top-secret' });
        await h.post(batch([topNew], '2026-11-15T00:00:00.000Z'));

        // At 2026-11-20: top secret (30 d) cutoff 2026-10-21 → topOld deleted, topNew kept;
        // confidential (180 d) cutoff 2026-05-24 → confOld anonymised; secret (365 d) cutoff 2025-11-20 → kept.
        const dry = await h.c.purgeExpired(new Date('2026-11-20T00:00:00.000Z'), { dryRun: true });
        expect([dry.deleted, dry.anonymised]).toEqual([1, 1]);
        expect(await count(sql, 'submissions')).toBe(5);
        const report = await h.c.purgeExpired(new Date('2026-11-20T00:00:00.000Z'));
        expect(report.deleted).toBe(1);
        expect(report.anonymised).toBe(1);
        expect(report.levels.find((l) => l.level === 'top-secret')).toMatchObject({ action: 'delete', days: 30, count: 1, cutoff: '2026-10-21T00:00:00.000Z' });
        const { rows } = await sql.query<{ id: string }>('SELECT id::text AS id FROM submissions ORDER BY id');
        expect(rows.map((r) => r.id).sort()).toEqual([confOld.id, secretOld.id, plainOld.id, topNew.id].sort());
        const conf = await sql.query<{ payload: Submission; anonymised: boolean }>('SELECT payload, anonymised_at IS NOT NULL AS anonymised FROM submissions WHERE id = $1', [confOld.id]);
        expect(conf.rows[0]!.anonymised).toBe(true);
        expect(JSON.stringify(conf.rows[0]!.payload)).not.toMatch(/13800138000|tx-991|acct/);
        expect(conf.rows[0]!.payload.answers.q1).toEqual(rating('nps', 3));
        // Ratings of anonymised submissions still count; the deleted one's rating is gone.
        expect(await count(sql, 'ratings')).toBe(4);
        // A late re-send of the original payload is still acknowledged (the hash is kept), not re-stored.
        expect((await (await h.post(batch([confOld]))).json()).accepted).toEqual([confOld.id]);
        expect(JSON.stringify((await sql.query('SELECT payload FROM submissions WHERE id = $1', [confOld.id])).rows[0])).not.toMatch(/13800138000/);
        // A second run finds nothing more to do, and both runs are in the audit log.
        const again = await h.c.purgeExpired(new Date('2026-11-20T00:00:00.000Z'));
        expect([again.deleted, again.anonymised]).toEqual([0, 0]);
        const audit = await (await h.admin('/v1/audit')).json();
        expect(audit.entries.filter((e: { action: string }) => e.action === 'purge')).toHaveLength(2);
      });

      it('runs over HTTP for an admin (POST /v1/purge)', async () => {
        const res = await h.admin('/v1/purge?dryRun=true', { method: 'POST' });
        expect(res.status).toBe(200);
        expect(await res.json()).toMatchObject({ dryRun: true, deleted: 0, anonymised: 0 });
      });
    });

    describe('daily and monthly rollups', () => {
      const sortRows = (rows: CountRow[]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      const npsScale = scaleFor({ kind: 'nps' });
      /** Tallies per (group, window) as sorted plain data, so two Maps built in different orders compare equal. */
      const plainTallies = (m: ReadonlyMap<string | null, ReadonlyMap<string | null, Tally>>) =>
        [...m].flatMap(([g, byWindow]) => [...byWindow].map(([w, t]) => JSON.stringify([g, w, t]))).sort();
      const queries = (from?: string, to?: string): TallyQuery[] => {
        const out: TallyQuery[] = [];
        for (const groupBy of [undefined, 'branch', 'channel', 'staff'] as const)
          for (const window of [undefined, 'day', 'week', 'month', 'quarter'] as const)
            out.push({ scaleId: 'nps', ...(groupBy ? { groupBy } : {}), ...(window ? { window } : {}), tz: 'Asia/Kolkata', ...(from ? { from: { date: from } } : {}), ...(to ? { to: { date: to } } : {}) });
        // A filter on a low-cardinality key: its pair keys in the rollups and cells answer (also
        // in another zone when nothing depends on it); any other filter reads the raw ratings.
        for (const channel of ['web', 'kiosk'])
          for (const groupBy of [undefined, 'branch', 'staff'] as const)
            for (const window of [undefined, 'day', 'week', 'month', 'quarter'] as const)
              out.push({ scaleId: 'nps', ...(groupBy ? { groupBy } : {}), ...(window ? { window } : {}), where: { channel }, tz: 'Asia/Kolkata', ...(from ? { from: { date: from } } : {}), ...(to ? { to: { date: to } } : {}) });
        out.push({ scaleId: 'nps', groupBy: 'staff', where: { channel: 'web' }, tz: 'America/New_York' });
        out.push({ scaleId: 'nps', groupBy: 'channel', window: 'week', where: { staff: 's1' }, tz: 'Asia/Kolkata' });
        out.push({ scaleId: 'nps', groupBy: 'channel', where: { channel: 'web' }, tz: 'Asia/Kolkata' });
        // No window, no date bound: the zone does not matter, so the rollups answer in any zone.
        for (const groupBy of [undefined, 'branch', 'staff'] as const) out.push({ scaleId: 'nps', ...(groupBy ? { groupBy } : {}), tz: 'America/New_York' });
        // Months and quarters in other zones (DST, +5:45, a midnight DST switch): the monthly rollup shifted.
        for (const tz of ['America/New_York', 'Asia/Kathmandu', 'America/Santiago'])
          for (const groupBy of [undefined, 'branch', 'staff'] as const)
            for (const window of ['month', 'quarter'] as const)
              out.push({ scaleId: 'nps', ...(groupBy ? { groupBy } : {}), window, tz, ...(from ? { from: { date: from } } : {}), ...(to ? { to: { date: to } } : {}) });
        return out;
      };

      it('gives exactly the counts of the raw ratings, through ingest, re-sends and purges (property)', async () => {
        const k = make({ reportingTimeZone: 'Asia/Kolkata', retention: { 'top-secret': { days: 10, action: 'delete' } } });
        await k.c.ready;
        const item = fc.record({
          value: fc.integer({ min: 0, max: 10 }),
          branch: fc.constantFrom('A', 'B', 'C'),
          channel: fc.option(fc.constantFrom('web', 'kiosk'), { nil: undefined }),
          staff: fc.option(fc.constantFrom('s1', 's2'), { nil: undefined }),
          minute: fc.integer({ min: 0, max: 60 * 24 * 120 }),
          secret: fc.boolean(),
        });
        await fc.assert(
          fc.asyncProperty(fc.array(item, { minLength: 1, maxLength: 25 }), fc.integer({ min: 0, max: 120 }), async (items, cutDay) => {
            await resetDatabase(sql);
            k.clock.now = new Date('2026-01-01T00:00:00.000Z');
            const subs = items.map((x) => {
              const at = new Date(Date.UTC(2026, 0, 1) + x.minute * 60_000).toISOString();
              return submission({ value: x.value, at, context: { branch: x.branch, ...(x.channel ? { channel: x.channel } : {}), ...(x.staff ? { staff: x.staff } : {}) }, ...(x.secret ? { classification: 'top-secret' as const } : {}) });
            });
            await k.post(batch(subs, '2026-01-01T00:00:00.000Z'));
            // Fold before, between or after (or never): the rollups plus what is not folded yet are exact.
            if (cutDay % 5 === 1) await k.c.store.fold();
            await k.post(batch(subs.slice(0, 3), '2026-01-01T00:00:00.000Z')); // re-sent: no double counting
            if (cutDay % 5 === 2) await k.c.store.fold();
            if (cutDay % 2 === 0) await k.c.purgeExpired(new Date('2026-06-01T00:00:00.000Z'));
            if (cutDay % 5 === 3) await k.c.store.fold();
            // No bound, a first of the month (the monthly rollup can answer), or any day.
            const cut = new Date(Date.UTC(2026, 0, 1 + cutDay)).toISOString().slice(0, 10);
            // …or the Monday of its week (the weekly rollup can answer).
            const monday = new Date(Date.UTC(2026, 0, 1 + cutDay - ((new Date(`${cut}T00:00:00Z`).getUTCDay() + 6) % 7))).toISOString().slice(0, 10);
            const from = cutDay % 3 === 0 ? undefined : cutDay % 3 === 1 ? `${cut.slice(0, 8)}01` : cutDay % 2 === 0 ? cut : monday;
            const to = cutDay % 4 === 1 ? '2026-04-17' : cutDay % 4 === 3 ? '2026-04-20' : undefined;
            let compared = 0;
            for (const q of queries(from, to)) {
              const raw = await k.c.store.countRatings(q, { source: 'ratings' });
              for (const source of ['rollup', 'daily', 'weekly', 'monthly', 'monthly+ratings'] as const) {
                if (!(source === 'monthly+ratings' ? k.c.store.shiftedCovers(q) : k.c.store.rollupCovers(q, source))) continue;
                const rolled = await k.c.store.countRatings(q, { source });
                expect(rolled.source).toBe(source);
                expect(sortRows(rolled.rows)).toEqual(sortRows(raw.rows));
                compared++;
              }
              // The tallies the read API scores, built straight from the cells of the source it picks, are those of the raw rows.
              const tallies = await k.c.store.countTallies(q, npsScale);
              expect(plainTallies(tallies.tallies)).toEqual(plainTallies(talliesFromCounts(npsScale, raw.rows)));
            }
            // At least: daily 3 keys × 5 windows + 3 zone-free; shifted 3 zones × 3 keys × 2 windows;
            // filtered: 2 values × (3 keys by day from the daily cells + 5 windows ungrouped from the daily rollup).
            expect(compared).toBeGreaterThanOrEqual(36 + 16);
            // The weekly cells hold exactly the weekly rollup's counts, after any mix of folds and purges.
            expect(await cellsDrift(sql)).toBe(0);
          }),
          { numRuns: 15 },
        );
      });

      it('is rebuilt when the reporting time zone changes', async () => {
        // 2026-11-15T20:00Z is Nov 15 in UTC and Nov 16 in Shanghai.
        await h.post(batch([npsAt('A', 10, { createdAt: '2026-11-15T20:00:00.000Z' })]));
        const utc = await h.c.store.countRatings({ scaleId: 'nps', window: 'day', tz: 'UTC' });
        expect([utc.source, utc.rows.map((r) => r.window)]).toEqual(['daily', ['2026-11-15']]);
        const sh = make({ reportingTimeZone: 'Asia/Shanghai' });
        await sh.c.ready;
        const local = await sh.c.store.countRatings({ scaleId: 'nps', window: 'day', tz: 'Asia/Shanghai' });
        expect([local.source, local.rows.map((r) => r.window)]).toEqual(['daily', ['2026-11-16']]);
        expect(await cellsDrift(sql)).toBe(0); // the daily cells were rebuilt in Shanghai days too
        // 2026-11-30T20:00Z is November in UTC and December in Shanghai: the monthly rollup moves too.
        // Received after it (a rating is never stored later than its receipt).
        h.clock.now = new Date('2026-12-01T00:00:00.000Z');
        await h.post(batch([npsAt('A', 10, { createdAt: '2026-11-30T20:00:00.000Z' })], '2026-12-01T00:00:00.000Z'));
        const sh2 = make({ reportingTimeZone: 'UTC' });
        await sh2.c.ready;
        const utcMonths = await sh2.c.store.countRatings({ scaleId: 'nps', window: 'month', tz: 'UTC' });
        expect([utcMonths.source, utcMonths.rows.map((r) => [r.window, r.n])]).toEqual(['monthly', [['2026-11', 2]]]);
        const sh3 = make({ reportingTimeZone: 'Asia/Shanghai' });
        await sh3.c.ready;
        const shMonths = await sh3.c.store.countRatings({ scaleId: 'nps', window: 'month', tz: 'Asia/Shanghai' });
        const byWindow = shMonths.rows.map((r) => [r.window, r.n]).sort();
        expect([shMonths.source, byWindow]).toEqual(['monthly', [['2026-11', 1], ['2026-12', 1]]]);
      });

      it('is backfilled when an existing database is upgraded to the monthly rollup (migration 5)', async () => {
        await h.post(batch([
          npsAt('A', 10, { createdAt: '2026-10-15T10:00:00.000Z', context: { channel: 'web', branch: 'A', staff: 's1' } }),
          npsAt('B', 3),
        ]));
        // Put the database back to before version 5: ratings stored, no monthly rollup.
        await sql.query('DROP TABLE rating_monthly');
        await sql.query('DELETE FROM fk_migrations WHERE version = 5');
        const up = make();
        await up.c.ready;
        const q: TallyQuery = { scaleId: 'nps', groupBy: 'staff', window: 'month', tz: 'UTC' };
        const rolled = await up.c.store.countRatings(q, { source: 'monthly' });
        // s1 gave a 10 in October; the November 3 has no staff, so it is the "(none)" group.
        expect(sortRows(rolled.rows)).toEqual(sortRows([
          { group: 's1', window: '2026-10', value: 10, n: 1 },
          { group: null, window: '2026-11', value: 3, n: 1 },
        ]));
      });

      /**
       * A collector that does not fold by itself, given `total` ratings (two branches, three
       * tellers, a quarter without one) one every `hours` hours from 1 October 2026, all folded
       * but the last `unfolded`.
       */
      const partlyFolded = async (options: Partial<CollectorOptions>, total: number, hours: number, unfolded: number): Promise<Harness> => {
        await h.c.close(); // its background fold would race the checks
        const k = make({ ...options, foldIntervalMs: false });
        await k.c.ready;
        const staff = ['s1', 's2', 's3'];
        const items = Array.from({ length: total }, (_, i) =>
          submission({ value: i % 11, at: new Date(Date.UTC(2026, 9, 1) + i * 3_600_000 * hours).toISOString(), context: { channel: 'web', branch: `B${i % 2}`, ...(i % 4 ? { staff: staff[i % 3]! } : {}) } }),
        );
        await k.post(batch(items.slice(0, total - unfolded)));
        await k.c.store.fold();
        await k.post(batch(items.slice(total - unfolded)));
        return k;
      };

      /** Undoes migration `version` (dropping the table it made), then starts a collector: it migrates again. */
      const rerunMigration = async (version: number, table: string, options: Partial<CollectorOptions>): Promise<Harness> => {
        await sql.query(`DROP TABLE ${table}`);
        await sql.query('DELETE FROM fk_migrations WHERE version = $1', [version]);
        const up = make({ ...options, foldIntervalMs: false });
        await up.c.ready;
        return up;
      };
      /** After an upgrade: `q` is answered from `source` with the raw counts `raw`, and the next fold adds the `unfolded` ratings, the cells staying exact. */
      const answersAfterUpgrade = async (up: Harness, q: TallyQuery, raw: CountRow[], source: string, unfolded: number, dailyDims?: readonly Dim[]): Promise<void> => {
        const rolled = await up.c.store.countRatings(q);
        expect(rolled.source).toBe(source);
        expect(sortRows(rolled.rows)).toEqual(raw);
        expect(plainTallies((await up.c.store.countTallies(q, npsScale)).tallies)).toEqual(plainTallies(talliesFromCounts(npsScale, raw)));
        expect(await up.c.store.fold()).toMatchObject({ folded: true, ratings: unfolded });
        expect(await cellsDrift(sql, dailyDims)).toBe(0);
        expect(sortRows((await up.c.store.countRatings(q)).rows)).toEqual(raw);
      };

      it('gets its weekly cells from the weekly rollup when an existing database is upgraded (migration 7)', async () => {
        const k = await partlyFolded({}, 40, 19, 10); // ten not folded yet
        const q: TallyQuery = { scaleId: 'nps', groupBy: 'staff', window: 'week', tz: 'UTC' };
        const raw = sortRows((await k.c.store.countRatings(q, { source: 'ratings' })).rows);
        const weekly = (await sql.query<{ n: number }>('SELECT coalesce(sum(n), 0)::integer AS n FROM rating_weekly')).rows[0]!.n;
        // Back to version 6: the weekly rollup as it stands, no cells.
        const up = await rerunMigration(7, 'rating_weekly_cells', {});
        // Built from the rollup's rows (not rebuilt from the ratings: the zone did not change), nothing lost.
        expect((await sql.query<{ n: number }>('SELECT coalesce(sum(n), 0)::integer AS n FROM rating_weekly')).rows[0]!.n).toBe(weekly);
        expect(await cellsDrift(sql)).toBe(0);
        const cells = (await sql.query<{ n: number }>("SELECT count(*)::integer AS n FROM rating_weekly_cells WHERE dim = 'staff'")).rows[0]!.n;
        expect(cells).toBeGreaterThan(0);
        await answersAfterUpgrade(up, q, raw, 'weekly', 10);
      });

      it('gets its daily cells from the folded ratings when an existing database is upgraded (migration 8)', async () => {
        const k = await partlyFolded({ reportingTimeZone: 'Asia/Kolkata' }, 60, 5, 15); // fifteen not folded yet
        const q: TallyQuery = { scaleId: 'nps', groupBy: 'staff', window: 'day', tz: 'Asia/Kolkata' };
        const raw = sortRows((await k.c.store.countRatings(q, { source: 'ratings' })).rows);
        const state = async () => (await sql.query<{ n: number; w: string }>('SELECT (SELECT coalesce(sum(n), 0) FROM rating_daily)::integer AS n, (SELECT watermark::text FROM rating_fold) AS w')).rows[0];
        const before = await state();
        // Back to version 7: the rollups as they stand, no daily cells.
        const up = await rerunMigration(8, 'rating_daily_cells', { reportingTimeZone: 'Asia/Kolkata' });
        // Counted in the migration, in the rollups' zone, from the folded ratings only: no rebuild, nothing dropped.
        expect(await state()).toEqual(before);
        expect((await sql.query<{ v: string }>("SELECT value AS v FROM fk_settings WHERE key = 'rollup_tz'")).rows[0]!.v).toBe('Asia/Kolkata');
        // Migration 8 counts the plain keys; the filter pair keys come with migration 9's rebuild
        // (already applied here, so this database has none in its daily cells).
        expect(await cellsDrift(sql, CONTEXT_KEYS)).toBe(0);
        const cells = (await sql.query<{ n: number }>("SELECT sum((SELECT sum(x) FROM unnest(ns::integer[]) AS x))::integer AS n FROM rating_daily_cells WHERE dim = '*'")).rows[0]!.n;
        expect(cells).toBe(45);
        await answersAfterUpgrade(up, q, raw, 'daily', 15, CONTEXT_KEYS);
      });

      it('gets the filter pair keys when an existing database is upgraded (migration 9: rebuilt at start)', async () => {
        const k = await partlyFolded({ reportingTimeZone: 'Asia/Kolkata' }, 60, 5, 15); // fifteen not folded yet
        const q: TallyQuery = { scaleId: 'nps', groupBy: 'staff', window: 'week', where: { channel: 'web' }, tz: 'Asia/Kolkata' };
        const raw = sortRows((await k.c.store.countRatings(q, { source: 'ratings' })).rows);
        // Back to version 8: no pair keys anywhere.
        const tables = ['rating_monthly', 'rating_weekly', 'rating_weekly_cells', 'rating_daily_cells'];
        const pairs = async () => (await sql.query<{ n: number }>(tables.map((t) => `SELECT count(*)::integer AS n FROM ${t} WHERE dim LIKE '%>%'`).join(' UNION ALL '))).rows.map((r) => r.n);
        expect((await pairs()).every((n) => n > 0)).toBe(true);
        for (const t of tables) await sql.query(`DELETE FROM ${t} WHERE dim LIKE '%>%'`);
        await sql.query('DELETE FROM fk_migrations WHERE version = 9');
        const up = make({ reportingTimeZone: 'Asia/Kolkata', foldIntervalMs: false });
        await up.c.ready;
        // Rebuilt from the ratings (every finished transaction's, the fifteen unfolded ones too), the zone marker back.
        expect((await pairs()).every((n) => n > 0)).toBe(true);
        expect((await sql.query<{ v: string }>("SELECT value AS v FROM fk_settings WHERE key = 'rollup_tz'")).rows[0]!.v).toBe('Asia/Kolkata');
        expect(await cellsDrift(sql)).toBe(0);
        const rolled = await up.c.store.countRatings(q);
        expect(rolled.source).toBe('weekly');
        expect(sortRows(rolled.rows)).toEqual(raw);
        expect(await up.c.store.fold()).toMatchObject({ ratings: 0 });
        // More ratings, folded into the pair keys.
        const more = Array.from({ length: 12 }, (_, i) => submission({ value: i % 11, at: new Date(Date.UTC(2026, 9, 2) + i * 7_200_000).toISOString(), context: { channel: i % 3 ? 'web' : 'kiosk', branch: 'B1', staff: 's2' } }));
        await up.post(batch(more));
        const raw2 = sortRows((await up.c.store.countRatings(q, { source: 'ratings' })).rows);
        expect(sortRows((await up.c.store.countRatings(q)).rows)).toEqual(raw2);
        expect(await up.c.store.fold()).toMatchObject({ folded: true, ratings: 12 });
        expect(await cellsDrift(sql)).toBe(0);
        expect(sortRows((await up.c.store.countRatings(q)).rows)).toEqual(raw2);
        expect(plainTallies((await up.c.store.countTallies(q, npsScale)).tallies)).toEqual(plainTallies(talliesFromCounts(npsScale, raw2)));
      });

      it('merges each fold into the weekly cells it touches: one item per value, counts summed', async () => {
        await h.c.close(); // its background fold would race the checks below
        const k = make({ foldIntervalMs: false });
        await k.c.ready;
        const q: TallyQuery = { scaleId: 'nps', groupBy: 'staff', window: 'week', tz: 'UTC' };
        const shape = async () => (await sql.query<{ items: number; distinct: number; n: number }>(
          `SELECT max(cardinality(vals::double precision[]))::integer AS items, max((SELECT count(DISTINCT v) FROM unnest(vals::double precision[]) AS v))::integer AS distinct,
                  sum((SELECT sum(x) FROM unnest(ns::integer[]) AS x))::integer AS n
           FROM rating_weekly_cells WHERE dim = 'staff'`)).rows[0]!;
        // One teller, one week (Monday 16 November 2026), every NPS value in each of 7 folds (and a 10 more in some).
        let total = 0;
        for (let fold = 0; fold < 7; fold++) {
          const items = Array.from({ length: 11 }, (_, v) => submission({ value: v, at: new Date(Date.UTC(2026, 10, 16, 9, fold, v)).toISOString(), context: { channel: 'web', branch: 'A', staff: 's1' } }));
          if (fold % 3 === 0) items.push(submission({ value: 10, at: '2026-11-17T12:00:00.000Z', context: { branch: 'A', staff: 's1' } }));
          total += items.length;
          await k.post(batch(items));
          expect((await k.c.store.fold()).folded).toBe(true);
          expect(await shape()).toEqual({ items: 11, distinct: 11, n: total });
          expect(await cellsDrift(sql)).toBe(0);
          const raw = sortRows((await k.c.store.countRatings(q, { source: 'ratings' })).rows);
          expect(sortRows((await k.c.store.countRatings(q)).rows)).toEqual(raw);
          expect(plainTallies((await k.c.store.countTallies(q, npsScale)).tallies)).toEqual(plainTallies(talliesFromCounts(npsScale, raw)));
        }
      });

      it('folds every rating into the day, week and month that hold it, in every rollup and cells table, fold after fold (property)', async () => {
        // The fold counts each new rating once per key and day, then sums the days into weeks and
        // months: every table must hold what counting the folded ratings per day, ISO week or month
        // of the reporting zone gives (a zone with a half-hour offset, ratings around week, month
        // and year edges, several folds into the same cells, purges between them).
        await h.c.close(); // its background fold would race the checks below
        const k = make({ reportingTimeZone: 'Asia/Kolkata', foldIntervalMs: false, retention: { 'top-secret': { days: 10, action: 'delete' } } });
        await k.c.ready;
        const item = fc.record({
          value: fc.integer({ min: 0, max: 10 }),
          branch: fc.constantFrom('A', 'B'),
          channel: fc.option(fc.constantFrom('web', 'kiosk'), { nil: undefined }),
          stage: fc.option(fc.constantFrom('pay', 'ship'), { nil: undefined }),
          staff: fc.option(fc.constantFrom('s1', 's2'), { nil: undefined }),
          // Minutes from 2025-12-20 00:00 UTC, past New Year's week and month ends (to 2026-02-08).
          minute: fc.integer({ min: 0, max: 60 * 24 * 50 }),
          secret: fc.boolean(),
        });
        await fc.assert(
          fc.asyncProperty(fc.array(fc.array(item, { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 3 }), fc.nat(3), async (folds, purgeAfter) => {
            await resetDatabase(sql);
            k.clock.now = new Date('2025-12-20T00:00:00.000Z');
            for (const [i, items] of folds.entries()) {
              const subs = items.map((x) =>
                submission({
                  value: x.value,
                  at: new Date(Date.UTC(2025, 11, 20) + x.minute * 60_000).toISOString(),
                  context: { branch: x.branch, ...(x.channel ? { channel: x.channel } : {}), ...(x.stage ? { stage: x.stage } : {}), ...(x.staff ? { staff: x.staff } : {}) },
                  ...(x.secret ? { classification: 'top-secret' as const } : {}),
                }),
              );
              expect((await (await k.post(batch(subs, '2025-12-20T00:00:00.000Z'))).json()).rejected).toEqual([]);
              expect(await k.c.store.fold()).toMatchObject({ folded: true, ratings: subs.length });
              if (i === purgeAfter) await k.c.purgeExpired(new Date('2026-03-01T00:00:00.000Z'));
              expect(await rollupDrift(sql)).toBe(0);
              expect(await cellsDrift(sql)).toBe(0);
            }
          }),
          { numRuns: 12 },
        );
      });

      it('is folded only by collectors of the reporting zone it was built in', async () => {
        const utc = make({ foldIntervalMs: false });
        await utc.c.ready;
        const sh = make({ reportingTimeZone: 'Asia/Shanghai', foldIntervalMs: false });
        await sh.c.ready; // rebuilds the rollups in its zone
        await h.c.close(); // the default harness folds in the background
        await utc.post(batch([npsAt('A', 9, { createdAt: '2026-11-15T20:00:00.000Z' })]));
        expect((await utc.c.store.fold()).folded).toBe(false);
        expect(await sh.c.store.fold()).toMatchObject({ folded: true, ratings: 1 });
        const { rows } = await sql.query<{ day: string }>("SELECT to_char(day, 'YYYY-MM-DD') AS day FROM rating_daily WHERE dim = '*'");
        expect(rows.map((r) => r.day)).toEqual(['2026-11-16']); // a Shanghai day
      });

      it('runs every session with work_mem 64 MB, set where the connection is made (no per-query setting)', async () => {
        // Several transactions at once: on PostgreSQL each holds its own pooled connection (new
        // ones among them), on PGlite they take the one session in turn.
        const seen = await Promise.all(
          Array.from({ length: 4 }, () =>
            sql.transaction(async (tx) => {
              await tx.query('SELECT pg_sleep(0.02)');
              return (await tx.query<{ w: string }>("SELECT current_setting('work_mem') AS w")).rows[0]!.w;
            }),
          ),
        );
        expect(seen).toEqual(['64MB', '64MB', '64MB', '64MB']);
        expect((await sql.query<{ w: string }>("SELECT current_setting('work_mem') AS w")).rows[0]!.w).toBe('64MB');
        // A read, a fold and a raw scan do not set it themselves any more: it is still the session's after them.
        await h.post(batch([npsAt('A', 9)]));
        await h.c.store.fold();
        await h.c.store.countRatings({ scaleId: 'nps', groupBy: 'staff', window: 'week', tz: 'UTC' });
        await h.c.store.countRatings({ scaleId: 'nps', groupBy: 'staff', where: { branch: 'A' }, tz: 'UTC' });
        expect((await sql.query<{ w: string }>("SELECT current_setting('work_mem') AS w")).rows[0]!.w).toBe('64MB');
      });

      it('is read in one snapshot with the watermark (a REPEATABLE READ, READ ONLY transaction)', async () => {
        const mode = await sql.transaction(
          async (tx) => (await tx.query<{ i: string; r: string }>("SELECT current_setting('transaction_isolation') AS i, current_setting('transaction_read_only') AS r")).rows[0],
          { snapshot: true },
        );
        expect(mode).toEqual({ i: 'repeatable read', r: 'on' });
        const plain = await sql.transaction(async (tx) => (await tx.query<{ i: string }>("SELECT current_setting('transaction_isolation') AS i")).rows[0]);
        expect(plain).toEqual({ i: 'read committed' });
      });

      it('is written by the fold, not by ingest; answers are the same before and after a fold', async () => {
        await h.c.close(); // its background fold would race the checks below
        const k = make({ foldIntervalMs: false });
        await k.c.ready;
        const rolled = async () => Number((await sql.query<{ n: number }>("SELECT coalesce(sum(n), 0)::integer AS n FROM rating_weekly WHERE dim = '*'")).rows[0]!.n);
        const ask = async () => {
          const out: unknown[] = [];
          for (const q of ['metric=nps&groupBy=staff&window=week', 'metric=nps&groupBy=branch&window=month', 'metric=nps&window=day', 'metric=nps&groupBy=staff&window=month&tz=Asia/Shanghai']) {
            const body = await (await k.admin(`/v1/scores?${q}`)).json();
            out.push([body.source, body.overall, body.groups]);
          }
          return out;
        };
        const items = ['s1', 's2', 's3'].flatMap((staff, i) => [npsAt('A', i + 7, { context: { branch: 'A', staff } }), npsAt('B', i, { createdAt: '2026-10-31T20:00:00.000Z', context: { branch: 'B', staff } })]);
        await k.post(batch(items));
        expect(await rolled()).toBe(0);
        const before = await ask();
        expect((before[0] as [string, { n: number }])[0]).toBe('weekly');
        expect((before[0] as [string, { n: number }])[1].n).toBe(6);
        const first = await k.c.store.fold();
        expect([first.folded, first.ratings]).toEqual([true, 6]);
        expect(await rolled()).toBe(6);
        expect(await ask()).toEqual(before);
        // Nothing new: nothing to do, and nothing written (the watermark stays put). A purge takes
        // folded ratings out of the rollups.
        const idle = await k.c.store.fold();
        expect(idle.folded).toBe(false);
        expect((await k.c.store.fold()).watermark).toBe(idle.watermark);
        await sql.query("UPDATE submissions SET classification = 'top-secret' WHERE staff = 's1'");
        await k.post(batch([npsAt('C', 10, { context: { branch: 'C', staff: 's1' }, classification: 'top-secret' })]));
        const purger = make({ foldIntervalMs: false, retention: { 'top-secret': { days: 1, action: 'delete' } } });
        await purger.c.ready;
        expect((await purger.c.purgeExpired(new Date('2026-12-31T00:00:00.000Z'))).deleted).toBe(3);
        expect(await rolled()).toBe(4);
        const after = await ask();
        expect((after[0] as [string, { n: number }])[1].n).toBe(4);
        await k.c.store.fold();
        expect(await ask()).toEqual(after);
      });

      it('is used only where it is exact: other zones, context filters, staff and instants read raw ratings', async () => {
        const src = async (q: string) => (await (await h.admin(`/v1/scores?${q}`)).json()).source;
        expect(await src('metric=nps&groupBy=branch&window=month')).toBe('monthly');
        expect(await src('metric=nps&groupBy=staff&window=quarter&from=2026-10-01')).toBe('monthly');
        expect(await src('metric=nps&groupBy=staff&tz=Asia/Shanghai')).toBe('monthly'); // no window, no bound: any zone
        expect(await src('metric=nps&groupBy=branch&window=month&from=2026-11-15')).toBe('rollup');
        expect(await src('metric=nps&window=week&from=2026-11-01&to=2026-12-01')).toBe('rollup');
        expect(await src('metric=nps&window=week&tz=Asia/Shanghai')).toBe('ratings');
        expect(await src('metric=nps&window=month&tz=Asia/Shanghai')).toBe('monthly+ratings');
        expect(await src('metric=nps&groupBy=staff&window=quarter&tz=Asia/Kathmandu&from=2026-02-10')).toBe('monthly+ratings');
        expect(await src('metric=nps&window=month&tz=Asia/Shanghai&branch=A')).toBe('ratings');
        expect(await src('metric=nps&branch=A')).toBe('ratings');
        expect(await src('metric=nps&groupBy=staff&window=week')).toBe('weekly');
        expect(await src('metric=nps&groupBy=staff&window=week&from=2026-11-02&to=2026-11-30')).toBe('weekly'); // Mondays
        expect(await src('metric=nps&groupBy=staff&window=week&from=2026-11-03')).toBe('ratings');
        expect(await src('metric=nps&groupBy=branch&window=week&from=2026-11-03')).toBe('rollup');
        expect(await src('metric=nps&from=2026-11-01T12:00:00Z')).toBe('ratings');
      });
    });

    it('uses unique ids from the helper (sanity)', () => {
      expect(uuid()).not.toBe(uuid());
    });
  });
}
