// The operator access key, remembered on this device only when the user asks for it.

const STORAGE_KEY = 'securecall.accessKey';

/** The remembered access key, if any. */
export function rememberedAccessKey(): string | undefined {
  try {
    return localStorage.getItem(STORAGE_KEY) ?? undefined;
  } catch {
    // Expected: storage disabled (private mode) throws on access; nothing is remembered then.
    return undefined;
  }
}

/** Remembers `key`, or forgets any remembered key when `key` is undefined. */
export function rememberAccessKey(key: string | undefined): void {
  try {
    if (key === undefined) localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, key);
  } catch {
    // Storage can be disabled (private mode); the key then simply is not remembered.
  }
}
