// The "Keep my identity on this device" flag, off unless the person turned it on.

/** localStorage key of the flag; absent means off. */
export const KEEP_IDENTITY_STORAGE_KEY = 'securecall.keepIdentity';

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    // Some browsers throw on access when storage is disabled.
    return undefined;
  }
}

/** Whether the person chose to keep their identity on this device. */
export function keepIdentity(): boolean {
  return storage()?.getItem(KEEP_IDENTITY_STORAGE_KEY) === '1';
}

/** Records the choice; false removes the flag entirely. */
export function setKeepIdentity(on: boolean): void {
  const store = storage();
  if (on) store?.setItem(KEEP_IDENTITY_STORAGE_KEY, '1');
  else store?.removeItem(KEEP_IDENTITY_STORAGE_KEY);
}
