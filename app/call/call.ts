// The call the UI talks to: starts (create, join or rejoin after a reload) and wires lifecycle, roster, audio, invites, health and the saved seat.
import { reportDiagnostic } from '../diagnostics/sink.js';
import type { ErrorCode } from '../../protocol/codes.js';
import { MAX_ROOM_MEMBERS } from '../../protocol/limits.js';
import type { IceConfig, PeerId, Recipient, RoomSettings, WelcomeMessage } from '../../protocol/messages.js';
import { base64urlDecode, base64urlEncode } from '../crypto/base64url.js';
import { constantTimeEqual, randomBytes } from '../crypto/bytes.js';
import { fingerprintOf, shortFingerprint } from '../crypto/fingerprint.js';
import type { Identity } from '../crypto/identity.js';
import { encodeFingerprintQr, type QrCheck } from '../crypto/qr.js';
import { ROOM_SECRET_BYTES } from '../crypto/room-key.js';
import { INVITER_COMMITMENT_BYTES, newRoomId, type Invite } from '../invite/link.js';
import { deviceRejoinStore, type RejoinRecord, type RejoinStore } from '../rejoin/store.js';
import { SignalingClient, type Admission, type EnvelopeRejection, type SignalingState } from '../signaling/client.js';
import { Keyring, type HeldKey, type RoomKeyGrant } from '../signaling/keyring.js';
import { cleanDisplayName, decodeKey, encodeKey, type HelloPayload, type InboundSignal } from '../signaling/payloads.js';
import { Health } from './health.js';
import { InviteBook, type InviteLifetime } from './invites.js';
import { deviceCallKeystore, type CallKeystore } from './keystore.js';
import { Lifecycle, type CallPhase, type PhaseState } from './lifecycle.js';
import { LocalAudio } from './local-audio.js';
import { ServerMembers } from './members.js';
import { closeAudioContext, stopStream, type AudioProcessing } from './media.js';
import { ChatLog, NoticeLog } from './notices.js';
import { RejoinKeeper } from './rejoin.js';
import { loadGrant, RoomKeys, saveGrant } from './room-keys.js';
import { Roster } from './roster.js';
import { RelayDowngradeError, RelayPin } from './relay-pin.js';
import { participantView, type CallSnapshot } from './snapshot.js';

export { AdmissionError } from '../signaling/client.js';
export { RelayDowngradeError } from './relay-pin.js';
export { statsIntervalMs, STATS_INTERVAL_MS } from './health.js';
export type { InviteFailure, InviteLifetime, InviteView } from './invites.js';
export type { CallPhase } from './lifecycle.js';
export { SECURITY_NOTICES } from './notices.js';
export type { ChatEntry, Notice, NoticeKind } from './notices.js';
export type { CallSnapshot, ParticipantView } from './snapshot.js';
export type { PendingMember } from './members.js';

/**
 * How long a joiner waits to be handed the room key before it is told nobody has answered its
 * invite, in milliseconds: a member answers within a second.
 */
export const ROOM_KEY_NOTICE_MS = 15_000;

/** Random bytes in a page instance id (base64url in hellos). */
const INSTANCE_BYTES = 12;

/** How a call begins: creating a room, joining one with an invite, or taking back a saved seat after a reload. */
export type CallStart =
  | { readonly kind: 'create'; readonly accessKey?: string; readonly size?: number }
  /** `scanned`: the invite QR was read with the camera from the inviter's screen, so its key commitment verifies them. */
  | { readonly kind: 'join'; readonly invite: Invite; readonly scanned?: boolean }
  | { readonly kind: 'rejoin'; readonly saved: RejoinRecord };

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
  /** Where the seat is saved for a rejoin; this origin's IndexedDB unless replaced. */
  readonly rejoinStore?: RejoinStore;
  /** The device keystore; replaceable in tests. */
  readonly keystore?: CallKeystore;
  /** This origin's relay-only pin; replaceable in tests. */
  readonly relayPin?: RelayPin;
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

/** What a call starts from: identity, room, display name, and the key it first seals with (a room key, or the invite's bootstrap secret). */
interface CallFacts {
  readonly identity: Identity;
  readonly room: string;
  readonly name: string;
  readonly grant?: RoomKeyGrant;
  readonly inviteSecret?: string;
}

