import { describe, expect, it } from 'vitest';
import { SseParser, followStream } from './sse.js';

describe('SseParser', () => {
  it('reads events split across chunks, skips comments, joins data lines', () => {
    const p = new SseParser();
    expect(p.feed('retry: 3000\nid: 1\nevent: hel')).toEqual([]);
    expect(p.feed('lo\ndata: {"a":1}\n\n: heartbeat 5\n\n')).toEqual([{ event: 'hello', data: '{"a":1}', id: '1' }]);
    expect(p.retry).toBe(3000);
    expect(p.feed('data: x\r\ndata: y\r\n\r\n')).toEqual([{ event: 'message', data: 'x\ny', id: '1' }]);
  });
  it('waits when a chunk ends in a lone CR (maybe half of CRLF)', () => {
    const p = new SseParser();
    expect(p.feed('event: a\r\ndata: 1\r')).toEqual([]);
    expect(p.feed('\n\r\n')).toEqual([{ event: 'a', data: '1', id: undefined }]);
  });
  it('drops a message with no data and ignores unknown fields', () => {
    const p = new SseParser();
    expect(p.feed('event: x\nfoo: bar\n\n')).toEqual([]);
    expect(p.feed('retry: soon\ndata\n\n')).toEqual([{ event: 'message', data: '', id: undefined }]);
    expect(p.retry).toBeUndefined();
  });
});

describe('followStream', () => {
  it('sends the token as a header (never in the URL) and stops on 401', async () => {
    const seen: Array<{ url: string; auth: string | null }> = [];
    const states: string[] = [];
    const fakeFetch = (async (url: string, init: RequestInit) => {
      seen.push({ url, auth: new Headers(init.headers).get('authorization') });
      return new Response('no', { status: 401 });
    }) as unknown as typeof fetch;
    await followStream({ url: '/v1/stream', token: 'tok_1234567890abcdef', onMessage: () => {}, onState: (s) => states.push(s), signal: new AbortController().signal, fetch: fakeFetch });
    expect(seen).toEqual([{ url: '/v1/stream', auth: 'Bearer tok_1234567890abcdef' }]);
    expect(states).toEqual(['connecting', 'unauthorized']);
  });
  it('delivers messages from the body, then retries after the server-given delay until aborted', async () => {
    const abort = new AbortController();
    const got: string[] = [];
    let calls = 0;
    const fakeFetch = (async () => {
      calls += 1;
      if (calls === 2) abort.abort();
      return new Response('retry: 5\nevent: submission\ndata: {"id":"a"}\n\n', { status: 200 });
    }) as unknown as typeof fetch;
    await followStream({ url: '/s', token: 't', onMessage: (m) => got.push(`${m.event}:${m.data}`), onState: () => {}, signal: abort.signal, fetch: fakeFetch });
    expect(got[0]).toBe('submission:{"id":"a"}');
    expect(calls).toBe(2);
  });
  it('reports a reconnection (live again after a drop) so the page can re-read what it missed, but not the first connection', async () => {
    const abort = new AbortController();
    const log: string[] = [];
    let calls = 0;
    const fakeFetch = (async () => {
      calls += 1;
      if (calls === 3) {
        abort.abort();
        throw new DOMException('aborted', 'AbortError');
      }
      // Each body ends (the collector went away); the server asked for a 1 ms retry delay.
      return new Response('retry: 1\nevent: hello\ndata: {}\n\n', { status: 200 });
    }) as unknown as typeof fetch;
    await followStream({ url: '/s', token: 't', onMessage: () => {}, onState: (s) => log.push(s), onReconnect: () => log.push('reconnect'), signal: abort.signal, fetch: fakeFetch });
    expect(log).toEqual(['connecting', 'live', 'retrying', 'connecting', 'live', 'reconnect', 'retrying', 'connecting']);
  });
});
