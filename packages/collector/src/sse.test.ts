import { describe, expect, it } from 'vitest';
import { EventHub } from './sse.js';

describe('EventHub', () => {
  it('sends hello, then each published event with an increasing id, and ends every stream on closeAll', async () => {
    const hub = new EventHub();
    const reader = hub.stream({ heartbeatMs: 60_000, hello: { v: 1 } }).getReader();
    const text = async () => new TextDecoder().decode((await reader.read()).value);
    expect(await text()).toBe('retry: 3000\nid: 0\nevent: hello\ndata: {"v":1}\n\n');
    hub.publish({ event: 'submission', data: { id: 'a' } });
    hub.publish({ event: 'alert', data: { id: '7' } });
    expect(await text()).toBe('id: 1\nevent: submission\ndata: {"id":"a"}\n\n');
    expect(await text()).toBe('id: 2\nevent: alert\ndata: {"id":"7"}\n\n');
    expect(hub.size).toBe(1);
    hub.closeAll();
    expect(await text()).toBe(': bye\n\n');
    expect((await reader.read()).done).toBe(true);
    expect(hub.size).toBe(0);
  });

  it('drops a subscriber whose reader cancelled', async () => {
    const hub = new EventHub();
    const reader = hub.stream({ heartbeatMs: 60_000 }).getReader();
    await reader.read();
    await reader.cancel();
    expect(hub.size).toBe(0);
    hub.publish({ event: 'submission', data: {} }); // no throw
  });
});

describe('EventHub backpressure', () => {
  it('closes a stream whose reader stopped reading instead of queueing without bound', async () => {
    const hub = new EventHub();
    const reader = hub.stream({ heartbeatMs: 60_000 }).getReader();
    for (let i = 0; i < 1100; i++) hub.publish({ event: 'submission', data: { i } });
    expect(hub.size).toBe(0);
    // What was queued before the cut is still readable, then the stream ends.
    let chunks = 0;
    for (;;) {
      const r = await reader.read();
      if (r.done) break;
      chunks += 1;
    }
    expect(chunks).toBeGreaterThan(1000);
    expect(chunks).toBeLessThan(1100);
  });
});
