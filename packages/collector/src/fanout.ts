/**
 * Live events across collectors on one database: what one collector stores, the streams of
 * every other collector on the database see, through PostgreSQL's LISTEN/NOTIFY (PGlite
 * speaks it too, so the same path runs on both).
 *
 * A collector publishes its own events to its own streams at once, and sends them with
 * `pg_notify` after the ingest committed; every collector holds one listener and publishes
 * what others sent. Each message names the collector that sent it, which skips its own, so
 * no stream sees an event twice.
 */
import { randomUUID } from 'node:crypto';
import type { Listener, ListenerState, SqlClient } from './sql.js';
import type { EventHub } from './sse.js';
import type { StoredAlert, Store } from './store.js';

/** NOTIFY refuses payloads of 8000 bytes or more; this leaves room for the envelope. */
export const PAYLOAD_BUDGET = 7_600;
/** Notifications sent for one ingest request at most; the rest are counted as `more`. */
export const MAX_MESSAGES = 8;

/**
 * One notification: the sender's id, stream views of submissions it stored (as many as fit),
 * ids of alerts it stored (receivers read them back), and how many submissions it stored but
 * did not describe (`more`: receivers tell their streams to re-read the API).
 */
export interface FanoutMessage {
  v: 1;
  from: string;
  submissions?: unknown[];
  alerts?: string[];
  more?: number;
}

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

/**
 * Packs submission views into notification payloads of at most `budget` bytes each and at
 * most `maxMessages` payloads; a view that fits in no payload, and every view past the last
 * payload, is counted in the last payload's `more`.
 */
