import { describe, expect, it } from 'vitest';
import { csvCell } from './handler.js';
import { RateLimiter, normaliseOrigin, timingSafeEqualString } from './security.js';
import { readSettings } from './settings.js';

describe('timingSafeEqualString', () => {
  it('is equality', () => {
    expect(timingSafeEqualString('abc', 'abc')).toBe(true);
    expect(timingSafeEqualString('abc', 'abd')).toBe(false);
    expect(timingSafeEqualString('abc', 'abcd')).toBe(false);
    expect(timingSafeEqualString('', 'a')).toBe(false);
    expect(timingSafeEqualString('ключ', 'ключ')).toBe(true);
  });
});

describe('RateLimiter', () => {
  it('allows a burst, then one request per 1/perSecond, and says how long to wait', () => {
    const rl = new RateLimiter({ burst: 3, perSecond: 2 });
    expect([rl.take('k', 0), rl.take('k', 0), rl.take('k', 0)]).toEqual([0, 0, 0]);
    expect(rl.take('k', 0)).toBe(1); // 1 token at 2/s = 0.5 s → Retry-After rounds up to 1
    expect(rl.take('k', 500)).toBe(0); // half a second refills one token
    expect(rl.take('other', 500)).toBe(0);
  });

  it('forgets the oldest keys past its size bound', () => {
    const rl = new RateLimiter({ burst: 1, perSecond: 0.001 }, 2);
    rl.take('a', 0);
    rl.take('b', 0);
    rl.take('c', 0); // evicts 'a'
    expect(rl.take('a', 0)).toBe(0);
    expect(rl.take('c', 0)).toBeGreaterThan(0);
  });
});

describe('csvCell', () => {
  it('quotes per RFC 4180 and neutralises spreadsheet formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('+1')).toBe('+1'); // a plain number is data, not a formula
    expect(csvCell('+cmd|x')).toBe("'+cmd|x");
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(null)).toBe('');
  });
});

describe('normaliseOrigin', () => {
  it('keeps scheme, host and non-default port only', () => {
    expect(normaliseOrigin('https://Bank.Example:443/path')).toBe('https://bank.example');
    expect(normaliseOrigin('http://localhost:8787')).toBe('http://localhost:8787');
    expect(normaliseOrigin('javascript:alert(1)')).toBeNull();
    expect(normaliseOrigin('not a url')).toBeNull();
  });
});

describe('readSettings', () => {
  it('reads the environment', () => {
    const s = readSettings({ PORT: '9000', DATABASE_URL: 'postgres://x', FEEDBACKKIT_SITE_KEY: 'a,b', FEEDBACKKIT_ADMIN_TOKEN: 'admin-token-0123456789', FEEDBACKKIT_ALLOWED_ORIGINS: 'https://a.example, https://b.example' });
    expect(s).toMatchObject({ port: 9000, databaseUrl: 'postgres://x', siteKeys: ['a', 'b'], adminTokens: ['admin-token-0123456789'], allowedOrigins: ['https://a.example', 'https://b.example'], generated: { siteKey: false, adminToken: false } });
  });

  it('defaults to port 8787, PGlite in ./.data/collector, and generates missing secrets', () => {
    const s = readSettings({});
    expect(s.port).toBe(8787);
    expect(s.databaseUrl).toBeUndefined();
    expect(s.dataDir).toBe('./.data/collector');
    expect(s.generated).toEqual({ siteKey: true, adminToken: true });
    expect(s.adminTokens[0]).toMatch(/^fk_admin_[A-Za-z0-9_-]{32}$/);
    expect(readSettings({}).adminTokens[0]).not.toBe(s.adminTokens[0]);
  });

  it('reads FEEDBACKKIT_PG_WORK_MEM: off (any case) turns the session SET off, a value is passed on, absent is the default', () => {
    expect(readSettings({}).pgWorkMem).toBeUndefined();
    expect(readSettings({ FEEDBACKKIT_PG_WORK_MEM: '' }).pgWorkMem).toBeUndefined();
    expect(readSettings({ FEEDBACKKIT_PG_WORK_MEM: 'off' }).pgWorkMem).toBe(false);
    expect(readSettings({ FEEDBACKKIT_PG_WORK_MEM: ' OFF ' }).pgWorkMem).toBe(false);
    expect(readSettings({ FEEDBACKKIT_PG_WORK_MEM: '128MB' }).pgWorkMem).toBe('128MB');
  });

  it('refuses a bad port and a short admin token', () => {
    expect(() => readSettings({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => readSettings({ FEEDBACKKIT_ADMIN_TOKEN: 'short' })).toThrow(/at least 16/);
  });
});
