// A server-less two-person call: one RTCPeerConnection set up from scanned payloads, the DTLS certificate check, audio and chat.
import { reportDiagnostic } from '../diagnostics/sink.js';
import { constantTimeEqual } from '../crypto/bytes.js';
import { DEFAULT_PROCESSING, openMicrophone, stopStream } from '../call/media.js';
import { PayloadError, decodeDirectPayload, encodeDirectPayload, type DirectPayload, type DirectRole } from './payload.js';
import { LocalDescriptionError, opusPayloadType, payloadFromLocalDescription, remoteDescription } from './sdp.js';

/**
 * How long ICE gathering may take before the code is shown with the candidates found so far,
 * in milliseconds. With no STUN or TURN server only host candidates are gathered, which takes
 * well under a second; the bound is for a network interface that never answers.
 */
export const GATHER_TIMEOUT_MS = 5_000;
/** How long the caller's connection may take once it scanned the answer before it is given up, in milliseconds. */
export const CONNECT_TIMEOUT_MS = 30_000;
/**
 * How long the callee shows its answer and waits for the caller to scan it and connect, in
 * milliseconds. The callee's ICE checks wait meanwhile without failing (measured: 45 s in Chromium).
 */
export const ANSWER_SCAN_TIMEOUT_MS = 300_000;
/** Longest chat message sent or accepted, in UTF-16 code units. */
export const MAX_DIRECT_CHAT_CHARS = 2_000;
/**
 * How many times the remote certificate is looked for in getStats after the connection reports
 * 'connected': the stats can lag the state change, and a certificate not listed yet must not be
 * taken for a wrong one.
 */
const CERTIFICATE_STATS_ATTEMPTS = 8;
/** Pause between those looks, in milliseconds (2 s in all). */
const CERTIFICATE_STATS_RETRY_MS = 250;
/** Chat lines kept while my certificate check is still running. */
const MAX_EARLY_CHAT = 20;
/** The negotiated DataChannel id both sides use for chat (no in-band DataChannel handshake needed). */
const CHAT_CHANNEL_ID = 0;

/** Which side of the exchange this device is: the caller shows the offer, the callee scans it. */
export type DirectSide = 'caller' | 'callee';

/** Where the call is. */
export type DirectPhase = 'preparing' | 'show-offer' | 'show-answer' | 'connecting' | 'connected' | 'refused' | 'failed' | 'ended';

/** What went wrong, for the UI to explain. */
export type DirectProblem =
  | 'damaged'
  | 'other-version'
  | 'not-direct'
  | 'want-offer'
  | 'want-answer'
  | 'microphone'
  | 'no-network'
  | 'unreachable'
  | 'lost'
  | 'incompatible'
  | 'certificate-mismatch';

/** One chat line of a direct call. */
export interface DirectChatEntry {
  readonly id: number;
  readonly mine: boolean;
  readonly text: string;
  readonly at: number;
}

/** Everything the UI renders. */
export interface DirectSnapshot {
  readonly side: DirectSide;
  readonly phase: DirectPhase;
  /** The code to show (offer or answer), once prepared. */
  readonly localText: string | undefined;
  /** Connection state of the peer connection. */
  readonly connection: RTCPeerConnectionState;
  readonly remoteStream: MediaStream | undefined;
  /** Short form of the other device's DTLS fingerprint (first 8 bytes as 4 groups), once scanned. */
  readonly peerShortFingerprint: string;
  /** The other device presented the certificate whose fingerprint was scanned. */
  readonly dtlsVerified: boolean;
  readonly chat: readonly DirectChatEntry[];
  /** Why the last scan was refused or the call stopped. */
  readonly problem: DirectProblem | undefined;
}

/** Why a scanned code was not used; the call continues waiting for a good one. */
export class ScanRefused extends Error {
  constructor(readonly problem: DirectProblem) {
    super(`scanned code refused: ${problem}`);
    this.name = 'ScanRefused';
  }
}

function shortFingerprint(fingerprint: Uint8Array): string {
  const hex = Array.from(fingerprint.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join('');
  return hex.match(/.{4}/g)!.join(' ');
}

function base64Bytes(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

function waitForGathering(pc: RTCPeerConnection, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', check);
      resolve();
    };
    const check = (): void => {
      if (pc.iceGatheringState === 'complete') done();
    };
    const timer = setTimeout(done, GATHER_TIMEOUT_MS);
    pc.addEventListener('icegatheringstatechange', check);
    signal.addEventListener('abort', done, { once: true });
    check();
  });
}

/**
 * One server-less call. `startAsCaller()` prepares the offer code, `acceptAnswer()` takes the
 * scanned answer; `acceptOffer()` is the callee's side. Nothing here touches a server: no STUN or
 * TURN, only the host candidates carried in the codes. `hangUp()` ends everything it started.
 */
