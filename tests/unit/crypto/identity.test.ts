// Identity keys: generation, strict import of peer points, typed errors for invalid points.
import { describe, expect, it } from 'vitest';
import { CryptoError, generateIdentity, importPeerPublicKey, PUBLIC_KEY_BYTES } from '../../../app/crypto/index.js';

async function refusal(raw: Uint8Array): Promise<CryptoError> {
  const error = await importPeerPublicKey(raw).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CryptoError);
  return error as CryptoError;
}

describe('generateIdentity', () => {
  it('returns a 65-byte uncompressed public point and a non-extractable private key', async () => {
    const id = await generateIdentity();
    expect(id.publicRaw.length).toBe(PUBLIC_KEY_BYTES);
    expect(id.publicRaw[0]).toBe(0x04);
    expect(id.privateKey.extractable).toBe(false);
    await expect(globalThis.crypto.subtle.exportKey('jwk', id.privateKey)).rejects.toThrow();
  });

  it('accepts its own public key back through importPeerPublicKey', async () => {
    const id = await generateIdentity();
    const key = await importPeerPublicKey(id.publicRaw);
    expect(new Uint8Array(await globalThis.crypto.subtle.exportKey('raw', key))).toEqual(id.publicRaw);
  });
});

describe('importPeerPublicKey refuses invalid points with invalid-public-key', () => {
  it('a point off the curve (Y changed by one bit)', async () => {
    const raw = Uint8Array.from((await generateIdentity()).publicRaw);
    raw[64]! ^= 1;
    expect((await refusal(raw)).code).toBe('invalid-public-key');
  });

  it.each([0, 1, 33, 64, 66, 97])('a key of %i bytes', async (length) => {
    const raw = new Uint8Array(length);
    if (length > 0) raw[0] = 4;
    expect((await refusal(raw)).code).toBe('invalid-public-key');
  });

  it.each([0x02, 0x03])('a compressed point with prefix 0x0%i', async (prefix) => {
    const raw = (await generateIdentity()).publicRaw.slice(0, 33);
    raw[0] = prefix;
    expect((await refusal(raw)).code).toBe('invalid-public-key');
  });

  it('a 65-byte key with a compressed prefix', async () => {
    const raw = Uint8Array.from((await generateIdentity()).publicRaw);
    raw[0] = 0x02;
    expect((await refusal(raw)).code).toBe('invalid-public-key');
  });

  it('all-zero bytes, with and without the 0x04 prefix', async () => {
    expect((await refusal(new Uint8Array(65))).code).toBe('invalid-public-key');
    const raw = new Uint8Array(65);
    raw[0] = 4;
    expect((await refusal(raw)).code).toBe('invalid-public-key');
  });
});
