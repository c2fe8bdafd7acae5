// What the UI renders: the call's state as plain read-only values, built fresh on each change.
import type { PeerId, RoomSettings } from '../../protocol/messages.js';
import type { AudioProcessing } from './media.js';
import type { PendingMember } from './members.js';
import type { InviteFailure, InviteLifetime, InviteView } from './invites.js';
import type { CallPhase, EndReason } from './lifecycle.js';
import type { ChatEntry, Notice } from './notices.js';
import type { SecurityFailure } from './peer-session.js';
import { pathOf, type PrivacyState } from './privacy.js';
import type { Participant } from './roster.js';

/** A participant's connection as a tile shows it. */
export type ParticipantConnection = RTCPeerConnectionState | 'waiting' | 'refused';

/** One remote participant, as the UI shows it. */
export interface ParticipantView {
  readonly id: PeerId;
  readonly name: string;
  readonly shortFingerprint: string;
  readonly safetyNumber: string;
  readonly verified: boolean;
  /** Verified because the invite QR scanned from their screen commits to their key. */
  readonly verifiedByInvite: boolean;
  readonly speaking: boolean;
  /** They said they muted (their sealed `state` signal). */
  readonly muted: boolean;
  /** Their voice level, 0 to 1, as my playout measures it. */
  readonly level: number;
  /** Loss or round-trip time over the thresholds in quality.ts at the last stats read. */
  readonly badConnection: boolean;
  readonly connection: ParticipantConnection;
  readonly path: 'relayed' | 'direct' | undefined;
  readonly stream: MediaStream | undefined;
  /** Bumped when the watchdog asks the UI to re-attach the audio element. */
  readonly attachEpoch: number;
  readonly security: SecurityFailure | undefined;
  readonly dtlsVerified: boolean;
  /** In relay-only mode this peer offered a non-relay candidate. */
  readonly sentNonRelay: boolean;
  /** Verified in an earlier call and remembered on this device (opt-in identity). */
  readonly remembered: boolean;
}

/** Everything the UI renders, rebuilt on each change. */
export interface CallSnapshot {
  readonly phase: CallPhase;
  /** Why the call ended: the user left, or the server gave up the seat with no connection left. */
  readonly endReason: EndReason | undefined;
  readonly room: string;
  readonly me: {
    readonly id: PeerId;
    readonly name: string;
    readonly shortFingerprint: string;
    /** My fingerprint QR text for this room (encodeFingerprintQr). */
    readonly fingerprintQr: string;
    readonly speaking: boolean;
    readonly level: number;
    readonly muted: boolean;
    readonly hasMic: boolean;
    /** My own meter hears me talking while I am muted. */
    readonly voiceWhileMuted: boolean;
  };
  readonly participants: readonly ParticipantView[];
  /** Members the server admitted that have not said hello: shown too, so nobody admitted is invisible. */
  readonly pending: readonly PendingMember[];
  readonly chat: readonly ChatEntry[];
  readonly notices: readonly Notice[];
  readonly privacy: PrivacyState;
  readonly relayOnly: boolean;
  /** The room's size and lock, as the server last told them. */
  readonly settings: RoomSettings;
  readonly roomSafetyCode: string | undefined;
  readonly invite: { readonly link: string; readonly expires: number } | undefined;
  /** Why the last invite could not be made, until the next attempt. */
  readonly inviteFailure: InviteFailure | undefined;
  /** Every invite this member minted in this call, newest first. */
  readonly invites: readonly InviteView[];
  /** The lifetime of this member's invites from now on, in seconds. */
  readonly inviteLifetime: InviteLifetime;
  readonly processing: AudioProcessing;
  readonly micDeviceId: string | undefined;
}

/** A participant as a tile shows it; `muted` comes from their last state signal, `badConnection` from the stats. */
export function participantView(p: Participant, muted: boolean, badConnection: boolean): ParticipantView {
  const s = p.session;
  return {
    id: p.id,
    name: p.name,
    shortFingerprint: p.shortFingerprint,
    safetyNumber: p.safetyNumber,
    verified: p.verified,
    verifiedByInvite: p.verifiedByInvite,
    speaking: p.vad?.speaking ?? false,
    muted,
    level: p.vad?.level ?? 0,
    badConnection,
    connection: s.failure ? 'refused' : s.connectionState === 'new' ? 'waiting' : s.connectionState,
    path: s.connectionState === 'connected' ? pathOf(s.link?.localType, s.link?.remoteType) : undefined,
    stream: s.remoteStream,
    attachEpoch: p.attachEpoch,
    security: s.failure,
    dtlsVerified: s.dtlsVerified,
    sentNonRelay: p.sentNonRelay,
    remembered: p.remembered,
  };
}
