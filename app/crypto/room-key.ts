// Room signaling key: HKDF-SHA256 from the invite's 32-byte room secret, bound to the room id.
import { concatBytes, lengthPrefixed, toBytes, type BytesLike } from './bytes.js';
import { CryptoError } from './errors.js';
import { deriveHkdfKey, importHkdfBase } from './hkdf.js';
import { LABEL_ROOM_KEY } from './labels.js';

/** Length of the room secret carried in the invite fragment. */
export const ROOM_SECRET_BYTES = 32;

/**
 * Derives the non-extractable AES-256-GCM key that seals every signaling payload of a room.
 * The salt is empty because the secret is already 32 uniformly random bytes; the room id
 * sits in `info` so one secret reused under another room id yields an unrelated key.
 */
export async function deriveRoomKey(secret: BytesLike, roomId: string): Promise<CryptoKey> {
  const bytes = toBytes(secret);
  if (bytes.length !== ROOM_SECRET_BYTES) {
    throw new CryptoError('invalid-length', `room secret must be ${ROOM_SECRET_BYTES} bytes`);
  }
  const base = await importHkdfBase(bytes);
  const info = concatBytes(LABEL_ROOM_KEY, lengthPrefixed(roomId));
  return deriveHkdfKey(base, new Uint8Array(0), info, 'AES-GCM', ['encrypt', 'decrypt']);
}
