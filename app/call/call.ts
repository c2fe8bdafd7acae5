// One call: signaling, identity, a PeerSession per participant, microphone, meters, watchdog, chat and invites.
import type { ErrorCode } from '../../protocol/codes.js';
import type { IceConfig, PeerId, Recipient, WelcomeMessage } from '../../protocol/messages.js';
import { base64urlDecode } from '../crypto/base64url.js';
import type { ChatRejection, ChatSession } from '../crypto/chat.js';
import { createChatSession } from '../crypto/chat.js';
import { fingerprintOf, roomSafetyCode, safetyNumber, shortFingerprint } from '../crypto/fingerprint.js';
import type { Identity } from '../crypto/identity.js';
import { checkFingerprintQr, encodeFingerprintQr, type QrCheck } from '../crypto/qr.js';
import { derivePairKeys } from '../crypto/pairwise.js';
import { deriveRoomKey } from '../crypto/room-key.js';
import { constantTimeEqual } from '../crypto/bytes.js';
import {
  formatInviteLink,
  INVITE_TTL_SECONDS,
  newInviteToken,
  newRoomId,
  newRoomSecret,
  tokenHash,
  type Invite,
} from '../invite/link.js';
import { checkContact, identityForCall, keepIdentity, rememberVerified } from '../keystore/index.js';
import { SignalingClient, type Admission, type SignalingState } from '../signaling/client.js';
import { cleanDisplayName, decodeKey, encodeKey, type InboundSignal } from '../signaling/payloads.js';
import { closeAudioContext, DEFAULT_PROCESSING, openMicrophone, stopStream, type AudioProcessing } from './media.js';
import { PeerSession, type SecurityFailure } from './peer-session.js';
import { pathOf, privacyFrom, type PrivacyState } from './privacy.js';
import { AnalyserVoiceActivity, METER_INTERVAL_MS, ReceiverVoiceActivity, type VoiceActivity } from './voice-activity.js';
import { localAudioWatchdog, remoteAudioWatchdog, type StallLadder, type RemoteRepair } from './watchdog.js';

/** How often stats are read for the path, the privacy line and the watchdog, in milliseconds (small calls). */
export const STATS_INTERVAL_MS = 2_000;
/** Timer jitter tolerated when deciding whether a stats read is due, in milliseconds. */
const STATS_TICK_SLACK_MS = 50;
/** Stats time per connection: getStats holds up WebRTC's network thread, so big calls read less often. */
export const STATS_MS_PER_PEER = 500;

/** The stats period for a call with `peers` connections: every 2 s up to four, then 0.5 s more per connection. */
export function statsIntervalMs(peers: number): number {
  return Math.max(STATS_INTERVAL_MS, peers * STATS_MS_PER_PEER);
}
/** Chat entries kept in memory. */
export const MAX_CHAT_ENTRIES = 500;
/** Notices kept for the UI. */
export const MAX_NOTICES = 6;
/** Level change that is worth a re-render of my own meter. */
const LEVEL_EPSILON = 0.02;

/** How long an invite registration waits for the relay's confirmation before asking again, in milliseconds. */
export const INVITE_RETRY_MS = 3_000;
/** Registration requests sent for one invite before giving up. */
export const MAX_INVITE_ATTEMPTS = 10;

/** Invites kept in the invite panel's list; beyond it the oldest drops off, whatever its state. */
export const MAX_LISTED_INVITES = 20;

/** How a call begins: creating a room, or joining one with an invite. */
export type CallStart =
  | { readonly kind: 'create'; readonly accessKey?: string }
  | { readonly kind: 'join'; readonly invite: Invite };

/** Everything `startCall` needs. */
export interface CallOptions {
  readonly start: CallStart;
  /** Page origin, for invite links and the WebSocket URL. */
  readonly origin: string;
  readonly displayName: string;
  /** A microphone stream already opened (pre-join); the call takes ownership. */
  readonly stream?: MediaStream;
  readonly micDeviceId?: string;
  readonly processing?: AudioProcessing;
}

/** A participant's connection as a tile shows it. */
export type ParticipantConnection = RTCPeerConnectionState | 'waiting' | 'refused';

