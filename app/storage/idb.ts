// Promise wrappers over raw IndexedDB shared by the keystore and the rejoin store.

/** Resolves with a request's result, rejects with its error. */
export function settle<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

/** Resolves once a transaction has committed; rejects if it fails or aborts. */
export function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

/** Opens database `name` at `version`, creating any of `stores` it lacks; rejects where IndexedDB is unavailable. */
export function openDatabase(factory: IDBFactory | undefined, name: string, version: number, stores: readonly string[]): Promise<IDBDatabase> {
  if (factory === undefined) return Promise.reject(new Error('IndexedDB unavailable'));
  const request = factory.open(name, version);
  request.onupgradeneeded = () => {
    for (const store of stores) if (!request.result.objectStoreNames.contains(store)) request.result.createObjectStore(store);
  };
  return settle(request);
}
