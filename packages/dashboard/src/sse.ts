/**
 * A Server-Sent Events reader over `fetch`, so the admin token travels in the
 * `Authorization` header: `EventSource` cannot send headers, and a token in the query
 * string ends up in access logs and proxies.
 */

export interface SseMessage {
  event: string;
  data: string;
  id: string | undefined;
}

/**
 * Incremental parser for `text/event-stream` (the WHATWG rules that matter here: `event`,
 * `data` (several lines joined by "\n"), `id`, `retry`, comment lines starting with ":",
 * CRLF / LF / CR line ends, a message ends at a blank line, a message without data is dropped).
 */
export class SseParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];
  private id: string | undefined;
  /** Reconnection delay the server asked for (`retry:`), in ms. */
  retry: number | undefined;

  /** Feeds decoded text; returns the messages completed by it. */
  feed(text: string): SseMessage[] {
    this.buffer += text;
    const out: SseMessage[] = [];
    for (;;) {
      const m = /\r\n|\n|\r/.exec(this.buffer);
      if (!m) break;
      // A lone CR at the very end may be the first half of CRLF: wait for more.
      if (m[0] === '\r' && m.index === this.buffer.length - 1) break;
      const line = this.buffer.slice(0, m.index);
      this.buffer = this.buffer.slice(m.index + m[0].length);
      this.line(line, out);
    }
    return out;
  }

  private line(line: string, out: SseMessage[]): void {
    if (line === '') {
      if (this.data.length > 0) out.push({ event: this.event || 'message', data: this.data.join('\n'), id: this.id });
      this.event = '';
      this.data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
    else if (field === 'id' && !value.includes('\0')) this.id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.retry = Number(value);
  }
}

export interface StreamOptions {
  url: string;
  token: string;
  onMessage: (message: SseMessage) => void;
  onState: (state: 'connecting' | 'live' | 'retrying' | 'unauthorized') => void;
  /** Called when the stream is live again after a drop: events sent meanwhile were missed, so re-read the API. */
  onReconnect?: () => void;
  signal: AbortSignal;
  fetch?: typeof fetch;
}

/** Reads the stream until `signal` aborts, reconnecting after `retry` ms (3 s default) when it drops. */
export async function followStream(options: StreamOptions): Promise<void> {
  const doFetch = options.fetch ?? fetch;
  let delay = 3000;
  let wasLive = false;
  while (!options.signal.aborted) {
    options.onState('connecting');
    const parser = new SseParser();
    try {
      const res = await doFetch(options.url, {
        headers: { authorization: `Bearer ${options.token}`, accept: 'text/event-stream' },
        signal: options.signal,
        cache: 'no-store',
      });
      if (res.status === 401) {
        options.onState('unauthorized');
        return;
      }
      if (!res.ok || !res.body) throw new Error(`stream: HTTP ${res.status}`);
      options.onState('live');
      if (wasLive) options.onReconnect?.();
      wasLive = true;
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        for (const m of parser.feed(value)) options.onMessage(m);
      }
    } catch {
      if (options.signal.aborted) return;
    }
    delay = parser.retry ?? delay;
    options.onState('retrying');
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, delay);
      options.signal.addEventListener('abort', () => {
        clearTimeout(t);
        resolve();
      }, { once: true });
    });
  }
}
