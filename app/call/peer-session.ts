// One remote peer: its RTCPeerConnection, perfect negotiation, authenticated SDP, trickle ICE, DTLS check, chat channel.
import { reportDiagnostic } from '../diagnostics/sink.js';
import { utf8Decode, utf8Encode } from '../crypto/bytes.js';
import { openChat, sealChat, type ChatRejection, type ChatSession } from '../crypto/chat.js';
import { certificateMatches, sdpFingerprints } from '../crypto/dtls-fingerprints.js';
import type { PairKeys } from '../crypto/pairwise.js';
import { signSdp, verifySdp } from '../crypto/sdp-auth.js';
import { MAX_CANDIDATES_PER_MESSAGE, type DescriptionPayload, type IcePayload, type PayloadOf } from '../signaling/payloads.js';
import { iceUfragOf, politeRestartDue, type RestartReason } from './ice-restart.js';
import { tuneOpus } from './opus-tuning.js';
import { candidateTypeOf, readLinkStats, stripNonRelayCandidates, type LinkStats } from './stats.js';

/** How long candidates are gathered into one message before it is sent, in milliseconds. */
export const CANDIDATE_BATCH_MS = 40;
/**
 * How long a connection may stay "disconnected" before an ICE restart, in milliseconds. Chromium
 * says "disconnected" after a few seconds without packets, which a busy machine also produces;
 * restarting then only adds load, so it gets time to come back by itself first.
 */
export const DISCONNECTED_GRACE_MS = 6_000;
/** How long my offer may go unanswered before it is sent again, in milliseconds. */
export const OFFER_RESEND_MS = 8_000;
/** How long a first ICE restart may take before another is tried, in milliseconds; each retry doubles it. */
export const ICE_RESTART_RETRY_MS = 10_000;
/** The longest wait between ICE restart retries, in milliseconds. */
export const MAX_ICE_RESTART_RETRY_MS = 60_000;
/** Chat messages held while the channel opens. */
export const MAX_QUEUED_CHAT = 50;
/** The negotiated DataChannel id both sides use for chat. */
export const CHAT_CHANNEL_ID = 0;
/** How long the polite side waits for the first offer before offering itself, in milliseconds. */
export const FIRST_OFFER_WAIT_MS = 4_000;
/** How long the polite side lets the impolite side lead an ICE restart before starting one, in milliseconds. */
export const POLITE_RESTART_DELAY_MS = 5_000;

/** Why a peer was refused. */
export type SecurityFailure = 'sdp-mac' | 'dtls-certificate';

/** What a session tells the call. */
export interface PeerSessionEvents {
  /** Connection state, remote stream or path changed. */
  changed(): void;
  chat(text: string): void;
  chatRejected(reason: ChatRejection): void;
  /** The peer failed authentication; the session is closed. */
  security(failure: SecurityFailure): void;
  /** In relay-only mode the peer offered a non-relay candidate (dropped). */
  nonRelayCandidate(): void;
  /** An ICE restart began. */
  iceRestart(): void;
}

/** Everything one session needs. */
export interface PeerSessionOptions {
  readonly room: string;
  readonly me: string;
  readonly peer: string;
  readonly keys: PairKeys;
  readonly chat: ChatSession;
  readonly rtc: RTCConfiguration;
  readonly relayOnly: boolean;
  readonly localStream: MediaStream | undefined;
  /** Sends a sealed signal to this peer. */
  readonly send: <K extends 'offer' | 'answer' | 'ice'>(type: K, payload: PayloadOf[K]) => void;
  readonly events: PeerSessionEvents;
}

/** Not every browser has getRemoteCertificates (Firefox lacks it); the check runs where it exists. */
type DtlsTransportWithCertificates = Omit<RTCDtlsTransport, 'getRemoteCertificates'> & {
  getRemoteCertificates?(): ArrayBuffer[];
};

/**
 * Perfect negotiation (webrtc/samples peer.js): either side may offer at any time; on a
 * collision the polite side (lower peer id) yields and the impolite side ignores the
 * other's offer. Every description carries a MAC over its DTLS fingerprints under the
 * pairwise key, so the certificate that secures the voice is the one the verified identity
 * vouched for; a description whose MAC fails closes the session.
 */
