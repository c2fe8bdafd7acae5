// Invite links: `https://HOST/#/join/ROOM.TOKEN.SECRET.INVITER.COMMITMENT`, minting fresh tokens and reading and wiping the fragment.
import { isPeerId, isRoomId, isSecret } from '../../protocol/parse.js';
import { base64urlDecode, base64urlEncode } from '../crypto/base64url.js';
import { ROOM_SECRET_BYTES } from '../crypto/room-key.js';

/** Bytes of a room id before base64url. */
export const ROOM_ID_BYTES = 16;
/** Bytes of an invite token before base64url. */
export const INVITE_TOKEN_BYTES = 32;
/** Default invite lifetime, in seconds (one hour). */
export const INVITE_TTL_SECONDS = 3600 as const;

/** Bytes of the inviter's key commitment: the first 16 bytes (128 bits) of their key fingerprint. */
export const INVITER_COMMITMENT_BYTES = 16;

const FRAGMENT_PREFIX = '#/join/';

/** Who made an invite: their peer id and a 128-bit commitment to their identity key. */
export interface Inviter {
  readonly peer: string;
  /** The first INVITER_COMMITMENT_BYTES of SHA-256 of their raw public key, base64url. */
  readonly commitment: string;
}

/** What an invite link carries. */
export interface Invite {
  readonly room: string;
  readonly token: string;
  /** The invite's own 32-byte bootstrap secret, base64url: it seals the joiner's hello and the answers to it, nothing else. */
  readonly secret: string;
  /** The inviter's key commitment; links made before it existed carry none. */
  readonly inviter?: Inviter;
}

function randomB64(bytes: number): string {
  return base64urlEncode(globalThis.crypto.getRandomValues(new Uint8Array(bytes)));
}

/** A fresh random room id. */
export function newRoomId(): string {
  return randomB64(ROOM_ID_BYTES);
}

/** A fresh random invite bootstrap secret (base64url). */
export function newInviteSecret(): string {
  return randomB64(ROOM_SECRET_BYTES);
}

/** A fresh single-use invite token. */
export function newInviteToken(): string {
  return randomB64(INVITE_TOKEN_BYTES);
}

/** SHA-256 of the token's text, base64url: the only form the server ever sees (it hashes the string it is given). */
export async function tokenHash(token: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return base64urlEncode(new Uint8Array(digest));
}

/** The link for `invite` on the page's origin (`origin` like https://call.example.org). */
export function formatInviteLink(origin: string, invite: Invite): string {
  const inviter = invite.inviter === undefined ? '' : `.${invite.inviter.peer}.${invite.inviter.commitment}`;
  return `${origin}/${FRAGMENT_PREFIX}${invite.room}.${invite.token}.${invite.secret}${inviter}`;
}

function isCommitment(text: string): boolean {
  try {
    return base64urlDecode(text).length === INVITER_COMMITMENT_BYTES;
  } catch {
    // Expected: not base64url, so not a commitment.
    return false;
  }
}

/** Reads an invite from a fragment (`#/join/…`) or a whole pasted link; undefined if it is not one. */
export function parseInvite(text: string): Invite | undefined {
  const trimmed = text.trim();
  const at = trimmed.indexOf(FRAGMENT_PREFIX);
  if (at < 0) return undefined;
  const parts = trimmed.slice(at + FRAGMENT_PREFIX.length).split('.');
  if (parts.length !== 3 && parts.length !== 5) return undefined;
  const [room, token, secret, peer, commitment] = parts as [string, string, string, string | undefined, string | undefined];
  if (!isRoomId(room) || !isSecret(token) || !isSecret(secret)) return undefined;
  if (peer === undefined || commitment === undefined) return { room, token, secret };
  if (!isPeerId(peer) || !isCommitment(commitment)) return undefined;
  return { room, token, secret, inviter: { peer, commitment } };
}

/**
 * Takes the invite out of the current address, if there is one, and replaces the history
 * entry at once so the secrets are neither visible nor reachable with Back.
 */
export function takeInviteFromLocation(location: Location, history: History): Invite | undefined {
  if (!location.hash.startsWith(FRAGMENT_PREFIX)) return undefined;
  const invite = parseInvite(location.hash);
  history.replaceState(null, '', `${location.pathname}${location.search}`);
  return invite;
}
