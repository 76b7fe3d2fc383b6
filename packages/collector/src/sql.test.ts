import { describe, expect, it } from 'vitest';
import { WORK_MEM, openPostgres, workMemStatement } from './sql.js';

describe('openPostgres workMem', () => {
  it('gives the session SET for the default and a memory setting, and none for false', () => {
    expect(workMemStatement(undefined)).toBe(`SET work_mem = '${WORK_MEM}'`);
    expect(workMemStatement('128MB')).toBe("SET work_mem = '128MB'");
    expect(workMemStatement('65536')).toBe("SET work_mem = '65536'");
    expect(workMemStatement(false)).toBeNull();
  });

  it('refuses anything but a memory setting, before connecting (FeedbackError invalid-option naming workMem)', async () => {
    for (const bad of ['64MB; DROP TABLE submissions', "64MB'", '', '0', '64 MB', '64mb', 'lots', '-1MB']) {
      expect(() => workMemStatement(bad), bad).toThrow(expect.objectContaining({ name: 'FeedbackError', code: 'invalid-option', field: 'workMem' }));
      // Port 1 on loopback: were it to connect first, this would be a connection error instead.
      await expect(openPostgres({ connectionString: 'postgres://nobody@127.0.0.1:1/none', workMem: bad }), bad).rejects.toMatchObject({ code: 'invalid-option', field: 'workMem' });
    }
  });
});
