// Importing this module registers the four elements (version-safe: a tag that another copy
// already defined is kept, with a warning). Simplified Chinese and Arabic for all four come
// from locales/all.js (the elements' define/ modules are English-only). The order is the one
// that gzips the script-tag bundle best (measured: about 300 B smaller than rating first).
import '@feedbackkit/elements/locales/all.js';
import '@feedbackkit/elements/define/fb-survey.js';
import '@feedbackkit/elements/define/fb-kiosk.js';
import '@feedbackkit/elements/define/fb-rating.js';
import '@feedbackkit/elements/define/fb-prompt.js';
import { connect } from './connect.js';
import type { ConnectOptions, Connection } from './connect.js';

export { connect };
export type { ConnectOptions, Connection };

let current: Connection | undefined;

/**
 * The one-call install (the elements are registered by importing this module): sends every `fb-submit` on the page to
 * `endpoint` through a durable outbox (with `X-Feedbackkit-Key: siteKey`). A second call
 * returns the first connection (two listeners would send every response twice).
 */
export function init(options: ConnectOptions): Connection {
  if (current) {
    console.warn('Feedbackkit: init() was already called; keeping the first configuration.');
    return current;
  }
  const connection = connect(options);
  const close = connection.close;
  current = {
    outbox: connection.outbox,
    queueState: connection.queueState,
    close() {
      current = undefined;
      close();
    },
  };
  return current;
}
