// The relay protocol client: admission, sealed envelopes in and out, pacing, and resume after a drop.
import { CLOSE, type ErrorCode } from '../../protocol/codes.js';
import { MIN_INVITE_TTL_SECONDS, RESUME_CREDENTIAL_TTL_MS } from '../../protocol/limits.js';
import type {
  ClientToServer,
  IceConfig,
  InviteUsedMessage,
  InvitedMessage,
  PeerId,
  Recipient,
  RevokedMessage,
  RoomSettings,
  ServerToClient,
  WelcomeMessage,
} from '../../protocol/messages.js';
import { parseServerMessage } from '../../protocol/parse.js';
import { utf8Decode, utf8Encode } from '../crypto/bytes.js';
import { ReplayWindow } from '../crypto/replay.js';
import { openSignal, readEnvelopeLabel, sealSignal, type EnvelopeLabel, type SignalOpenResult, type SignalRejection, type SignalType } from '../crypto/signal.js';
import { diagnostics } from '../diagnostics/sink.js';
import type { HeldKey, Keyring } from './keyring.js';
import { Pacer } from './pacer.js';
import { parsePayload, type InboundSignal, type PayloadOf } from './payloads.js';

/** First wait before a reconnect attempt, in milliseconds; doubles up to the maximum. */
export const RECONNECT_FIRST_DELAY_MS = 250;
/**
 * Longest wait between reconnect attempts, in milliseconds: a call retries at least this often for
 * as long as it lasts. Below 10 s so that, handshake included, a server that comes back is reached
 * within 10 s.
 */
export const RECONNECT_MAX_DELAY_MS = 8_000;
/** A resume attempt not answered by then is abandoned and tried again, in milliseconds (a dead network may never close the socket). */
export const RESUME_ATTEMPT_TIMEOUT_MS = 8_000;
/**
 * Signal counters reserved ahead of use. After a reload the page continues above the stored
 * reservation, so the others' replay windows accept it; a new reservation is stored when half
 * of the current one is used, long before it runs out.
 */
export const COUNTER_RESERVATION = 4_096;
/**
 * How long an envelope under a key this member does not hold waits for that key, in milliseconds:
 * after a rotation, a member may seal under the new key before its hand-over reaches me.
 */
export const UNKNOWN_KEY_WAIT_MS = 5_000;
/** What an invite's bootstrap key may seal: the joiner's hello (and goodbye) and the hand-over answering it. */
const BOOTSTRAP_TYPES: ReadonlySet<SignalType> = new Set(['hello', 'key', 'bye']);

/** An envelope that opened. */
type SignalOpened = Extract<SignalOpenResult, { ok: true }>;

/** Why an inbound envelope was dropped. */
export type EnvelopeRejection = SignalRejection | 'invalid' | 'unknown-key' | 'unknown-invite' | 'before-room-key' | 'invite-reused';

/**
 * Wait before reconnect attempt `attempt + 1` (0-based count of failed tries): doubling from
 * RECONNECT_FIRST_DELAY_MS, jittered down to half so members cut off together do not come back
 * in lockstep, and never above RECONNECT_MAX_DELAY_MS.
 */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(RECONNECT_FIRST_DELAY_MS * 2 ** Math.min(attempt, 16), RECONNECT_MAX_DELAY_MS);
  return Math.round(base * (0.5 + random() / 2));
}

/** Attempts at admission while the socket closes before the server answers (refused upgrade, dropped network). */
export const ADMISSION_ATTEMPTS = 5;
/** Wait before the second admission attempt, in milliseconds; it doubles for each later one. */
export const ADMISSION_RETRY_FIRST_MS = 400;

/**
 * Wait before admission attempt `attempt + 1`, jittered between half and one and a half of the
 * doubling base: people behind one address who click "Join" together (the relay caps unadmitted
 * connections per address) then come back spread out rather than all at once again.
 */
export function admissionRetryDelay(attempt: number, random: () => number = Math.random): number {
  return Math.round(ADMISSION_RETRY_FIRST_MS * 2 ** (attempt - 1) * (0.5 + random()));
}

