// A small promise wrapper over raw IndexedDB holding the keystore's three object stores.
import type { KeyValueStore, StoreName } from './kv.js';

/** Database name in this origin's IndexedDB. */
export const KEYSTORE_DB_NAME = 'securecall-keystore';
/** Schema version: bump with an upgrade step when the stores change. */
const KEYSTORE_DB_VERSION = 1;
const STORES: readonly StoreName[] = ['identity', 'contacts', 'names'];

function settle<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

/** Opens (creating on first use) the keystore database; rejects where IndexedDB is unavailable. */
export function openKeystoreDb(factory: IDBFactory = globalThis.indexedDB): Promise<IDBDatabase> {
  if (factory === undefined) return Promise.reject(new Error('IndexedDB unavailable'));
  const request = factory.open(KEYSTORE_DB_NAME, KEYSTORE_DB_VERSION);
  request.onupgradeneeded = () => {
    for (const name of STORES) if (!request.result.objectStoreNames.contains(name)) request.result.createObjectStore(name);
  };
  return settle(request);
}

/** KeyValueStore over one open IndexedDB database; every write waits for its transaction to commit. */
export class IdbStore implements KeyValueStore {
  constructor(private readonly db: IDBDatabase) {}

  async get<T>(store: StoreName, key: string): Promise<T | undefined> {
    return (await settle(this.db.transaction(store, 'readonly').objectStore(store).get(key))) as T | undefined;
  }

  async put(store: StoreName, key: string, value: unknown): Promise<void> {
    const tx = this.db.transaction(store, 'readwrite');
    tx.objectStore(store).put(value, key);
    await committed(tx);
  }

  async delete(store: StoreName, key: string): Promise<void> {
    const tx = this.db.transaction(store, 'readwrite');
    tx.objectStore(store).delete(key);
    await committed(tx);
  }

  async clearAll(): Promise<void> {
    const tx = this.db.transaction([...STORES], 'readwrite');
    for (const name of STORES) tx.objectStore(name).clear();
    await committed(tx);
  }
}
