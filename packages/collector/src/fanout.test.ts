import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { channelFor, MAX_MESSAGES, packAlerts, packSubmissions, PAYLOAD_BUDGET, type FanoutMessage } from './fanout.js';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('NOTIFY payloads', () => {
  it('fit under the 8000-byte limit, describe each view at most once, and count the rest as more (property)', () => {
    const view = fc.record({ id: fc.uuid(), context: fc.dictionary(fc.constantFrom('branch', 'staff', 'site'), fc.string({ unit: 'binary', maxLength: 3000 })), value: fc.integer() });
    fc.assert(
      fc.property(fc.array(view, { maxLength: 120 }), fc.integer({ min: 300, max: PAYLOAD_BUDGET }), fc.integer({ min: 1, max: MAX_MESSAGES }), (views, budget, max) => {
        const payloads = packSubmissions('me', views, budget, max);
        expect(payloads.length).toBeLessThanOrEqual(max);
        let described = 0;
        let more = 0;
        for (const p of payloads) {
          expect(bytes(p)).toBeLessThanOrEqual(budget);
          const m = JSON.parse(p) as FanoutMessage;
          expect(m.v).toBe(1);
          expect(m.from).toBe('me');
          described += m.submissions!.length;
          more += m.more ?? 0;
        }
        expect(described + more).toBe(views.length);
        // Views come through whole and in order.
        const out = payloads.flatMap((p) => (JSON.parse(p) as FanoutMessage).submissions!);
        const ids = views.map((v) => v.id);
        let at = 0;
        for (const o of out as Array<{ id: string }>) {
          at = ids.indexOf(o.id, at);
          expect(at).toBeGreaterThanOrEqual(0);
          at += 1;
        }
        if (views.length === 0) expect(payloads).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('marks a view too large for any payload as more', () => {
    const [only] = packSubmissions('me', [{ id: 'x', note: 'é'.repeat(5000) }]);
    expect(JSON.parse(only!)).toEqual({ v: 1, from: 'me', submissions: [], more: 1 });
  });

  it('sends alert ids in as few payloads as fit', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => String(1e12 + i));
    const payloads = packAlerts('me', ids);
    expect(payloads.length).toBeGreaterThan(1);
    for (const p of payloads) expect(bytes(p)).toBeLessThanOrEqual(PAYLOAD_BUDGET);
    expect(payloads.flatMap((p) => (JSON.parse(p) as FanoutMessage).alerts)).toEqual(ids);
  });

  it('names the channel after the namespace, and refuses names LISTEN would need quoting for', () => {
    expect(channelFor('default')).toBe('feedbackkit_events_default');
    for (const bad of ['', 'A', 'a-b', 'a b', 'x'.repeat(41), 'é']) expect(() => channelFor(bad)).toThrow(/namespace/);
  });
});