/** One remote participant, as the UI shows it. */
export interface ParticipantView {
  readonly id: PeerId;
  readonly name: string;
  readonly shortFingerprint: string;
  readonly safetyNumber: string;
  readonly verified: boolean;
  readonly speaking: boolean;
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

/** An invite this member minted, as the invite panel lists it. */
export interface InviteView {
  readonly link: string;
  /** SHA-256 of the token: what the server knows it by, and what revoking names. */
  readonly hash: string;
  /** Expiry, epoch milliseconds (server clock). */
  readonly expires: number;
  readonly state: 'pending' | 'used' | 'revoked';
}

/** One line of chat: text, or a warning instead of a message that failed. */
export interface ChatEntry {
  readonly id: number;
  readonly from: PeerId;
  readonly mine: boolean;
  readonly name: string;
  readonly text: string | undefined;
  readonly warning: ChatRejection | undefined;
  readonly at: number;
}

/** Things the call did or noticed that the user should hear about. */
export type NoticeKind =
  | 'reattached'
  | 'mic-reacquired'
  | 'ice-restart'
  | 'security-sdp-mac'
  | 'security-dtls-certificate'
  | 'identity-changed'
  | 'verified-key-changed'
  | 'remembered-key-changed'
  | 'non-relay'
  | 'mic-failed'
  | 'reconnecting'
  | 'reconnected'
  | 'rate-limited';

/** A notice with the participant it concerns. */
export interface Notice {
  readonly id: number;
  readonly kind: NoticeKind;
  readonly name: string | undefined;
}

/** Lifecycle of the call. */
export type CallPhase = 'live' | 'reconnecting' | 'ended';

/** Everything the UI renders, rebuilt on each change. */
export interface CallSnapshot {
  readonly phase: CallPhase;
  /** Why the call ended: the user left, or the signaling connection was lost for good. */
  readonly endReason: 'left' | 'lost' | undefined;
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
  };
  readonly participants: readonly ParticipantView[];
  readonly chat: readonly ChatEntry[];
  readonly notices: readonly Notice[];
  readonly privacy: PrivacyState;
  readonly relayOnly: boolean;
  readonly roomSafetyCode: string | undefined;
  readonly invite: { readonly link: string; readonly expires: number } | undefined;
  /** Every invite this member minted in this call, newest first. */
  readonly invites: readonly InviteView[];
  readonly processing: AudioProcessing;
  readonly micDeviceId: string | undefined;
}

interface Participant {
  readonly id: PeerId;
  readonly key: Uint8Array<ArrayBuffer>;
  /** SHA-256 of `key`: what a scanned fingerprint QR must match. */
  readonly fingerprint: Uint8Array<ArrayBuffer>;
  name: string;
  readonly shortFingerprint: string;
  readonly safetyNumber: string;
  readonly chat: ChatSession;
  session: PeerSession;
  vad: VoiceActivity | undefined;
  vadReceiver: RTCRtpReceiver | undefined;
  verified: boolean;
  remembered: boolean;
  sentNonRelay: boolean;
  attachEpoch: number;
  readonly watchdog: StallLadder<RemoteRepair>;
}

function rtcConfiguration(ice: IceConfig): RTCConfiguration {
  return {
    iceServers: ice.iceServers.map((s) => ({
      urls: [...s.urls],
      ...(s.username === undefined ? {} : { username: s.username }),
      ...(s.credential === undefined ? {} : { credential: s.credential }),
    })),
    iceTransportPolicy: ice.iceTransportPolicy,
    bundlePolicy: 'max-bundle',
    rtcpMuxPolicy: 'require',
  };
}

/** The server refused to create or admit; `code` says why (e.g. bad_access_key, bad_token, room_full). */
export { AdmissionError } from '../signaling/client.js';

/**
 * Starts a call. Resolves once admitted; rejects with AdmissionError when the server says no.
 * Everything the call opens (sockets, peer connections, tracks, timers, the AudioContext)
 * hangs off one AbortController that `leave()` aborts.
 */
export async function startCall(options: CallOptions): Promise<Call> {
  const scope = new AbortController();
  // Created first, inside the user's click, so browsers that need a gesture let it run.
  const audio = new AudioContext({ latencyHint: 'playback' });
  try {
    const identity = await identityForCall();
    const room = options.start.kind === 'join' ? options.start.invite.room : newRoomId();
    const secret = options.start.kind === 'join' ? options.start.invite.secret : newRoomSecret();
    const roomKey = await deriveRoomKey(base64urlDecode(secret), room);
    const call = new Call(options, scope, audio, identity, room, secret, roomKey);
    await call.connect(
      options.start.kind === 'join'
        ? { t: 'join', token: options.start.invite.token }
        : options.start.accessKey === undefined
          ? { t: 'create' }
          : { t: 'create', key: options.start.accessKey },
    );
    return call;
  } catch (error) {
    scope.abort();
    stopStream(options.stream);
    closeAudioContext(audio);
    throw error;
  }
}