async function callFacts(options: CallOptions, keystore: CallKeystore): Promise<CallFacts> {
  const start = options.start;
  if (start.kind === 'rejoin') {
    const { identity, room, name, roomKey, inviteSecret } = start.saved;
    const grant = loadGrant(roomKey);
    return { identity, room, name, ...(grant ? { grant } : {}), ...(inviteSecret === undefined ? {} : { inviteSecret }) };
  }
  const identity = await keystore.identityForCall();
  if (start.kind === 'join') return { identity, room: start.invite.room, name: options.displayName, inviteSecret: start.invite.secret };
  // The room's first key; it is handed to each member pairwise and replaced whenever someone leaves.
  return { identity, room: newRoomId(), name: options.displayName, grant: { material: randomBytes(ROOM_SECRET_BYTES), epoch: 0, rotator: '' } };
}

/** A keyring holding the key the call starts with. */
async function startingKeyring(facts: CallFacts): Promise<Keyring> {
  const keyring = new Keyring(facts.room);
  if (facts.grant) await keyring.adopt(facts.grant);
  // The link carries no expiry; my own invite opens what is sealed to me for as long as the call lasts.
  if (facts.inviteSecret !== undefined) await keyring.addInvite(facts.inviteSecret, Number.POSITIVE_INFINITY, true);
  return keyring;
}

function admissionFor(start: CallStart): Admission {
  if (start.kind === 'join') return { t: 'join', token: start.invite.token };
  if (start.kind === 'rejoin') return { t: 'resume', peer: start.saved.peer, secret: start.saved.credential };
  return { t: 'create', ...(start.accessKey === undefined ? {} : { key: start.accessKey }), ...(start.size === undefined ? {} : { size: start.size }) };
}

/**
 * Starts a call. Resolves once admitted; rejects with AdmissionError when the server says no
 * (for a rejoin: the seat is gone, and the saved seat is erased). Everything the call opens
 * (sockets, peer connections, tracks, timers, the AudioContext) hangs off one AbortController
 * that leaving or the end aborts.
 */
export async function startCall(options: CallOptions): Promise<Call> {
  const scope = new AbortController();
  const store = options.rejoinStore ?? deviceRejoinStore();
  // Created first, inside the user's click, so browsers that need a gesture let it run.
  const audio = new AudioContext({ latencyHint: 'playback' });
  try {
    const keystore = options.keystore ?? deviceCallKeystore;
    const facts = await callFacts(options, keystore);
    const keyring = await startingKeyring(facts);
    const call = new Call(options, scope, audio, facts, keyring, store, keystore);
    await call.connect(admissionFor(options.start));
    return call;
  } catch (error) {
    scope.abort();
    stopStream(options.stream);
    closeAudioContext(audio);
    if (options.start.kind === 'rejoin') await store.erase().catch((e: unknown) => reportDiagnostic('call', 'saved-seat-erase-failed', e));
    throw error;
  }
}

/** A running call: the UI reads `snapshot`, subscribes with `onChange` and calls the intent methods. */
export class Call {
  private readonly signaling: SignalingClient;
  private readonly listeners = new Set<() => void>();
  private readonly notices: NoticeLog;
  private readonly chat: ChatLog;
  private readonly lifecycle: Lifecycle;
  private readonly roster: Roster;
  private readonly members: ServerMembers;
  private readonly local: LocalAudio;
  private readonly invites: InviteBook;
  private readonly health: Health;
  private readonly rejoin: RejoinKeeper;
  private readonly keys: RoomKeys;
  private readonly keyring: Keyring;
  private readonly identity: Identity;
  readonly room: string;
  /** This page's instance: a reload gets a new one, so the others re-key instead of reusing keys. */
  private readonly instance = base64urlEncode(randomBytes(INSTANCE_BYTES));
  private name: string;
  private me: PeerId = '';
  private myShortFingerprint = '';
  private myFingerprintQr = '';
  /** What my invite links commit to: the first bytes of my key fingerprint, base64url. */
  private myCommitment = '';
  private rtc: RTCConfiguration = {};
  private relayOnly = false;
  private settings: RoomSettings = { size: MAX_ROOM_MEMBERS, locked: false };
  private readonly relayPin: RelayPin;
  /** Set when the first welcome dropped a relay-only this origin had required: the call must not start. */
  private refusedDowngrade = false;
  private emitQueued = false;
  /** Who said they muted, from their sealed `state` signals; kept apart from the roster so one arriving before their hello is not lost. */
  private readonly mutedPeers = new Set<PeerId>();

