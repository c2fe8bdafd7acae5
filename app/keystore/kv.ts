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

  async get<T>(store: StoreName, key: string): Promise<T | undefined> {
    return this.stores.get(store)?.get(key) as T | undefined;
  }

  async put(store: StoreName, key: string, value: unknown): Promise<void> {
    let map = this.stores.get(store);
    if (map === undefined) {
      map = new Map();
      this.stores.set(store, map);
    }
    map.set(key, structuredClone(value));
  }

  async delete(store: StoreName, key: string): Promise<void> {
    this.stores.get(store)?.delete(key);
  }

  async clearAll(): Promise<void> {
    this.stores.clear();
  }
}