export class PeerSession {
  readonly pc: RTCPeerConnection;
  readonly polite: boolean;
  remoteStream: MediaStream | undefined;
  link: LinkStats | undefined;
  failure: SecurityFailure | undefined;
  /** True once the DTLS certificate was checked against the authenticated fingerprints. */
  dtlsVerified = false;
  private makingOffer = false;
  private ignoreOffer = false;
  private isSettingRemoteAnswerPending = false;
  private inbox: Promise<void> = Promise.resolve();
  private outbox: Promise<void> = Promise.resolve();
  private candidates: RTCIceCandidateInit[] = [];
  private candidateTimer: ReturnType<typeof setTimeout> | undefined;
  private disconnectedTimer: ReturnType<typeof setTimeout> | undefined;
  private restartTimer: ReturnType<typeof setTimeout> | undefined;
  private channel: RTCDataChannel | undefined;
  private localStream: MediaStream | undefined;
  private firstOfferTimer: ReturnType<typeof setTimeout> | undefined;
  private politeRestartTimer: ReturnType<typeof setTimeout> | undefined;
  private politeRestartReason: RestartReason | undefined;
  private restartAttempts = 0;
  private offerTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly chatQueue: string[] = [];
  private closed = false;

  constructor(private readonly options: PeerSessionOptions) {
    this.polite = options.me < options.peer;
    this.pc = new RTCPeerConnection(options.rtc);
    this.localStream = options.localStream;
    // The impolite side opens with the first offer; the polite side attaches its media when that
    // offer arrives. Two first offers would collide, and after the polite side's rollback Chromium
    // sometimes gathers no candidates for its answer, leaving the pair stuck.
    if (this.polite) this.firstOfferTimer = setTimeout(() => this.attachLocal(), FIRST_OFFER_WAIT_MS);
    else this.attachLocal();
    this.pc.onnegotiationneeded = () => void this.negotiate();
    this.pc.onicecandidate = ({ candidate }) => this.onLocalCandidate(candidate);
    this.pc.ontrack = (event) => {
      this.remoteStream = event.streams[0] ?? new MediaStream([event.track]);
      options.events.changed();
    };
    this.pc.onconnectionstatechange = () => this.onConnectionState();
  }

  get peer(): string {
    return this.options.peer;
  }

  get connectionState(): RTCPeerConnectionState {
    return this.pc.connectionState;
  }

  /** The receiver of the remote audio, once negotiated. */
  get audioReceiver(): RTCRtpReceiver | undefined {
    return this.remoteStream ? this.pc.getReceivers().find((r) => r.track.kind === 'audio') : undefined;
  }

  /** The remote audio track, once negotiated. */
  get remoteTrack(): MediaStreamTrack | undefined {
    return this.audioReceiver?.track;
  }

  /** Adds my audio and the chat channel (once); each triggers negotiation unless an offer is being answered. */
  private attachLocal(): void {
    clearTimeout(this.firstOfferTimer);
    if (this.channel || this.closed) return;
    const stream = this.localStream;
    const track = stream?.getAudioTracks()[0];
    if (track && stream) this.pc.addTrack(track, stream);
    else if (!this.pc.getTransceivers().some((t) => t.receiver.track.kind === 'audio')) this.pc.addTransceiver('audio', { direction: 'recvonly' });
    const channel = this.pc.createDataChannel('chat', { negotiated: true, id: CHAT_CHANNEL_ID, ordered: true });
    channel.binaryType = 'arraybuffer';
    channel.onopen = () => this.flushChat();
    channel.onmessage = (event: MessageEvent) => this.onChatFrame(event.data);
    this.channel = channel;
  }

  /** Handles an offer, answer or candidate batch from this peer, strictly in arrival order. */
  receive(signal: { type: 'offer' | 'answer'; payload: DescriptionPayload } | { type: 'ice'; payload: IcePayload }): void {
    this.inbox = this.inbox
      .then(() => (signal.type === 'ice' ? this.onRemoteCandidates(signal.payload) : this.onDescription(signal.type, signal.payload)))
      .catch((e: unknown) => reportDiagnostic('call', `remote-${signal.type}-failed`, e));
  }

