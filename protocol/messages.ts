// Message types of the signaling protocol, split by direction.
import type { ErrorCode } from './codes.js';
import type { Limits } from './limits.js';

/** Random room id (base64url, not secret); it is the last segment of `/ws/ROOM`. */
export type RoomId = string;
/** Random per-member id the server assigns at admission (base64url). */
export type PeerId = string;
/** Recipient of a relay envelope: one member, or every other member. */
export type Recipient = PeerId | '*';

interface Stamped {
  /** Client clock in ms, strictly increasing per connection (anti-replay). */
  readonly ts: number;
}

export interface CreateMessage extends Stamped {
  readonly t: 'create';
  /** Operator access key, required when the server sets ROOM_TOKEN. */
  readonly key?: string;
}
export interface JoinMessage extends Stamped {
  readonly t: 'join';
  /** Single-use invite token (base64url, 32 bytes); the server only knows its SHA-256. */
  readonly token: string;
}
export interface ResumeMessage extends Stamped {
  readonly t: 'resume';
  readonly peer: PeerId;
  /** The resume credential from the last `welcome` or `resume-renewed`. */
  readonly secret: string;
}
export interface InviteMessage extends Stamped {
  readonly t: 'invite';
  /** SHA-256 of a fresh invite token (base64url). */
  readonly hash: string;
  /** Invite lifetime in seconds. */
  readonly ttl: number;
}
export interface RevokeMessage extends Stamped {
  readonly t: 'revoke';
  readonly hash: string;
}
export interface SendMessage extends Stamped {
  readonly t: 'send';
  readonly to: Recipient;
  /** Opaque sealed envelope; the server forwards it byte for byte. */
  readonly data: string;
}
export interface LeaveMessage extends Stamped {
  readonly t: 'leave';
}

export type ClientToServer =
  | CreateMessage
  | JoinMessage
  | ResumeMessage
  | InviteMessage
  | RevokeMessage
  | SendMessage
  | LeaveMessage;

export type ClientMessageType = ClientToServer['t'];
/** Messages that ask for a seat in a room; only these are valid before admission. */
export type AdmissionMessage = CreateMessage | JoinMessage | ResumeMessage;

export interface IceServer {
  readonly urls: readonly string[];
  readonly username?: string;
  readonly credential?: string;
}
export interface IceConfig {
  readonly iceServers: readonly IceServer[];
  readonly iceTransportPolicy: 'all' | 'relay';
}

export interface WelcomeMessage {
  readonly t: 'welcome';
  readonly room: RoomId;
  readonly you: PeerId;
  /** Other members present at admission. */
  readonly members: readonly PeerId[];
  /** Credential for `resume`; replaced by every `welcome` and `resume-renewed`. */
  readonly resume: string;
  readonly resumed: boolean;
  /**
   * True when this node did not hold the seat (it restarted, or took the room over from a failed
   * node) and re-created it from the credential: invites registered before are gone.
   */
  readonly restored?: boolean;
  readonly limits: Limits;
  readonly ice: IceConfig;
}
/** A fresh resume credential, sent periodically to every admitted member. */
export interface ResumeRenewedMessage {
  readonly t: 'resume-renewed';
  readonly resume: string;
}
export interface PeerJoinedMessage {
  readonly t: 'peer-joined';
  readonly peer: PeerId;
}
export interface PeerLeftMessage {
  readonly t: 'peer-left';
  readonly peer: PeerId;
}
export interface RelayMessage {
  readonly t: 'relay';
  readonly from: PeerId;
  readonly data: string;
}
export interface InvitedMessage {
  readonly t: 'invited';
  readonly hash: string;
  /** Expiry, epoch milliseconds (server clock). */
  readonly expires: number;
}
export interface InviteUsedMessage {
  readonly t: 'invite-used';
  readonly hash: string;
}
export interface RevokedMessage {
  readonly t: 'revoked';
  readonly hash: string;
}
export interface ErrorMessage {
  readonly t: 'error';
  readonly code: ErrorCode;
  /** The `ts` of the message that caused it, when it had a readable one. */
  readonly ts?: number;
}

export type ServerToClient =
  | WelcomeMessage
  | ResumeRenewedMessage
  | PeerJoinedMessage
  | PeerLeftMessage
  | RelayMessage
  | InvitedMessage
  | InviteUsedMessage
  | RevokedMessage
  | ErrorMessage;
