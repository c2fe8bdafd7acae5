// HKDF-SHA256 (RFC 5869) over WebCrypto: raw output for known-answer tests, CryptoKeys for use.
import { toBytes, type BytesLike } from './bytes.js';

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;

async function hkdfBase(ikm: BytesLike): Promise<CryptoKey> {
  return subtle().importKey('raw', toBytes(ikm), 'HKDF', false, ['deriveBits', 'deriveKey']);
}

/** HKDF-SHA256 output of `length` bytes (1..8160). */
export async function hkdfSha256(
  ikm: BytesLike,
  salt: BytesLike,
  info: BytesLike,
  length: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const base = await hkdfBase(ikm);
  const bits = await subtle().deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: toBytes(salt), info: toBytes(info) },
    base,
    length * 8,
  );
  return new Uint8Array(bits);
}

/** Imports `ikm` once so several keys can be derived from it with {@link deriveHkdfKey}. */
export const importHkdfBase = hkdfBase;

/** Derives a non-extractable AES-256-GCM or HMAC-SHA256 key from an HKDF base key. */
export async function deriveHkdfKey(
  base: CryptoKey,
  salt: BytesLike,
  info: BytesLike,
  kind: 'AES-GCM' | 'HMAC',
  usages: KeyUsage[],
): Promise<CryptoKey> {
  const algorithm: AesKeyGenParams | HmacImportParams =
    kind === 'AES-GCM' ? { name: 'AES-GCM', length: 256 } : { name: 'HMAC', hash: 'SHA-256', length: 256 };
  return subtle().deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: toBytes(salt), info: toBytes(info) },
    base,
    algorithm,
    false,
    usages,
  );
}
