// The device keystore as a call uses it: an injected port, so the call's modules never open IndexedDB themselves.
import type { Identity } from '../crypto/identity.js';
import { checkContact, identityForCall, keepIdentity, rememberVerified, type ContactCheck } from '../keystore/index.js';

/** What a call asks of the device's keystore. */
export interface CallKeystore {
  /** The identity for a new call (kept or fresh, per the person's setting). */
  identityForCall(): Promise<Identity>;
  /** What this device knows about a fingerprint shown with a name. */
  checkContact(fp: Uint8Array, name: string): Promise<ContactCheck>;
  /** Remembers a verified fingerprint, only when the person keeps their identity on this device. */
  rememberVerified(fp: Uint8Array, name: string): Promise<void>;
}

/** The keystore in this origin's IndexedDB. */
export const deviceCallKeystore: CallKeystore = {
  identityForCall,
  checkContact,
  async rememberVerified(fp, name) {
    if (keepIdentity()) await rememberVerified(fp, name);
  },
};