/** A running call; the UI reads `snapshot` and calls the intent methods. */
export class Call {
  private readonly signaling: SignalingClient;
  private readonly participants = new Map<PeerId, Participant>();
  private readonly listeners = new Set<() => void>();
  private readonly chat: ChatEntry[] = [];
  private readonly notices: Notice[] = [];
  private readonly localWatchdog = localAudioWatchdog();
  private name: string;
  private me: PeerId = '';
  private myShortFingerprint = '';
  private myFingerprintQr = '';
  private rtc: RTCConfiguration = {};
  private relayOnly = false;
  private stream: MediaStream | undefined;
  private localVad: VoiceActivity | undefined;
  private muted = false;
  private processing: AudioProcessing;
  private micDeviceId: string | undefined;
  private phase: CallPhase = 'live';
  private endReason: 'left' | 'lost' | undefined;
  private privacy: PrivacyState = { kind: 'pending' };
  private roomCode: string | undefined;
  private invite: { link: string; hash: string; expires: number } | undefined;
  private invites: InviteView[] = [];
  /** Keys of people verified earlier in this call, by display name: a rejoin under that name with another key is flagged. */
  private readonly verifiedKeys = new Map<string, Uint8Array<ArrayBuffer>>();
  private readonly pendingInvites = new Map<string, (expires: number) => void>();
  private nextId = 1;
  private lastLevel = 0;
  private statsBusy = false;
  private leaving = false;
  private emitQueued = false;
  private statsSignature = '';
  private micQueue: Promise<void> = Promise.resolve();
  private lastStatsAt = -Infinity;

  /** @internal use startCall */
  constructor(
    private readonly options: CallOptions,
    private readonly scope: AbortController,
    private readonly audio: AudioContext,
    private readonly identity: Identity,
    readonly room: string,
    private readonly secret: string,
    roomKey: CryptoKey,
  ) {
    this.name = cleanDisplayName(options.displayName);
    this.stream = options.stream;
    this.processing = options.processing ?? DEFAULT_PROCESSING;
    this.micDeviceId = options.micDeviceId;
    const wsUrl = `${options.origin.replace(/^http/, 'ws')}/ws/${room}`;
    this.signaling = new SignalingClient({
      url: wsUrl,
      room,
      roomKey,
      signal: scope.signal,
      events: {
        welcome: (w) => this.onWelcome(w),
        peerJoined: () => undefined,
        peerLeft: (peer) => this.removeParticipant(peer),
        signal: (from, signal, broadcast) => this.onSignal(from, signal, broadcast),
        rejected: () => undefined,
        invite: (msg) => this.onInviteMessage(msg),
        serverError: (code) => this.onServerError(code),
        state: (state) => this.onSignalingState(state),
      },
    });
    const meter = setInterval(() => this.sampleMeters(), METER_INTERVAL_MS);
    const stats = setInterval(() => {
      const now = performance.now();
      if (now - this.lastStatsAt < statsIntervalMs(this.participants.size) - STATS_TICK_SLACK_MS) return;
      this.lastStatsAt = now;
      void this.pollStats();
    }, STATS_INTERVAL_MS / 2);
    scope.signal.addEventListener('abort', () => {
      clearInterval(meter);
      clearInterval(stats);
    });
  }

  /** Subscribes to changes; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The call's scope; aborted when the call ends. */
  get signal(): AbortSignal {
    return this.scope.signal;
  }

  /** My microphone stream, if there is one. */
  get localStream(): MediaStream | undefined {
    return this.stream;
  }

  /** Current state for rendering. */
  get snapshot(): CallSnapshot {
    return {
      phase: this.phase,
      endReason: this.endReason,
      room: this.room,
      me: {
        id: this.me,
        name: this.name,
        shortFingerprint: this.myShortFingerprint,
        fingerprintQr: this.myFingerprintQr,
        speaking: !this.muted && (this.localVad?.speaking ?? false),
        level: this.muted ? 0 : (this.localVad?.level ?? 0),
        muted: this.muted,
        hasMic: this.stream !== undefined,
      },
      participants: [...this.participants.values()].map((p) => this.view(p)),
      chat: [...this.chat],
      notices: [...this.notices],
      privacy: this.privacy,
      relayOnly: this.relayOnly,
      roomSafetyCode: this.roomCode,
      invite: this.invite && { link: this.invite.link, expires: this.invite.expires },
      invites: [...this.invites],
      processing: this.processing,
      micDeviceId: this.micDeviceId,
    };
  }

