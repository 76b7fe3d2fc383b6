import type { Submission } from '@feedbackkit/core';

/**
 * A completed (or partial, or "no rating") response. Bubbles and crosses shadow roots so
 * one listener on `document` (what `@feedbackkit/embed` installs) hears every element.
 * Cancelable: a listener that calls `preventDefault()` tells the element the response was
 * not taken, and elements that show a thank-you state skip it.
 */
export class FbSubmitEvent extends Event {
  // A getter, not a static field: a static initializer would keep every event class in
  // bundles that use only one of them.
  static get type(): 'fb-submit' {
    return 'fb-submit';
  }
  readonly detail: Submission;
  constructor(submission: Submission) {
    super('fb-submit', { bubbles: true, composed: true, cancelable: true });
    this.detail = submission;
  }
}

/** Why a prompt or kiosk step was closed by the person (not by code). */
export type DismissReason = 'close-button' | 'escape' | 'outside' | 'timeout';

/** The person dismissed an invitation; `<fb-prompt>` remembers it (see its `dismiss-days`). */
export class FbDismissEvent extends Event {
  static get type(): 'fb-dismiss' {
    return 'fb-dismiss';
  }
  readonly detail: { reason: DismissReason };
  constructor(reason: DismissReason) {
    super('fb-dismiss', { bubbles: true, composed: true });
    this.detail = { reason };
  }
}

/** Delivery state of the outbox, as the embed reports it (e.g. for the kiosk's offline badge). */
export interface QueueState {
  /** Submissions stored and not yet acknowledged by the backend. */
  queued: number;
  /** Submissions the backend rejected (dead-letter). */
  failed: number;
  /** `navigator.onLine` when the state was taken. */
  online: boolean;
}

/**
 * Dispatched on `document` by `@feedbackkit/embed` whenever the outbox's counts change.
 * Elements never import the transport; they listen for this instead.
 */
export class FbQueueEvent extends Event {
  static get type(): 'fb-queue' {
    return 'fb-queue';
  }
  readonly detail: QueueState;
  constructor(state: QueueState) {
    super('fb-queue', { bubbles: true, composed: true });
    this.detail = state;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'fb-submit': FbSubmitEvent;
    'fb-dismiss': FbDismissEvent;
    'fb-queue': FbQueueEvent;
  }
}
