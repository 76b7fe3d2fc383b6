/**
 * Security-audit regressions for ingest: the batch's sentAt is read strictly and the clock-skew
 * correction is bounded (a reset kiosk clock or a junk sentAt never moves ratings into another
 * year, never costs the batch a 5xx).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { openPglite } from '../src/sql.js';
import { redactTextAnswers } from '../src/ingest.js';
import { batch, harnessesOn, rating, resetDatabase, submission, type Harness } from './helpers.js';

const db = harnessesOn(openPglite, (sql) => sql.close());
const make = db.make;

beforeEach(async () => {
  await make().c.ready;
  await resetDatabase(db.sql());
});

interface Row {
  id: string;
  occurred: number;
  created: number;
  sent: number | null;
  skew: number | null;
}
async function rows(): Promise<Map<string, Row>> {
  const r = await db.sql().query<Row>(
    `SELECT id::text AS id, (extract(epoch FROM occurred_at) * 1000)::float8 AS occurred, (extract(epoch FROM created_at) * 1000)::float8 AS created,
            (extract(epoch FROM sent_at) * 1000)::float8 AS sent, clock_skew_ms AS skew FROM submissions`,
  );
  return new Map(r.rows.map((x) => [x.id, { ...x, occurred: Number(x.occurred), created: Number(x.created), sent: x.sent === null ? null : Number(x.sent), skew: x.skew === null ? null : Number(x.skew) }]));
}
const ms = (iso: string) => Date.parse(iso);
// The harness's server clock: 2026-11-20T10:00:00Z.
const RECEIVED = '2026-11-20T10:00:00.000Z';

describe('ingest: sentAt and clock skew (security audit)', () => {
  it('does not move a rating past receivedAt when the kiosk clock reset between rating and sending', async () => {
    const h = make();
    // Rated at 09:00 with a correct clock; the clock then reset to 2000-01-01 before the flush.
    const s = submission({ at: '2026-11-20T09:00:00.000Z' });
    const res = await h.post(batch([s], '2000-01-01T00:02:00.000Z'));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.accepted).toEqual([s.id]);
    expect(body.warnings).toEqual([expect.stringMatching(/^submissions\[0\] .*clock skew correction .* not applied.*after the batch was received.*createdAt as sent/)]);
    const row = (await rows()).get(s.id)!;
    expect(row.occurred).toBe(ms('2026-11-20T09:00:00.000Z'));
    expect(row.created).toBe(ms('2026-11-20T09:00:00.000Z'));
    expect(row.skew).toBe(ms(RECEIVED) - ms('2000-01-01T00:02:00.000Z')); // still recorded as measured
  });

  it('uses receivedAt when the correction is refused and createdAt itself is in the future', async () => {
    const h = make();
    const s = submission({ at: '2026-11-21T09:00:00.000Z' }); // a day ahead of the server
    const body = await (await h.post(batch([s], '2026-11-20T08:00:00.000Z'))).json(); // sentAt 2 h behind
    expect(body.accepted).toEqual([s.id]);
    expect(body.warnings).toEqual([expect.stringContaining('stored at receivedAt (createdAt is in the future)')]);
    expect((await rows()).get(s.id)!.occurred).toBe(ms(RECEIVED));
  });

  it('still corrects a clock that was reset before the rating (createdAt and sentAt on the same wrong clock)', async () => {
    const h = make();
    const s = submission({ at: '2000-01-01T00:01:00.000Z' });
    const body = await (await h.post(batch([s], '2000-01-01T00:05:00.000Z'))).json();
    expect(body).toEqual({ accepted: [s.id], rejected: [] });
    expect((await rows()).get(s.id)!.occurred).toBe(ms('2026-11-20T09:56:00.000Z'));
  });

  it('refuses a correction that lands more than skewMaxAgeMs (default 30 days) before receivedAt', async () => {
    const h = make();
    const s = submission({ at: '2026-11-20T09:00:00.000Z' });
    // sentAt 200 days ahead while createdAt is right: the corrected time would be in May.
    const body = await (await h.post(batch([s], '2027-06-08T10:00:00.000Z'))).json();
    expect(body.accepted).toEqual([s.id]);
    expect(body.warnings).toEqual([expect.stringContaining('more than 30 days before the batch was received')]);
    expect((await rows()).get(s.id)!.occurred).toBe(ms('2026-11-20T09:00:00.000Z'));

    // A collector that allows a year applies it.
    const lenient = make({ skewMaxAgeMs: 365 * 86_400_000 });
    const t = submission({ at: '2026-11-20T09:00:00.000Z' });
    expect(await (await lenient.post(batch([t], '2027-06-08T10:00:00.000Z'))).json()).toEqual({ accepted: [t.id], rejected: [] });
    expect((await rows()).get(t.id)!.occurred).toBe(ms('2026-11-20T09:00:00.000Z') - (ms('2027-06-08T10:00:00.000Z') - ms(RECEIVED)));
  });

  const malformed: Array<[string, unknown]> = [
    ['a bare number', '1'],
    ['two digits', '12'],
    ['a date without a time', '2026-11-20'],
    ['a date-time without an offset', '2026-11-20T08:00:00'],
    ['a space instead of T', '2026-11-20 08:00:00Z'],
    ['an RFC 2822 date', 'Fri, 20 Nov 2026 08:00:00 GMT'],
    ['an impossible date', '2026-02-30T08:00:00Z'],
    ['the largest Date (extended year)', '+275760-09-13T00:00:00.000Z'],
    ['the smallest Date (extended year)', '-271821-04-20T00:00:00.000Z'],
    ['year 1', '0001-01-01T00:00:00Z'],
    ['year 0', '0000-01-01T00:00:00Z'],
    ['year 9999', '9999-12-31T23:59:59Z'],
    ['a number', 1795341600000],
    ['null', null],
  ];
  for (const [what, sentAt] of malformed) {
    it(`ignores sentAt ${what} (${JSON.stringify(sentAt)}) with a warning and keeps every item at its createdAt`, async () => {
      const h = make();
      const items = [submission({ at: '2026-11-20T09:00:00.000Z' }), submission({ at: '2026-11-20T09:30:00.000Z' })];
      const res = await h.post(JSON.stringify({ protocol: 1, sentAt, submissions: items }));
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.accepted).toEqual(items.map((i) => i.id));
      expect(body.rejected).toEqual([]);
      expect(body.warnings).toEqual([expect.stringMatching(/^sentAt: .* clock skew not measured for this batch$/)]);
      const stored = await rows();
      for (const i of items) expect(stored.get(i.id)).toMatchObject({ occurred: ms(i.createdAt), sent: null, skew: null });
    });
  }

  it('never corrects into another year from a far-past or far-future valid sentAt, and answers 200', async () => {
    const h = make();
    for (const sentAt of ['1970-01-01T00:00:00.000Z', '8999-12-31T23:59:59.000Z', '2000-01-01T00:00:00+14:00']) {
      const s = submission({ at: '2026-11-20T09:00:00.000Z' });
      const res = await h.post(batch([s], sentAt));
      expect(res.status, sentAt).toBe(200);
      const body = await res.json();
      expect(body.accepted, sentAt).toEqual([s.id]);
      expect(body.warnings, sentAt).toHaveLength(1);
      expect((await rows()).get(s.id)!.occurred, sentAt).toBe(ms('2026-11-20T09:00:00.000Z'));
    }
  });

  it('lists at most 20 per-item clock warnings and counts the rest', async () => {
    const h = make();
    const items = Array.from({ length: 25 }, () => submission({ at: '2026-11-20T09:00:00.000Z' }));
    const body = await (await h.post(batch(items, '2000-01-01T00:00:00.000Z'))).json();
    expect(body.accepted).toHaveLength(25);
    expect(body.warnings).toHaveLength(21);
    expect(body.warnings[20]).toMatch(/and 5 more submissions/);
  });
});

describe('ingest: free text is redacted on the server too (security audit)', () => {
  const PAN = '4111 1111 1111 1111';
  const IBAN = 'DE89 3704 0044 0532 0130 00';
  const withPii = () =>
    submission({
      answers: {
        q1: rating('nps', 2),
        why: { type: 'text', value: `charged twice on card ${PAN}, refund to ${IBAN} please` },
        consent: { type: 'consent', value: true, contact: 'ana@example.com' },
      },
    });
  const exportOf = async (h: Harness, format: 'json' | 'csv') => {
    const res = await h.admin(`/v1/export?format=${format}`);
    expect(res.status).toBe(200);
    return res.text();
  };

  it('masks a card number and an IBAN in a comment in the stored row and in the JSON and CSV exports', async () => {
    const h = make();
    const s = withPii();
    expect(await (await h.post(batch([s]))).json()).toEqual({ accepted: [s.id], rejected: [] });
    const { rows: stored } = await db.sql().query<{ text: string }>("SELECT payload->'answers'->'why'->>'value' AS text FROM submissions");
    expect(stored[0]!.text).toMatch(/^charged twice on card •••• 1111, refund to DE[• ]+\d\d[• ]*\d* please$/);
    expect(stored[0]!.text).not.toContain(IBAN);
    expect(stored[0]!.text).toContain('•••• 1111');
    for (const format of ['json', 'csv'] as const) {
      const text = await exportOf(h, format);
      expect(text, format).toContain('•••• 1111');
      expect(text, format).not.toContain(PAN);
      expect(text.replace(/[\s"]/g, ''), format).not.toContain('4111111111111111');
      expect(text.replace(/[\s"]/g, ''), format).not.toContain(IBAN.replace(/ /g, ''));
      expect(text, format).not.toContain(IBAN);
      // A consent's contact is given on purpose: kept.
      expect(text, format).toContain('ana@example.com');
    }
  });

  it('acknowledges a re-send of the same unredacted submission, and still flags a different payload as a conflict', async () => {
    const h = make();
    const s = withPii();
    await h.post(batch([s]));
    expect(await (await h.post(batch([s], '2026-11-20T10:01:00.000Z'))).json()).toEqual({ accepted: [s.id], rejected: [] });
    // Same id, same batch twice: one stored, both acknowledged.
    const t = withPii();
    expect(await (await h.post(batch([t, t]))).json()).toEqual({ accepted: [t.id], rejected: [] });
    const changed = { ...s, answers: { ...s.answers, why: { type: 'text', value: 'a different comment' } } };
    const res = await h.post(batch([changed]));
    expect(res.status).toBe(422);
    expect((await res.json()).rejected).toEqual([{ id: s.id, code: 'conflict', reason: expect.stringContaining('different payload') }]);
  });

  it('stores free text as received with redact: false', async () => {
    const h = make({ redact: false });
    const s = withPii();
    await h.post(batch([s]));
    expect(await exportOf(h, 'json')).toContain(PAN);
  });

  it('uses a custom redact function', async () => {
    const h = make({ redact: (sub) => ({ ...sub, answers: Object.fromEntries(Object.entries(sub.answers).filter(([, a]) => a.type !== 'text')) }) });
    const s = withPii();
    await h.post(batch([s]));
    const text = await exportOf(h, 'json');
    expect(text).not.toContain('charged twice');
    expect(text).toContain(s.id);
  });
});

describe('ingest: a createdAt in the future is never stored as sent (review)', () => {
  const FAR = '2029-11-20T09:00:00.000Z';
  const futureNote = /^submissions\[0\] \(.+\): createdAt is \d+ ms after the batch was received, more than the tolerance of 300000 ms .*stored at receivedAt \(createdAt is in the future\)$/;

  it('stores receivedAt with a warning when sentAt is the server clock (skew 0, within tolerance), and no 2029 window is scored', async () => {
    const h = make();
    const s = submission({ at: FAR });
    const res = await h.post(batch([s], RECEIVED));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.accepted).toEqual([s.id]);
    expect(body.warnings).toEqual([expect.stringMatching(futureNote)]);
    const row = (await rows()).get(s.id)!;
    expect(row.occurred).toBe(ms(RECEIVED));
    expect(row.created).toBe(ms(FAR)); // createdAt itself is kept as sent
    const scores = await (await h.admin('/v1/scores?metric=nps&window=month')).json();
    expect(scores.groups[0].windows.map((w: { window: string }) => w.window)).toEqual(['2026-11']);
  });

  it('stores receivedAt with a warning when sentAt is missing', async () => {
    const h = make();
    const s = submission({ at: FAR });
    const body = await (await h.post(JSON.stringify({ protocol: 1, submissions: [s] }))).json();
    expect(body.accepted).toEqual([s.id]);
    expect(body.warnings).toEqual([expect.stringMatching(/^sentAt: .* clock skew not measured/), expect.stringMatching(futureNote)]);
    expect((await rows()).get(s.id)!.occurred).toBe(ms(RECEIVED));
  });

  it('stores receivedAt with a warning when sentAt is ignored (not a usable date-time)', async () => {
    const h = make();
    const s = submission({ at: FAR });
    const body = await (await h.post(batch([s], 'yesterday'))).json();
    expect(body.accepted).toEqual([s.id]);
    expect(body.warnings).toEqual([expect.stringMatching(/^sentAt: .* clock skew not measured/), expect.stringMatching(futureNote)]);
    expect((await rows()).get(s.id)!.occurred).toBe(ms(RECEIVED));
  });

  it('keeps a createdAt up to the tolerance ahead as sent, on every path', async () => {
    const h = make();
    const ahead = '2026-11-20T10:04:59.000Z'; // 4 min 59 s ahead of the server, tolerance 5 min
    const sentAts: unknown[] = [RECEIVED, 'junk', undefined];
    for (const sentAt of sentAts) {
      const s = submission({ at: ahead });
      const body = await (await h.post(JSON.stringify({ protocol: 1, ...(sentAt === undefined ? {} : { sentAt }), submissions: [s] }))).json();
      expect(body.accepted, String(sentAt)).toEqual([s.id]);
      expect((body.warnings ?? []).filter((w: string) => w.startsWith('submissions[')), String(sentAt)).toEqual([]);
      expect((await rows()).get(s.id)!.occurred, String(sentAt)).toBe(ms(ahead));
    }
  });

  it('uses the configured skewToleranceMs as the bound', async () => {
    const h = make({ skewToleranceMs: 3_600_000 });
    const near = submission({ at: '2026-11-20T10:30:00.000Z' });
    const far = submission({ at: '2026-11-20T11:30:00.000Z' });
    const body = await (await h.post(batch([near, far], RECEIVED))).json();
    expect(body.accepted).toEqual([near.id, far.id]);
    expect(body.warnings).toEqual([expect.stringMatching(/^submissions\[1\] .*more than the tolerance of 3600000 ms.*stored at receivedAt/)]);
    const stored = await rows();
    expect(stored.get(near.id)!.occurred).toBe(ms('2026-11-20T10:30:00.000Z'));
    expect(stored.get(far.id)!.occurred).toBe(ms(RECEIVED));
  });

  it('still corrects a skewed clock whose createdAt is in the future on the server clock but not on its own', async () => {
    const h = make();
    // The kiosk runs 2 h fast: rated at 11:30 on its clock, sent at 12:00 on its clock (10:00 server).
    const s = submission({ at: '2026-11-20T11:30:00.000Z' });
    const body = await (await h.post(batch([s], '2026-11-20T12:00:00.000Z'))).json();
    expect(body).toEqual({ accepted: [s.id], rejected: [] });
    expect((await rows()).get(s.id)!.occurred).toBe(ms('2026-11-20T09:30:00.000Z'));
  });
});

describe('ingest: a survey question with redact: false is stored as the browser keeps it (review)', () => {
  const IBAN = 'DE89 3704 0044 0532 0130 00';
  const survey = {
    id: 'refund',
    version: 1,
    questions: [
      { id: 'q1', type: 'rating' as const, prompt: 'How likely…?', scale: { kind: 'nps' as const } },
      { id: 'payee', type: 'text' as const, prompt: 'IBAN for the refund', redact: false },
      { id: 'why', type: 'text' as const, prompt: 'Why?' },
    ],
  };
  const withIban = () =>
    submission({
      survey: { id: 'refund', version: 1 },
      answers: { q1: rating('nps', 3), payee: { type: 'text', value: IBAN }, why: { type: 'text', value: `refund to ${IBAN}` } },
    });
  const stored = async () =>
    (await db.sql().query<{ payee: string; why: string }>("SELECT payload->'answers'->'payee'->>'value' AS payee, payload->'answers'->'why'->>'value' AS why FROM submissions")).rows[0]!;

  it('keeps the answer of a text question marked redact: false when the survey is registered, and masks the others', async () => {
    const h = make({ surveys: [survey] });
    const s = withIban();
    expect(await (await h.post(batch([s]))).json()).toEqual({ accepted: [s.id], rejected: [] });
    const row = await stored();
    expect(row.payee).toBe(IBAN);
    expect(row.why).not.toContain(IBAN);
    expect(row.why).toMatch(/^refund to DE[• ]+/);
  });

  it('masks every text answer without a survey registry, whatever the answer is called', async () => {
    const h = make();
    const s = withIban();
    expect(await (await h.post(batch([s]))).json()).toEqual({ accepted: [s.id], rejected: [] });
    const row = await stored();
    expect(row.payee).not.toContain(IBAN);
    expect(row.why).not.toContain(IBAN);
  });

  it('masks an answer no text question of the survey marks redact: false (unknown id, another question, redact: true)', () => {
    const sub = {
      ...withIban(),
      answers: {
        stray: { type: 'text' as const, value: IBAN },
        why: { type: 'text' as const, value: IBAN },
        payee: { type: 'text' as const, value: IBAN },
      },
    };
    const strict = { ...survey, questions: survey.questions.map((q) => (q.id === 'payee' ? { ...q, redact: true } : q)) };
    const out = redactTextAnswers(sub, survey).answers;
    expect(out.payee).toEqual({ type: 'text', value: IBAN });
    expect(out.stray).not.toEqual({ type: 'text', value: IBAN });
    expect(out.why).not.toEqual({ type: 'text', value: IBAN });
    expect(redactTextAnswers(sub, strict).answers.payee).not.toEqual({ type: 'text', value: IBAN });
    expect(redactTextAnswers(sub).answers.payee).not.toEqual({ type: 'text', value: IBAN });
  });
});