  /** @internal admission; called once by startCall. */
  async connect(admission: Admission): Promise<void> {
    // The welcome itself is handled by the signaling event (hello goes out at once); this waits for admission.
    await this.signaling.start(admission);
    const fp = await fingerprintOf(this.identity.publicRaw);
    this.myShortFingerprint = shortFingerprint(fp);
    this.myFingerprintQr = await encodeFingerprintQr(this.room, fp);
    if (this.stream === undefined) await this.acquireMic();
    else this.watchTrack();
    this.localVad = this.stream && new AnalyserVoiceActivity(this.audio, this.stream);
    if (this.options.start.kind === 'create') await this.newInvite();
    this.emit();
  }

  /** Resumes audio output and analysis; call from a user gesture (iOS needs one). */
  async resumeAudio(): Promise<void> {
    if (this.audio.state === 'suspended') await this.audio.resume();
  }

  /** Mutes or unmutes my microphone (the track keeps running so unmuting is instant). */
  setMuted(muted: boolean): void {
    this.muted = muted;
    for (const track of this.stream?.getAudioTracks() ?? []) track.enabled = !muted;
    this.emit();
  }

  /** Switches microphone device; other participants hear the new one without renegotiation. */
  async setMicrophone(deviceId: string | undefined): Promise<void> {
    this.micDeviceId = deviceId;
    await this.acquireMic();
  }

  /** Changes echo cancellation, noise suppression or auto gain by re-opening the microphone. */
  async setProcessing(processing: AudioProcessing): Promise<void> {
    this.processing = processing;
    // Chromium answers a request for a device that is still open with the open capture, its noise
    // suppression and auto gain included: the old capture has to end before the new one starts.
    await this.acquireMic(true);
  }

  /** Changes my display name; everyone gets it in a fresh hello (same key, so nothing else changes). */
  setDisplayName(name: string): void {
    const cleaned = cleanDisplayName(name);
    if (cleaned === this.name || this.phase === 'ended') return;
    this.name = cleaned;
    this.sayHello('*');
    this.emit();
  }

  /** Marks a participant as verified (after comparing the safety number or scanning their QR). */
  setVerified(peer: PeerId, verified: boolean): void {
    const p = this.participants.get(peer);
    if (!p) return;
    p.verified = verified;
    if (verified && p.name !== '') this.verifiedKeys.set(p.name, p.key);
    // Remembered only for people who opted in to keeping their identity on this device.
    if (verified && keepIdentity()) void rememberVerified(p.fingerprint, p.name).catch(() => undefined);
    this.emit();
  }

  /**
   * Checks a scanned fingerprint QR against the key received for `peer` (constant time) and marks
   * them verified only on 'match'. Any other answer leaves the mark as it was.
   */
  async verifyByQr(peer: PeerId, text: string): Promise<QrCheck> {
    const p = this.participants.get(peer);
    if (!p) return 'not-a-fingerprint';
    const check = await checkFingerprintQr(text, this.room, p.fingerprint);
    if (check === 'match' && this.participants.get(peer) === p) this.setVerified(peer, true);
    return check;
  }

  /** Sends a chat message to everyone, sealed separately for each pair. */
  sendChat(text: string): void {
    const trimmed = text.trim();
    if (trimmed === '' || this.phase === 'ended') return;
    for (const p of this.participants.values()) if (!p.session.failure) p.session.sendChat(trimmed);
    this.pushChat({ from: this.me, mine: true, name: this.name, text: trimmed, warning: undefined });
  }