  /** Sends my microphone track (or stops sending with undefined); renegotiates only if a new sender is needed. */
  async setLocalTrack(track: MediaStreamTrack | undefined, stream: MediaStream | undefined): Promise<void> {
    if (this.closed) return;
    this.localStream = stream;
    // Not attached yet (polite side waiting for the first offer): attachLocal will use this stream.
    if (!this.channel) return;
    const transceiver = this.pc.getTransceivers().find((t) => t.receiver.track.kind === 'audio' && t.currentDirection !== 'stopped');
    if (transceiver) {
      await transceiver.sender.replaceTrack(track ?? null);
      if (track && transceiver.direction === 'recvonly') transceiver.direction = 'sendrecv';
      if (track && stream) transceiver.sender.setStreams(stream);
    } else if (track && stream) {
      this.pc.addTrack(track, stream);
    }
  }

  /**
   * Starts an ICE restart: `connection` when the connection failed or stayed disconnected,
   * `silence` when the watchdog found it connected but carrying no audio. The impolite side
   * restarts at once; the polite side gives it time to lead, so both do not offer at the same
   * moment, and restarts itself only if the other side did not.
   */
  restartIce(reason: RestartReason): void {
    if (this.closed) return;
    if (!this.polite) return this.restartNow();
    if (this.politeRestartTimer !== undefined) return;
    const ufragAsked = iceUfragOf(this.pc.remoteDescription?.sdp);
    this.politeRestartReason = reason;
    this.politeRestartTimer = setTimeout(() => {
      this.politeRestartTimer = undefined;
      const ufragNow = iceUfragOf(this.pc.remoteDescription?.sdp);
      if (politeRestartDue({ reason, ufragAsked, ufragNow, connectionState: this.pc.connectionState })) this.restartNow();
    }, POLITE_RESTART_DELAY_MS);
  }

  private restartNow(): void {
    if (this.closed) return;
    this.options.events.iceRestart();
    // restartIce() only marks the next offer; with my offer out and unanswered (lost on the way, or
    // the peer is slow) that offer would wait for a stable state that never comes, so the pending
    // one goes out again too.
    this.pc.restartIce();
    if (this.pc.signalingState === 'have-local-offer' && !this.makingOffer) void this.sendDescription().catch((e: unknown) => reportDiagnostic('call', 'offer-resend-failed', e));
    clearTimeout(this.restartTimer);
    // Each retry waits longer: on an overloaded machine, restarts that pile up only add to the load.
    const wait = Math.min(ICE_RESTART_RETRY_MS * 2 ** this.restartAttempts, MAX_ICE_RESTART_RETRY_MS);
    this.restartAttempts += 1;
    this.restartTimer = setTimeout(() => {
      if (this.pc.connectionState !== 'connected') this.restartNow();
    }, wait);
  }

  /** Seals and sends a chat message (queued while the channel opens). */
  sendChat(text: string): void {
    if (this.closed) return;
    if (this.channel?.readyState !== 'open') {
      if (this.chatQueue.length < MAX_QUEUED_CHAT) this.chatQueue.push(text);
      return;
    }
    this.outbox = this.outbox
      .then(async () => {
        const frame = await sealChat(this.options.chat, utf8Encode(text));
        if (this.channel?.readyState === 'open') this.channel.send(frame);
      })
      .catch((e: unknown) => reportDiagnostic('call', 'chat-send-failed', e));
  }

  /** Refreshes `link` from getStats. */
  async refreshStats(): Promise<LinkStats | undefined> {
    if (this.closed) return undefined;
    // A renegotiation while connected resets the check, and no state change may follow to redo it.
    if (!this.dtlsVerified && this.pc.connectionState === 'connected') await this.checkCertificate();
    if (this.closed) return undefined;
    this.link = await readLinkStats(this.pc);
    return this.link;
  }

