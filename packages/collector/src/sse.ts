/** Server-Sent Events fan-out: each subscriber gets every event published after it joined. */
export interface StreamEvent {
  /** `resync`: events were missed (a listener reconnected, a batch too large to describe): re-read the API. */
  event: 'submission' | 'alert' | 'hello' | 'resync';
  data: unknown;
}

/** Events queued for one slow stream before it is closed (the client reconnects and catches up by reading the API). */
const MAX_QUEUED = 1000;

export class EventHub {
  private readonly subscribers = new Set<(chunk: string) => void>();
  private readonly closers = new Set<() => void>();
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
          // A client that stopped reading is dropped rather than buffered without bound.
          if ((controller.desiredSize ?? 0) < -MAX_QUEUED) {
            close();
            return;
          }
          try {
            controller.enqueue(encoder.encode(chunk));
          } catch {
            cleanup();
          }
        };
        this.subscribers.add(send);
        const timer = setInterval(() => send(`: heartbeat ${Date.now()}\n\n`), options.heartbeatMs);
        (timer as { unref?: () => void }).unref?.();
        const close = (): void => {
          cleanup();
          try {
            controller.close();
          } catch {
            /* already closed */
          }
        };
        cleanup = () => {
          clearInterval(timer);
          this.subscribers.delete(send);
          this.closers.delete(close);
        };
        this.closers.add(close);
        options.signal?.addEventListener('abort', close);
        send(`retry: 3000\n${format({ event: 'hello', data: options.hello ?? {} }, this.seq)}`);
      },
      cancel: () => cleanup(),
    });
  }

  /** Ends every open stream (server shutdown). */
  closeAll(): void {
    for (const s of [...this.subscribers]) s(': bye\n\n');
    for (const close of [...this.closers]) close();
  }
}

function format(e: StreamEvent, id: number): string {
  // JSON never contains a raw newline, so one data line is exact.
  return `id: ${id}\nevent: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`;
}
