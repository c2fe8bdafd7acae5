// Known-answer tests: RFC 5869, RFC 4231, GCM spec, and Wycheproof subsets against the WebCrypto paths the module uses.
import { describe, expect, it } from 'vitest';
import { CryptoError, hkdfSha256, importPeerPublicKey } from '../../../app/crypto/index.js';
import { hex, loadVector, toHexString } from './helpers.js';

const subtle = globalThis.crypto.subtle;
const known = loadVector('known-answers.json');
type Case = any[];
/** Rows for it.each: a label first, the vector last. */
function rows<T>(items: readonly T[], label: (item: T) => unknown[]): Case[] {
  return items.map((item) => [...label(item), item]);
}

async function gcmEncrypt(key: string, iv: string, aad: string, pt: string): Promise<string> {
  const k = await subtle.importKey('raw', hex(key), 'AES-GCM', false, ['encrypt']);
  return toHexString(await subtle.encrypt({ name: 'AES-GCM', iv: hex(iv), additionalData: hex(aad) }, k, hex(pt)));
}

async function gcmDecrypt(key: string, iv: string, aad: string, ctTag: string): Promise<string> {
  const k = await subtle.importKey('raw', hex(key), 'AES-GCM', false, ['decrypt']);
  return toHexString(await subtle.decrypt({ name: 'AES-GCM', iv: hex(iv), additionalData: hex(aad) }, k, hex(ctTag)));
}

async function hmacSha256(key: string, data: string): Promise<string> {
  const k = await subtle.importKey('raw', hex(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return toHexString(await subtle.sign('HMAC', k, hex(data)));
}

describe('RFC 5869 HKDF-SHA256', () => {
  it.each(rows(known.hkdf, (v: any) => [v.name]))('%s matches the published OKM', async (_name, v: any) => {
    expect(toHexString(await hkdfSha256(hex(v.ikm), hex(v.salt), hex(v.info), v.length))).toBe(v.okm);
  });
});

describe('RFC 4231 HMAC-SHA256', () => {
  it.each(rows(known.hmac, (v: any) => [v.name]))('%s matches the published MAC (prefix for truncated)', async (_name, v: any) => {
    expect((await hmacSha256(v.key, v.data)).slice(0, v.mac.length)).toBe(v.mac);
  });
});

describe('GCM spec AES-256-GCM', () => {
  it.each(rows(known.aesGcm, (v: any) => [v.name]))('%s encrypts and decrypts to the published values', async (_name, v: any) => {
    expect(await gcmEncrypt(v.key, v.iv, v.aad, v.pt)).toBe(v.ct + v.tag);
    expect(await gcmDecrypt(v.key, v.iv, v.aad, v.ct + v.tag)).toBe(v.pt);
  });
});

describe('Wycheproof aes_gcm (256-bit key, 96-bit IV)', () => {
  const tests = loadVector('wycheproof/aes_gcm_test.json').testGroups.flatMap((g: any) => g.tests);
  it('has the subset', () => expect(tests.length).toBeGreaterThan(60));
  it.each(rows(tests, (t: any) => [t.tcId, t.comment]))('tcId %i %s', async (_id, _c, t: any) => {
    if (t.result === 'valid') {
      expect(await gcmEncrypt(t.key, t.iv, t.aad, t.msg)).toBe(t.ct + t.tag);
      expect(await gcmDecrypt(t.key, t.iv, t.aad, t.ct + t.tag)).toBe(t.msg);
    } else {
      await expect(gcmDecrypt(t.key, t.iv, t.aad, t.ct + t.tag)).rejects.toThrow();
    }
  });
});

describe('Wycheproof hkdf_sha256', () => {
  const tests = loadVector('wycheproof/hkdf_sha256_test.json').testGroups.flatMap((g: any) => g.tests);
  it.each(rows(tests, (t: any) => [t.tcId, t.comment]))('tcId %i %s', async (_id, _c, t: any) => {
    const run = hkdfSha256(hex(t.ikm), hex(t.salt), hex(t.info), t.size);
    if (t.result === 'valid') expect(toHexString(await run)).toBe(t.okm);
    else await expect(run).rejects.toThrow();
  });
});

describe('Wycheproof hmac_sha256', () => {
  const groups = loadVector('wycheproof/hmac_sha256_test.json').testGroups;
  const cases: Case[] = groups.flatMap((g: any) => g.tests.map((t: any) => [t.tcId, g.tagSize, t]));
  it.each(cases)('tcId %i (tag %i bits)', async (_id, tagBits, t: any) => {
    const mac = (await hmacSha256(t.key, t.msg)).slice(0, (tagBits as number) / 4);
    if (t.result === 'valid') expect(mac).toBe(t.tag);
    else expect(mac).not.toBe(t.tag);
  });
});

describe('Wycheproof ecdh_secp256r1 ecpoint', () => {
  const tests = loadVector('wycheproof/ecdh_secp256r1_ecpoint_test.json').testGroups.flatMap((g: any) => g.tests);
  // PKCS#8 ECPrivateKey without the optional public key: lets WebCrypto take a bare scalar.
  const pkcs8Prefix = hex('308141020100301306072a8648ce3d020106082a8648ce3d030107042730250201010420');
  async function importScalar(d: string): Promise<CryptoKey> {
    const scalar = hex(d.padStart(64, '0').slice(-64));
    const der = new Uint8Array(pkcs8Prefix.length + 32);
    der.set(pkcs8Prefix);
    der.set(scalar, pkcs8Prefix.length);
    return subtle.importKey('pkcs8', der, { name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
  }
  it.each(rows(tests, (t: any) => [t.tcId, t.comment, t.result]))('tcId %i %s (%s)', async (_id, _c, _r, t: any) => {
    const raw = hex(t.public);
    if (t.result === 'valid') {
      const pub = await importPeerPublicKey(raw);
      const shared = await subtle.deriveBits({ name: 'ECDH', public: pub }, await importScalar(t.private), 256);
      expect(toHexString(shared)).toBe(t.shared);
    } else {
      // Invalid and merely "acceptable" (compressed) points are all refused: only 65-byte 0x04 points are accepted.
      const error = await importPeerPublicKey(raw).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CryptoError);
      expect((error as CryptoError).code).toBe('invalid-public-key');
    }
  });
});
