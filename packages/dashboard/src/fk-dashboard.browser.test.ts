/// <reference types="mocha" />
import { expect } from '@esm-bundle/chai';
import { FkDashboard } from './fk-dashboard.js';

if (!customElements.get('fk-dashboard')) customElements.define('fk-dashboard', FkDashboard);

/**
 * A fake collector behind `window.fetch`: the read API answers NPS `server.nps`, or 429 with
 * `Retry-After` while `server.tooMany` is set; `/v1/stream` is a body the test feeds and cuts.
 */
interface Server {
  nps: number;
  tooMany: number;
  requests: Array<{ at: number; url: URL; status: number }>;
  streams: Array<ReadableStreamDefaultController<Uint8Array>>;
}
let server: Server;
const realFetch = window.fetch;
const enc = new TextEncoder();
const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

function fakeFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const url = new URL(String(input), location.href);
  const answer = (res: Response) => {
    server.requests.push({ at: performance.now(), url, status: res.status });
    return Promise.resolve(res);
  };
  if (url.pathname === '/v1/stream') {
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        server.streams.push(c);
        init?.signal?.addEventListener('abort', () => c.error(new DOMException('aborted', 'AbortError')));
        c.enqueue(enc.encode('retry: 50\nevent: hello\ndata: {}\n\n'));
      },
    });
    return answer(new Response(body, { headers: { 'content-type': 'text/event-stream' } }));
  }
  const tz = url.searchParams.get('tz');
  if (tz !== null) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz }); // the collector's check
    } catch {
      return answer(json({ error: { code: 'invalid-query', message: `tz: "${tz}" is not an IANA time zone` } }, 400));
    }
  }
  if (server.tooMany > 0) {
    return answer(json({ error: { code: 'rate-limited', message: `admin: too many requests; retry after ${server.tooMany} s` } }, 429, { 'retry-after': String(server.tooMany) }));
  }
  const cell = { n: 4, score: server.nps, ci: [server.nps - 10, server.nps + 10], smallSample: true, distribution: [] };
  switch (url.pathname) {
    case '/v1/scores':
      return answer(json({ overall: url.searchParams.has('groupBy') ? null : cell, groups: [] }));
    case '/v1/trends':
      return answer(json({ series: [] }));
    case '/v1/rankings':
      return answer(json({ overall: null, minN: 10, m: 10, ranked: [], unranked: [] }));
    case '/v1/reasons':
      return answer(json({ groups: [] }));
    case '/v1/alerts':
      return answer(json({ alerts: [] }));
    default:
      return answer(json({ error: { message: 'not found' } }, 404));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, check: () => boolean, ms = 8000): Promise<void> {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

let el: FkDashboard;
const q = (sel: string) => el.shadowRoot!.querySelector(sel);
const nps = () => q('[data-testid="score-nps"]')?.textContent ?? '';
/** One per reload: the ungrouped NPS read. */
const reads = () => server.requests.filter((r) => r.url.pathname === '/v1/scores' && !r.url.searchParams.has('groupBy') && r.url.searchParams.get('metric') === 'nps');

async function mount(timeZone?: string): Promise<void> {
  sessionStorage.setItem('feedbackkit:admin-token', 'fk_admin_test_token_0123456789');
  el = document.createElement('fk-dashboard') as FkDashboard;
  if (timeZone) el.timeZone = timeZone;
  document.body.append(el);
  await until('the first numbers', () => nps() === String(server.nps));
}

describe('fk-dashboard live updates', function () {
  this.timeout(20_000);
  beforeEach(() => {
    server = { nps: 10, tooMany: 0, requests: [], streams: [] };
    window.fetch = fakeFetch;
  });
  afterEach(() => {
    el.remove();
    window.fetch = realFetch;
    sessionStorage.clear();
  });

  it('re-reads the numbers when the stream comes back after a drop (collector restart)', async () => {
    await mount();
    await until('the stream', () => q('.live-dot.live') !== null);
    const before = reads().length;
    server.nps = 30; // arrived while the collector was restarting: never announced
    server.streams[0]!.close();
    await until('the second connection', () => server.streams.length === 2);
    await until('the numbers of after the restart', () => nps() === '30');
    expect(reads().length).to.equal(before + 1);
    expect(q('.live-dot.live')).to.not.equal(null);
  });

  it('under a burst of events reloads at most once per 2 s; after a 429 it keeps the numbers, waits Retry-After and recovers by itself', async () => {
    await mount();
    await until('the stream', () => server.streams.length === 1);
    const start = reads().length;
    // 40 submissions in 2 s: at most two reloads (one soon, one 2 s after it).
    for (let i = 0; i < 40; i++) {
      server.streams[0]!.enqueue(enc.encode(`event: submission\ndata: {"id":"s${i}","status":"accepted","receivedAt":"2026-11-22T10:00:00Z"}\n\n`));
      await sleep(50);
    }
    await sleep(2300);
    const burst = reads().slice(start);
    expect(burst.length).to.be.within(1, 2);
    for (let i = 1; i < burst.length; i++) expect(burst[i]!.at - burst[i - 1]!.at).to.be.at.least(1900);

    // The collector's admin limit answers 429 with Retry-After: 3.
    server.tooMany = 3;
    server.nps = 20;
    server.streams[0]!.enqueue(enc.encode('event: alert\ndata: {}\n\n'));
    await until('a 429', () => server.requests.some((r) => r.status === 429));
    const refused = server.requests.find((r) => r.status === 429)!.at;
    await until('the paused note', () => q('[data-testid="paused"]') !== null);
    expect(q('[data-testid="paused"]')!.textContent).to.match(/^Updating paused \(admin: too many requests; retry after 3 s; trying again in 3 s\)$/);
    expect(q('[role="alert"]'), 'no error wall').to.equal(null);
    expect(nps(), 'last good numbers stay').to.equal('10');

    server.tooMany = 0;
    await until('fresh numbers', () => nps() === '20');
    const retried = reads().find((r) => r.at > refused && r.status === 200)!.at;
    expect(retried - refused).to.be.at.least(2900);
    expect(q('[data-testid="paused"]')).to.equal(null);
    // Nothing was asked in between: the refused reload's requests, then the retry.
    expect(server.requests.filter((r) => r.at > refused + 100 && r.at < retried - 100 && r.url.pathname !== '/v1/stream')).to.deep.equal([]);
  });

  it("cuts days, weeks and months in the viewer's time zone (tz on every read) and says which", async () => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    await mount();
    const reads = server.requests.filter((r) => /^\/v1\/(scores|trends|rankings|reasons)$/.test(r.url.pathname) && !r.url.searchParams.has('detail'));
    expect(reads.length).to.equal(10);
    for (const r of reads) expect(r.url.searchParams.get('tz'), r.url.pathname).to.equal(zone);
    expect(q('[data-testid="tz"]')!.textContent).to.equal(`Time zone: ${zone}`);
  });

  it('falls back to UTC when the collector does not know the zone', async () => {
    await mount('Mars/Olympus_Mons');
    expect(server.requests.some((r) => r.status === 400 && r.url.searchParams.get('tz') === 'Mars/Olympus_Mons')).to.equal(true);
    expect(reads().at(-1)!.url.searchParams.get('tz')).to.equal('UTC');
    expect(q('[data-testid="tz"]')!.textContent).to.equal('Time zone: UTC');
    expect(q('[role="alert"]')).to.equal(null);
  });
});