/** How to ask for a seat: a new room, an invite, or the seat this member held before (a reload). */
export type Admission =
  | { readonly t: 'create'; readonly key?: string; readonly size?: number }
  | { readonly t: 'join'; readonly token: string }
  | { readonly t: 'resume'; readonly peer: PeerId; readonly secret: string };

/**
 * Connection state as the UI describes it. 'closed' is final: the call ended, or the server
 * refused this seat (see `refusal`); a lost connection is 'reconnecting' for as long as it takes.
 */
export type SignalingState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** What a rejoin after a reload needs from the client: the latest resume credential it holds and the counter reservation. */
export interface ResumeState {
  readonly peer: PeerId;
  /** The latest resume credential the server handed out (whatever message carried it). */
  readonly credential: string;
  /** Every counter this client will use is at most this; a reloaded page starts above it. */
  readonly counterCeiling: number;
}

/** The server refused admission (or the resume); `code` says why. */
export class AdmissionError extends Error {
  override readonly name = 'AdmissionError';
  constructor(readonly code: ErrorCode | 'closed') {
    super(`admission refused: ${code}`);
  }
}

/** What the client reports; every callback is required (a caller that ignores an event passes a no-op). */
export interface SignalingEvents {
  /** Admitted, or resumed after a drop (`welcome.resumed`). */
  welcome(welcome: WelcomeMessage): void;
  peerJoined(peer: PeerId): void;
  peerLeft(peer: PeerId): void;
  /**
   * An authentic, fresh, well-formed signal from `from`. That sender's next envelope is opened
   * only once a returned promise settles, so a hello's key derivation finishes before its offer.
   * `sealedWith` is the key it opened with: the current room key, a replaced one, or an invite's.
   */
  signal(from: PeerId, signal: InboundSignal, broadcast: boolean, sealedWith: HeldKey): void | Promise<void>;
  /** An envelope from `from` that was dropped, and why. */
  rejected(from: PeerId, reason: EnvelopeRejection): void;
  invite(message: InvitedMessage | InviteUsedMessage | RevokedMessage): void;
  /** A non-fatal error the server reported. */
  serverError(code: ErrorCode): void;
  state(state: SignalingState): void;
  /** The resume credential or counter reservation changed: store it for a rejoin. */
  resumeState(state: ResumeState): void;
  /** Fresh TURN credentials for this member, sent while it is in the room (`ice-renewed`). */
  iceRenewed(ice: IceConfig): void;
  /** The room's size or lock changed (a member changed them). */
  settings(settings: RoomSettings): void;
}

/** Everything the client needs; `signal` ends it. */
export interface SignalingOptions {
  /** `ws(s)://host/ws/ROOM`. */
  readonly url: string;
  readonly room: string;
  /** The keys envelopes are sealed and opened with; the call adds and rotates them. */
  readonly keyring: Keyring;
  readonly events: SignalingEvents;
  readonly signal: AbortSignal;
  /** Socket factory, replaceable in unit tests. */
  readonly createSocket?: (url: string) => WebSocket;
  /** First signal counter to use minus one: the stored reservation when rejoining after a reload. */
  readonly counterFloor?: number;
  /** Randomness for the reconnect jitter, replaceable in unit tests. */
  readonly random?: () => number;
}

type Outbound = Exclude<ClientToServer, { t: 'create' | 'join' | 'resume' }> extends infer M
  ? M extends { ts: number }
    ? Omit<M, 'ts'>
    : never
  : never;

/**
 * Speaks the relay protocol for one call. Every payload is sealed with the current room key (or,
 * before a joiner has one, its invite's bootstrap key) under a per-sender counter; each sender's inbound envelopes are opened one at a time, in arrival order,
 * because the replay window only accepts increasing counters from a sender. Different senders
 * do not wait for each other: with nine people joining at once, a hello's key derivation would
 * otherwise hold up every other person's offer. After an unexpected drop it resumes with the
 * latest resume credential while the caller's peer connections keep running, for as long as the
 * call lasts and the credential is valid (a restarted or failed-over server accepts it as well);
 * only a refusal of the seat, or a credential that ran out, is final.
 */
