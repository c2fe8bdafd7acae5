// The storage the keystore needs: named stores of structured-cloneable values, by string key.

/** The object stores the keystore uses. */
export type StoreName = 'identity' | 'contacts' | 'names';

/** Asynchronous key-value storage; values are structured clones (CryptoKeys included). */
export interface KeyValueStore {
  get<T>(store: StoreName, key: string): Promise<T | undefined>;
  put(store: StoreName, key: string, value: unknown): Promise<void>;
  delete(store: StoreName, key: string): Promise<void>;
  /** Removes every value in every store. */
  clearAll(): Promise<void>;
}

/** In memory: for tests and for browsers where IndexedDB is unavailable (keeps nothing after the tab). */
export class MemoryStore implements KeyValueStore {
  private readonly stores = new Map<StoreName, Map<string, unknown>>();

  get<T>(store: StoreName, key: string): Promise<T | undefined> {
    return Promise.resolve(this.stores.get(store)?.get(key) as T | undefined);
  }

  put(store: StoreName, key: string, value: unknown): Promise<void> {
    // In the executor, a value structuredClone refuses becomes a rejection, as it would from IndexedDB.
    return new Promise((resolve) => {
      let map = this.stores.get(store);
      if (map === undefined) {
        map = new Map();
        this.stores.set(store, map);
      }
      map.set(key, structuredClone(value));
      resolve();
    });
  }

  delete(store: StoreName, key: string): Promise<void> {
    this.stores.get(store)?.delete(key);
    return Promise.resolve();
  }

  clearAll(): Promise<void> {
    this.stores.clear();
    return Promise.resolve();
  }
}
