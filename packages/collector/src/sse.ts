/** Server-Sent Events fan-out: each subscriber gets every event published after it joined. */
export interface StreamEvent {
  event: 'submission' | 'alert' | 'hello';
  data: unknown;
}

export class EventHub {
  private readonly subscribers = new Set<(chunk: string) => void>();
  private seq = 0;

  get size(): number {
    return this.subscribers.size;
  }

  publish(e: StreamEvent): void {
    if (this.subscribers.size === 0) return;
    this.seq += 1;
    const chunk = format(e, this.seq);
    for (const s of this.subscribers) s(chunk);
  }

  /**
   * A `text/event-stream` body: a hello event, then every published event, with a comment line
   * every `heartbeatMs` so proxies keep the connection and the client notices a dead one.
   */
  stream(options: { heartbeatMs: number; signal?: AbortSignal | undefined; hello?: unknown }): ReadableStream<Uint8Array> {
    const encoder = new TextEncoder();
    let cleanup = (): void => {};
    return new ReadableStream<Uint8Array>({
      start: (controller) => {
        const send = (chunk: string): void => {
          try {
            controller.enqueue(encoder.encode(chunk));
          } catch {
            cleanup();
          }
        };
        this.subscribers.add(send);
        const timer = setInterval(() => send(`: heartbeat ${Date.now()}\n\n`), options.heartbeatMs);
        (timer as { unref?: () => void }).unref?.();
        cleanup = () => {
          clearInterval(timer);
          this.subscribers.delete(send);
        };
        options.signal?.addEventListener('abort', () => {
          cleanup();
          try {
            controller.close();
          } catch {
            /* already closed */
          }
        });
        send(`retry: 3000\n${format({ event: 'hello', data: options.hello ?? {} }, this.seq)}`);
      },
      cancel: () => cleanup(),
    });
  }

  /** Ends every open stream (server shutdown). */
  closeAll(): void {
    for (const s of [...this.subscribers]) s(': bye\n\n');
    this.subscribers.clear();
  }
}

function format(e: StreamEvent, id: number): string {
  // JSON never contains a raw newline, so one data line is exact.
  return `id: ${id}\nevent: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`;
}
