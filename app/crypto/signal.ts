// Sealed signaling envelopes: AES-256-GCM under a room or invite key named by its id, bound to room, sender, recipient, type and counter.
/*
 * Envelope (the relay's opaque `data` string is base64url of these bytes):
 *
 *   0       1       2                 10                             22
 *  +-------+-------+-----------------+------------------------------+-------------------------------+
 *  | ver=2 | flags | key id (8 bytes)|        nonce (12 bytes)      | ciphertext (5 + n) || tag (16) |
 *  +-------+-------+-----------------+------------------------------+-------------------------------+
 *   flags: bit 0 = broadcast (recipient '*'); bit 1 = bootstrap (sealed under an invite key, not a
 *   room key); bits 2-7 must be 0. The key id says which key to try (room keys rotate, so a
 *   receiver holds a few); it is an HKDF output, so it names the key without revealing it.
 *
 * Plaintext inside the ciphertext (type and counter are hidden from the server):
 *
 *   0       1                               5
 *  +-------+-------------------------------+------------------+
 *  | type  |     counter (u32 big-endian)  | payload (n bytes) |
 *  +-------+-------------------------------+------------------+
 *
 * AAD = ver || flags || key id || lp(room) || lp(sender) || lp(recipient), lp = 1-byte length + UTF-8.
 * The recipient in the AAD is the literal '*' for a broadcast, so every member can rebuild
 * it; for a direct message it is the receiver's own peer id, which a relay to anyone else
 * cannot satisfy. Type and counter are authenticated by GCM as part of the plaintext.
 */
import { MAX_ENVELOPE_DATA_CHARS } from '../../protocol/limits.js';
import { base64urlDecode, base64urlEncode } from './base64url.js';
import { concatBytes, lengthPrefixed, randomBytes, readU32be, u32be, U32_MAX } from './bytes.js';
import { CryptoError } from './errors.js';
import type { ReplayWindow } from './replay.js';
import { KEY_ID_BYTES, type EnvelopeKey } from './room-key.js';

/** Envelope format version (2: the key id joined the header). */
export const SIGNAL_VERSION = 2;
const FLAG_BROADCAST = 0x01;
const FLAG_BOOTSTRAP = 0x02;
const KNOWN_FLAGS = FLAG_BROADCAST | FLAG_BOOTSTRAP;
const HEADER_BYTES = 2 + KEY_ID_BYTES;
/** Base64url characters that hold the header: 16 characters are 12 whole bytes. */
const LABEL_CHARS = 16;
const NONCE_BYTES = 12;
const INNER_BYTES = 5;
const TAG_BYTES = 16;
/** Bytes an envelope adds to its payload before base64url. */
export const SIGNAL_OVERHEAD_BYTES = HEADER_BYTES + NONCE_BYTES + INNER_BYTES + TAG_BYTES;
/** Largest payload whose envelope still fits the relay's `data` limit once base64url-encoded. */
export const MAX_SIGNAL_PAYLOAD_BYTES = Math.floor((MAX_ENVELOPE_DATA_CHARS * 3) / 4) - SIGNAL_OVERHEAD_BYTES;
/** Highest counter a sender may use; sealing refuses to wrap around. */
export const MAX_SIGNAL_COUNTER = U32_MAX;

/** Signaling message types and their wire codes. */
export const SIGNAL_TYPES = { hello: 1, offer: 2, answer: 3, ice: 4, bye: 5, state: 6, key: 7, invites: 8 } as const;
/** A signaling message type. */
export type SignalType = keyof typeof SIGNAL_TYPES;
const TYPE_BY_CODE = new Map<number, SignalType>(
  Object.entries(SIGNAL_TYPES).map(([name, code]) => [code, name as SignalType]),
);

/** Who sends what to whom, bound into the envelope. */
export interface SignalHeader {
  readonly room: string;
  readonly from: string;
  /** A peer id, or '*' for every other member. */
  readonly to: string;
  readonly type: SignalType;
  /** Per-sender counter, strictly increasing across everything that sender seals in the room. */
  readonly counter: number;
}

/** What the receiver knows independently of the envelope. */
export interface SignalExpectation {
  readonly room: string;
  /** My own peer id. */
  readonly me: string;
  /** The relay's `from`, as stamped by the server. */
  readonly from: string;
}

/** Why an envelope was dropped. */
export type SignalRejection = 'malformed' | 'unsupported-version' | 'tampered' | 'replayed';

/** Result of {@link openSignal}. */
export type SignalOpenResult =
  | {
      readonly ok: true;
      readonly type: SignalType;
      readonly counter: number;
      readonly broadcast: boolean;
      readonly payload: Uint8Array<ArrayBuffer>;
    }
  | { readonly ok: false; readonly reason: SignalRejection };

function aad(flags: number, keyId: Uint8Array, room: string, from: string, to: string): Uint8Array<ArrayBuffer> {
  return concatBytes(Uint8Array.of(SIGNAL_VERSION, flags), keyId, lengthPrefixed(room), lengthPrefixed(from), lengthPrefixed(to));
}

/** What an envelope says about its key before it is opened. */
export interface EnvelopeLabel {
  /** The key id, base64url. */
  readonly keyId: string;
  /** Sealed under an invite's bootstrap key. */
  readonly bootstrap: boolean;
}

