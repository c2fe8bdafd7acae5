// Every limit of the signaling protocol, shared by the app and the server.
import type { Limits } from './messages.js';

/** Largest WebSocket frame the server accepts, in bytes; larger frames close the socket with 1009. */
export const MAX_FRAME_BYTES = 64 * 1024;

/** Largest opaque `data` string a relay envelope may carry, in characters. */
export const MAX_ENVELOPE_DATA_CHARS = 60 * 1024;

/** Most members in one room, the creator included; also the size of a room whose creator chose none. */
export const MAX_ROOM_MEMBERS = 10;

/** Smallest room size a creator may choose, in members. */
export const MIN_ROOM_SIZE = 2;

/** Sustained client messages per second per connection (token-bucket refill rate). */
export const RATE_MESSAGES_PER_SECOND = 20;

/** Token-bucket capacity, in messages: room for an ICE-candidate burst. */
export const RATE_BURST_MESSAGES = 40;

/** Rate-limit violations within one window that close the socket with 1008. */
export const RATE_VIOLATIONS_BEFORE_CLOSE = 50;

/**
 * Sustained relay bytes one member may cost per second (byte-bucket refill rate): an envelope's
 * `data` length times the members it goes to, so one broadcast to nine counts nine times.
 */
export const RELAY_BYTES_PER_SECOND = 256 * 1024;

/**
 * Byte-bucket capacity, in bytes: two largest envelopes broadcast to a full room at once, far
 * above a join's hello, offers and candidates to nine others.
 */
export const RELAY_BURST_BYTES = 2 * MAX_ENVELOPE_DATA_CHARS * (MAX_ROOM_MEMBERS - 1);

/** Malformed messages on one connection that close it with 1008; each one before gets a `bad_message` error. */
export const BAD_MESSAGES_BEFORE_CLOSE = 5;

/** Milliseconds a new connection has to send create, join or resume. */
export const ADMISSION_DEADLINE_MS = 10_000;

/** Seconds without traffic before uWS closes a connection; pings are sent automatically before that. */
export const IDLE_TIMEOUT_SECONDS = 32;

/** Bytes queued for one slow consumer before it is dropped. */
export const MAX_BACKPRESSURE_BYTES = 1024 * 1024;

/** Open WebSocket connections allowed from one IP address. */
export const MAX_OPEN_CONNECTIONS_PER_IP = 32;

/** Connections from one IP that may be upgraded but not yet admitted to a room. */
export const MAX_PENDING_CONNECTIONS_PER_IP = 8;

/** Rooms one IP address may create per minute. */
export const MAX_ROOMS_CREATED_PER_IP_PER_MINUTE = 10;

/**
 * Wrong operator access keys one address may try per FAILED_ACCESS_KEY_WINDOW_MS; past it every
 * `create` from there is refused with `access_key_limited` without looking at the key.
 */
export const MAX_FAILED_ACCESS_KEYS_PER_IP = 10;

/** Window over which wrong access keys are counted per address, in ms. */
export const FAILED_ACCESS_KEY_WINDOW_MS = 10 * 60_000;

/** Unused invites one room may hold at once. */
export const MAX_INVITES_PER_ROOM = 50;

/** Longest invite lifetime a member may ask for, in seconds (one day). */
export const MAX_INVITE_TTL_SECONDS = 24 * 60 * 60;

/** Shortest invite lifetime, in seconds. */
export const MIN_INVITE_TTL_SECONDS = 5;

/** How far a message's `ts` may run ahead of the connection's clock, in milliseconds. */
export const MAX_TS_LEAD_MS = 60_000;

/** How long a dropped member's seat is kept for a resume, in milliseconds. */
export const RESUME_GRACE_MS = 60_000;

/**
 * Lifetime of a resume credential, in milliseconds. The server renews it over the live connection
 * well before it runs out; five minutes lets a member cut off by a restart or a failed node (under a
 * minute) come back, while a member gone for longer cannot.
 */
export const RESUME_CREDENTIAL_TTL_MS = 5 * 60_000;

/**
 * Lifetime of TURN REST credentials, in seconds. Short, because coturn cannot revoke one: a member
 * who left can use its credential this long at most. A member still in the room gets a fresh one
 * over the live connection (`ice-renewed`) once half of this has gone.
 */
export const TURN_CREDENTIAL_TTL_SECONDS = 10 * 60;

/** Length of a room id: 16 random bytes in base64url. */
export const ROOM_ID_CHARS = 22;

/** Length of a peer id: 9 random bytes in base64url. */
export const PEER_ID_CHARS = 12;

/** Length of an invite token or a token hash: 32 bytes in base64url. */
export const SECRET_CHARS = 43;

/** Length of a resume credential: 6-byte expiry and 32-byte HMAC-SHA256 (38 bytes) in base64url. */
export const RESUME_CREDENTIAL_CHARS = 51;

/** Longest operator access key accepted, in characters. */
export const MAX_ACCESS_KEY_CHARS = 256;

/** The limits every `welcome` carries: the values above, under the names clients read. */
export const LIMITS: Limits = Object.freeze({
  maxFrameBytes: MAX_FRAME_BYTES,
  maxEnvelopeDataChars: MAX_ENVELOPE_DATA_CHARS,
  maxRoomMembers: MAX_ROOM_MEMBERS,
  messagesPerSecond: RATE_MESSAGES_PER_SECOND,
  burstMessages: RATE_BURST_MESSAGES,
  maxInvites: MAX_INVITES_PER_ROOM,
  maxInviteTtlSeconds: MAX_INVITE_TTL_SECONDS,
  resumeGraceMs: RESUME_GRACE_MS,
  resumeTtlMs: RESUME_CREDENTIAL_TTL_MS,
});
