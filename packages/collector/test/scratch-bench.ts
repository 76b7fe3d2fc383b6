import { startPgServer } from './pg-server.js';
import { openPostgres } from '../src/sql.js';
import { createCollector } from '../src/index.js';
const server = (await startPgServer())!;
const url = server.createDatabase('fk_bench');
const sql = await openPostgres(url);
const c = createCollector({ sql, siteKeys: ['k'], adminTokens: ['admin-token-0123456789'], monitoring: false, rateLimits: { perKey: false, perAddress: false } });
await c.ready;
let t = Date.now();
await sql.query(`INSERT INTO submissions (id, payload, payload_hash, created_at, occurred_at, received_at, status, branch, staff, channel)
SELECT (lpad(to_hex(i), 8, '0') || '-0000-7000-8000-000000000000')::uuid, '{}'::jsonb, 'h', ts, ts, ts, 'complete', 'b' || (i % 50), 's' || (i % 500), 'web'
FROM (SELECT i, timestamptz '2025-11-20' + (i * interval '31 seconds') AS ts FROM generate_series(1, 1000000) i) x`);
console.log('subs', Date.now() - t); t = Date.now();
await sql.query(`INSERT INTO ratings (submission_id, question_id, scale_kind, scale_id, scale, value, occurred_at, branch, staff, channel)
SELECT id, 'q1', 'nps', 'nps', '{"kind":"nps"}', (abs(hashtext(id::text)) % 11), occurred_at, branch, staff, channel FROM submissions`);
console.log('ratings', Date.now() - t); t = Date.now();
await sql.query('ANALYZE');
for (const q of ['metric=nps', 'metric=nps&groupBy=branch', 'metric=nps&groupBy=branch&window=month', 'metric=nps&groupBy=staff&window=week&tz=Asia/Shanghai', 'metric=nps&groupBy=branch&window=month&from=2026-10-01']) {
  for (let k = 0; k < 3; k++) {
    t = performance.now();
    const r = await c.handle(new Request('http://x/v1/scores?' + q, { headers: { authorization: 'Bearer admin-token-0123456789' } }));
    await r.json();
    console.log(q, r.status, (performance.now() - t).toFixed(0), 'ms');
  }
}
await c.close(); await sql.close(); server.stop();
