import { FbQueueEvent } from '@feedbackkit/elements';
import type { FbSubmitEvent, QueueState } from '@feedbackkit/elements';
import { createOutbox } from '@feedbackkit/transport';
import type { Outbox, OutboxOptions } from '@feedbackkit/transport';

type Submission = FbSubmitEvent['detail'];

export interface ConnectOptions extends OutboxOptions {
  /** Sent as `X-Feedbackkit-Key` with every request (identifies the site to the collector; not a secret). */
  siteKey?: string;
  /** Where `fb-submit` is heard and `fb-queue` announced. Default `document`. */
  root?: Document | HTMLElement;
  /** A submission the outbox refused to store (invalid, too large, queue full). Default: console.warn. */
  onError?: (error: unknown, submission: Submission) => void;
}

export interface Connection {
  readonly outbox: Outbox;
  /** The current counts, as last announced in `fb-queue`. */
  queueState(): QueueState;
  /** Stops listening and closes the outbox (queued submissions stay stored for the next page). */
  close(): void;
}

/**
 * Routes every `fb-submit` under `root` into a durable outbox and announces the outbox's
 * counts as `fb-queue` events on `root` (the kiosk's offline badge listens for them).
 * Registers no elements (see `init`).
 */
export function connect(options: ConnectOptions): Connection {
  const { siteKey, root = document, onError, ...outboxOptions } = options;
  const headers = { ...outboxOptions.headers };
  if (siteKey) headers['X-Feedbackkit-Key'] = siteKey;
  const outbox = createOutbox({ ...outboxOptions, headers });

  const state = (): QueueState => {
    const s = outbox.stats();
    return { queued: s.pending + s.inflight, failed: s.deadLettered, online: navigator.onLine };
  };
  let last = '';
  const announce = () => {
    const now = state();
    const key = JSON.stringify(now);
    if (key === last) return;
    last = key;
    root.dispatchEvent(new FbQueueEvent(now));
  };

  const onSubmit = (event: Event) => {
    // Vetoed on the way up: the element stays open for another answer, so storing it would count twice.
    if (event.defaultPrevented) return;
    const submission = (event as FbSubmitEvent).detail;
    const stored = outbox.submit(submission);
    // Counted as soon as the outbox took it (pending is raised synchronously or on commit).
    announce();
    stored.then(announce, (error: unknown) => {
      announce();
      if (onError) onError(error, submission);
      else console.warn('Feedbackkit: a submission was not stored', error);
    });
  };
  const outboxEvents = ['delivered', 'dead-letter', 'dropped', 'durability'];
  root.addEventListener('fb-submit', onSubmit);
  for (const type of outboxEvents) outbox.addEventListener(type, announce);
  addEventListener('online', announce);
  addEventListener('offline', announce);
  queueMicrotask(announce);

  return {
    outbox,
    queueState: state,
    close() {
      root.removeEventListener('fb-submit', onSubmit);
      for (const type of outboxEvents) outbox.removeEventListener(type, announce);
      removeEventListener('online', announce);
      removeEventListener('offline', announce);
      outbox.close();
    },
  };
}