  /** Mints a fresh single-use invite, registers its hash and shows it; resolves once the server confirms. */
  async newInvite(): Promise<void> {
    const token = newInviteToken();
    const hash = await tokenHash(token);
    const confirmed = new Promise<number>((resolve) => this.pendingInvites.set(hash, resolve));
    // Registering a hash twice is harmless, so a request the relay dropped (rate limit, a socket
    // that was resuming) is simply asked again until it is confirmed.
    this.signaling.invite(hash, INVITE_TTL_SECONDS);
    let attempts = 1;
    const retry = setInterval(() => {
      if (this.ended || !this.pendingInvites.has(hash) || attempts >= MAX_INVITE_ATTEMPTS) return clearInterval(retry);
      attempts += 1;
      this.signaling.invite(hash, INVITE_TTL_SECONDS);
    }, INVITE_RETRY_MS);
    this.scope.signal.addEventListener('abort', () => clearInterval(retry), { once: true });
    const expires = await confirmed;
    clearInterval(retry);
    const link = formatInviteLink(this.options.origin, { room: this.room, token, secret: this.secret });
    this.invite = { link, hash, expires };
    // Earlier links stay pending (listed, revocable): someone may still be about to use one.
    this.invites = [{ link, hash, expires, state: 'pending' as const }, ...this.invites].slice(0, MAX_LISTED_INVITES);
    this.emit();
  }

  /** Withdraws an unused invite; the server's `revoked` reply marks it in the list. */
  revokeInvite(hash: string): void {
    if (this.invites.some((i) => i.hash === hash && i.state === 'pending')) this.signaling.revoke(hash);
  }

  /** Says goodbye and ends everything the call started. */
  async leave(): Promise<void> {
    if (this.phase === 'ended') return;
    this.leaving = true;
    this.signaling.send('*', 'bye', {});
    await this.signaling.leave();
    this.end('left');
  }

  private end(reason: 'left' | 'lost'): void {
    if (this.phase === 'ended') return;
    this.phase = 'ended';
    this.endReason = reason;
    for (const p of this.participants.values()) {
      p.session.close();
      p.vad?.stop();
    }
    this.participants.clear();
    this.localVad?.stop();
    stopStream(this.stream);
    this.stream = undefined;
    this.invite = undefined;
    this.scope.abort();
    closeAudioContext(this.audio);
    this.emit();
  }

  private get ended(): boolean {
    return this.phase === 'ended';
  }

  /** Tells listeners once per task however many things changed in it (ten peers change a lot at once). */
  private emit(): void {
    if (this.emitQueued) return;
    this.emitQueued = true;
    queueMicrotask(() => {
      this.emitQueued = false;
      for (const listener of this.listeners) listener();
    });
  }

  private notice(kind: NoticeKind, name?: string): void {
    this.notices.push({ id: this.nextId++, kind, name });
    if (this.notices.length > MAX_NOTICES) this.notices.shift();
    this.emit();
  }

  private pushChat(entry: Omit<ChatEntry, 'id' | 'at'>): void {
    this.chat.push({ ...entry, id: this.nextId++, at: Date.now() });
    if (this.chat.length > MAX_CHAT_ENTRIES) this.chat.shift();
    this.emit();
  }

