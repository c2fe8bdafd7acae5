// Chat frames over the DataChannel: AES-256-GCM under the pairwise key, counter nonces, strict replay check.
/*
 * Chat frame (sent as one binary DataChannel message):
 *
 *   0       1                               5
 *  +-------+-------------------------------+-------------------------------+
 *  | ver=1 |    counter (u32 big-endian)   |  ciphertext (n) || tag (16)   |
 *  +-------+-------------------------------+-------------------------------+
 *
 * nonce = 8 zero bytes || counter (u32 big-endian); AAD = the first 5 bytes.
 * Each direction has its own key, so the sender's counter alone keeps nonces unique.
 */
import { concatBytes, readU32be, toBytes, u32be, U32_MAX, type BytesLike } from './bytes.js';
import { CryptoError } from './errors.js';
import type { PairKeys } from './pairwise.js';
import { ReplayWindow } from './replay.js';

/** Chat frame format version. */
export const CHAT_VERSION = 1;
const HEADER_BYTES = 5;
const TAG_BYTES = 16;
/** Bytes a chat frame adds to its plaintext. */
export const CHAT_OVERHEAD_BYTES = HEADER_BYTES + TAG_BYTES;
/** Largest chat frame: 16 KiB is the DataChannel message size every browser delivers intact. */
export const MAX_CHAT_FRAME_BYTES = 16 * 1024;
/** Largest chat plaintext. */
export const MAX_CHAT_PLAINTEXT_BYTES = MAX_CHAT_FRAME_BYTES - CHAT_OVERHEAD_BYTES;
/** Highest counter; sealing past it throws instead of reusing a nonce. */
export const MAX_CHAT_COUNTER = U32_MAX;

/** Chat state for one peer: keys, my next counter, and the peer's replay window. */
export interface ChatSession {
  readonly keys: PairKeys;
  /** Counter the next sealed frame will use. */
  nextCounter: number;
  readonly window: ReplayWindow;
}

/** Why a received chat frame was dropped; the UI shows it as a warning. */
export type ChatRejection = 'malformed' | 'tampered' | 'replayed';

/** Result of {@link openChat}. */
export type ChatOpenResult =
  | { readonly ok: true; readonly counter: number; readonly plaintext: Uint8Array<ArrayBuffer> }
  | { readonly ok: false; readonly reason: ChatRejection };

const PEER = 'peer';

/** Starts chat with one peer; `startCounter` exists for boundary tests. */
export function createChatSession(keys: PairKeys, startCounter = 0): ChatSession {
  return { keys, nextCounter: startCounter, window: new ReplayWindow() };
}

function nonceFor(counter: number): Uint8Array<ArrayBuffer> {
  return concatBytes(new Uint8Array(8), u32be(counter));
}

/** Seals one chat message into a frame. */
export async function sealChat(session: ChatSession, plaintext: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  if (plaintext.length > MAX_CHAT_PLAINTEXT_BYTES) {
    throw new CryptoError('too-large', `chat message over ${MAX_CHAT_PLAINTEXT_BYTES} bytes`);
  }
  const counter = session.nextCounter;
  if (!Number.isInteger(counter) || counter < 0 || counter > MAX_CHAT_COUNTER) {
    throw new CryptoError('counter-exhausted', 'chat counter exhausted: derive new pairwise keys');
  }
  // Claimed before the first await so concurrent seals can never share a nonce.
  session.nextCounter = counter + 1;
  const header = concatBytes(Uint8Array.of(CHAT_VERSION), u32be(counter));
  const sealed = await globalThis.crypto.subtle.encrypt(
    { name: 'AES-GCM', iv: nonceFor(counter), additionalData: header },
    session.keys.sendChat,
    toBytes(plaintext),
  );
  return concatBytes(header, new Uint8Array(sealed));
}

/** Opens a frame from the peer; only authentic frames with a new, higher counter are accepted. */
export async function openChat(session: ChatSession, frame: BytesLike): Promise<ChatOpenResult> {
  const bytes = toBytes(frame);
  if (bytes.length < CHAT_OVERHEAD_BYTES || bytes.length > MAX_CHAT_FRAME_BYTES || bytes[0] !== CHAT_VERSION) {
    return { ok: false, reason: 'malformed' };
  }
  const counter = readU32be(bytes, 1);
  let plaintext: Uint8Array<ArrayBuffer>;
  try {
    plaintext = new Uint8Array(
      await globalThis.crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: nonceFor(counter), additionalData: bytes.slice(0, HEADER_BYTES) },
        session.keys.recvChat,
        bytes.slice(HEADER_BYTES),
      ),
    );
  } catch {
    // Expected: AES-GCM refuses a wrong key or an altered frame alike.
    return { ok: false, reason: 'tampered' };
  }
  if (!session.window.accept(PEER, counter)) return { ok: false, reason: 'replayed' };
  return { ok: true, counter, plaintext };
}
