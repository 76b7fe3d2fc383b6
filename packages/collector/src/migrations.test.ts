import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from './migrations.js';
import { openPglite, type SqlClient } from './sql.js';

let sql: SqlClient | undefined;
afterEach(async () => {
  await sql?.close();
  sql = undefined;
});

describe('migrate', () => {
  it('applies every migration once and is idempotent', async () => {
    sql = await openPglite();
    expect(await migrate(sql)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(await migrate(sql)).toEqual([]);
    const { rows } = await sql.query<{ version: number }>('SELECT version FROM fk_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('repairs a database that ran the reverted version 3 (counts-array rollup)', async () => {
    sql = await openPglite();
    const reverted = { version: 3, name: 'reverted', sql: 'DROP TABLE rating_daily; CREATE TABLE rating_daily (scale_id text, counts integer[])' };
    await migrate(sql, [...MIGRATIONS.filter((m) => m.version <= 2), reverted]);
    expect(await migrate(sql)).toEqual([4, 5, 6, 7, 8, 9]);
    const { rows } = await sql.query<{ column_name: string }>("SELECT column_name FROM information_schema.columns WHERE table_name = 'rating_daily' ORDER BY ordinal_position");
    expect(rows.map((r) => r.column_name)).toEqual(['scale_id', 'question_id', 'day', 'dim', 'dim_value', 'value', 'n']);
  });
});
