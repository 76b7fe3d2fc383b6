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
