// A small promise wrapper over raw IndexedDB holding the keystore's three object stores.
import { committed, openDatabase, settle } from '../storage/idb.js';
import type { KeyValueStore, StoreName } from './kv.js';

/** Database name in this origin's IndexedDB. */
export const KEYSTORE_DB_NAME = 'securecall-keystore';
/** Schema version: bump with an upgrade step when the stores change. */
const KEYSTORE_DB_VERSION = 1;
const STORES: readonly StoreName[] = ['identity', 'contacts', 'names'];

/** Opens (creating on first use) the keystore database; rejects where IndexedDB is unavailable. */
export function openKeystoreDb(factory: IDBFactory | undefined = globalThis.indexedDB): Promise<IDBDatabase> {
  return openDatabase(factory, KEYSTORE_DB_NAME, KEYSTORE_DB_VERSION, STORES);
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