/** Reads the key id and flags of an envelope, or says why it cannot be one. */
export function readEnvelopeLabel(data: string): EnvelopeLabel | { readonly rejected: SignalRejection } {
  if (data.length > MAX_ENVELOPE_DATA_CHARS) return { rejected: 'malformed' };
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = base64urlDecode(data.slice(0, LABEL_CHARS));
  } catch {
    // Expected: not base64url, reported to the caller as malformed.
    return { rejected: 'malformed' };
  }
  if (bytes.length < HEADER_BYTES) return { rejected: 'malformed' };
  if (bytes[0] !== SIGNAL_VERSION) return { rejected: 'unsupported-version' };
  const flags = bytes[1]!;
  if ((flags & ~KNOWN_FLAGS) !== 0) return { rejected: 'malformed' };
  return { keyId: base64urlEncode(bytes.slice(2, HEADER_BYTES)), bootstrap: (flags & FLAG_BOOTSTRAP) !== 0 };
}

/**
 * Seals a signaling payload into the relay's `data` string.
 *
 * Nonces are 96 random bits, not counters: every member of the room shares the room key,
 * and a counter nonce would repeat as soon as two senders (or one sender after a reload)
 * reused a value. With random nonces a collision needs about 2^48 envelopes under one key,
 * and a room sends thousands at most, far inside NIST SP 800-38D's 2^32-invocation bound.
 */
export async function sealSignal(envelopeKey: EnvelopeKey, header: SignalHeader, payload: Uint8Array, bootstrap = false): Promise<string> {
  if (!Number.isInteger(header.counter) || header.counter < 0 || header.counter > MAX_SIGNAL_COUNTER) {
    throw new CryptoError('counter-exhausted', `signal counter out of range: ${header.counter}`);
  }
  if (payload.length > MAX_SIGNAL_PAYLOAD_BYTES) {
    throw new CryptoError('too-large', `signal payload over ${MAX_SIGNAL_PAYLOAD_BYTES} bytes`);
  }
  const flags = (header.to === '*' ? FLAG_BROADCAST : 0) | (bootstrap ? FLAG_BOOTSTRAP : 0);
  const nonce = randomBytes(NONCE_BYTES);
  const inner = concatBytes(Uint8Array.of(SIGNAL_TYPES[header.type]), u32be(header.counter), payload);
  const sealed = await globalThis.crypto.subtle.encrypt(
    { name: 'AES-GCM', iv: nonce, additionalData: aad(flags, envelopeKey.id, header.room, header.from, header.to) },
    envelopeKey.key,
    inner,
  );
  return base64urlEncode(concatBytes(Uint8Array.of(SIGNAL_VERSION, flags), envelopeKey.id, nonce, new Uint8Array(sealed)));
}

/**
 * Opens an envelope relayed to me. Accepts it only if it authenticates for this room, this
 * sender and me (or '*'), and its counter is above every counter accepted from that sender.
 * The replay window is updated only for authentic envelopes.
 */
export async function openSignal(
  envelopeKey: EnvelopeKey,
  expect: SignalExpectation,
  data: string,
  replay: ReplayWindow,
): Promise<SignalOpenResult> {
  if (data.length > MAX_ENVELOPE_DATA_CHARS) return { ok: false, reason: 'malformed' };
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = base64urlDecode(data);
  } catch {
    // Expected: not base64url, reported to the caller as malformed.
    return { ok: false, reason: 'malformed' };
  }
  if (bytes.length < HEADER_BYTES) return { ok: false, reason: 'malformed' };
  if (bytes[0] !== SIGNAL_VERSION) return { ok: false, reason: 'unsupported-version' };
  const flags = bytes[1]!;
  if ((flags & ~KNOWN_FLAGS) !== 0) return { ok: false, reason: 'malformed' };
  if (bytes.length < SIGNAL_OVERHEAD_BYTES) return { ok: false, reason: 'malformed' };
  const broadcast = (flags & FLAG_BROADCAST) !== 0;
  const keyId = bytes.subarray(2, HEADER_BYTES);
  const nonce = bytes.subarray(HEADER_BYTES, HEADER_BYTES + NONCE_BYTES);
  let inner: Uint8Array<ArrayBuffer>;
  try {
    inner = new Uint8Array(
      await globalThis.crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: nonce, additionalData: aad(flags, keyId, expect.room, expect.from, broadcast ? '*' : expect.me) },
        envelopeKey.key,
        bytes.subarray(HEADER_BYTES + NONCE_BYTES),
      ),
    );
  } catch {
    // Expected: AES-GCM refuses a wrong key, nonce, AAD or altered ciphertext alike.
    return { ok: false, reason: 'tampered' };
  }
  const type = TYPE_BY_CODE.get(inner[0]!);
  // Authentic but unknown type: a newer sender, not an attacker; still not something to act on.
  if (type === undefined) return { ok: false, reason: 'malformed' };
  const counter = readU32be(inner, 1);
  if (!replay.accept(expect.from, counter)) return { ok: false, reason: 'replayed' };
  return { ok: true, type, counter, broadcast, payload: inner.slice(INNER_BYTES) };
}
