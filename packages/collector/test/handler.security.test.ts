/**
 * Security-audit regressions for the handler: whose address a rate limit counts, and which
 * bucket a request spends.
 */
import { describe, expect, it } from 'vitest';
import { openPglite } from '../src/sql.js';
import type { CollectorOptions } from '../src/index.js';
import { parseIpAddress } from '../src/security.js';
import { ADMIN, BASE, SITE_KEY, batch, harnessesOn, resetDatabase, submission, type Harness } from './helpers.js';

const db = harnessesOn(openPglite, (sql) => sql.close());
const make = async (options: Partial<CollectorOptions> = {}): Promise<Harness> => {
  const h = db.make(options);
  await h.c.ready;
  return h;
};

const once = { burst: 1, perSecond: 0.001 };
/** A POST with no RequestInfo, as a Fetch router (Deno, Bun, a worker) calls the handler. */
const bare = (h: Harness, headers: Record<string, string> = {}) =>
  h.c.handle(new Request(`${BASE}/v1/submissions`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-feedbackkit-key': SITE_KEY, ...headers }, body: batch([submission()]) }));

describe('rate limits: trusted X-Forwarded-For (security audit)', () => {
  it('counts the entry the trusted proxy appended, so rotating the first entry does not bypass the limit', async () => {
    const h = await make({ trustProxy: true, rateLimits: { perKey: false, perAddress: once } });
    expect((await h.post(batch([submission()]), { 'x-forwarded-for': '10.9.0.1, 203.0.113.7' }, '10.0.0.250')).status).toBe(200);
    for (let i = 2; i < 6; i++) {
      const res = await h.post(batch([submission()]), { 'x-forwarded-for': `10.9.0.${i}, 203.0.113.7` }, '10.0.0.250');
      expect(res.status, `forged first entry 10.9.0.${i}`).toBe(429);
    }
    // Another client behind the same proxy has its own bucket.
    expect((await h.post(batch([submission()]), { 'x-forwarded-for': '10.9.0.1, 203.0.113.8' }, '10.0.0.250')).status).toBe(200);
  });

  it('reads the n-th entry from the end with trustProxy: n (two proxies in a row)', async () => {
    const h = await make({ trustProxy: 2, rateLimits: { perKey: false, perAddress: once } });
    expect((await h.post(batch([submission()]), { 'x-forwarded-for': 'forged-1, 203.0.113.7, 10.1.1.1' })).status).toBe(200);
    expect((await h.post(batch([submission()]), { 'x-forwarded-for': 'forged-2, 203.0.113.7, 10.1.1.2' })).status).toBe(429);
    expect((await h.post(batch([submission()]), { 'x-forwarded-for': '203.0.113.7, 10.1.1.1' })).status).toBe(429);
    expect((await h.post(batch([submission()]), { 'x-forwarded-for': 'forged-1, 203.0.113.9, 10.1.1.1' })).status).toBe(200);
  });
});

describe('rate limits without a client address (security audit)', () => {
  it('does not put every client of a Fetch runtime that passes no address into one shared bucket', async () => {
    const h = await make({ rateLimits: { perKey: false, perAddress: once } });
    for (let i = 0; i < 5; i++) expect((await bare(h)).status, `request ${i}`).toBe(200);
  });

  it('keeps the per-key limit when there is no address', async () => {
    const h = await make({ rateLimits: { perKey: { burst: 2, perSecond: 0.001 }, perAddress: once } });
    expect((await bare(h)).status).toBe(200);
    expect((await bare(h)).status).toBe(200);
    expect((await bare(h)).status).toBe(429);
  });

  it('still limits per address when one is known', async () => {
    const h = await make({ rateLimits: { perKey: false, perAddress: once } });
    expect((await h.post(batch([submission()]), {}, '192.0.2.50')).status).toBe(200);
    expect((await h.post(batch([submission()]), {}, '192.0.2.50')).status).toBe(429);
  });
});

describe('rate limits: admin reads have their own buckets (security audit)', () => {
  const read = (h: Harness, address: string) =>
    h.c.handle(new Request(`${BASE}/v1/alerts`, { headers: { authorization: `Bearer ${ADMIN}` } }), { remoteAddress: address });

  it('a dashboard behind the same address as a kiosk does not spend the kiosk\'s ingest budget', async () => {
    const h = await make({ rateLimits: { perKey: false, perAddress: { burst: 2, perSecond: 0.001 } } });
    const nat = '198.51.100.20';
    expect((await read(h, nat)).status).toBe(200);
    expect((await read(h, nat)).status).toBe(200);
    const limited = await read(h, nat);
    expect(limited.status).toBe(429); // reads are still limited, in their own bucket
    expect(limited.headers.get('retry-after')).not.toBeNull();
    expect((await h.post(batch([submission()]), {}, nat)).status).toBe(200);
    expect((await h.post(batch([submission()]), {}, nat)).status).toBe(200);
    expect((await h.post(batch([submission()]), {}, nat)).status).toBe(429);
  });

  it('and ingest does not spend the dashboard\'s', async () => {
    const h = await make({ rateLimits: { perKey: false, perAddress: { burst: 1, perSecond: 0.001 } } });
    const nat = '198.51.100.21';
    expect((await h.post(batch([submission()]), {}, nat)).status).toBe(200);
    expect((await h.post(batch([submission()]), {}, nat)).status).toBe(429);
    expect((await read(h, nat)).status).toBe(200);
  });

  it('takes its own limit from rateLimits.perAdmin', async () => {
    const off = await make({ rateLimits: { perKey: false, perAddress: once, perAdmin: false } });
    for (let i = 0; i < 5; i++) expect((await read(off, '198.51.100.22')).status).toBe(200);
    const strict = await make({ rateLimits: { perKey: false, perAddress: false, perAdmin: once } });
    expect((await read(strict, '198.51.100.23')).status).toBe(200);
    expect((await read(strict, '198.51.100.23')).status).toBe(429);
    expect((await strict.post(batch([submission()]), {}, '198.51.100.23')).status).toBe(200);
  });
});

describe('malformed read parameters are a 400 naming the parameter, never a 500 (security audit)', () => {
  it('answers POST /v1/alerts/%E0/ack (a broken percent-encoding) with 400 invalid-query naming id', async () => {
    const h = await make();
    const res = await h.admin('/v1/alerts/%E0/ack', { method: 'POST' });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('invalid-query');
    expect(body.error.message).toMatch(/^id: /);
  });

  const bad: Array<[string, string]> = [
    ['from', '2026-02-30'],
    ['from', '2025-02-29'],
    ['to', '2026-13-01'],
    ['to', '2026-04-31'],
    ['from', '0000-01-01'],
    ['from', '2026-02-30T00:00:00Z'],
    ['from', '2026-11-01T24:00:00Z'],
    ['from', '2026-11-01T12:60:00Z'],
    ['from', '2026-11-01T12:00:00+25:00'],
    ['from', '0001-01-01T00:00:00+01:00'],
    ['from', '+275760-09-13T00:00:00Z'],
    ['to', '9999-99-99'],
    ['to', '2026-11-01 12:00:00Z'],
    // The offset carries the instant into year 10000, which PostgreSQL refuses (was a 500).
    ['to', '9999-12-31T23:59:59-12:00'],
    ['from', '9999-12-31T12:00:00-12:01'],
  ];
  for (const [name, value] of bad) {
    it(`answers ${name}=${value} with 400 invalid-query naming ${name}, on scores, trends and export`, async () => {
      const h = await make();
      for (const path of ['/v1/scores?metric=nps&window=day&', '/v1/trends?', '/v1/reasons?', '/v1/export?format=csv&']) {
        const res = await h.admin(`${path}${name}=${encodeURIComponent(value)}`);
        expect(res.status, path).toBe(400);
        const body = await res.json();
        expect(body.error.code, path).toBe('invalid-query');
        expect(body.error.message, path).toMatch(new RegExp(`^${name}: `));
      }
    });
  }

  it('still answers real dates and date-times', async () => {
    const h = await make();
    for (const q of ['from=2024-02-29', 'from=0001-01-01&to=9999-12-31', 'from=2026-11-01T12:00:00Z', 'from=2026-11-01T12:00Z', 'from=2026-11-01T12:00:00.123%2B05:30&to=2026-12-01']) {
      const res = await h.admin(`/v1/scores?metric=nps&${q}`);
      expect(res.status, q).toBe(200);
    }
  });
});

describe('read bounds past year 9999 (review)', () => {
  it('answers an instant after 9999 in UTC with 400 invalid-query naming the parameter, also when tz carries it there', async () => {
    const h = await make();
    for (const q of ['scale=nps&to=9999-12-31T23:59:59-12:00', 'to=9999-12-31T23:00&tz=America/Los_Angeles', 'from=9999-12-31T20:00:00&tz=Pacific/Pago_Pago']) {
      const res = await h.admin(`/v1/scores?metric=nps&${q.replace(/-12:00/, encodeURIComponent('-12:00'))}`);
      expect(res.status, q).toBe(400);
      const body = await res.json();
      expect(body.error.code, q).toBe('invalid-query');
      expect(body.error.message, q).toMatch(/^(to|from): .*after the year 9999/);
    }
    // The last instant of 9999 in UTC, and the last date, still answer.
    for (const q of ['to=9999-12-31T23:59:59Z', 'to=9999-12-31T23:59:59&tz=UTC', 'to=9999-12-31&tz=America/Los_Angeles']) {
      expect((await h.admin(`/v1/scores?metric=nps&${q}`)).status, q).toBe(200);
    }
  });
});

describe('a from/to date-time without an offset is read in tz, never in the server process zone (review)', () => {
  const withProcessZone = async <T>(zone: string, fn: () => Promise<T>): Promise<T> => {
    const before = process.env.TZ;
    process.env.TZ = zone;
    try {
      return await fn();
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  };

  it('counts the same ratings under TZ=UTC and TZ=Asia/Kolkata, and reads the wall time in the query tz', async () => {
    const h = await make();
    await resetDatabase(db.sql());
    // 03:00Z and 04:00Z; 09:00 in Kolkata is 03:30Z.
    const early = submission({ at: '2026-11-20T03:00:00.000Z', value: 0 });
    const late = submission({ at: '2026-11-20T04:00:00.000Z', value: 10 });
    expect((await (await h.post(batch([early, late]))).json()).accepted).toHaveLength(2);
    const cases: Array<[string, string, number]> = [
      ['UTC', '2026-11-20T09:00:00.000Z', 0],
      ['Asia/Kolkata', '2026-11-20T03:30:00.000Z', 1],
      ['America/New_York', '2026-11-20T14:00:00.000Z', 0],
    ];
    for (const processZone of ['UTC', 'Asia/Kolkata']) {
      await withProcessZone(processZone, async () => {
        for (const [tz, from, n] of cases) {
          const res = await h.admin(`/v1/scores?metric=nps&from=2026-11-20T09:00&tz=${encodeURIComponent(tz)}`);
          expect(res.status, `${processZone} ${tz}`).toBe(200);
          const body = await res.json();
          expect(body.query.from, `${processZone} ${tz}`).toBe(from);
          expect(body.overall?.n ?? 0, `${processZone} ${tz}`).toBe(n);
        }
        // No tz: the documented default, UTC.
        const body = await (await h.admin('/v1/scores?metric=nps&to=2026-11-20T03:30:00.5')).json();
        expect(body.query.to, processZone).toBe('2026-11-20T03:30:00.500Z');
        expect(body.overall?.n ?? 0, processZone).toBe(1);
      });
    }
  });

  it('applies the same reading to exports', async () => {
    const h = await make();
    await resetDatabase(db.sql());
    const s = submission({ at: '2026-11-20T04:00:00.000Z' });
    await h.post(batch([s]));
    await withProcessZone('UTC', async () => {
      const inKolkata = await (await h.admin('/v1/export?format=json&from=2026-11-20T09:00&tz=Asia/Kolkata')).json();
      expect(inKolkata.count).toBe(1);
      const inUtc = await (await h.admin('/v1/export?format=json&from=2026-11-20T09:00')).json();
      expect(inUtc.count).toBe(0);
    });
  });
});

describe('rate limits: a trusted X-Forwarded-For entry is used only when it is an IP address (review)', () => {
  it('falls back to the TCP peer for junk or header-sized entries, so made-up keys never reach the limiter', async () => {
    const h = await make({ trustProxy: true, rateLimits: { perKey: false, perAddress: once } });
    const peer = '10.0.0.77';
    expect((await h.post(batch([submission()]), { 'x-forwarded-for': 'x'.repeat(8000) }, peer)).status).toBe(200);
    // Another made-up entry from the same peer: the same (peer) bucket, already spent.
    for (const junk of ['y'.repeat(8000), 'unknown', '1.2.3.4:8080', '256.1.1.1', 'fe80::1%eth0', '']) {
      const res = await h.post(batch([submission()]), { 'x-forwarded-for': `203.0.113.1, ${junk}` }, peer);
      expect(res.status, junk.slice(0, 20)).toBe(429);
    }
    // A real address behind the same proxy still gets its own bucket.
    expect((await h.post(batch([submission()]), { 'x-forwarded-for': '203.0.113.44' }, peer)).status).toBe(200);
  });

  it('counts every spelling of one IPv6 address in one bucket', async () => {
    const h = await make({ trustProxy: true, rateLimits: { perKey: false, perAddress: once } });
    expect((await h.post(batch([submission()]), { 'x-forwarded-for': '2001:db8::1' }, '10.0.0.78')).status).toBe(200);
    expect((await h.post(batch([submission()]), { 'x-forwarded-for': '2001:DB8:0:0:0:0:0:1' }, '10.0.0.78')).status).toBe(429);
  });

  it('parseIpAddress takes IPv4 and IPv6 addresses only, in canonical form, never longer than 45 characters', () => {
    expect(parseIpAddress('203.0.113.7')).toBe('203.0.113.7');
    expect(parseIpAddress('0.0.0.0')).toBe('0.0.0.0');
    expect(parseIpAddress('::1')).toBe('::1');
    expect(parseIpAddress('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(parseIpAddress('::ffff:192.0.2.1')).toBe('::ffff:c000:201');
    for (const bad of ['', '010.0.0.1', '1.2.3', '1.2.3.4.5', '1.2.3.4:80', '[::1]', 'fe80::1%eth0', ':::', 'localhost', 'forged-1', '1'.repeat(46), `::${'0:'.repeat(30)}1`]) {
      expect(parseIpAddress(bad), bad).toBeNull();
    }
  });
});
