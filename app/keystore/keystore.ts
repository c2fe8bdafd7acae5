// The opt-in identity keystore: one non-extractable identity, and the contacts verified with it.
import { generateIdentity, type Identity } from '../crypto/identity.js';
import type { KeyValueStore } from './kv.js';

const IDENTITY_KEY = 'self';

/** A person verified on this device. */
export interface Contact {
  /** Display name they had when verified. */
  readonly name: string;
  /** When they were verified, milliseconds since the epoch. */
  readonly verifiedAt: number;
}

/**
 * What this device knows about a fingerprint shown with a display name: verified before, a
 * different key for a name verified before (worth a warning), or nothing.
 */
export type ContactCheck =
  | { readonly kind: 'verified'; readonly contact: Contact }
  | { readonly kind: 'changed-key'; readonly name: string }
  | { readonly kind: 'unknown' };

interface StoredIdentity {
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  readonly publicRaw: Uint8Array<ArrayBuffer>;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Identity and verified contacts over any KeyValueStore (IndexedDB in the app, memory in tests). */
export class Keystore {
  constructor(private readonly kv: KeyValueStore) {}

  /**
   * The kept identity, created on first use. The private key is generated non-extractable and
   * stored as a CryptoKey (a structured clone), so its bytes never reach JavaScript.
   */
  async loadOrCreateIdentity(): Promise<Identity> {
    const stored = await this.kv.get<StoredIdentity>('identity', IDENTITY_KEY);
    if (stored !== undefined) return { privateKey: stored.privateKey, publicKey: stored.publicKey, publicRaw: new Uint8Array(stored.publicRaw) };
    const identity = await generateIdentity();
    const record: StoredIdentity = { privateKey: identity.privateKey, publicKey: identity.publicKey, publicRaw: identity.publicRaw };
    await this.kv.put('identity', IDENTITY_KEY, record);
    return identity;
  }

  /** Deletes the kept identity; the next call gets a new one. */
  async forgetIdentity(): Promise<void> {
    await this.kv.delete('identity', IDENTITY_KEY);
  }

  /** Deletes the identity and every verified contact. */
  async forgetAll(): Promise<void> {
    await this.kv.clearAll();
  }

  /** Remembers that `fp` was verified, under the display name it had (names may be empty). */
  async rememberVerified(fp: Uint8Array, name: string, now = Date.now()): Promise<void> {
    const contact: Contact = { name, verifiedAt: now };
    await this.kv.put('contacts', hex(fp), contact);
    if (name !== '') await this.kv.put('names', name, hex(fp));
  }

  /** The contact verified with `fp`, if any. */
  isKnown(fp: Uint8Array): Promise<Contact | undefined> {
    return this.kv.get<Contact>('contacts', hex(fp));
  }

  /** Whether `fp` was verified, or `name` was verified with a different key. */
  async check(fp: Uint8Array, name: string): Promise<ContactCheck> {
    const contact = await this.isKnown(fp);
    if (contact !== undefined) return { kind: 'verified', contact };
    if (name === '') return { kind: 'unknown' };
    const known = await this.kv.get<string>('names', name);
    return known !== undefined && known !== hex(fp) ? { kind: 'changed-key', name } : { kind: 'unknown' };
  }
}
