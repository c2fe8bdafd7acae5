// Shapes of the sealed signaling payloads (JSON inside the room-key envelope) and their validation.
import { base64urlDecode, base64urlEncode } from '../crypto/base64url.js';
import { PUBLIC_KEY_BYTES } from '../crypto/identity.js';
import type { SignalType } from '../crypto/signal.js';
import { MAX_INVITES_PER_ROOM } from '../../protocol/limits.js';
import { isSecret } from '../../protocol/parse.js';

/** Longest display name, in grapheme clusters (what a reader counts as characters). */
export const MAX_DISPLAY_NAME_GRAPHEMES = 40;
/** Longest display name in UTF-16 code units: also bounds a cluster stacked with combining marks. */
export const MAX_DISPLAY_NAME_CODE_UNITS = 160;
/** Most ICE candidates one `ice` payload carries. */
export const MAX_CANDIDATES_PER_MESSAGE = 32;
/** Longest SDP accepted, in characters. */
export const MAX_SDP_CHARS = 40_000;

/** Longest page instance id in a hello, in characters. */
export const MAX_INSTANCE_CHARS = 32;

/**
 * Introduces a member: identity public key (65-byte raw, base64url), display name, and the
 * sender's page instance (random per page load), so a reloaded page is told from a resumed one.
 */
export interface HelloPayload {
  readonly key: string;
  readonly name: string;
  readonly instance?: string;
}
/** An offer or answer with the MAC over its DTLS fingerprints. */
export interface DescriptionPayload {
  readonly sdp: string;
  readonly mac: string;
}
/** A batch of trickled candidates; `end` marks the end of a gathering generation. */
export interface IcePayload {
  readonly c: readonly RTCIceCandidateInit[];
  readonly end?: boolean;
}
/** A member leaving on purpose. */
export type ByePayload = Record<string, never>;
/** What a member's tile shows about them that the others cannot hear for themselves: whether they muted. */
export interface StatePayload {
  readonly muted: boolean;
}

/**
 * A room key handed to one member: sealed to that member from an ephemeral key, so whoever opens
 * the envelope (an invite's key is in a link) learns nothing, not even who sent it. Inside are my
 * identity key and, sealed from it to that member, the room key, my name and page instance and
 * the invites I know are open (app/call/room-keys.ts).
 */
export interface KeyPayload {
  readonly w: string;
}
/** An invite whose bootstrap secret is shared with the room: the secret and its expiry (epoch milliseconds). */
export interface SharedInvite {
  readonly s: string;
  readonly x: number;
}
/** Invites opened (their secrets) or closed (their key ids) by the member who made them. */
export interface InvitesPayload {
  readonly add: readonly SharedInvite[];
  readonly drop: readonly string[];
}

/** Most invites one `invites` payload or one hand-over names (the relay's cap on open invites per room). */
export const MAX_SHARED_INVITES = MAX_INVITES_PER_ROOM;
/** Longest sealed part of a `key` payload, in characters. */
export const MAX_SEALED_KEY_CHARS = 12_000;

/** Payload type for each signal type. */
export interface PayloadOf {
  hello: HelloPayload;
  offer: DescriptionPayload;
  answer: DescriptionPayload;
  ice: IcePayload;
  bye: ByePayload;
  state: StatePayload;
  key: KeyPayload;
  invites: InvitesPayload;
}

/** A validated inbound signal. */
export type InboundSignal = { [K in SignalType]: { readonly type: K; readonly payload: PayloadOf[K] } }[SignalType];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Never part of a name: controls (Cc), format characters (Cf: bidi embeddings, overrides and
 * isolates, zero-width spaces and joiners, tag characters), line and paragraph separators, private
 * use and lone surrogates. They reorder, hide or fake text around a name.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cs}]/gu;
/** Any run of spacing (all Unicode space separators and tabs) becomes one ordinary space. */
const SPACING = /[\s\p{Zs}]+/gu;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * A display name as everyone shows it: NFC, invisible and reordering characters removed, spacing
 * collapsed, trimmed, then cut at a grapheme-cluster boundary to MAX_DISPLAY_NAME_GRAPHEMES
 * clusters and MAX_DISPLAY_NAME_CODE_UNITS code units, so a cut never splits a letter from its
 * accent or an emoji in half. Emoji joined by zero-width joiners fall apart into their parts.
 */
