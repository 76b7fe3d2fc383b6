/**
 * Opt-in schema upgrade from the plain idb-keyval layout ("v1": database version 1, one store
 * `keyval`, submissions keyed by id) to the outbox's queue (v2):
 * `createOutbox({ ..., upgrade: migrateV1 })`.
 *
 * The outbox never wrote v1 itself; this is for a page that queued submissions with plain
 * idb-keyval under the outbox's database name (`feedbackkit-outbox:<name>`). Without it a v1
 * database is upgraded by adding the v2 store only: the `keyval` rows stay where they are,
 * untouched. Pass it on the first open at v2, since the upgrade runs once.
 *
 * It runs inside the versionchange transaction, so it completes entirely or leaves the old
 * data untouched. Every row is moved, none dropped: a submission into the queue, anything
 * else into the dead-letter store (`migration: not a submission`). The old store is emptied,
 * not deleted, in the same transaction.
 */
import type { Submission } from '@feedbackkit/core';
import { checkSubmission } from './check.js';
import { all, D, idbTx, META, Q, STORE } from './store.js';
import type { Meta, Row, Upgrade } from './store.js';

const V1_STORE = 'keyval';

export const migrateV1: Upgrade = (txn, oldVersion) => {
  if (oldVersion !== 1 || !txn.db.objectStoreNames.contains(V1_STORE)) return;
  const old = txn.objectStore(V1_STORE);
  const t = idbTx(txn.objectStore(STORE));
  void all(old).then((rows) => {
    // The v2 store was created in this transaction: its totals start at zero.
    const meta: Meta = { n: 0, bytes: 0, el: 0, w: Date.now() };
    for (const [key, value] of rows) {
      const ok = checkSubmission(value).success;
      const json = JSON.stringify(value) ?? 'null';
      const id = ok ? (value as Submission).id : String(key);
      if (ok) {
        const s = new TextEncoder().encode(json).length;
        t._put(Q + id, { id, c: Date.parse((value as Submission).createdAt), e: 0, s, b: json, t: 0, d: 0, l: 0 } satisfies Row);
        meta.n++;
        meta.bytes += s;
      } else t._put(D + id, { id, status: 0, reason: 'migration: not a submission', at: Date.now(), b: json });
    }
    if (rows[0]) t._put(META, meta);
    old.clear();
  });
};
