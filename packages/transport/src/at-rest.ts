/**
 * AES-GCM encryption at rest for the outbox: `createOutbox({ ..., encrypt: aesGcm() })`.
 * The 256-bit key is generated non-extractable and stored (as a CryptoKey) in the outbox's
 * own IndexedDB database, so script can use it but never read its bytes. This protects rows
 * on disk, in backups and in forensic copies of the profile; it does NOT protect against
 * script running in the page (XSS can call the same key), nor against a full profile copy
 * taken while the browser can still unwrap it.
 */
import type { AtRest, KeyStore } from './outbox.js';

interface Sealed {
  iv: Uint8Array<ArrayBuffer>;
  ct: ArrayBuffer;
}

export function aesGcm(): AtRest {
  const cache = new WeakMap<KeyStore, Promise<CryptoKey>>();
  const key = (keys: KeyStore) => {
    let p = cache.get(keys);
    if (!p) {
      p = (async () =>
        (await keys<CryptoKey>()) ??
        (await keys(await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']))))() as Promise<CryptoKey>;
      p.catch(() => cache.delete(keys));
      cache.set(keys, p);
    }
    return p;
  };
  return {
    async seal(json, keys) {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      return { iv, ct: await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await key(keys), new TextEncoder().encode(json)) } satisfies Sealed;
    },
    async open(sealed, keys) {
      const { iv, ct } = sealed as Sealed;
      return new TextDecoder().decode(await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, await key(keys), ct));
    },
  };
}
