// Stateless resume credentials: any node holding SERVER_SECRET can check one without remembering it.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { RESUME_CREDENTIAL_CHARS, RESUME_CREDENTIAL_TTL_MS, type PeerId, type RoomId } from '../protocol/index.js';

/** How often the server sends every admitted member a fresh credential, in ms (a fifth of the TTL). */
export const RESUME_RENEW_INTERVAL_MS = RESUME_CREDENTIAL_TTL_MS / 5;

/** Bytes of the big-endian expiry (epoch ms) at the front of a credential; 48 bits last until year 10889. */
const EXPIRY_BYTES = 6;
/** Bytes of the HMAC-SHA256 tag after the expiry. */
const TAG_BYTES = 32;
/** Domain separation: this key signs nothing else, but a label keeps it that way if it ever does. */
const LABEL = 'resume\0';

/*
 * A credential, before base64url (38 bytes, 51 characters):
 *
 *  0                   6                                        38
 * +-------------------+-----------------------------------------+
 * | expiry (ms, BE)   | HMAC-SHA256(SERVER_SECRET,               |
 * |                   |   "resume\0" room "\0" peer "\0" expiry) |
 * +-------------------+-----------------------------------------+
 */

/** Issues and checks resume credentials under one server secret. */
export class ResumeCredentials {
  constructor(
    private readonly secret: Buffer,
    readonly ttlMs: number = RESUME_CREDENTIAL_TTL_MS,
  ) {}

  /** A credential for `peer` in `room` that expires at `expires` (epoch ms). */
  issue(room: RoomId, peer: PeerId, expires: number): string {
    const expiry = Buffer.alloc(EXPIRY_BYTES);
    expiry.writeUIntBE(expires, 0, EXPIRY_BYTES);
    return Buffer.concat([expiry, this.tag(room, peer, expiry)]).toString('base64url');
  }

  /** The credential's expiry if it is authentic for `peer` in `room` and unexpired at `now`; otherwise undefined. */
  verify(room: RoomId, peer: PeerId, credential: string, now: number): number | undefined {
    if (credential.length !== RESUME_CREDENTIAL_CHARS) return undefined;
    const bytes = Buffer.from(credential, 'base64url');
    if (bytes.length !== EXPIRY_BYTES + TAG_BYTES) return undefined;
    const expiry = bytes.subarray(0, EXPIRY_BYTES);
    if (!timingSafeEqual(bytes.subarray(EXPIRY_BYTES), this.tag(room, peer, expiry))) return undefined;
    const expires = expiry.readUIntBE(0, EXPIRY_BYTES);
    return expires > now ? expires : undefined;
  }

  private tag(room: RoomId, peer: PeerId, expiry: Buffer): Buffer {
    return createHmac('sha256', this.secret).update(`${LABEL}${room}\0${peer}\0`).update(expiry).digest();
  }
}