export class SignalingClient {
  private socket: WebSocket | undefined;
  private admitted = false;
  private me: PeerId | undefined;
  private resumeCredential: string | undefined;
  /** When the current credential arrived (performance.now()); it is valid for `credentialTtlMs` after. */
  private credentialAt = 0;
  private credentialTtlMs = RESUME_CREDENTIAL_TTL_MS;
  /** Invites I registered and nobody has used or withdrawn: hash → expiry (Date.now() clock). */
  private readonly myInvites = new Map<string, number>();
  private lastTs = 0;
  private counter = 0;
  private sealing: Promise<void> = Promise.resolve();
  /** Per sender, the envelope being opened and handled now; later ones from that sender wait on it. */
  private readonly inbox = new Map<PeerId, Promise<void>>();
  private readonly replay = new ReplayWindow();
  private readonly pacer: Pacer<Outbound>;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private attemptTimer: ReturnType<typeof setTimeout> | undefined;
  private attempts = 0;
  private counterCeiling: number;
  private currentState: SignalingState = 'connecting';
  private refusedWith: ErrorCode | 'replaced' | undefined;
  /** The room's size and lock as last told; sent again to a node that re-created the room. */
  private roomSettings: RoomSettings | undefined;

  constructor(private readonly options: SignalingOptions) {
    this.counter = options.counterFloor ?? 0;
    this.counterCeiling = this.counter;
    this.pacer = new Pacer((msg) => this.transmit(msg));
    options.signal.addEventListener('abort', () => this.shutdown(), { once: true });
  }

  /** Why the server ended this seat, once state is 'closed' without the call ending. */
  get refusal(): ErrorCode | 'replaced' | undefined {
    return this.refusedWith;
  }

  /** While reconnecting, tries again now instead of waiting out the backoff (the network just came back). */
  retryNow(): void {
    if (this.currentState !== 'reconnecting' || this.reconnectTimer === undefined) return;
    clearTimeout(this.reconnectTimer);
    this.resume();
  }

  /** My peer id once admitted. */
  get peerId(): PeerId | undefined {
    return this.me;
  }

  get state(): SignalingState {
    return this.currentState;
  }

