// Chat frames over the DataChannel: AES-256-GCM under the pairwise key, counter nonces, strict replay check.
/*
 * Chat frame (sent as one binary DataChannel message):
 *
 *   0       1                       9                               13
 *  +-------+-----------------------+-------------------------------+-----------------------------+
 *  | ver=2 |  stream (8 random B)  |    counter (u32 big-endian)   | ciphertext (n) || tag (16)  |
 *  +-------+-----------------------+-------------------------------+-----------------------------+
 *
 * nonce = stream || counter (12 bytes); AAD = the first 13 bytes.
 * Each direction has its own key, and each chat session draws its own random stream id. The same
 * pairwise keys come back when a person is re-introduced without reloading (a peer-left, then a
 * resume after the grace): their new session then starts its counter at 0 again, but under another
 * stream id, so no nonce repeats under one key (two sessions share a stream id with probability 2^-64).
 */
import { concatBytes, randomBytes, readU32be, toBytes, toHex, u32be, U32_MAX, type BytesLike } from './bytes.js';
import { CryptoError } from './errors.js';
import type { PairKeys } from './pairwise.js';
import { ReplayWindow } from './replay.js';

/** Chat frame format version. */
export const CHAT_VERSION = 2;
/** Bytes of the random per-session stream id that starts every nonce. */
export const CHAT_STREAM_BYTES = 8;
const HEADER_BYTES = 1 + CHAT_STREAM_BYTES + 4;
const TAG_BYTES = 16;
/** Bytes a chat frame adds to its plaintext. */
export const CHAT_OVERHEAD_BYTES = HEADER_BYTES + TAG_BYTES;
/** Largest chat frame: 16 KiB is the DataChannel message size every browser delivers intact. */
export const MAX_CHAT_FRAME_BYTES = 16 * 1024;
/** Largest chat plaintext. */
export const MAX_CHAT_PLAINTEXT_BYTES = MAX_CHAT_FRAME_BYTES - CHAT_OVERHEAD_BYTES;
/** Highest counter; sealing past it throws instead of reusing a nonce. */
export const MAX_CHAT_COUNTER = U32_MAX;
/**
 * Peer streams whose replay marks a session keeps: the peer starts a new stream each time it
 * re-creates its session with me while mine lives on. Past this the oldest mark is dropped; its
 * frames could then be replayed only into the DTLS-protected DataChannel, which nobody else can write.
 */
export const MAX_CHAT_STREAMS = 8;

/** Chat state for one peer: keys, my stream id and next counter, and the peer's replay windows. */
export interface ChatSession {
  readonly keys: PairKeys;
  /** My random stream id: the first 8 bytes of every nonce I use in this session. */
  readonly stream: Uint8Array<ArrayBuffer>;
  /** Counter the next sealed frame will use. */
  nextCounter: number;
  readonly window: ReplayWindow;
  /** Peer stream ids (hex) seen, oldest first, at most MAX_CHAT_STREAMS. */
  readonly streams: string[];
}

/** Why a received chat frame was dropped; the UI shows it as a warning. */
export type ChatRejection = 'malformed' | 'tampered' | 'replayed';

/** Result of {@link openChat}. */
export type ChatOpenResult =
  | { readonly ok: true; readonly counter: number; readonly plaintext: Uint8Array<ArrayBuffer> }
  | { readonly ok: false; readonly reason: ChatRejection };

/** Starts chat with one peer under a fresh random stream id; `startCounter` exists for boundary tests. */
export function createChatSession(keys: PairKeys, startCounter = 0): ChatSession {
  return { keys, stream: randomBytes(CHAT_STREAM_BYTES), nextCounter: startCounter, window: new ReplayWindow(), streams: [] };
}

/** Records that `stream` is in use, forgetting the oldest beyond MAX_CHAT_STREAMS. */
function noteStream(session: ChatSession, stream: string): void {
  if (session.streams.includes(stream)) return;
  session.streams.push(stream);
  if (session.streams.length > MAX_CHAT_STREAMS) session.window.forget(session.streams.shift()!);
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
  const header = concatBytes(Uint8Array.of(CHAT_VERSION), session.stream, u32be(counter));
  const sealed = await globalThis.crypto.subtle.encrypt(
    { name: 'AES-GCM', iv: header.slice(1), additionalData: header },
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
  const counter = readU32be(bytes, 1 + CHAT_STREAM_BYTES);
  let plaintext: Uint8Array<ArrayBuffer>;
  try {
    plaintext = new Uint8Array(
      await globalThis.crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: bytes.slice(1, HEADER_BYTES), additionalData: bytes.slice(0, HEADER_BYTES) },
        session.keys.recvChat,
        bytes.slice(HEADER_BYTES),
      ),
    );
  } catch {
    // Expected: AES-GCM refuses a wrong key or an altered frame alike.
    return { ok: false, reason: 'tampered' };
  }
  const stream = toHex(bytes.subarray(1, 1 + CHAT_STREAM_BYTES));
  if (!session.window.accept(stream, counter)) return { ok: false, reason: 'replayed' };
  noteStream(session, stream);
  return { ok: true, counter, plaintext };
}