export function packSubmissions(from: string, views: readonly unknown[], budget = PAYLOAD_BUDGET, maxMessages = MAX_MESSAGES): string[] {
  const head = `{"v":1,"from":${JSON.stringify(from)},"submissions":[`;
  // Room kept in every payload for `],"more":<count>}`.
  const room = budget - bytes(head) - bytes(`],"more":${Number.MAX_SAFE_INTEGER}}`);
  const chunks: string[][] = [];
  let current: string[] = [];
  let size = 0;
  let more = 0;
  for (const view of views) {
    const text = JSON.stringify(view);
    const len = bytes(text) + 1;
    if (len > room) {
      more += 1;
      continue;
    }
    if (size + len > room) {
      if (chunks.length + 1 >= maxMessages) {
        more += 1;
        continue;
      }
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(text);
    size += len;
  }
  if (current.length > 0 || more > 0) chunks.push(current);
  return chunks.map((c, i) => `${head}${c.join(',')}]${i === chunks.length - 1 && more > 0 ? `,"more":${more}` : ''}}`);
}

/** Alert ids in payloads under the budget (ids are short: one payload holds hundreds). */
export function packAlerts(from: string, ids: readonly string[], budget = PAYLOAD_BUDGET): string[] {
  const out: string[] = [];
  let batch: string[] = [];
  const render = (b: string[]) => JSON.stringify({ v: 1, from, alerts: b } satisfies FanoutMessage);
  for (const id of ids) {
    if (batch.length > 0 && bytes(render([...batch, id])) > budget) {
      out.push(render(batch));
      batch = [];
    }
    batch.push(id);
  }
  if (batch.length > 0) out.push(render(batch));
  return out;
}

export interface FanoutOptions {
  /** Part of the channel name: collectors with the same namespace on one database share events. */
  namespace: string;
  onError?: (error: unknown) => void;
}

export interface Fanout {
  /** This collector's id in the messages it sends. */
  readonly instanceId: string;
  /** The LISTEN channel. */
  readonly channel: string;
  /** Whether the listener is listening now. */
  readonly listening: boolean;
  /** Starts the listener (once migrations ran); a collector whose client cannot listen keeps in-process events. */
  start(): Promise<void>;
  /** Streams the stored submissions here and queues their notification to the other collectors. */
  submissions(views: readonly unknown[]): void;
  /** Streams freshly stored alerts here and queues their notification to the other collectors. */
  alerts(alerts: readonly StoredAlert[]): void;
  /** Resolves when every notification queued so far has been sent (or has failed, reported). */
  sent(): Promise<void>;
  /** Sends what is queued, then stops listening. */
  close(): Promise<void>;
}

/** `feedbackkit_events_<namespace>`; the namespace: 1–40 of a–z, 0–9, `_`. */
export function channelFor(namespace: string): string {
  if (!/^[a-z0-9_]{1,40}$/.test(namespace)) throw new Error(`events namespace: ${JSON.stringify(namespace).slice(0, 60)} is not 1–40 characters of a–z, 0–9 and _`);
  return `feedbackkit_events_${namespace}`;
}

export function createFanout(sql: SqlClient, hub: EventHub, store: Store, options: FanoutOptions): Fanout {
  const instanceId = randomUUID();
  const channel = channelFor(options.namespace);
  let listener: Listener | null = null;
  let listening = false;
  let started = false;
  let closed = false;
  const report = (err: unknown) => options.onError?.(err);

  let sending: Promise<void> = Promise.resolve();

  /**
   * Queues the payloads behind the ones already being sent, so one collector's notifications
   * go out in the order it stored them, and returns without waiting: the ingest answer does
   * not wait for a round trip that only other collectors' streams need.
   */
  function notify(payloads: readonly string[]): void {
    // Sent whether or not this collector's own listener is up: the others' may be.
    if (payloads.length === 0 || !started || closed) return;
    // One round trip for all of them; NOTIFY outside a transaction is delivered at once.
    const text = `SELECT ${payloads.map((_, i) => `pg_notify($1, $${i + 2})`).join(', ')}`;
    sending = sending.then(() => sql.query(text, [channel, ...payloads]).then(() => undefined, report));
  }

  function receive(payload: string): void {
    let m: FanoutMessage;
    try {
      m = JSON.parse(payload) as FanoutMessage;
    } catch {
      return; // not ours
    }
    if (m === null || typeof m !== 'object' || m.v !== 1 || m.from === instanceId) return;
    for (const s of Array.isArray(m.submissions) ? m.submissions : []) hub.publish({ event: 'submission', data: s });
    if (typeof m.more === 'number' && m.more > 0) hub.publish({ event: 'resync', data: { reason: 'truncated', missed: m.more } });
    if (Array.isArray(m.alerts) && m.alerts.length > 0) {
      const ids = m.alerts.filter((id): id is string => typeof id === 'string' && /^\d{1,18}$/.test(id));
      store
        .alertsByIds(ids)
        .then((alerts) => {
          if (!closed) for (const a of alerts) hub.publish({ event: 'alert', data: a });
        })
        .catch(report);
    }
  }

  function state(s: ListenerState): void {
    listening = s.state === 'listening';
    if (s.state === 'lost') report(s.error ?? new Error('listen: connection lost'));
    // Whatever was sent while the listener was away is not coming: streams should re-read.
    if (s.state === 'listening' && s.again) hub.publish({ event: 'resync', data: { reason: 'reconnected' } });
  }

  return {
    instanceId,
    channel,
    get listening() {
      return listening;
    },
    async start() {
      if (!sql.listen || closed || started) return;
      started = true;
      const l = await sql.listen(channel, receive, state);
      if (closed) await l.close();
      else listener = l;
    },
    submissions(views) {
      for (const v of views) hub.publish({ event: 'submission', data: v });
      if (views.length > 0) notify(packSubmissions(instanceId, views));
    },
    alerts(alerts) {
      for (const a of alerts) hub.publish({ event: 'alert', data: a });
      if (alerts.length > 0) notify(packAlerts(instanceId, alerts.map((a) => a.id)));
    },
    sent: () => sending,
    async close() {
      for (let s = sending; ; s = sending) {
        await s;
        if (s === sending) break;
      }
      closed = true;
      listening = false;
      const l = listener;
      listener = null;
      if (l) await l.close();
    },
  };
}
