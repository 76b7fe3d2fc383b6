import { startPgServer } from './pg-server.js';
import { openPostgres } from '../src/sql.js';
const server = (await startPgServer())!;
const url = server.createDatabase('fk_bench');
const sql = await openPostgres(url);
await sql.query(`CREATE TABLE r AS SELECT 'nps'::text AS scale_id, (i % 11)::float8 AS value, timestamptz '2025-11-20' + (i * interval '31 seconds') AS occurred_at, 'b' || (i % 50) AS branch, 's' || (i % 500) AS staff FROM generate_series(1, 1000000) i`);
await sql.query('ANALYZE r');
const qs = {
  plain: `SELECT branch, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM'), value, count(*) FROM r WHERE scale_id = 'nps' GROUP BY 1,2,3`,
  trunc: `SELECT branch, to_char(w, 'YYYY-MM'), value, sum(n) FROM (SELECT branch, date_trunc('month', occurred_at AT TIME ZONE 'UTC') w, value, count(*) n FROM r WHERE scale_id = 'nps' GROUP BY 1,2,3) x GROUP BY 1,2,3`,
  nowin: `SELECT branch, value, count(*) FROM r WHERE scale_id = 'nps' GROUP BY 1,2`,
  staffweek: `SELECT staff, to_char(w, 'IYYY-"W"IW'), value, sum(n) FROM (SELECT staff, date_trunc('week', occurred_at AT TIME ZONE 'Asia/Shanghai') w, value, count(*) n FROM r WHERE scale_id = 'nps' GROUP BY 1,2,3) x GROUP BY 1,2,3`,
};
for (const [k, q] of Object.entries(qs)) {
  for (let i = 0; i < 2; i++) { const t = performance.now(); const r = await sql.query(q); console.log(k, r.rows.length, (performance.now() - t).toFixed(0)); }
}
const e = await sql.query('EXPLAIN ANALYZE ' + qs.trunc); console.log(e.rows.map((r: any) => r['QUERY PLAN']).join('\n'));
await sql.close(); server.stop();