  /** Closes the connection and stops every timer. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.candidateTimer);
    clearTimeout(this.disconnectedTimer);
    clearTimeout(this.restartTimer);
    clearTimeout(this.firstOfferTimer);
    clearTimeout(this.politeRestartTimer);
    clearTimeout(this.offerTimer);
    this.pc.onnegotiationneeded = null;
    this.pc.onicecandidate = null;
    this.pc.ontrack = null;
    this.pc.onconnectionstatechange = null;
    if (this.channel) {
      this.channel.onmessage = null;
      this.channel.onopen = null;
    }
    this.pc.close();
  }

  private async negotiate(): Promise<void> {
    if (this.closed) return;
    try {
      this.makingOffer = true;
      await this.pc.setLocalDescription();
      await this.sendDescription();
    } catch (error) {
      // Expected: a collision or a closed connection; the other side's offer or the next
      // negotiationneeded takes over. Anything else is recorded.
      const collision = error instanceof DOMException && (error.name === 'InvalidStateError' || error.name === 'InvalidModificationError');
      if (!collision && !this.closed) reportDiagnostic('call', 'negotiation-failed', error);
    } finally {
      this.makingOffer = false;
    }
  }

  /** Sends my offer again while it stays unanswered (lost on the way, or stuck behind a busy peer). */
  private watchOffer(): void {
    clearTimeout(this.offerTimer);
    this.offerTimer = setTimeout(() => {
      if (this.closed || this.pc.signalingState !== 'have-local-offer' || this.makingOffer) return;
      void this.sendDescription().catch((e: unknown) => reportDiagnostic('call', 'offer-resend-failed', e));
    }, OFFER_RESEND_MS);
  }

  private async sendDescription(): Promise<void> {
    const local = this.pc.localDescription;
    if (!local || (local.type !== 'offer' && local.type !== 'answer')) return;
    if (local.type === 'offer') this.watchOffer();
    const sdp = tuneOpus(this.options.relayOnly ? stripNonRelayCandidates(local.sdp).sdp : local.sdp);
    const { room, me, peer, keys } = this.options;
    const mac = await signSdp(keys, { room, from: me, to: peer, type: local.type }, sdp);
    this.options.send(local.type, { sdp, mac });
  }

  private async onDescription(type: 'offer' | 'answer', payload: DescriptionPayload): Promise<void> {
    if (this.closed) return;
    const { room, me, peer, keys } = this.options;
    if (!(await verifySdp(keys, { room, from: peer, to: me, type }, payload.sdp, payload.mac))) {
      this.refuse('sdp-mac');
      return;
    }
    let sdp = payload.sdp;
    if (this.options.relayOnly) {
      const stripped = stripNonRelayCandidates(sdp);
      if (stripped.removed > 0) this.options.events.nonRelayCandidate();
      sdp = stripped.sdp;
    }
    const readyForOffer = !this.makingOffer && (this.pc.signalingState === 'stable' || this.isSettingRemoteAnswerPending);
    const offerCollision = type === 'offer' && !readyForOffer;
    this.ignoreOffer = !this.polite && offerCollision;
    if (this.ignoreOffer) {
      // The polite side offered instead of answering mine, so mine may never have reached it:
      // send it again; the polite side yields to it.
      if (this.pc.localDescription?.type === 'offer' && !this.makingOffer) await this.sendDescription();
      return;
    }
    this.isSettingRemoteAnswerPending = type === 'answer';
    try {
      await this.pc.setRemoteDescription({ type, sdp });
    } finally {
      this.isSettingRemoteAnswerPending = false;
    }
    if (type === 'offer') {
      // addTrack now reuses the offered audio transceiver, so the answer carries my audio.
      this.attachLocal();
      await this.pc.setLocalDescription();
      await this.sendDescription();
    }
    // A new remote certificate may come with this description; check it once connected.
    this.dtlsVerified = false;
    if (this.pc.connectionState === 'connected') await this.checkCertificate();
  }

