// The signaling protocol's messages, split by direction: one valibot schema per message, and the types derived from it.
import * as v from 'valibot';
import { ERROR_CODES } from './codes.js';
import {
  MAX_ACCESS_KEY_CHARS,
  MAX_ENVELOPE_DATA_CHARS,
  MAX_INVITE_TTL_SECONDS,
  MAX_ROOM_MEMBERS,
  MIN_INVITE_TTL_SECONDS,
  MIN_ROOM_SIZE,
  PEER_ID_CHARS,
  RESUME_CREDENTIAL_CHARS,
  ROOM_ID_CHARS,
  SECRET_CHARS,
} from './limits.js';

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** A base64url string of exactly `length` characters. */
const base64url = (length: number) => v.pipe(v.string(), v.length(length), v.regex(BASE64URL));

/** A positive safe integer. */
const positiveInteger = () => v.pipe(v.number(), v.safeInteger(), v.minValue(1));

/** A room id as it appears in `/ws/ROOM`: 22 base64url characters (16 random bytes). */
export const ROOM_ID = base64url(ROOM_ID_CHARS);
/** A peer id the server hands out at admission: 12 base64url characters (9 random bytes). */
export const PEER_ID = base64url(PEER_ID_CHARS);
/** An invite token or a token hash: 43 base64url characters (32 bytes). */
export const SECRET = base64url(SECRET_CHARS);
/** A resume credential: 51 base64url characters (6-byte expiry and 32-byte HMAC-SHA256). */
export const RESUME_CREDENTIAL = base64url(RESUME_CREDENTIAL_CHARS);
/** Client clock in ms, strictly increasing per connection (anti-replay); the server checks the order. */
export const TS = positiveInteger();

/** Most members a room admits, chosen by its creator: MIN_ROOM_SIZE to MAX_ROOM_MEMBERS. */
const ROOM_SIZE = v.pipe(v.number(), v.safeInteger(), v.minValue(MIN_ROOM_SIZE), v.maxValue(MAX_ROOM_MEMBERS));

/** Random room id (base64url, not secret); it is the last segment of `/ws/ROOM`. */
export type RoomId = string;
/** Random per-member id the server assigns at admission (base64url). */
export type PeerId = string;

/** Opaque sealed envelope; the server forwards it byte for byte. */
const ENVELOPE_DATA = v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_ENVELOPE_DATA_CHARS));

/**
 * Every message a client sends, one strict object per `t`: a field not listed is refused. A new
 * message is one more entry here; its type follows, and `switch (msg.t)` sites that miss it fail lint.
 */
const CLIENT_MESSAGES = [
  v.strictObject({
    t: v.literal('create'),
    ts: TS,
    /** Operator access key, required when the server sets ROOM_TOKEN. */
    key: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_ACCESS_KEY_CHARS))),
    /** Most members the room admits; MAX_ROOM_MEMBERS when absent. */
    size: v.optional(ROOM_SIZE),
  }),
  /** `token`: single-use invite token (32 bytes); the server only knows its SHA-256. */
  v.strictObject({ t: v.literal('join'), ts: TS, token: SECRET }),
  /** `secret`: the resume credential from the last `welcome` or `resume-renewed`. */
  v.strictObject({ t: v.literal('resume'), ts: TS, peer: PEER_ID, secret: RESUME_CREDENTIAL }),
  /** `hash`: SHA-256 of a fresh invite token; `ttl`: invite lifetime in seconds. */
  v.strictObject({
    t: v.literal('invite'),
    ts: TS,
    hash: SECRET,
    ttl: v.pipe(v.number(), v.safeInteger(), v.minValue(MIN_INVITE_TTL_SECONDS), v.maxValue(MAX_INVITE_TTL_SECONDS)),
  }),
  v.strictObject({ t: v.literal('revoke'), ts: TS, hash: SECRET }),
  v.strictObject({ t: v.literal('send'), ts: TS, to: v.union([v.literal('*'), PEER_ID]), data: ENVELOPE_DATA }),
  v.strictObject({ t: v.literal('leave'), ts: TS }),
  /**
   * Any member changes the room's size or locks it (a locked room admits nobody new); everyone
   * is told with `settings`. A member resuming onto a node that re-created the room sends it again.
   */
  v.strictObject({ t: v.literal('settings'), ts: TS, size: ROOM_SIZE, locked: v.boolean() }),
] as const;

/** Validates a client → server message (after JSON.parse). */
export const CLIENT_TO_SERVER = v.variant('t', CLIENT_MESSAGES);

/** A client → server message. */
export type ClientToServer = Readonly<v.InferOutput<typeof CLIENT_TO_SERVER>>;
export type SendMessage = Extract<ClientToServer, { t: 'send' }>;
/** Recipient of a relay envelope: one member's PeerId, or '*' for every other member. */
export type Recipient = SendMessage['to'];