  /**
   * Opens the socket and asks for a seat; resolves with the first welcome. A socket that closes
   * before the server said anything is tried again (ADMISSION_ATTEMPTS in all): nothing was
   * decided, and a single-use invite is only spent once admitted. A refusal is final.
   */
  async start(admission: Admission): Promise<WelcomeMessage> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.admitOnce(admission);
      } catch (error) {
        const unanswered = error instanceof AdmissionError && error.code === 'closed';
        if (!unanswered || attempt >= ADMISSION_ATTEMPTS || this.options.signal.aborted) throw error;
        await this.pause(admissionRetryDelay(attempt));
      }
    }
  }

  /** Waits `ms`, or rejects as closed when the call ends meanwhile. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.options.signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(new AdmissionError('closed'));
      };
      this.options.signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private admitOnce(admission: Admission): Promise<WelcomeMessage> {
    return new Promise((resolve, reject) => {
      const socket = this.open();
      let settled = false;
      socket.addEventListener('open', () => this.sendNow(admission));
      const onMessage = (event: MessageEvent): void => {
        if (settled || typeof event.data !== 'string') return;
        const parsed = parseServerMessage(event.data);
        if (!parsed.ok) return;
        if (parsed.msg.t === 'welcome') {
          settled = true;
          resolve(parsed.msg);
        } else if (parsed.msg.t === 'error') {
          settled = true;
          reject(new AdmissionError(parsed.msg.code));
        }
      };
      socket.addEventListener('message', onMessage);
      socket.addEventListener('close', () => {
        if (!settled) reject(new AdmissionError('closed'));
        settled = true;
      });
      this.options.signal.addEventListener(
        'abort',
        () => {
          if (!settled) reject(new AdmissionError('closed'));
          settled = true;
        },
        { once: true },
      );
    });
  }

  /**
   * Seals `payload` for `to` (a peer or '*') and queues it; order of calls is order on the wire.
   * The key is chosen now: `via` (a key id) when given, else the current room key; a joiner
   * without one seals its hello and goodbye under its invite's key, and anything else waits for
   * the room key (an offer is never sealed under a key the invite link gives away).
   */
  send<K extends SignalType>(to: Recipient, type: K, payload: PayloadOf[K], via?: string): void {
    if (this.me === undefined || this.options.signal.aborted) return;
    const from = this.me;
    const counter = ++this.counter;
    this.reserveCounters();
    const bytes = utf8Encode(JSON.stringify(payload));
    const keyring = this.options.keyring;
    const chosen = via === undefined ? (keyring.current ?? (BOOTSTRAP_TYPES.has(type) ? keyring.ownInvite : undefined)) : keyring.lookup(via);
    this.sealing = this.sealing
      .then(async () => {
        const held = chosen ?? (await this.roomKey());
        return sealSignal(held.key, { room: this.options.room, from, to, type, counter }, bytes, held.kind === 'invite');
      })
      .then(
        (data) => this.pacer.push({ t: 'send', to, data }),
        () => undefined,
      );
  }

  /** The current room key, once this member has one; rejects when the call ends first. */
  private async roomKey(): Promise<HeldKey> {
    for (;;) {
      const current = this.options.keyring.current;
      if (current !== undefined) return current;
      if (this.options.signal.aborted) throw new AdmissionError('closed');
      await this.options.keyring.nextChange(UNKNOWN_KEY_WAIT_MS);
    }
  }

  /** Reserves counters ahead and reports the reservation before half of the current one is used. */
  private reserveCounters(): void {
    if (this.me === undefined || this.counter + COUNTER_RESERVATION / 2 <= this.counterCeiling) return;
    this.counterCeiling = this.counter + COUNTER_RESERVATION;
    this.reportResumeState();
  }

  /** The latest credential the client holds, whichever server message carried it. */
  private adoptCredential(credential: string): void {
    this.resumeCredential = credential;
    this.credentialAt = performance.now();
    this.reportResumeState();
  }

  private reportResumeState(): void {
    if (this.me === undefined || this.resumeCredential === undefined) return;
    this.options.events.resumeState({ peer: this.me, credential: this.resumeCredential, counterCeiling: this.counterCeiling });
  }

  /** Registers an invite hash with the server for `ttl` seconds. */
  invite(hash: string, ttl: number): void {
    this.myInvites.set(hash, Date.now() + ttl * 1000);
    this.pacer.push({ t: 'invite', hash, ttl });
  }

  /** Changes the room's size or lock; every member, this one included, is told with `settings`. */
  changeSettings(settings: RoomSettings): void {
    this.pacer.push({ t: 'settings', size: settings.size, locked: settings.locked });
  }

  /** Withdraws an unused invite. */
  revoke(hash: string): void {
    this.myInvites.delete(hash);
    this.pacer.push({ t: 'revoke', hash });
  }

  /**
   * After a resume onto a node that re-created the room (restart, failover): its size and lock as
   * this member knew them, and my unused invites, since that node never saw them.
   */
  private restoreRoom(fresh: RoomSettings): void {
    const known = this.roomSettings;
    if (known === undefined) this.roomSettings = fresh;
    else if (known.size !== fresh.size || known.locked !== fresh.locked) this.changeSettings(known);
    this.reregisterInvites();
  }

  /** Registers my still-unused invites again for what is left of their lifetime. */
  private reregisterInvites(): void {
    const now = Date.now();
    for (const [hash, expires] of this.myInvites) {
      const ttl = Math.floor((expires - now) / 1000);
      if (ttl < MIN_INVITE_TTL_SECONDS) this.myInvites.delete(hash);
      else this.pacer.push({ t: 'invite', hash, ttl });
    }
  }

  /** Says goodbye (after queued envelopes are sealed and sent) and closes for good. */
  async leave(): Promise<void> {
    // Without a room key, queued offers wait for one that may never come; the goodbye does not.
    if (this.options.keyring.current !== undefined) await this.sealing;
    if (this.admitted && this.socket?.readyState === WebSocket.OPEN) {
      // Flush what is queued first so a `bye` reaches the others before the seat is freed.
      this.pacer.flush();
      this.sendNow({ t: 'leave' });
    }
    this.shutdown();
  }

  private open(): WebSocket {
    const socket = (this.options.createSocket ?? ((url) => new WebSocket(url)))(this.options.url);
    this.socket = socket;
    socket.addEventListener('message', (event) => {
      if (socket === this.socket && typeof event.data === 'string') this.onFrame(event.data);
    });
    socket.addEventListener('close', (event) => {
      if (socket === this.socket) this.onClose(event.code);
    });
    return socket;
  }

  private stamp(): number {
    this.lastTs = Math.max(Date.now(), this.lastTs + 1);
    return this.lastTs;
  }

  private sendNow(msg: Outbound | Admission): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify({ ...msg, ts: this.stamp() }));
    return true;
  }

  private transmit(msg: Outbound): boolean {
    if (!this.admitted) return false;
    return this.sendNow(msg);
  }

  private setState(state: SignalingState): void {
    if (state === this.currentState) return;
    this.currentState = state;
    this.options.events.state(state);
  }

  private onFrame(frame: string): void {
    const parsed = parseServerMessage(frame);
    if (!parsed.ok) return;
    const msg: ServerToClient = parsed.msg;
    switch (msg.t) {
      case 'welcome':
        clearTimeout(this.attemptTimer);
        this.admitted = true;
        this.me = msg.you;
        this.credentialTtlMs = msg.limits.resumeTtlMs;
        this.attempts = 0;
        if (this.counterCeiling < this.counter + COUNTER_RESERVATION / 2) this.counterCeiling = this.counter + COUNTER_RESERVATION;
        this.adoptCredential(msg.resume);
        this.setState('open');
        this.options.events.welcome(msg);
        if (msg.restored === true) this.restoreRoom(msg.settings);
        else this.roomSettings = msg.settings;
        this.pacer.flush();
        return;
      case 'resume-renewed':
        this.adoptCredential(msg.resume);
        return;
      case 'ice-renewed':
        return this.options.events.iceRenewed(msg.ice);
      case 'settings':
        this.roomSettings = { size: msg.size, locked: msg.locked };
        return this.options.events.settings(this.roomSettings);
      case 'peer-joined':
        return this.options.events.peerJoined(msg.peer);
      case 'peer-left':
        return this.options.events.peerLeft(msg.peer);
      case 'relay':
        // A failing handler must not stop the queue: every later envelope would be dropped.
        this.enqueue(msg.from, msg.data);
        return;
      case 'invite-used':
      case 'revoked':
        this.myInvites.delete(msg.hash);
        return this.options.events.invite(msg);
      case 'invited':
        return this.options.events.invite(msg);
      case 'error':
        if (msg.code === 'rate_limited' || msg.code === 'byte_limited') this.pacer.backOff();
        if (this.admitted) this.options.events.serverError(msg.code);
        return;
    }
  }

  private enqueue(from: PeerId, data: string): void {
    const next = (this.inbox.get(from) ?? Promise.resolve()).then(() => this.openRelay(from, data)).catch(diagnostics.reportAs('signaling', 'relay-handler-failed'));
    this.inbox.set(from, next);
    void next.then(() => {
      if (this.inbox.get(from) === next) this.inbox.delete(from);
    });
  }

  private async openRelay(from: PeerId, data: string): Promise<void> {
    if (this.me === undefined || this.options.signal.aborted) return;
    const result = await this.openEnvelope(from, this.me, data);
    if ('reason' in result) {
      this.options.events.rejected(from, result.reason);
      return;
    }
    const { held, opened } = result;
    let value: unknown;
    try {
      value = JSON.parse(utf8Decode(opened.payload));
    } catch {
      // Expected: a sealed payload that is not UTF-8 JSON, refused as invalid.
      this.options.events.rejected(from, 'invalid');
      return;
    }
    const signal = parsePayload(opened.type, value);
    if (signal === undefined) {
      this.options.events.rejected(from, 'invalid');
      return;
    }
    await this.options.events.signal(from, signal, opened.broadcast, held);
  }

  /** Finds an envelope's key and opens it; an invite's key opens only bootstrap types, and only from the one member who used it. */
  private async openEnvelope(from: PeerId, me: PeerId, data: string): Promise<{ held: HeldKey; opened: SignalOpened } | { reason: EnvelopeRejection }> {
    const label = readEnvelopeLabel(data);
    if ('rejected' in label) return { reason: label.rejected };
    const held = await this.findKey(label);
    if (held === undefined) return { reason: label.bootstrap ? 'unknown-invite' : this.options.keyring.current === undefined ? 'before-room-key' : 'unknown-key' };
    if ((held.kind === 'invite') !== label.bootstrap) return { reason: 'tampered' };
    const opened = await openSignal(held.key, { room: this.options.room, me, from }, data, this.replay);
    if (!opened.ok) return { reason: opened.reason };
    if (held.kind === 'invite') {
      if (!BOOTSTRAP_TYPES.has(opened.type)) return { reason: 'invalid' };
      if (!this.options.keyring.useInvite(held.id, from)) return { reason: 'invite-reused' };
    }
    return { held, opened };
  }

  /**
   * The key an envelope names. An unknown room key is waited for (UNKNOWN_KEY_WAIT_MS): it may be
   * a rotation whose hand-over is still on its way. An unknown invite is not: most members do not
   * know the invite a joiner came with, and the joiner introduces itself again once it has the room key.
   * Nor is anything while I have no room key at all: a joiner is handed one by each member in that
   * member's own order, so waiting would hold up the very hand-over behind what the member
   * broadcast to the room before it.
   */
  private async findKey(label: EnvelopeLabel): Promise<HeldKey | undefined> {
    const keyring = this.options.keyring;
    let held = keyring.lookup(label.keyId);
    if (held !== undefined || label.bootstrap || keyring.current === undefined) return held;
    const deadline = performance.now() + UNKNOWN_KEY_WAIT_MS;
    while (held === undefined && !this.options.signal.aborted) {
      const left = deadline - performance.now();
      if (left <= 0) break;
      await keyring.nextChange(left);
      held = keyring.lookup(label.keyId);
    }
    return held;
  }

  private onClose(code: number): void {
    clearTimeout(this.attemptTimer);
    this.socket = undefined;
    this.admitted = false;
    // Not admitted yet: start() tries again or rejects, so the call is not over.
    if (this.options.signal.aborted || this.me === undefined) return;
    // A refused resume, another connection taking over the seat, or a credential that ran out ends
    // this page's seat; the caller decides what that means for connections still carrying audio.
    const final = code === CLOSE.admissionRefused.code || code === CLOSE.replaced.code;
    const resumable = this.resumeCredential !== undefined && performance.now() - this.credentialAt < this.credentialTtlMs;
    if (final || !resumable) {
      this.refusedWith ??= code === CLOSE.replaced.code ? 'replaced' : 'bad_resume';
      this.setState('closed');
      return;
    }
    this.setState('reconnecting');
    const delay = reconnectDelay(this.attempts, this.options.random);
    this.attempts += 1;
    this.reconnectTimer = setTimeout(() => this.resume(), delay);
  }

  private resume(): void {
    this.reconnectTimer = undefined;
    if (this.options.signal.aborted || this.me === undefined || this.resumeCredential === undefined) return;
    const socket = this.open();
    const peer = this.me;
    const secret = this.resumeCredential;
    socket.addEventListener('open', () => this.sendNow({ t: 'resume', peer, secret }));
    socket.addEventListener('message', (event) => {
      if (socket !== this.socket || typeof event.data !== 'string') return;
      const parsed = parseServerMessage(event.data);
      // The refusal's code arrives just before the close that ends the seat.
      if (parsed.ok && parsed.msg.t === 'error' && !this.admitted) this.refusedWith = parsed.msg.code;
    });
    // A network that went away may leave the attempt hanging without a close; give up on it and go on.
    this.attemptTimer = setTimeout(() => {
      if (socket === this.socket && !this.admitted) socket.close();
    }, RESUME_ATTEMPT_TIMEOUT_MS);
  }

  /** Drops the resume credential: after `leave` (or once it is useless) nothing may resume this seat. */
  private forgetCredential(): void {
    this.resumeCredential = undefined;
    this.myInvites.clear();
  }

  private shutdown(): void {
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.attemptTimer);
    this.forgetCredential();
    this.pacer.clear();
    const socket = this.socket;
    this.socket = undefined;
    this.admitted = false;
    if (socket && socket.readyState <= WebSocket.OPEN) socket.close(CLOSE.normal.code, CLOSE.normal.reason);
    this.setState('closed');
  }
}
