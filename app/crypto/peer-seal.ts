// Sealed to one peer: ECDH P-256 then HKDF-SHA256 to an AES-256-GCM key only that pair holds, for handing over room keys.
import { base64urlDecode, base64urlEncode } from './base64url.js';
import { compareBytes, concatBytes, lengthPrefixed, randomBytes, toBytes, type BytesLike } from './bytes.js';
import { CryptoError } from './errors.js';
import { deriveHkdfKey, importHkdfBase } from './hkdf.js';
import { ecdhSharedSecret, importPeerPublicKey, PUBLIC_KEY_BYTES, type Identity } from './identity.js';
import { LABEL_ANONYMOUS_SEAL, LABEL_PAIR_SALT, LABEL_PEER_SEAL } from './labels.js';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** Who seals to whom: bound into the AAD, so a sealed message cannot be reflected or redirected. */
export interface PeerSealBinding {
  readonly room: string;
  readonly from: string;
  readonly to: string;
}

/**
 * The pair's sealing key. Unlike the chat keys it binds no page instance: a hand-over must reach a
 * peer whose instance is not yet known. Nonces are random, so reusing the key across reloads is safe.
 */
async function pairSealKey(identity: Identity, peerRaw: Uint8Array, room: string): Promise<CryptoKey> {
  const peerKey = await importPeerPublicKey(peerRaw);
  const [low, high] = compareBytes(identity.publicRaw, peerRaw) < 0 ? [identity.publicRaw, peerRaw] : [peerRaw, identity.publicRaw];
  const base = await importHkdfBase(await ecdhSharedSecret(identity.privateKey, peerKey));
  return deriveHkdfKey(base, LABEL_PAIR_SALT, concatBytes(LABEL_PEER_SEAL, lengthPrefixed(room), low, high), 'AES-GCM', ['encrypt', 'decrypt']);
}

function aad(binding: PeerSealBinding): Uint8Array<ArrayBuffer> {
  return concatBytes(LABEL_PEER_SEAL, lengthPrefixed(binding.room), lengthPrefixed(binding.from), lengthPrefixed(binding.to));
}

/** Seals `plaintext` from me (`binding.from`) to the peer whose raw public key is `peerRaw`; base64url of nonce || ciphertext || tag. */
export async function sealToPeer(identity: Identity, peerRaw: BytesLike, binding: PeerSealBinding, plaintext: Uint8Array): Promise<string> {
  const key = await pairSealKey(identity, toBytes(peerRaw), binding.room);
  const nonce = randomBytes(NONCE_BYTES);
  const sealed = await globalThis.crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce, additionalData: aad(binding) }, key, toBytes(plaintext));
  return base64urlEncode(concatBytes(nonce, new Uint8Array(sealed)));
}

async function anonymousKey(privateKey: CryptoKey, ephemeralRaw: Uint8Array, recipientRaw: Uint8Array, peerKey: CryptoKey, room: string): Promise<CryptoKey> {
  const base = await importHkdfBase(await ecdhSharedSecret(privateKey, peerKey));
  return deriveHkdfKey(base, LABEL_PAIR_SALT, concatBytes(LABEL_ANONYMOUS_SEAL, lengthPrefixed(room), ephemeralRaw, recipientRaw), 'AES-GCM', ['encrypt', 'decrypt']);
}

/**
 * Seals `plaintext` to the peer whose raw public key is `recipientRaw` from a fresh ephemeral key,
 * so the ciphertext says nothing about who sent it: base64url of ephemeral public key (65 bytes) ||
 * nonce || ciphertext || tag. Anyone can seal this way; what is inside must authenticate itself.
 */
export async function sealAnonymously(recipientRaw: BytesLike, room: string, plaintext: Uint8Array): Promise<string> {
  const recipient = toBytes(recipientRaw);
  const peerKey = await importPeerPublicKey(recipient);
  const pair = await globalThis.crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
  const ephemeralRaw = new Uint8Array(await globalThis.crypto.subtle.exportKey('raw', pair.publicKey));
  const key = await anonymousKey(pair.privateKey, ephemeralRaw, recipient, peerKey, room);
  const nonce = randomBytes(NONCE_BYTES);
  const sealed = await globalThis.crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce, additionalData: concatBytes(LABEL_ANONYMOUS_SEAL, ephemeralRaw) }, key, toBytes(plaintext));
  return base64urlEncode(concatBytes(ephemeralRaw, nonce, new Uint8Array(sealed)));
}

/** Opens what was sealed to me with {@link sealAnonymously}; throws CryptoError 'tampered' for anything else. */
export async function openAnonymous(identity: Identity, room: string, sealed: string): Promise<Uint8Array<ArrayBuffer>> {
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = base64urlDecode(sealed);
  } catch (cause) {
    throw new CryptoError('tampered', 'sealed message is not base64url', { cause });
  }
  if (bytes.length < PUBLIC_KEY_BYTES + NONCE_BYTES + TAG_BYTES) throw new CryptoError('tampered', 'sealed message too short');
  const ephemeralRaw = bytes.slice(0, PUBLIC_KEY_BYTES);
  let ephemeral: CryptoKey;
  try {
    ephemeral = await importPeerPublicKey(ephemeralRaw);
  } catch (cause) {
    throw new CryptoError('tampered', 'ephemeral key is not a P-256 point', { cause });
  }
  const key = await anonymousKey(identity.privateKey, ephemeralRaw, identity.publicRaw, ephemeral, room);
  try {
    const plain = await globalThis.crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bytes.subarray(PUBLIC_KEY_BYTES, PUBLIC_KEY_BYTES + NONCE_BYTES), additionalData: concatBytes(LABEL_ANONYMOUS_SEAL, ephemeralRaw) },
      key,
      bytes.subarray(PUBLIC_KEY_BYTES + NONCE_BYTES),
    );
    return new Uint8Array(plain);
  } catch (cause) {
    throw new CryptoError('tampered', 'sealed message did not open', { cause });
  }
}

/** Opens what the peer with `peerRaw` sealed to me; throws CryptoError 'tampered' for anything else. */
export async function openFromPeer(identity: Identity, peerRaw: BytesLike, binding: PeerSealBinding, sealed: string): Promise<Uint8Array<ArrayBuffer>> {
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = base64urlDecode(sealed);
  } catch (cause) {
    throw new CryptoError('tampered', 'sealed hand-over is not base64url', { cause });
  }
  if (bytes.length < NONCE_BYTES + TAG_BYTES) throw new CryptoError('tampered', 'sealed hand-over too short');
  const key = await pairSealKey(identity, toBytes(peerRaw), binding.room);
  try {
    const plain = await globalThis.crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bytes.subarray(0, NONCE_BYTES), additionalData: aad(binding) },
      key,
      bytes.subarray(NONCE_BYTES),
    );
    return new Uint8Array(plain);
  } catch (cause) {
    throw new CryptoError('tampered', 'sealed hand-over did not open', { cause });
  }
}