const ICE_SERVER = v.strictObject({
  urls: v.pipe(v.array(v.string()), v.readonly()),
  username: v.optional(v.string()),
  credential: v.optional(v.string()),
});

const ICE_CONFIG = v.strictObject({
  iceServers: v.pipe(v.array(v.pipe(ICE_SERVER, v.readonly())), v.readonly()),
  iceTransportPolicy: v.picklist(['all', 'relay']),
});

export type IceServer = Readonly<v.InferOutput<typeof ICE_SERVER>>;
export type IceConfig = Readonly<v.InferOutput<typeof ICE_CONFIG>>;

/** A room's admission settings: its size and whether it is locked. */
const ROOM_SETTINGS = v.strictObject({ size: ROOM_SIZE, locked: v.boolean() });

/** A room's admission settings as every member is told them. */
export type RoomSettings = Readonly<v.InferOutput<typeof ROOM_SETTINGS>>;

/** The limits a client learns in `welcome`, so it can pace itself: every one a positive integer. */
const LIMITS_SCHEMA = v.strictObject({
  maxFrameBytes: positiveInteger(),
  maxEnvelopeDataChars: positiveInteger(),
  maxRoomMembers: positiveInteger(),
  messagesPerSecond: positiveInteger(),
  burstMessages: positiveInteger(),
  maxInvites: positiveInteger(),
  maxInviteTtlSeconds: positiveInteger(),
  resumeGraceMs: positiveInteger(),
  /** How long a resume credential stays valid after the server last sent one, in ms. */
  resumeTtlMs: positiveInteger(),
});

/** The limits a client learns in `welcome` (protocol/limits.ts has the server's values). */
export type Limits = Readonly<v.InferOutput<typeof LIMITS_SCHEMA>>;

/**
 * Every message the server sends, one strict object per `t`. A new message is one more entry
 * here; the client's `switch (msg.t)` then fails lint until it handles it.
 */
const SERVER_MESSAGES = [
  /**
   * Admission: `members` are the others present at admission; `resume` is the credential for
   * `resume`, replaced by every `welcome` and `resume-renewed`; `restored` is true when this node
   * did not hold the seat (it restarted, or took the room over from a failed node) and re-created
   * it from the credential, so invites registered before are gone.
   */
  v.strictObject({
    t: v.literal('welcome'),
    room: ROOM_ID,
    you: PEER_ID,
    members: v.pipe(v.array(PEER_ID), v.readonly()),
    resume: RESUME_CREDENTIAL,
    resumed: v.boolean(),
    restored: v.optional(v.boolean()),
    limits: v.pipe(LIMITS_SCHEMA, v.readonly()),
    ice: v.pipe(ICE_CONFIG, v.readonly()),
    /** The room's size and lock as they are now; `settings` tells every change. */
    settings: v.pipe(ROOM_SETTINGS, v.readonly()),
  }),
  /** The room's size or lock changed (any member may change them). */
  v.strictObject({ t: v.literal('settings'), size: ROOM_SIZE, locked: v.boolean() }),
  /**
   * Fresh TURN credentials for a member still in the room, sent before the ones it holds run out;
   * the client applies them to its peer connections (setConfiguration) for later ICE restarts.
   */
  v.strictObject({ t: v.literal('ice-renewed'), ice: v.pipe(ICE_CONFIG, v.readonly()) }),
  /** A fresh resume credential, sent periodically to every admitted member. */
  v.strictObject({ t: v.literal('resume-renewed'), resume: RESUME_CREDENTIAL }),
  v.strictObject({ t: v.literal('peer-joined'), peer: PEER_ID }),
  v.strictObject({ t: v.literal('peer-left'), peer: PEER_ID }),
  v.strictObject({ t: v.literal('relay'), from: PEER_ID, data: ENVELOPE_DATA }),
  /** `expires`: expiry in epoch milliseconds (server clock). */
  v.strictObject({ t: v.literal('invited'), hash: SECRET, expires: positiveInteger() }),
  v.strictObject({ t: v.literal('invite-used'), hash: SECRET }),
  v.strictObject({ t: v.literal('revoked'), hash: SECRET }),
  /** `ts`: the `ts` of the message that caused it, when it had a readable one. */
  v.strictObject({ t: v.literal('error'), code: v.picklist(ERROR_CODES), ts: v.optional(TS) }),
] as const;

/** Validates a server → client message (after JSON.parse). */
export const SERVER_TO_CLIENT = v.variant('t', SERVER_MESSAGES);

/** A server → client message. */
export type ServerToClient = Readonly<v.InferOutput<typeof SERVER_TO_CLIENT>>;
export type WelcomeMessage = Extract<ServerToClient, { t: 'welcome' }>;
export type InvitedMessage = Extract<ServerToClient, { t: 'invited' }>;
export type InviteUsedMessage = Extract<ServerToClient, { t: 'invite-used' }>;
export type RevokedMessage = Extract<ServerToClient, { t: 'revoked' }>;