  private view(p: Participant): ParticipantView {
    const s = p.session;
    return {
      id: p.id,
      name: p.name,
      shortFingerprint: p.shortFingerprint,
      safetyNumber: p.safetyNumber,
      verified: p.verified,
      speaking: p.vad?.speaking ?? false,
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

  private onWelcome(welcome: WelcomeMessage): void {
    this.me = welcome.you;
    this.rtc = rtcConfiguration(welcome.ice);
    this.relayOnly = welcome.ice.iceTransportPolicy === 'relay';
    this.sayHello('*');
    if (welcome.resumed) {
      this.notice('reconnected');
      // Signals sent to me while I was away are lost; restart ICE where a connection is not up.
      for (const p of this.participants.values()) {
        if (!p.session.failure && p.session.connectionState !== 'connected') p.session.restartIce('connection');
      }
    }
  }

  private sayHello(to: Recipient): void {
    this.signaling.send(to, 'hello', { key: encodeKey(this.identity.publicRaw), name: this.name });
  }

  private onSignalingState(state: SignalingState): void {
    if (this.phase === 'ended' || this.leaving) return;
    if (state === 'reconnecting') {
      this.phase = 'reconnecting';
      this.notice('reconnecting');
    } else if (state === 'open') {
      this.phase = 'live';
      this.emit();
    } else if (state === 'closed') {
      this.end('lost');
    }
  }

  private onServerError(code: ErrorCode): void {
    if (code === 'rate_limited') this.notice('rate-limited');
  }

  private async onSignal(from: PeerId, signal: InboundSignal, broadcast: boolean): Promise<void> {
    if (this.phase === 'ended') return;
    switch (signal.type) {
      case 'hello':
        return this.onHello(from, signal.payload.key, signal.payload.name, broadcast);
      case 'bye':
        this.removeParticipant(from);
        return;
      case 'offer':
      case 'answer':
      case 'ice':
        // Signals from someone who has not said hello cannot be authenticated; drop them.
        this.participants.get(from)?.session.receive(signal);
        return;
    }
  }

  private async onHello(from: PeerId, key: string, name: string, broadcast: boolean): Promise<void> {
    const raw = decodeKey(key)!;
    const known = this.participants.get(from);
    if (known) {
      if (!constantTimeEqual(known.key, raw)) {
        // The new key is ignored, and the person is no longer trusted until verified again.
        known.verified = false;
        this.notice('identity-changed', known.name);
        return;
      }
      known.name = name;
      if (broadcast) this.sayHello(from);
      this.emit();
      return;
    }
    let keys;
    try {
      keys = await derivePairKeys(this.identity, raw, { room: this.room, me: this.me, peer: from });
    } catch {
      return;
    }
    const [fp, safety] = await Promise.all([fingerprintOf(raw), safetyNumber(this.identity.publicRaw, raw)]);
    const remembered = await checkContact(fp, name).catch(() => ({ kind: 'unknown' as const }));
    // Another hello from the same peer may have finished first while we were deriving.
    if (this.participants.has(from) || this.phase === 'ended') return;
    const earlier = name === '' ? undefined : this.verifiedKeys.get(name);
    if (earlier !== undefined && !constantTimeEqual(earlier, raw)) this.notice('verified-key-changed', name);
    if (remembered.kind === 'changed-key') this.notice('remembered-key-changed', name);
    if (broadcast) this.sayHello(from);
    const chat = createChatSession(keys);
    const participant: Participant = {
      id: from,
      key: raw,
      fingerprint: fp,
      name,
      shortFingerprint: shortFingerprint(fp),
      safetyNumber: safety,
      chat,
      session: undefined as unknown as PeerSession,
      vad: undefined,
      vadReceiver: undefined,
      verified: remembered.kind === 'verified',
      remembered: remembered.kind === 'verified',
      sentNonRelay: false,
      attachEpoch: 0,
      watchdog: remoteAudioWatchdog(),
    };
    participant.session = new PeerSession({
      room: this.room,
      me: this.me,
      peer: from,
      keys,
      chat,
      rtc: this.rtc,
      relayOnly: this.relayOnly,
      localStream: this.stream,
      send: (type, payload) => this.signaling.send(from, type, payload),
      events: {
        changed: () => this.onSessionChanged(participant),
        chat: (text) => this.pushChat({ from, mine: false, name: participant.name, text, warning: undefined }),
        chatRejected: (reason) => this.pushChat({ from, mine: false, name: participant.name, text: undefined, warning: reason }),
        security: (failure) => this.notice(failure === 'sdp-mac' ? 'security-sdp-mac' : 'security-dtls-certificate', participant.name),
        nonRelayCandidate: () => {
          if (!participant.sentNonRelay) this.notice('non-relay', participant.name);
          participant.sentNonRelay = true;
        },
        iceRestart: () => this.notice('ice-restart', participant.name),
      },
    });
    this.participants.set(from, participant);
    void this.updateRoomCode();
    this.emit();
  }

  private onSessionChanged(p: Participant): void {
    const receiver = p.session.audioReceiver;
    if (receiver && receiver !== p.vadReceiver && this.phase !== 'ended') {
      p.vad?.stop();
      p.vadReceiver = receiver;
      p.vad = new ReceiverVoiceActivity(receiver);
    }
    this.emit();
  }

  private removeParticipant(peer: PeerId): void {
    const p = this.participants.get(peer);
    if (!p) return;
    p.session.close();
    p.vad?.stop();
    this.participants.delete(peer);
    void this.updateRoomCode();
    this.emit();
  }

  private async updateRoomCode(): Promise<void> {
    const keys = [this.identity.publicRaw, ...[...this.participants.values()].map((p) => p.key)];
    this.roomCode = await roomSafetyCode(this.room, keys);
    this.emit();
  }

  private onInviteMessage(msg: { t: 'invited' | 'invite-used' | 'revoked'; hash: string; expires?: number }): void {
    if (msg.t === 'invited') {
      this.pendingInvites.get(msg.hash)?.(msg.expires ?? 0);
      this.pendingInvites.delete(msg.hash);
    } else {
      const state = msg.t === 'invite-used' ? 'used' : 'revoked';
      this.invites = this.invites.map((i) => (i.hash === msg.hash ? { ...i, state } : i));
      if (this.invite?.hash !== msg.hash) return this.emit();
      // My shown invite was used (or withdrawn): show a fresh one so the next person can join.
      this.invite = undefined;
      this.emit();
      if (msg.t === 'invite-used') void this.newInvite();
    }
  }

  /**
   * Opens (or re-opens) the microphone and hands the track to every connection. Calls run one
   * after another, so a slow earlier request cannot finish last with stale settings.
   */
  private acquireMic(releaseFirst = false): Promise<void> {
    const run = this.micQueue.then(() => this.openMic(releaseFirst));
    this.micQueue = run.catch(() => undefined);
    return run;
  }

  private async openMic(releaseFirst: boolean): Promise<void> {
    if (this.ended) return;
    if (releaseFirst) stopStream(this.stream);
    let stream: MediaStream;
    try {
      stream = await openMicrophone({ deviceId: this.micDeviceId, processing: this.processing });
    } catch {
      this.notice('mic-failed');
      return;
    }
    if (this.ended) {
      stopStream(stream);
      return;
    }
    const old = this.stream;
    this.stream = stream;
    const track = stream.getAudioTracks()[0];
    if (track) track.enabled = !this.muted;
    this.watchTrack();
    await Promise.all([...this.participants.values()].map((p) => p.session.setLocalTrack(track, stream)));
    stopStream(old);
    if (this.localVad) {
      this.localVad.stop();
      this.localVad = new AnalyserVoiceActivity(this.audio, stream);
    }
    this.localWatchdog.reset();
    this.emit();
  }

  private watchTrack(): void {
    const track = this.stream?.getAudioTracks()[0];
    track?.addEventListener('ended', () => {
      if (this.phase === 'ended' || this.stream?.getAudioTracks()[0] !== track) return;
      void this.acquireMic().then(() => this.notice('mic-reacquired'));
    });
  }

  private sampleMeters(): void {
    const now = performance.now();
    let changed = false;
    if (this.localVad) {
      changed = this.localVad.sample(now) || changed;
      if (Math.abs(this.localVad.level - this.lastLevel) > LEVEL_EPSILON) {
        this.lastLevel = this.localVad.level;
        changed = true;
      }
    }
    for (const p of this.participants.values()) if (p.vad) changed = p.vad.sample(now) || changed;
    if (changed) this.emit();
  }

  private async pollStats(): Promise<void> {
    if (this.statsBusy || this.phase === 'ended') return;
    this.statsBusy = true;
    try {
      const list = [...this.participants.values()].filter((p) => !p.session.failure);
      await Promise.all(list.map((p) => p.session.refreshStats().catch(() => undefined)));
      if (this.ended) return;
      let sent = 0;
      let anyConnected = false;
      for (const p of list) {
        const connected = p.session.connectionState === 'connected';
        anyConnected ||= connected;
        sent += p.session.link?.packetsSent ?? 0;
        const repair = p.watchdog.observe(connected && p.session.remoteTrack !== undefined, p.session.link?.packetsReceived ?? 0);
        if (repair === 'reattach') {
          p.attachEpoch += 1;
          this.notice('reattached', p.name);
        } else if (repair === 'ice-restart') {
          p.session.restartIce('silence');
        }
      }
      const localRepair = this.localWatchdog.observe(anyConnected && this.stream !== undefined, sent);
      if (localRepair === 'reacquire-mic') {
        await this.acquireMic();
        this.notice('mic-reacquired');
      } else if (localRepair === 'ice-restart') {
        for (const p of list) p.session.restartIce('silence');
      }
      this.privacy = privacyFrom(
        list.map((p) => ({ peer: p.name || p.shortFingerprint, connected: p.session.connectionState === 'connected', localType: p.session.link?.localType })),
      );
      // Re-render only when what the stats show (paths, privacy) changed.
      const signature = JSON.stringify([this.privacy, list.map((p) => [p.session.link?.localType, p.session.link?.remoteType])]);
      if (signature !== this.statsSignature) {
        this.statsSignature = signature;
        this.emit();
      }
    } finally {
      this.statsBusy = false;
    }
  }
}
