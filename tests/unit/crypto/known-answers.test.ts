// Known-answer tests: RFC 5869, RFC 4231 and the GCM spec against the WebCrypto paths the module uses.
import { describe, expect, it } from 'vitest';
import { hkdfSha256 } from '../../../app/crypto/index.js';
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
