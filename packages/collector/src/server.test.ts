import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCollector, type Collector } from './handler.js';
import { startServer, type RunningServer } from './server.js';
import { openPglite, type SqlClient } from './sql.js';

const KEY = 'fk_site_server_test_01';
const ADMIN = 'fk_admin_server_test_01';
let sql: SqlClient;
let collector: Collector;
let server: RunningServer;

beforeAll(async () => {
  sql = await openPglite();
  collector = createCollector({
    sql,
    siteKeys: [{ key: KEY, origins: ['https://bank.example'] }],
    adminTokens: [ADMIN],
    maxBodyBytes: 4096,
    monitoring: false,
    heartbeatMs: 50,
    assets: (path) => (path === '/dashboard/' ? new Response('<!doctype html><title>d</title>', { headers: { 'content-type': 'text/html' } }) : null),
  });
  server = await startServer({ handler: collector.handle, port: 0 });
});
afterAll(async () => {
  await collector.close();
  await server.close();
  await sql.close();
});

const sub = (id: string) => ({ id, createdAt: '2026-11-20T10:00:00.000Z', status: 'complete', answers: { q1: { type: 'rating', scale: { kind: 'nps' }, value: 9 } }, context: { branch: 'A' } });

describe('node:http server', () => {
  it('listens on loopback and ingests over real HTTP', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const id = '0192f000-0000-7000-8000-00000000aa01';
    const res = await fetch(`${server.url}/v1/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-feedbackkit-key': KEY, origin: 'https://bank.example' },
      body: JSON.stringify({ protocol: 1, sentAt: new Date().toISOString(), submissions: [sub(id)] }),
    });
    expect(res.status).toBe(200);
    expect(res.statusText).toBe('OK');
    expect(res.headers.get('access-control-allow-origin')).toBe('https://bank.example');
    expect(await res.json()).toEqual({ accepted: [id], rejected: [] });
  });

  it('answers an oversize body with 413 from its Content-Length, and stays up', async () => {
    const res = await fetch(`${server.url}/v1/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-feedbackkit-key': KEY },
      body: 'x'.repeat(100_000),
    });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('body-too-large');
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('answers a chunked oversize body (no Content-Length) with 413', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${server.url}/v1/submissions`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-feedbackkit-key': KEY, 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 20; i++) req.write('y'.repeat(1000));
      req.end();
    });
    expect(status).toBe(413);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('streams Server-Sent Events with heartbeats over HTTP', async () => {
    const ac = new AbortController();
    const res = await fetch(`${server.url}/v1/stream`, { headers: { authorization: `Bearer ${ADMIN}` }, signal: ac.signal });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    let text = '';
    const id = '0192f000-0000-7000-8000-00000000aa02';
    await fetch(`${server.url}/v1/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-feedbackkit-key': KEY },
      body: JSON.stringify({ protocol: 1, sentAt: new Date().toISOString(), submissions: [sub(id)] }),
    });
    while (!(text.includes(id) && text.includes(': heartbeat'))) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toMatch(/event: hello/);
    expect(text).toMatch(/event: submission/);
    ac.abort();
    await new Promise((r) => setTimeout(r, 100));
    expect(collector.events.size).toBe(0);
  });

  it('serves plugged-in assets with the security headers, and 404 JSON elsewhere', async () => {
    const page = await fetch(`${server.url}/dashboard/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(await page.text()).toMatch(/doctype/);
    const missing = await fetch(`${server.url}/nothing`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('not-found');
  });

  it('survives a hostile Host header', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${server.url}/healthz`, { headers: { host: 'evil"><script>' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(200);
  });
});

describe('health', () => {
  it('answers 503 storage-unavailable when the database is gone, never a crash', async () => {
    const db = await openPglite();
    const c = createCollector({ sql: db, siteKeys: [KEY], adminTokens: [ADMIN], monitoring: false });
    await c.ready;
    await db.close();
    const res = await c.handle(new Request('http://x/healthz'));
    expect(res.status).toBe(503);
    expect((await res.json()).error.code).toBe('storage-unavailable');
    await c.close();
  });
});
