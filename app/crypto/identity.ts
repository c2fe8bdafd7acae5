// ECDH P-256 identity keys: generation and strict import of a peer's 65-byte uncompressed point.
import { toBytes, type BytesLike } from './bytes.js';
import { CryptoError } from './errors.js';

/** Length of an uncompressed P-256 point: 0x04 || X (32) || Y (32). */
export const PUBLIC_KEY_BYTES = 65;

const EC_PARAMS: EcKeyImportParams = { name: 'ECDH', namedCurve: 'P-256' };

/** A participant's identity: the private key never leaves WebCrypto. */
export interface Identity {
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  /** The public key as the 65-byte uncompressed point sent to peers. */
  readonly publicRaw: Uint8Array<ArrayBuffer>;
}

/** Creates a fresh identity with a non-extractable private key. */
export async function generateIdentity(): Promise<Identity> {
  const pair = await globalThis.crypto.subtle.generateKey(EC_PARAMS, false, ['deriveBits']);
  const publicRaw = new Uint8Array(await globalThis.crypto.subtle.exportKey('raw', pair.publicKey));
  return { privateKey: pair.privateKey, publicKey: pair.publicKey, publicRaw };
}

/** Throws `invalid-public-key` unless `raw` has the shape of an uncompressed P-256 point. */
export function checkPublicKeyShape(raw: Uint8Array): void {
  if (raw.length !== PUBLIC_KEY_BYTES) {
    throw new CryptoError('invalid-public-key', `public key must be ${PUBLIC_KEY_BYTES} bytes, got ${raw.length}`);
  }
  if (raw[0] !== 0x04) throw new CryptoError('invalid-public-key', 'public key must be an uncompressed point (0x04)');
}

/**
 * Imports a peer's public key. Shape is checked first so compressed or truncated points
 * are refused identically in every runtime; WebCrypto then refuses points off the curve.
 */
export async function importPeerPublicKey(raw: BytesLike): Promise<CryptoKey> {
  const bytes = toBytes(raw);
  checkPublicKeyShape(bytes);
  try {
    return await globalThis.crypto.subtle.importKey('raw', bytes, EC_PARAMS, true, []);
  } catch (cause) {
    throw new CryptoError('invalid-public-key', 'public key is not a point on P-256', { cause });
  }
}

/** Raw ECDH shared secret (the X coordinate, 32 bytes) between my private key and a peer key. */
export async function ecdhSharedSecret(privateKey: CryptoKey, peer: CryptoKey): Promise<Uint8Array<ArrayBuffer>> {
  const bits = await globalThis.crypto.subtle.deriveBits({ name: 'ECDH', public: peer }, privateKey, 256);
  return new Uint8Array(bits);
}