export function cleanDisplayName(name: string): string {
  const text = name.normalize('NFC').replace(INVISIBLE, '').replace(SPACING, ' ').trim();
  let out = '';
  let count = 0;
  for (const { segment } of graphemes.segment(text)) {
    if (count === MAX_DISPLAY_NAME_GRAPHEMES || out.length + segment.length > MAX_DISPLAY_NAME_CODE_UNITS) break;
    out += segment;
    count += 1;
  }
  return out.trim();
}

/** Encodes a raw public key for a hello. */
export function encodeKey(raw: Uint8Array): string {
  return base64urlEncode(raw);
}

/** Decodes a hello key, or undefined when it is not a 65-byte value. */
export function decodeKey(key: string): Uint8Array<ArrayBuffer> | undefined {
  try {
    const raw = base64urlDecode(key);
    return raw.length === PUBLIC_KEY_BYTES ? raw : undefined;
  } catch {
    // Expected: a key that is not base64url, refused like one of the wrong length.
    return undefined;
  }
}

function isCandidate(value: unknown): value is RTCIceCandidateInit {
  if (!isRecord(value)) return false;
  const { candidate, sdpMid, sdpMLineIndex, usernameFragment } = value;
  return (
    typeof candidate === 'string' &&
    candidate.length <= 1024 &&
    (sdpMid === undefined || sdpMid === null || typeof sdpMid === 'string') &&
    (sdpMLineIndex === undefined || sdpMLineIndex === null || typeof sdpMLineIndex === 'number') &&
    (usernameFragment === undefined || usernameFragment === null || typeof usernameFragment === 'string')
  );
}

/** Validates a decrypted payload against its type; undefined when it does not fit. */
export function parsePayload(type: SignalType, value: unknown): InboundSignal | undefined {
  if (!isRecord(value)) return undefined;
  switch (type) {
    case 'hello': {
      const { key, name, instance } = value;
      if (typeof key !== 'string' || typeof name !== 'string' || decodeKey(key) === undefined) return undefined;
      if (instance !== undefined && (typeof instance !== 'string' || instance.length === 0 || instance.length > MAX_INSTANCE_CHARS)) return undefined;
      const payload = { key, name: cleanDisplayName(name) };
      return { type, payload: instance === undefined ? payload : { ...payload, instance } };
    }
    case 'offer':
    case 'answer': {
      const { sdp, mac } = value;
      if (typeof sdp !== 'string' || typeof mac !== 'string' || sdp.length > MAX_SDP_CHARS || mac.length > 64) return undefined;
      return { type, payload: { sdp, mac } };
    }
    case 'ice': {
      const { c, end } = value;
      if (!Array.isArray(c) || c.length > MAX_CANDIDATES_PER_MESSAGE || !c.every(isCandidate)) return undefined;
      if (end !== undefined && typeof end !== 'boolean') return undefined;
      return { type, payload: end === true ? { c, end } : { c } };
    }
    case 'bye':
      return { type, payload: {} };
    case 'state': {
      const { muted } = value;
      if (typeof muted !== 'boolean') return undefined;
      return { type, payload: { muted } };
    }
    case 'key': {
      const { w } = value;
      if (typeof w !== 'string' || w.length === 0 || w.length > MAX_SEALED_KEY_CHARS) return undefined;
      return { type, payload: { w } };
    }
    case 'invites': {
      const { add, drop } = value;
      const invites = parseSharedInvites(add);
      if (invites === undefined || !Array.isArray(drop) || drop.length > MAX_SHARED_INVITES || !drop.every((id) => typeof id === 'string' && id.length <= 16)) return undefined;
      return { type, payload: { add: invites, drop: drop as string[] } };
    }
  }
}

/** Validates a list of shared invites (in an `invites` payload or a hand-over); undefined when it does not fit. */
export function parseSharedInvites(value: unknown): SharedInvite[] | undefined {
  if (!Array.isArray(value) || value.length > MAX_SHARED_INVITES) return undefined;
  const out: SharedInvite[] = [];
  for (const item of value) {
    if (!isRecord(item) || !isSecret(item['s']) || typeof item['x'] !== 'number' || !Number.isSafeInteger(item['x'])) return undefined;
    out.push({ s: item['s'], x: item['x'] });
  }
  return out;
}
