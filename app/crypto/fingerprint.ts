// Key fingerprints for people: full SHA-256, short name tag, per-pair safety number, group room safety code.
import { compareBytes, concatBytes, lengthPrefixed, toBytes, toHex, type BytesLike } from './bytes.js';
import { CryptoError } from './errors.js';
import { checkPublicKeyShape } from './identity.js';
import { LABEL_ROOM_CODE, LABEL_SAFETY_NUMBER } from './labels.js';

/** Length of a full fingerprint. */
export const FINGERPRINT_BYTES = 32;

async function sha(name: 'SHA-256' | 'SHA-512', data: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await globalThis.crypto.subtle.digest(name, data));
}

/** Full fingerprint: SHA-256 of the 65-byte raw public key. */
export async function fingerprintOf(raw: BytesLike): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = toBytes(raw);
  checkPublicKeyShape(bytes);
  return sha('SHA-256', bytes);
}

/** Name tag, too short to verify by: the first 8 bytes as "ABCD EF01 2345 6789". */
export function shortFingerprint(fp: Uint8Array): string {
  if (fp.length < 8) throw new CryptoError('invalid-length', 'fingerprint shorter than 8 bytes');
  return (toHex(fp.subarray(0, 8)).toUpperCase().match(/.{4}/g) ?? []).join(' ');
}

function sortedKeys(raws: readonly Uint8Array[]): Uint8Array<ArrayBuffer>[] {
  const copies = raws.map((raw) => {
    const bytes = toBytes(raw);
    checkPublicKeyShape(bytes);
    return bytes;
  });
  return copies.sort(compareBytes);
}

/**
 * Per-pair safety number to read aloud: 12 groups of 5 digits from SHA-512 over both keys in
 * canonical order, so both people get the identical string. Each group is 40 hash bits
 * reduced mod 10^5 (bias below 2^-23), about 16.6 bits a group, 199 bits in all. It does not
 * depend on the room, so a pair keeping identities can compare the same number across calls.
 */
export async function safetyNumber(rawA: BytesLike, rawB: BytesLike): Promise<string> {
  const [low, high] = sortedKeys([toBytes(rawA), toBytes(rawB)]);
  const digest = await sha('SHA-512', concatBytes(LABEL_SAFETY_NUMBER, low!, high!));
  const groups: string[] = [];
  for (let i = 0; i < 12; i++) {
    let n = 0;
    for (let j = 0; j < 5; j++) n = n * 256 + digest[i * 5 + j]!;
    groups.push(String(n % 100_000).padStart(5, '0'));
  }
  return groups.join(' ');
}

/**
 * Room safety code everyone in the call can compare: 4 groups of 4 digits (about 53 bits)
 * from SHA-256 over the room id and all participants' public keys, sorted so the order
 * members joined in does not matter. Duplicated keys are kept, so a key shown twice changes
 * the code. It catches a server showing different members different rooms; strength per
 * person still comes from the pairwise safety number or QR.
 */
export async function roomSafetyCode(roomId: string, raws: readonly BytesLike[]): Promise<string> {
  if (raws.length > 255) throw new CryptoError('too-large', 'too many keys');
  const keys = sortedKeys(raws.map((r) => toBytes(r)));
  const digest = await sha('SHA-256', concatBytes(LABEL_ROOM_CODE, lengthPrefixed(roomId), Uint8Array.of(keys.length), ...keys));
  const view = new DataView(digest.buffer);
  const groups: string[] = [];
  for (let i = 0; i < 4; i++) groups.push(String(view.getUint32(i * 4, false) % 10_000).padStart(4, '0'));
  return groups.join(' ');
}
