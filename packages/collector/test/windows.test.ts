/**
 * Calendar windows cut in SQL (to_char in an IANA zone) must give exactly the keys core's
 * calendarKey gives in JavaScript — otherwise SQL tallies and JS rollups would disagree.
 */
import fc from 'fast-check';
import { calendarKey } from '@feedbackkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, type SqlClient } from '../src/sql.js';
import { WINDOWS, WINDOW_FORMATS } from '../src/store.js';

let sql: SqlClient;
beforeAll(async () => {
  sql = await openPglite();
});
afterAll(async () => {
  await sql.close();
});

const zones = ['UTC', 'Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'America/Santiago', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham'];

describe('SQL window keys', () => {
  it('equal core calendarKey for random instants 2000–2040 in several zones', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }), { minLength: 1, maxLength: 50 }),
        fc.constantFrom(...zones),
        async (instants, tz) => {
          const isos = instants.map((ms) => new Date(ms).toISOString());
          for (const w of WINDOWS) {
            const { rows } = await sql.query<{ k: string }>('SELECT to_char(t AT TIME ZONE $2, $3) AS k FROM unnest($1::timestamptz[]) WITH ORDINALITY AS u(t, i) ORDER BY i', [
              isos,
              tz,
              WINDOW_FORMATS[w],
            ]);
            expect(rows.map((r) => r.k)).toEqual(isos.map((iso) => calendarKey(iso, w, tz)));
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('agree on the edges: ISO week-years and quarter starts', async () => {
    // 2027-01-01 is a Friday: ISO week 53 of 2026. 2026-12-28 (Monday) is also 2026-W53.
    const cases = ['2027-01-01T12:00:00Z', '2026-12-28T00:00:00Z', '2024-12-30T00:00:00Z', '2026-04-01T00:00:00Z', '2026-03-31T23:59:59Z'];
    const { rows } = await sql.query<{ k: string }>("SELECT to_char(t AT TIME ZONE 'UTC', $2) AS k FROM unnest($1::timestamptz[]) WITH ORDINALITY AS u(t, i) ORDER BY i", [cases, WINDOW_FORMATS.week]);
    expect(rows.map((r) => r.k)).toEqual(['2026-W53', '2026-W53', '2025-W01', '2026-W14', '2026-W14']);
    expect(cases.map((c) => calendarKey(c, 'week', 'UTC'))).toEqual(['2026-W53', '2026-W53', '2025-W01', '2026-W14', '2026-W14']);
  });
});
