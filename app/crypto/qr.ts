// Fingerprint QR payload: versioned, room-bound, full 32-byte fingerprint, checked in constant time.
/*
 * QR text = "securecall-fp:" + base64url(payload), payload 49 bytes:
 *
 *   0       1                          17                                 49
 *  +-------+--------------------------+----------------------------------+
 *  | ver=1 |   room tag (16 bytes)    |   fingerprint (32 bytes)         |
 *  +-------+--------------------------+----------------------------------+
 *
 * room tag = first 16 bytes of SHA-256("SecureCall v1 qr room tag" || lp(room id)).
 * A hash, not the id itself, keeps the layout fixed whatever the room id's format.
 */
import { base64urlDecode, base64urlEncode } from './base64url.js';
import { concatBytes, constantTimeEqual, lengthPrefixed } from './bytes.js';
import { CryptoError } from './errors.js';
import { FINGERPRINT_BYTES } from './fingerprint.js';
import { LABEL_QR_ROOM } from './labels.js';

/** Text prefix that marks a SecureCall fingerprint QR. */
export const QR_PREFIX = 'securecall-fp:';
/** QR payload version. */
export const QR_VERSION = 1;
const ROOM_TAG_BYTES = 16;
/** Length of a version-1 payload before base64url. */
export const QR_PAYLOAD_BYTES = 1 + ROOM_TAG_BYTES + FINGERPRINT_BYTES;

/** Outcome of scanning a fingerprint QR, each shown differently by the UI. */
export type QrCheck = 'not-a-fingerprint' | 'wrong-version' | 'wrong-room' | 'key-mismatch' | 'match';

async function roomTag(roomId: string): Promise<Uint8Array<ArrayBuffer>> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', concatBytes(LABEL_QR_ROOM, lengthPrefixed(roomId)));
  return new Uint8Array(digest, 0, ROOM_TAG_BYTES);
}

/** Text to render as my fingerprint QR in this room. */
export async function encodeFingerprintQr(roomId: string, fp: Uint8Array): Promise<string> {
  if (fp.length !== FINGERPRINT_BYTES) throw new CryptoError('invalid-length', 'fingerprint must be 32 bytes');
  return QR_PREFIX + base64urlEncode(concatBytes(Uint8Array.of(QR_VERSION), await roomTag(roomId), fp));
}

/** Checks scanned QR text against the fingerprint I expect for that person in this room. */
export async function checkFingerprintQr(text: string, roomId: string, expectedFp: Uint8Array): Promise<QrCheck> {
  if (!text.startsWith(QR_PREFIX)) return 'not-a-fingerprint';
  let payload: Uint8Array;
  try {
    payload = base64urlDecode(text.slice(QR_PREFIX.length));
  } catch {
    // Expected: a QR payload that is not base64url.
    return 'not-a-fingerprint';
  }
  if (payload.length === 0) return 'not-a-fingerprint';
  if (payload[0] !== QR_VERSION) return 'wrong-version';
  if (payload.length !== QR_PAYLOAD_BYTES) return 'not-a-fingerprint';
  if (!constantTimeEqual(payload.subarray(1, 1 + ROOM_TAG_BYTES), await roomTag(roomId))) return 'wrong-room';
  return constantTimeEqual(payload.subarray(1 + ROOM_TAG_BYTES), expectedFp) ? 'match' : 'key-mismatch';
}
