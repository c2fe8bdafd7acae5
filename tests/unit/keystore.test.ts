// The keystore over an in-memory store: kept identity, verified contacts, changed keys, forgetting.
import { describe, expect, it } from 'vitest';
import { fingerprintOf, generateIdentity } from '../../app/crypto/index.js';
import { Keystore } from '../../app/keystore/keystore.js';
import { MemoryStore } from '../../app/keystore/kv.js';

async function someFingerprint(): Promise<Uint8Array> {
  return fingerprintOf((await generateIdentity()).publicRaw);
}

describe('Keystore', () => {
  it('creates the identity once and returns the same keys afterwards, private key non-extractable', async () => {
    const store = new Keystore(new MemoryStore());
    const first = await store.loadOrCreateIdentity();
    const again = await store.loadOrCreateIdentity();
    expect(again.publicRaw).toEqual(first.publicRaw);
    // A structured clone of the same key: both derive the same secret with a peer.
    const peer = await generateIdentity();
    const derive = (key: CryptoKey) => globalThis.crypto.subtle.deriveBits({ name: 'ECDH', public: peer.publicKey }, key, 256);
    expect(new Uint8Array(await derive(again.privateKey))).toEqual(new Uint8Array(await derive(first.privateKey)));
    expect(first.privateKey.extractable).toBe(false);
    await expect(globalThis.crypto.subtle.exportKey('pkcs8', first.privateKey)).rejects.toThrow();
  });

  it('gives a new identity after forgetIdentity', async () => {
    const store = new Keystore(new MemoryStore());
    const first = await store.loadOrCreateIdentity();
    await store.forgetIdentity();
    expect((await store.loadOrCreateIdentity()).publicRaw).not.toEqual(first.publicRaw);
  });

  it('remembers verified fingerprints with name and time', async () => {
    const store = new Keystore(new MemoryStore());
    const fp = await someFingerprint();
    expect(await store.isKnown(fp)).toBeUndefined();
    await store.rememberVerified(fp, 'Alice', 1_700_000_000_000);
    expect(await store.isKnown(fp)).toEqual({ name: 'Alice', verifiedAt: 1_700_000_000_000 });
    expect(await store.check(fp, 'Alice')).toEqual({ kind: 'verified', contact: { name: 'Alice', verifiedAt: 1_700_000_000_000 } });
  });

  it('warns when a name verified before arrives with a different key, not for new or unnamed people', async () => {
    const store = new Keystore(new MemoryStore());
    const alice = await someFingerprint();
    const impostor = await someFingerprint();
    await store.rememberVerified(alice, 'Alice');
    expect(await store.check(impostor, 'Alice')).toEqual({ kind: 'changed-key', name: 'Alice' });
    expect(await store.check(impostor, 'Bob')).toEqual({ kind: 'unknown' });
    expect(await store.check(impostor, '')).toEqual({ kind: 'unknown' });
  });

  it('forgetAll erases identity and contacts', async () => {
    const store = new Keystore(new MemoryStore());
    const first = await store.loadOrCreateIdentity();
    const fp = await someFingerprint();
    await store.rememberVerified(fp, 'Alice');
    await store.forgetAll();
    expect(await store.isKnown(fp)).toBeUndefined();
    expect(await store.check(await someFingerprint(), 'Alice')).toEqual({ kind: 'unknown' });
    expect((await store.loadOrCreateIdentity()).publicRaw).not.toEqual(first.publicRaw);
  });
});
