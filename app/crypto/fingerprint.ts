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

/** PBKDF2-SHA256 iterations behind the room safety code: each guess of a grinding search costs this many HMACs. */
export const ROOM_CODE_ITERATIONS = 2 ** 16;
/** Groups of 5 digits in the room safety code (each from 40 hash bits mod 10^5, about 16.6 bits). */
export const ROOM_CODE_GROUPS = 6;

/**
 * Room safety code everyone in the call can compare: 6 groups of 5 digits (about 99.7 bits) from
 * PBKDF2-SHA256 with ROOM_CODE_ITERATIONS iterations, salted with the room id, over the member
 * count and all participants' public keys sorted, so the order members joined in does not matter.
 * Duplicated keys are kept, so a key shown twice changes the code.
 *
 * A server that controls one key on each side of a split room searches for two key sets with the
 * same code: a birthday search of about 2^49.8 codes, each costing 2^16 PBKDF2 iterations, so
 * about 2^65.8 HMAC-SHA256 computations, and the room id in the salt rules out precomputing.
 * Strength per person still comes from the pairwise safety number or QR.
 */
export async function roomSafetyCode(roomId: string, raws: readonly BytesLike[]): Promise<string> {
  if (raws.length > 255) throw new CryptoError('too-large', 'too many keys');
  const keys = sortedKeys(raws.map((r) => toBytes(r)));
  const subtle = globalThis.crypto.subtle;
  const password = await subtle.importKey('raw', concatBytes(Uint8Array.of(keys.length), ...keys), 'PBKDF2', false, ['deriveBits']);
  const salt = concatBytes(LABEL_ROOM_CODE, lengthPrefixed(roomId));
  const bits = new Uint8Array(await subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: ROOM_CODE_ITERATIONS }, password, ROOM_CODE_GROUPS * 40));
  const groups: string[] = [];
  for (let i = 0; i < ROOM_CODE_GROUPS; i++) {
    let n = 0;
    for (let j = 0; j < 5; j++) n = n * 256 + bits[i * 5 + j]!;
    groups.push(String(n % 100_000).padStart(5, '0'));
  }
  return groups.join(' ');
}
