// Public API of the keystore adapter: the opt-in kept identity and verified contacts in IndexedDB.
import { generateIdentity, type Identity } from '../crypto/identity.js';
import { reportDiagnostic } from '../diagnostics/sink.js';
import { IdbStore, openKeystoreDb } from './idb.js';
import { Keystore, type ContactCheck } from './keystore.js';
import { keepIdentity, setKeepIdentity } from './setting.js';

export { Keystore, type ContactCheck } from './keystore.js';
export { keepIdentity } from './setting.js';

let opened: Promise<Keystore> | undefined;

/** The device's keystore in IndexedDB, opened once; rejects where IndexedDB is unavailable. */
export function deviceKeystore(): Promise<Keystore> {
  opened ??= openKeystoreDb().then((db) => new Keystore(new IdbStore(db)));
  opened.catch(() => {
    // Expected: IndexedDB unavailable. The caller gets the rejection; forgetting it lets the next call retry.
    opened = undefined;
  });
  return opened;
}

/** The kept identity, created on first use. */
export async function loadOrCreateIdentity(): Promise<Identity> {
  return (await deviceKeystore()).loadOrCreateIdentity();
}

/** Remembers a verified fingerprint with the name it came with. */
export async function rememberVerified(fp: Uint8Array, name: string): Promise<void> {
  await (await deviceKeystore()).rememberVerified(fp, name);
}

/** Whether `fp` was verified, or its name was verified with another key. Unknown when not keeping. */
export async function checkContact(fp: Uint8Array, name: string): Promise<ContactCheck> {
  if (!keepIdentity()) return { kind: 'unknown' };
  return (await deviceKeystore()).check(fp, name);
}

/**
 * The identity for a new call: the kept one when the person opted in (falling back to a fresh
 * one if storage fails), else a fresh identity so calls cannot be linked.
 */
export async function identityForCall(): Promise<Identity> {
  if (!keepIdentity()) return generateIdentity();
  try {
    return await loadOrCreateIdentity();
  } catch (error) {
    reportDiagnostic('keystore', 'kept-identity-unavailable', error);
    return generateIdentity();
  }
}

/**
 * Turns keeping on or off; off erases the identity and every verified contact from the device.
 * Turning on rejects, and stays off, where IndexedDB cannot be opened (e.g. some private modes).
 */
export async function chooseKeepIdentity(on: boolean): Promise<void> {
  if (on) {
    await deviceKeystore();
    setKeepIdentity(true);
    return;
  }
  setKeepIdentity(false);
  await (await deviceKeystore()).forgetAll();
}