  private async onRemoteCandidates(payload: IcePayload): Promise<void> {
    if (this.closed) return;
    for (const candidate of payload.c) {
      const type = candidateTypeOf(candidate.candidate ?? '');
      if (this.options.relayOnly && candidate.candidate && type !== 'relay') {
        this.options.events.nonRelayCandidate();
        continue;
      }
      try {
        await this.pc.addIceCandidate(candidate);
      } catch (error) {
        // Candidates for an offer we ignored in a collision are expected to fail.
        if (!this.ignoreOffer) throw error;
      }
    }
  }

  private onLocalCandidate(candidate: RTCIceCandidate | null): void {
    if (candidate === null) return this.flushCandidates(true);
    if (candidate.candidate === '') return;
    if (this.options.relayOnly && candidate.type !== 'relay') return;
    this.candidates.push(candidate.toJSON());
    if (this.candidates.length >= MAX_CANDIDATES_PER_MESSAGE) return this.flushCandidates(false);
    this.candidateTimer ??= setTimeout(() => this.flushCandidates(false), CANDIDATE_BATCH_MS);
  }

  /** Batches trickled candidates so ten peers stay under the relay's message rate. */
  private flushCandidates(end: boolean): void {
    clearTimeout(this.candidateTimer);
    this.candidateTimer = undefined;
    if (this.closed || (this.candidates.length === 0 && !end)) return;
    const batch = this.candidates;
    this.candidates = [];
    this.options.send('ice', end ? { c: batch, end } : { c: batch });
  }

  private onConnectionState(): void {
    const state = this.pc.connectionState;
    this.options.events.changed();
    if (state === 'connected') {
      clearTimeout(this.disconnectedTimer);
      clearTimeout(this.restartTimer);
      this.restartAttempts = 0;
      // A pending restart for a dropped connection is moot now; one for silence is not.
      if (this.politeRestartReason === 'connection') {
        clearTimeout(this.politeRestartTimer);
        this.politeRestartTimer = undefined;
      }
      this.disconnectedTimer = undefined;
      void this.checkCertificate();
    } else if (state === 'failed') {
      this.restartIce('connection');
    } else if (state === 'disconnected') {
      clearTimeout(this.disconnectedTimer);
      this.disconnectedTimer = setTimeout(() => {
        if (this.pc.connectionState === 'disconnected' || this.pc.connectionState === 'failed') this.restartIce('connection');
      }, DISCONNECTED_GRACE_MS);
    }
  }

  /** Compares the certificate DTLS actually used with the fingerprints the MAC authenticated. */
  private async checkCertificate(): Promise<void> {
    const remote = this.pc.remoteDescription;
    if (this.dtlsVerified || this.closed || !remote) return;
    const transport = (this.pc.getSenders()[0]?.transport ?? this.pc.sctp?.transport) as DtlsTransportWithCertificates | null | undefined;
    if (!transport || typeof transport.getRemoteCertificates !== 'function') return;
    const certificates = transport.getRemoteCertificates();
    const der = certificates[0];
    if (der === undefined) return;
    if (await certificateMatches(der, sdpFingerprints(remote.sdp))) {
      this.dtlsVerified = true;
      this.options.events.changed();
    } else {
      this.refuse('dtls-certificate');
    }
  }

  private flushChat(): void {
    for (const text of this.chatQueue.splice(0)) this.sendChat(text);
  }

  private onChatFrame(data: unknown): void {
    if (!(data instanceof ArrayBuffer)) return this.options.events.chatRejected('malformed');
    this.inbox = this.inbox
      .then(async () => {
        const opened = await openChat(this.options.chat, data);
        if (!opened.ok) return this.options.events.chatRejected(opened.reason);
        let text: string;
        try {
          text = utf8Decode(opened.plaintext);
        } catch {
          // Expected: a frame that opened but is not UTF-8, shown as a malformed message.
          return this.options.events.chatRejected('malformed');
        }
        this.options.events.chat(text);
      })
      .catch((e: unknown) => reportDiagnostic('call', 'chat-receive-failed', e));
  }

  private refuse(failure: SecurityFailure): void {
    this.failure = failure;
    this.close();
    this.options.events.security(failure);
    this.options.events.changed();
  }
}
