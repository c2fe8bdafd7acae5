// Envelope keys: a room key per epoch and a bootstrap key per invite, both HKDF-SHA256 from 32 random bytes, each named by an 8-byte key id.
import { concatBytes, lengthPrefixed, toBytes, type BytesLike } from './bytes.js';
import { CryptoError } from './errors.js';
import { deriveHkdfKey, hkdfSha256, importHkdfBase } from './hkdf.js';
import { LABEL_INVITE_KEY, LABEL_KEY_ID, LABEL_ROOM_KEY } from './labels.js';

/** Length of a room key's material and of an invite's secret. */
export const ROOM_SECRET_BYTES = 32;
/** Length of the key id an envelope carries in the clear. */
export const KEY_ID_BYTES = 8;

/** A key that seals envelopes, with the id envelopes name it by. */
export interface EnvelopeKey {
  readonly key: CryptoKey;
  /** HKDF of the material under its own label: names the key without revealing anything of it. */
  readonly id: Uint8Array<ArrayBuffer>;
}

async function envelopeKey(secret: BytesLike, roomId: string, label: Uint8Array): Promise<EnvelopeKey> {
  const bytes = toBytes(secret);
  if (bytes.length !== ROOM_SECRET_BYTES) {
    throw new CryptoError('invalid-length', `key material must be ${ROOM_SECRET_BYTES} bytes`);
  }
  const info = concatBytes(label, lengthPrefixed(roomId));
  const [key, id] = await Promise.all([
    importHkdfBase(bytes).then((base) => deriveHkdfKey(base, new Uint8Array(0), info, 'AES-GCM', ['encrypt', 'decrypt'])),
    hkdfSha256(bytes, new Uint8Array(0), concatBytes(LABEL_KEY_ID, info), KEY_ID_BYTES),
  ]);
  return { key, id };
}

/**
 * The room key of one epoch, from its 32 random bytes. The salt is empty because the material is
 * already uniformly random; the room id sits in `info` so material reused under another room id
 * yields an unrelated key.
 */
export function roomEnvelopeKey(material: BytesLike, roomId: string): Promise<EnvelopeKey> {
  return envelopeKey(material, roomId, LABEL_ROOM_KEY);
}

/** An invite's bootstrap key, from the secret in its link: it seals only the joiner's hello and the answers to it. */
export function inviteEnvelopeKey(secret: BytesLike, roomId: string): Promise<EnvelopeKey> {
  return envelopeKey(secret, roomId, LABEL_INVITE_KEY);
}

/** The AES-GCM room key alone (tests and tools that open one epoch's envelopes). */
export async function deriveRoomKey(material: BytesLike, roomId: string): Promise<CryptoKey> {
  return (await roomEnvelopeKey(material, roomId)).key;
}