  /** @internal use startCall */
  constructor(
    private readonly options: CallOptions,
    private readonly scope: AbortController,
    private readonly audio: AudioContext,
    facts: CallFacts,
    keyring: Keyring,
    store: RejoinStore,
    keystore: CallKeystore,
  ) {
    const { identity, room } = facts;
    this.identity = identity;
    this.room = room;
    this.name = cleanDisplayName(facts.name);
    this.relayPin = options.relayPin ?? new RelayPin();
    const changed = (): void => this.emit();
    const isEnded = (): boolean => this.lifecycle.ended;
    this.notices = new NoticeLog(changed);
    this.chat = new ChatLog(changed);
    this.members = new ServerMembers(changed, scope.signal);
    const saved = options.start.kind === 'rejoin' ? options.start.saved : undefined;
    const invited = options.start.kind === 'join' ? options.start : undefined;
    const inviter = invited?.invite.inviter;
    this.keyring = keyring;
    this.rejoin = new RejoinKeeper(
      store,
      {
        origin: options.origin,
        room,
        name: this.name,
        identity,
        ...(facts.grant ? { roomKey: saveGrant(facts.grant) } : {}),
        ...(facts.inviteSecret === undefined ? {} : { inviteSecret: facts.inviteSecret }),
      },
      saved?.verified ?? [],
    );
    this.signaling = new SignalingClient({
      url: `${options.origin.replace(/^http/, 'ws')}/ws/${room}`,
      room,
      keyring,
      signal: scope.signal,
      ...(saved ? { counterFloor: saved.counterCeiling } : {}),
      events: {
        welcome: (w) => this.onWelcome(w),
        peerJoined: (peer) => this.members.add(peer),
        peerLeft: (peer) => this.forget(peer),
        signal: (from, signal, broadcast, sealedWith) => {
          // The server stamps `from`: whoever it relays for is a member (a seat restored after the grace is not announced).
          this.members.add(from);
          return this.onSignal(from, signal, broadcast, sealedWith);
        },
        rejected: (from, reason) => this.onRejected(from, reason),
        invite: (msg) => {
          if (msg.t === 'invite-used') this.keys.inviteUsed(msg.hash);
          if (msg.t === 'revoked') this.keys.closeInvite(msg.hash);
          // Expected: a refused or abandoned mint is shown in the invite panel (invites.failure).
          if (this.invites.onMessage(msg)) void this.newInvite().catch(() => undefined);
        },
        serverError: (code) => this.onServerError(code),
        state: (state) => this.onSignalingState(state),
        resumeState: (s) => this.rejoin.setSeat(s.peer, s.credential, s.counterCeiling),
        iceRenewed: (ice) => this.applyIce(ice),
        settings: (settings) => {
          this.settings = settings;
          this.emit();
        },
      },
    });
    this.lifecycle = new Lifecycle(
      () => this.health.anyConnected(),
      (from, to) => this.onPhase(from, to),
    );
    this.roster = new Roster({
      room,
      identity,
      instance: this.instance,
      me: () => this.me,
      myName: () => this.name,
      rtc: () => this.rtc,
      relayOnly: () => this.relayOnly,
      localStream: () => this.local.stream,
      send: (to, type, payload) => this.signaling.send(to, type, payload),
      sayHello: (to) => this.sayHello(to),
      keystore,
      verified: new Set(saved?.verified ?? []),
      ...(inviter ? { inviter: { peer: inviter.peer, commitment: base64urlDecode(inviter.commitment), scanned: invited?.scanned === true } } : {}),
      verifiedChanged: (verified) => this.rejoin.setVerified(verified),
      notice: (kind, who) => this.notices.add(kind, who),
      chat: this.chat,
      changed,
      isEnded,
    });
    this.local = new LocalAudio({
      audio,
      stream: options.stream,
      deviceId: options.micDeviceId,
      processing: options.processing,
      useTrack: (track, stream) => this.roster.setLocalTrack(track, stream),
      micFailed: () => this.notices.add('mic-failed'),
      micReacquired: () => this.notices.add('mic-reacquired'),
      changed,
      isEnded,
    });
    this.keys = new RoomKeys({
      room,
      identity,
      instance: this.instance,
      keyring,
      me: () => this.me,
      myName: () => this.name,
      peers: () => this.roster.all,
      send: (to, type, payload, via) => this.signaling.send(to, type, payload, via),
      introduce: () => this.sayHello('*'),
      keyChanged: (grant) => this.rejoin.setRoomKey(saveGrant(grant)),
      signal: scope.signal,
    });
    this.invites = new InviteBook({
      origin: options.origin,
      room,
      minted: (hash, secret, expires) => {
        this.keys.minted(hash, secret, expires).catch((e: unknown) => reportDiagnostic('keys', 'invite-share-failed', e));
      },
      inviter: () => (this.me === '' || this.myCommitment === '' ? undefined : { peer: this.me, commitment: this.myCommitment }),
      relay: {
        invite: (hash, ttl) => this.signaling.invite(hash, ttl),
        revoke: (hash) => this.signaling.revoke(hash),
        isOpen: () => this.signaling.state === 'open',
      },
      signal: scope.signal,
      changed,
    });
    this.health = new Health({
      roster: this.roster,
      local: this.local,
      notice: (kind, who) => this.notices.add(kind, who),
      changed,
      isEnded,
      signal: scope.signal,
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
    return this.local.stream;
  }

  /** Current state for rendering. */
  get snapshot(): CallSnapshot {
    return {
      phase: this.lifecycle.phase,
      endReason: this.lifecycle.endReason,
      room: this.room,
      me: { id: this.me, name: this.name, shortFingerprint: this.myShortFingerprint, fingerprintQr: this.myFingerprintQr, ...this.local.view },
      participants: this.roster.all.map((p) => participantView(p, this.mutedPeers.has(p.id), this.health.isBad(p.id))),
      pending: this.members.pending((id) => this.roster.get(id) !== undefined),
      chat: this.chat.list(),
      notices: this.notices.list(),
      privacy: this.health.privacy,
      relayOnly: this.relayOnly,
      settings: this.settings,
      roomSafetyCode: this.roster.roomCode,
      invite: this.invites.current,
      inviteFailure: this.invites.lastFailure,
      invites: this.invites.list,
      inviteLifetime: this.invites.lifetime,
      processing: this.local.processing,
      micDeviceId: this.local.deviceId,
    };
  }

  /** @internal admission; called once by startCall. */
  async connect(admission: Admission): Promise<void> {
    // The welcome itself is handled by the signaling event (hello goes out at once); this waits for admission.
    await this.signaling.start(admission);
    if (this.refusedDowngrade) throw new RelayDowngradeError();
    const fp = await fingerprintOf(this.identity.publicRaw);
    this.myShortFingerprint = shortFingerprint(fp);
    this.myCommitment = base64urlEncode(fp.slice(0, INVITER_COMMITMENT_BYTES));
    this.myFingerprintQr = await encodeFingerprintQr(this.room, fp);
    await this.local.start();
    if (this.options.start.kind === 'create') await this.newInvite();
    this.emit();
  }

  /** Resumes audio output and analysis; call from a user gesture (iOS needs one). */
  async resumeAudio(): Promise<void> {
    if (this.audio.state === 'suspended') await this.audio.resume();
  }

  /** Mutes or unmutes my microphone (the track keeps running so unmuting is instant) and tells the others, sealed like every signal. */
  setMuted(muted: boolean): void {
    if (this.local.view.muted === muted) return;
    this.local.setMuted(muted);
    if (!this.lifecycle.ended) this.signaling.send('*', 'state', { muted });
  }

  /** Switches microphone device; other participants hear the new one without renegotiation. */
  setMicrophone(deviceId: string | undefined): Promise<void> {
    return this.local.setDevice(deviceId);
  }

  /** Changes echo cancellation, noise suppression or auto gain by re-opening the microphone. */
  setProcessing(processing: AudioProcessing): Promise<void> {
    return this.local.setProcessing(processing);
  }

  /** Changes my display name; everyone gets it in a fresh hello (same key, so nothing else changes). */
  setDisplayName(name: string): void {
    const cleaned = cleanDisplayName(name);
    if (cleaned === this.name || this.lifecycle.ended) return;
    this.name = cleaned;
    this.rejoin.setName(cleaned);
    this.sayHello('*');
    this.emit();
  }

  /** Computes the room safety code from now on (it is stretched, so only once someone looks at it). */
  showRoomCode(): void {
    this.roster.showRoomCode();
  }

  /** Marks a participant as verified (after comparing the safety number or scanning their QR). */
  setVerified(peer: PeerId, verified: boolean): void {
    this.roster.setVerified(peer, verified);
  }

  /**
   * Checks a scanned fingerprint QR against the key received for `peer` (constant time) and marks
   * them verified only on 'match'. Any other answer leaves the mark as it was.
   */
  verifyByQr(peer: PeerId, text: string): Promise<QrCheck> {
    return this.roster.verifyByQr(peer, text);
  }

  /** Sends a chat message to everyone, sealed separately for each pair. */
  sendChat(text: string): void {
    const trimmed = text.trim();
    if (trimmed === '' || this.lifecycle.ended) return;
    this.roster.sendChat(trimmed);
    this.chat.add({ from: this.me, mine: true, name: this.name, text: trimmed, warning: undefined });
  }

  /**
   * Mints a fresh single-use invite and shows it; resolves once the server confirms. Rejects with
   * InviteError on `too_many_invites`, no confirmation, or the call ending (the snapshot's
   * `inviteFailure` says which), so the invite panel never waits forever.
   */
  newInvite(lifetime?: InviteLifetime): Promise<void> {
    return this.invites.mint(lifetime);
  }

  /** Removes a notice from the screen. */
  dismissNotice(id: number): void {
    this.notices.dismiss(id);
  }

  /** Locks the room (nobody new gets in, invites stay valid) or unlocks it; everyone in the call sees it. */
  setLocked(locked: boolean): void {
    if (this.lifecycle.ended || locked === this.settings.locked) return;
    this.signaling.changeSettings({ ...this.settings, locked });
  }

  /** Withdraws an unused invite; the server's `revoked` reply marks it in the list. */
  revokeInvite(hash: string): void {
    this.invites.revoke(hash);
  }

  /**
   * The device's network changed or came back: retry the server now instead of waiting out the
   * backoff, and restart ICE on every connection that is not up.
   */
  networkChanged(): void {
    if (this.lifecycle.ended) return;
    this.signaling.retryNow();
    for (const p of this.roster.all) {
      if (!p.session.failure && p.session.connectionState !== 'connected') p.session.restartIce('connection');
    }
  }

  /** Says goodbye, ends everything the call started and erases the saved seat. */
  async leave(): Promise<void> {
    if (this.lifecycle.ended) return;
    const erased = this.rejoin.erase();
    this.signaling.send('*', 'bye', {});
    await this.signaling.leave();
    this.lifecycle.apply({ kind: 'leave' });
    await erased;
  }

  /** Tells listeners once per task however many things changed in it (ten peers change a lot at once). */
  private emit(): void {
    if (this.emitQueued) return;
    this.emitQueued = true;
    queueMicrotask(() => {
      this.emitQueued = false;
      // Without the server, the call lasts while a connection does; every connection change passes here.
      if (this.lifecycle.phase === 'detached') this.lifecycle.apply({ kind: 'connections', anyConnected: this.health.anyConnected() });
      for (const listener of this.listeners) listener();
    });
  }

  private onPhase(from: CallPhase, to: PhaseState): void {
    if (to.phase === 'ended') this.teardown();
    else if (to.phase === 'live' && from !== 'live') this.notices.add('reconnected');
    this.emit();
  }

  private teardown(): void {
    this.notices.stop();
    void this.rejoin.erase();
    this.roster.closeAll();
    this.local.stop();
    this.invites.clearShown();
    this.scope.abort();
    closeAudioContext(this.audio);
  }

  private onWelcome(welcome: WelcomeMessage): void {
    if (this.me === '' && !this.relayPin.accepts(welcome.ice)) {
      // Nothing is said to anyone: connect() refuses the call before any peer connection exists.
      this.refusedDowngrade = true;
      return;
    }
    this.me = welcome.you;
    this.settings = welcome.settings;
    this.members.reset(welcome.members);
    this.applyIce(welcome.ice);
    this.sayHello('*');
    if (this.keyring.current === undefined) this.awaitRoomKey();
    if (welcome.resumed) {
      // Signals sent to me while I was away are lost; restart ICE where a connection is not up.
      for (const p of this.roster.all) {
        if (!p.session.failure && p.session.connectionState !== 'connected') p.session.restartIce('connection');
      }
    }
  }

  /**
   * Takes a welcome's or a renewal's ICE config for every connection, open ones included
   * (setConfiguration), so the next ICE restart uses fresh TURN credentials. A config that drops
   * the relay-only this origin required keeps relay-only and is shown.
   */
  private applyIce(ice: IceConfig): void {
    const accepted = this.relayPin.accepts(ice) ? ice : { ...ice, iceTransportPolicy: 'relay' as const };
    if (accepted !== ice) this.notices.add('relay-downgrade');
    this.rtc = rtcConfiguration(accepted);
    this.relayOnly = accepted.iceTransportPolicy === 'relay';
    for (const p of this.roster.all) {
      try {
        p.session.pc.setConfiguration(this.rtc);
      } catch (error) {
        // Expected for a connection that has just closed; anything else is recorded.
        if (p.session.pc.signalingState !== 'closed') reportDiagnostic('call', 'set-configuration-failed', error);
      }
    }
  }

  /** My hello, and after it my mute state when muted (everyone starts out unmuted in the others' eyes). */
  private sayHello(to: Recipient): void {
    this.signaling.send(to, 'hello', { key: encodeKey(this.identity.publicRaw), name: this.name, instance: this.instance });
    if (this.local.view.muted) this.signaling.send(to, 'state', { muted: true });
  }

  /** Tells a joiner nobody has let it in, once ROOM_KEY_NOTICE_MS pass without a room key. */
  private awaitRoomKey(): void {
    const timer = setTimeout(() => {
      if (this.keyring.current === undefined && !this.lifecycle.ended) this.notices.add('no-room-key');
    }, ROOM_KEY_NOTICE_MS);
    this.scope.signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
  }

  private forget(peer: PeerId): void {
    // Whoever leaves takes the room key with them: it is replaced (docs/crypto.md § Key schedule).
    if (this.members.has(peer) || this.roster.get(peer) !== undefined) this.keys.memberLeft();
    this.mutedPeers.delete(peer);
    this.members.remove(peer);
    this.roster.remove(peer);
  }

  private onSignalingState(state: SignalingState): void {
    if (this.lifecycle.ended) return;
    this.lifecycle.apply({ kind: 'signaling', state });
  }

  private onServerError(code: ErrorCode): void {
    this.invites.onServerError(code);
    if (code === 'rate_limited' || code === 'byte_limited') this.notices.add('rate-limited');
  }

  /** A sealed envelope that did not open (tampered, replayed, not for me): dropped, and recorded. */
  private onRejected(from: PeerId, reason: EnvelopeRejection): void {
    this.members.add(from);
    // Expected: a joiner's first hello is sealed under its invite's key, which only some members hold;
    // and a joiner misses what the room said before it was handed the room key.
    if (reason === 'unknown-invite' || reason === 'before-room-key') return;
    reportDiagnostic('signaling', `envelope-${reason}`);
  }

  /**
   * A hello. Under the current room key it is an ordinary introduction. Under an invite's key (a
   * joiner) or a replaced room key (a member back from a drop that missed a rotation), the answer
   * is the room key sealed to them, sent before anything the new session says. A replaced key
   * introduces only someone in the call, or back in the seat they left with the same key (the
   * server re-seated them); a known person with another key is left to the roster's key-change
   * alarm with nothing handed over.
   */
  private async onHello(from: PeerId, hello: HelloPayload, broadcast: boolean, sealedWith: HeldKey): Promise<void> {
    const key = decodeKey(hello.key);
    if (key === undefined) return;
    // A hello starts a member's state afresh: when muted, their state signal follows it.
    this.mutedPeers.delete(from);
    const introduction = { from, key, name: hello.name, instance: hello.instance, broadcast };
    if (sealedWith.kind === 'room') return this.roster.onHello(introduction);
    const known = this.roster.get(from);
    if (sealedWith.kind === 'retired' && !this.roster.knows(from, key)) {
      reportDiagnostic('signaling', 'stale-key-stranger');
      return;
    }
    if (known === undefined || constantTimeEqual(known.key, key)) await this.keys.handOver(from, key, sealedWith);
    return this.roster.onHello({ ...introduction, broadcast: false });
  }

  private async onSignal(from: PeerId, signal: InboundSignal, broadcast: boolean, sealedWith: HeldKey): Promise<void> {
    if (this.lifecycle.ended) return;
    switch (signal.type) {
      case 'hello':
        return this.onHello(from, signal.payload, broadcast, sealedWith);
      case 'key': {
        const introduction = await this.keys.onKey(from, signal.payload, this.roster.get(from)?.key);
        if (introduction !== undefined) await this.roster.onHello(introduction);
        return;
      }
      case 'invites':
        if (this.roster.get(from) !== undefined) await this.keys.onInvites(signal.payload, sealedWith);
        return;
      case 'bye':
        this.forget(from);
        return;
      case 'state':
        if (signal.payload.muted) this.mutedPeers.add(from);
        else this.mutedPeers.delete(from);
        this.emit();
        return;
      case 'offer':
      case 'answer':
      case 'ice':
        // Signals from someone who has not said hello cannot be authenticated; drop them.
        this.roster.get(from)?.session.receive(signal);
        return;
    }
  }
}