export class DirectCall {
  private readonly scope = new AbortController();
  private readonly pc = new RTCPeerConnection({ iceServers: [], bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
  private readonly channel = this.pc.createDataChannel('chat', { negotiated: true, id: CHAT_CHANNEL_ID });
  private mic: MediaStream | undefined;
  private phase: DirectPhase = 'preparing';
  private localText: string | undefined;
  private remoteStream: MediaStream | undefined;
  private peerFingerprint: Uint8Array | undefined;
  private dtlsVerified = false;
  private iceReached = false;
  /** A scanned code was taken; later scans are ignored. */
  private remoteTaken = false;
  private problem: DirectProblem | undefined;
  private readonly chat: DirectChatEntry[] = [];
  /** Lines that arrived before my own certificate check finished; shown once it passes. */
  private readonly early: string[] = [];
  private nextChatId = 1;
  private connectTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly side: DirectSide,
    private readonly onChange: () => void,
  ) {
    const { signal } = this.scope;
    this.pc.addEventListener('track', (event) => this.onTrack(event), { signal });
    this.pc.addEventListener('connectionstatechange', () => this.onConnectionState(), { signal });
    this.pc.addEventListener('iceconnectionstatechange', () => this.onIceState(), { signal });
    this.channel.addEventListener('message', (event: MessageEvent<unknown>) => this.onChatFrame(event.data), { signal });
    this.channel.addEventListener('close', () => this.phase === 'connected' && this.stop('ended', 'lost'), { signal });
  }

  /** What the UI shows now. */
  get snapshot(): DirectSnapshot {
    return {
      side: this.side,
      phase: this.phase,
      localText: this.localText,
      connection: this.pc.connectionState,
      remoteStream: this.remoteStream,
      peerShortFingerprint: this.peerFingerprint ? shortFingerprint(this.peerFingerprint) : '',
      dtlsVerified: this.dtlsVerified,
      chat: this.chat,
      problem: this.problem,
    };
  }

  /** The caller: opens the microphone, makes the offer and waits for gathering; then shows the offer code. */
  async startAsCaller(): Promise<void> {
    return this.guard(() => this.offer());
  }

  /**
   * The callee: takes the scanned offer, answers it and shows the answer code. Throws ScanRefused
   * for a code that is damaged, of another version, or not an offer (the UI keeps scanning).
   */
  async acceptOffer(text: string): Promise<void> {
    const offer = await this.decode(text, 'offer');
    // The scanner keeps reading while the answer is prepared; only the first good offer counts.
    if (this.remoteTaken) return;
    this.remoteTaken = true;
    return this.guard(() => this.answer(offer));
  }

  /** The caller: takes the scanned answer and connects. Throws ScanRefused like acceptOffer(). */
  async acceptAnswer(text: string): Promise<void> {
    const answer = await this.decode(text, 'answer');
    if (this.phase !== 'show-offer' || this.remoteTaken) return;
    this.remoteTaken = true;
    return this.guard(() => this.connect(answer));
  }

  /** Runs a step; a description the browser will not take ends the call with a plain reason. */
  private async guard(step: () => Promise<void>): Promise<void> {
    try {
      await step();
    } catch (error) {
      // Shown as "incompatible"; recorded too, since which step failed is worth knowing.
      reportDiagnostic('call', 'direct-step-failed', error);
      this.stop('failed', 'incompatible');
    }
  }

  private async offer(): Promise<void> {
    if (!(await this.openMic())) return;
    this.pc.addTransceiver(this.mic!.getAudioTracks()[0]!, { direction: 'sendrecv' });
    await this.pc.setLocalDescription(await this.pc.createOffer());
    await this.publishLocal('offer', 'show-offer');
  }

  private async answer(offer: DirectPayload): Promise<void> {
    if (!(await this.openMic())) return;
    this.peerFingerprint = offer.fingerprint;
    await this.pc.setRemoteDescription(remoteDescription(offer));
    // The template's audio m-line created this transceiver; it sends the microphone back.
    const transceiver = this.pc.getTransceivers()[0];
    if (transceiver) {
      transceiver.direction = 'sendrecv';
      await transceiver.sender.replaceTrack(this.mic!.getAudioTracks()[0] ?? null);
    }
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    await this.publishLocal('answer', 'show-answer');
    this.armConnectTimer(ANSWER_SCAN_TIMEOUT_MS);
  }

  private async connect(answer: DirectPayload): Promise<void> {
    this.peerFingerprint = answer.fingerprint;
    this.set('connecting');
    const localOffer = this.pc.localDescription?.sdp ?? '';
    await this.pc.setRemoteDescription(remoteDescription(answer, opusPayloadType(localOffer)));
    this.armConnectTimer(CONNECT_TIMEOUT_MS);
  }

  /** Sends a chat line over the DataChannel (DTLS-encrypted between the two verified devices). */
  sendChat(text: string): void {
    const line = text.slice(0, MAX_DIRECT_CHAT_CHARS);
    if (line === '' || this.channel.readyState !== 'open' || !this.dtlsVerified) return;
    this.channel.send(line);
    this.chat.push({ id: this.nextChatId++, mine: true, text: line, at: Date.now() });
    this.onChange();
  }

  /** Ends the call: closes the connection and the microphone. Safe to call more than once. */
  hangUp(): void {
    this.stop('ended', undefined);
  }

  private async decode(text: string, want: DirectRole): Promise<DirectPayload> {
    let payload: DirectPayload;
    try {
      payload = await decodeDirectPayload(text);
    } catch (error) {
      throw new ScanRefused(error instanceof PayloadError ? error.code : 'damaged');
    }
    if (payload.role !== want) throw new ScanRefused(want === 'offer' ? 'want-offer' : 'want-answer');
    return payload;
  }

  private async openMic(): Promise<boolean> {
    try {
      this.mic = await openMicrophone({ deviceId: undefined, processing: DEFAULT_PROCESSING });
    } catch {
      this.stop('failed', 'microphone');
      return false;
    }
    if (this.scope.signal.aborted) stopStream(this.mic);
    return !this.scope.signal.aborted;
  }

  private async publishLocal(role: DirectRole, phase: DirectPhase): Promise<void> {
    await waitForGathering(this.pc, this.scope.signal);
    if (this.scope.signal.aborted) return;
    try {
      this.localText = await encodeDirectPayload(payloadFromLocalDescription(this.pc.localDescription?.sdp ?? '', role));
    } catch (error) {
      this.stop('failed', error instanceof LocalDescriptionError && error.code === 'no-candidates' ? 'no-network' : 'incompatible');
      return;
    }
    this.set(phase);
  }

  private armConnectTimer(ms: number): void {
    clearTimeout(this.connectTimer);
    this.connectTimer = setTimeout(() => {
      if (this.phase !== 'connected') this.stop('failed', 'unreachable');
    }, ms);
  }

  private onTrack(event: RTCTrackEvent): void {
    this.remoteStream = event.streams[0] ?? new MediaStream([event.track]);
    this.onChange();
  }

  private onIceState(): void {
    const state = this.pc.iceConnectionState;
    if (state === 'connected' || state === 'completed') this.iceReached = true;
  }

  private onConnectionState(): void {
    const state = this.pc.connectionState;
    if (state === 'connected' && !this.dtlsVerified) void this.checkCertificate();
    if (state === 'failed') {
      // ICE got through but DTLS did not: the other end's certificate is not the scanned one.
      const dtls = this.pc.getSenders()[0]?.transport ?? this.pc.sctp?.transport;
      const mismatch = dtls?.state === 'failed' && (this.iceReached || dtls.iceTransport.state === 'connected');
      this.stop(mismatch ? 'refused' : 'failed', mismatch ? 'certificate-mismatch' : this.dtlsVerified ? 'lost' : 'unreachable');
      return;
    }
    this.onChange();
  }

  /** Compares the certificate the DTLS handshake presented (from getStats) with the scanned fingerprint. */
  private async checkCertificate(): Promise<void> {
    const expected = this.peerFingerprint;
    if (expected === undefined) {
      this.stop('refused', 'certificate-mismatch');
      return;
    }
    let der: string | undefined;
    for (let attempt = 0; der === undefined && attempt < CERTIFICATE_STATS_ATTEMPTS; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, CERTIFICATE_STATS_RETRY_MS));
      if (this.scope.signal.aborted) return;
      der = await this.remoteCertificate();
    }
    if (der === undefined) {
      this.stop('refused', 'certificate-mismatch');
      return;
    }
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', base64Bytes(der)));
    if (this.scope.signal.aborted) return;
    if (!constantTimeEqual(digest, expected)) {
      this.stop('refused', 'certificate-mismatch');
      return;
    }
    clearTimeout(this.connectTimer);
    this.dtlsVerified = true;
    for (const text of this.early.splice(0)) this.chat.push({ id: this.nextChatId++, mine: false, text, at: Date.now() });
    this.set('connected');
  }

  /** The remote DTLS certificate (base64 DER) from getStats, once the stats list it. */
  private async remoteCertificate(): Promise<string | undefined> {
    const stats = await this.pc.getStats();
    let certificateId: string | undefined;
    stats.forEach((report: { type: string; remoteCertificateId?: string }) => {
      if (report.type === 'transport' && report.remoteCertificateId) certificateId = report.remoteCertificateId;
    });
    if (certificateId === undefined) return undefined;
    return (stats.get(certificateId) as { base64Certificate?: string } | undefined)?.base64Certificate;
  }

  private onChatFrame(data: unknown): void {
    if (typeof data !== 'string' || data.length > MAX_DIRECT_CHAT_CHARS) return;
    if (!this.dtlsVerified) {
      if (this.early.length < MAX_EARLY_CHAT) this.early.push(data);
      return;
    }
    this.chat.push({ id: this.nextChatId++, mine: false, text: data, at: Date.now() });
    this.onChange();
  }

  private set(phase: DirectPhase): void {
    if (this.scope.signal.aborted) return;
    this.phase = phase;
    this.onChange();
  }

  private stop(phase: DirectPhase, problem: DirectProblem | undefined): void {
    if (this.scope.signal.aborted) return;
    this.phase = phase;
    this.problem = problem;
    this.scope.abort();
    clearTimeout(this.connectTimer);
    this.channel.close();
    this.pc.close();
    stopStream(this.mic);
    this.onChange();
  }
}
