// The remote participants: hellos, pairwise keys, one PeerSession each, verification marks and the room code.
import { reportDiagnostic } from '../diagnostics/sink.js';
import type { PeerId } from '../../protocol/messages.js';
import { constantTimeEqual } from '../crypto/bytes.js';
import { createChatSession } from '../crypto/chat.js';
import { fingerprintOf, roomSafetyCode, safetyNumber, shortFingerprint } from '../crypto/fingerprint.js';
import type { Identity } from '../crypto/identity.js';
import { derivePairKeys } from '../crypto/pairwise.js';
import { checkFingerprintQr, type QrCheck } from '../crypto/qr.js';
import type { PayloadOf } from '../signaling/payloads.js';
import type { CallKeystore } from './keystore.js';
import { looksLikeAny } from './look-alike.js';
import type { ChatLog, NoticeKind } from './notices.js';
import { PeerSession } from './peer-session.js';
import type { VoiceActivity } from './voice-activity.js';
import { ReceiverVoiceActivity } from './voice-activity.js';
import { remoteAudioWatchdog, type RemoteRepair, type StallLadder } from './watchdog.js';

/**
 * People who left, remembered by peer id so one coming back under that id with another key still
 * raises the key-change alarm; the oldest is forgotten past this many.
 */
export const MAX_DEPARTED = 64;

/** What is remembered of someone who left. */
interface Departed {
  readonly key: Uint8Array<ArrayBuffer>;
  readonly name: string;
  readonly verified: boolean;
}

/**
 * The room code is computed once the roster has not changed for this long, in milliseconds: it is
 * stretched (2^16 PBKDF2 iterations), and nine people joining at once would otherwise compute it nine times.
 */
export const ROOM_CODE_SETTLE_MS = 300;

/** One remote participant and everything the call keeps about them. */
export interface Participant {
  readonly id: PeerId;
  readonly key: Uint8Array<ArrayBuffer>;
  /** SHA-256 of `key`: what a scanned fingerprint QR must match. */
  readonly fingerprint: Uint8Array<ArrayBuffer>;
  name: string;
  /** The page instance the current session was keyed with; a new one means their page reloaded. */
  instance: string | undefined;
  readonly shortFingerprint: string;
  readonly safetyNumber: string;
  session: PeerSession;
  vad: VoiceActivity | undefined;
  vadReceiver: RTCRtpReceiver | undefined;
  verified: boolean;
  /** Verified because the invite QR scanned from their screen commits to this key. */
  verifiedByInvite: boolean;
  remembered: boolean;
  sentNonRelay: boolean;
  attachEpoch: number;
  readonly watchdog: StallLadder<RemoteRepair>;
}

/** A hello as the roster receives it. */
export interface Hello {
  readonly from: PeerId;
  readonly key: Uint8Array<ArrayBuffer>;
  readonly name: string;
  readonly instance: string | undefined;
  /** Sent to everyone: answer it directly so the sender learns about me. */
  readonly broadcast: boolean;
}

/** Everything the roster needs from the call around it. */
export interface RosterOptions {
  readonly room: string;
  readonly identity: Identity;
  /** My page instance, bound into every pairwise key. */
  readonly instance: string;
  readonly me: () => PeerId;
  /** My display name, which nobody else's should look like. */
  readonly myName: () => string;
  readonly rtc: () => RTCConfiguration;
  readonly relayOnly: () => boolean;
  readonly localStream: () => MediaStream | undefined;
  readonly send: <K extends 'offer' | 'answer' | 'ice'>(to: PeerId, type: K, payload: PayloadOf[K]) => void;
  readonly sayHello: (to: PeerId) => void;
  readonly keystore: CallKeystore;
  /**
   * The invite's inviter: their peer id and the commitment (fingerprint prefix) to their key. The
   * key their hello brings must match it; `scanned` (the invite QR read in person) verifies them.
   */
  readonly inviter?: { readonly peer: PeerId; readonly commitment: Uint8Array<ArrayBuffer>; readonly scanned: boolean };
  /** Fingerprints (hex) verified earlier in this call, before a reload. */
  readonly verified: ReadonlySet<string>;
  readonly verifiedChanged: (verified: readonly string[]) => void;
  readonly notice: (kind: NoticeKind, name?: string) => void;
  readonly chat: ChatLog;
  readonly changed: () => void;
  readonly isEnded: () => boolean;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The participants of one call, keyed by peer id. */
export class Roster {
  private readonly people = new Map<PeerId, Participant>();
  /** Keys of people verified earlier in this call, by display name: a rejoin under that name with another key is flagged. */
  private readonly verifiedKeys = new Map<string, Uint8Array<ArrayBuffer>>();
  private readonly verifiedFingerprints: Set<string>;
  private readonly departed = new Map<PeerId, Departed>();
  private code: string | undefined;
  private codeGeneration = 0;
  private codeTimer: ReturnType<typeof setTimeout> | undefined;
  /** Whether anyone looked at the room code yet; until then it is not computed. */
  private codeShown = false;

  constructor(private readonly options: RosterOptions) {
    this.verifiedFingerprints = new Set(options.verified);
  }

  /** Every participant, in arrival order. */
  get all(): Participant[] {
    return [...this.people.values()];
  }

  /** How many participants there are. */
  get size(): number {
    return this.people.size;
  }

  /** The room safety code over everyone's keys, once computed. */
  get roomCode(): string | undefined {
    return this.code;
  }

  /** The participant with this peer id, if present. */
  get(peer: PeerId): Participant | undefined {
    return this.people.get(peer);
  }

  /** A hello: a newcomer gets keys and a session; a reloaded page gets fresh ones; a changed key is refused and flagged. */
  async onHello(hello: Hello): Promise<void> {
    const known = this.people.get(hello.from);
    if (known && !constantTimeEqual(known.key, hello.key)) {
      // The new key is ignored, and the person is no longer trusted until verified again.
      known.verified = false;
      this.options.notice('identity-changed', known.name);
      return;
    }
    if (known && known.instance === hello.instance) {
      if (known.name !== hello.name) this.warnIfLookAlike(known, hello.name);
      known.name = hello.name;
      if (hello.broadcast) this.options.sayHello(hello.from);
      this.options.changed();
      return;
    }
    if (known) return this.rekey(known, hello);
    return this.admit(hello);
  }

  /** Whether `key` is the key of someone in the call under `peer`, or of whoever last left under it. */
  knows(peer: PeerId, key: Uint8Array): boolean {
    const known = this.people.get(peer)?.key ?? this.departed.get(peer)?.key;
    return known !== undefined && constantTimeEqual(known, key);
  }

  /** Removes a participant (bye, or the relay says they left). */
  remove(peer: PeerId): void {
    const p = this.people.get(peer);
    if (!p) return;
    p.session.close();
    p.vad?.stop();
    this.people.delete(peer);
    // A server event is not evidence: whoever comes back under this id must show the same key.
    this.departed.delete(peer);
    this.departed.set(peer, { key: p.key, name: p.name, verified: p.verified });
    if (this.departed.size > MAX_DEPARTED) this.departed.delete(this.departed.keys().next().value!);
    this.scheduleRoomCode();
    this.options.changed();
  }

  /** Closes every session. */
  closeAll(): void {
    clearTimeout(this.codeTimer);
    for (const p of this.people.values()) {
      p.session.close();
      p.vad?.stop();
    }
    this.people.clear();
  }

  /** Marks a participant verified or not; a verification is remembered for a rejoin and, when opted in, on this device. */
  setVerified(peer: PeerId, verified: boolean): void {
    const p = this.people.get(peer);
    if (!p) return;
    p.verified = verified;
    if (!verified) p.verifiedByInvite = false;
    if (verified && p.name !== '') this.verifiedKeys.set(p.name, p.key);
    if (verified) this.verifiedFingerprints.add(hex(p.fingerprint));
    else this.verifiedFingerprints.delete(hex(p.fingerprint));
    this.options.verifiedChanged([...this.verifiedFingerprints]);
    if (verified) void this.options.keystore.rememberVerified(p.fingerprint, p.name).catch((e: unknown) => reportDiagnostic('keystore', 'remember-verified-failed', e));
    this.options.changed();
  }

  /** Checks a scanned fingerprint QR (constant time); marks verified only on 'match'. */
  async verifyByQr(peer: PeerId, text: string): Promise<QrCheck> {
    const p = this.people.get(peer);
    if (!p) return 'not-a-fingerprint';
    const check = await checkFingerprintQr(text, this.options.room, p.fingerprint);
    if (check === 'match' && this.people.get(peer) === p) this.setVerified(peer, true);
    return check;
  }

  /** Sends a chat line to everyone whose session is not refused. */
  sendChat(text: string): void {
    for (const p of this.people.values()) if (!p.session.failure) p.session.sendChat(text);
  }

  /** Hands a new microphone track to every session. */
  async setLocalTrack(track: MediaStreamTrack | undefined, stream: MediaStream): Promise<void> {
    await Promise.all([...this.people.values()].map((p) => p.session.setLocalTrack(track, stream)));
  }

  private async admit(hello: Hello): Promise<void> {
    const { from, key, name } = hello;
    const [fp, safety] = await Promise.all([fingerprintOf(key), safetyNumber(this.options.identity.publicRaw, key)]);
    const remembered = await this.options.keystore.checkContact(fp, name).catch((e: unknown) => {
      reportDiagnostic('keystore', 'contact-check-failed', e);
      return { kind: 'unknown' as const };
    });
    // Another hello from the same peer may have finished first while we were deriving.
    if (this.people.has(from) || this.options.isEnded()) return;
    const departed = this.departed.get(from);
    const earlier = name === '' ? undefined : this.verifiedKeys.get(name);
    if (departed !== undefined && !constantTimeEqual(departed.key, key)) {
      this.options.notice(departed.verified ? 'verified-key-changed' : 'returned-key-changed', name || departed.name);
    } else if (earlier !== undefined && !constantTimeEqual(earlier, key)) this.options.notice('verified-key-changed', name);
    if (remembered.kind === 'changed-key') this.options.notice('remembered-key-changed', name);
    const verifiedBefore = this.verifiedFingerprints.has(hex(fp));
    const invite = this.inviteCheck(from, fp);
    if (invite === 'mismatch') this.options.notice('invite-key-mismatch', name);
    const participant: Participant = {
      id: from,
      key,
      fingerprint: fp,
      name,
      instance: hello.instance,
      shortFingerprint: shortFingerprint(fp),
      safetyNumber: safety,
      session: undefined as unknown as PeerSession,
      vad: undefined,
      vadReceiver: undefined,
      verified: remembered.kind === 'verified' || verifiedBefore || invite === 'verifies',
      verifiedByInvite: invite === 'verifies',
      remembered: remembered.kind === 'verified',
      sentNonRelay: false,
      attachEpoch: 0,
      watchdog: remoteAudioWatchdog(),
    };
    // My hello goes out before the session exists: the session's first offer follows it, and the
    // other side drops signals from a peer it has had no hello from yet.
    if (hello.broadcast) this.options.sayHello(from);
    const session = await this.openSession(participant, hello.instance);
    if (session === undefined || this.people.has(from) || this.options.isEnded()) return session?.close();
    participant.session = session;
    this.people.set(from, participant);
    if (participant.verified && name !== '') this.verifiedKeys.set(name, key);
    // Kept like any other verification, so a reload or rejoin still knows this key was checked.
    if (invite === 'verifies') this.setVerified(from, true);
    this.warnIfLookAlike(participant, name);
    this.scheduleRoomCode();
    this.options.changed();
  }

  /**
   * Same peer, same key, another page instance: their page reloaded and rejoined the seat. The
   * old connection died with that page; a fresh session under fresh keys replaces it, and the
   * verification mark stays (the key is the one that was verified).
   */
  private async rekey(p: Participant, hello: Hello): Promise<void> {
    // As in admit: my hello before the new session's first offer.
    if (hello.broadcast) this.options.sayHello(p.id);
    const session = await this.openSession(p, hello.instance);
    if (session === undefined || this.people.get(p.id) !== p || this.options.isEnded()) return session?.close();
    p.session.close();
    p.vad?.stop();
    p.vad = undefined;
    p.vadReceiver = undefined;
    p.session = session;
    p.instance = hello.instance;
    if (p.name !== hello.name) this.warnIfLookAlike(p, hello.name);
    p.name = hello.name;
    p.attachEpoch += 1;
    this.options.changed();
  }

  /** A session with `p` keyed to their page `instance`; undefined when their key cannot be used. */
  private async openSession(p: Participant, instance: string | undefined): Promise<PeerSession | undefined> {
    let keys;
    try {
      const instances = instance === undefined ? undefined : { me: this.options.instance, peer: instance };
      keys = await derivePairKeys(this.options.identity, p.key, {
        room: this.options.room,
        me: this.options.me(),
        peer: p.id,
        ...(instances ? { instances } : {}),
      });
    } catch {
      // Expected: a hello whose key is not a valid P-256 point; that person gets no session.
      return undefined;
    }
    const chat = createChatSession(keys);
    const from = p.id;
    const session = new PeerSession({
      room: this.options.room,
      me: this.options.me(),
      peer: from,
      keys,
      chat,
      rtc: this.options.rtc(),
      relayOnly: this.options.relayOnly(),
      localStream: this.options.localStream(),
      send: (type, payload) => this.options.send(from, type, payload),
      events: {
        changed: () => {
          if (p.session === session) this.onSessionChanged(p);
        },
        chat: (text) => this.options.chat.add({ from, mine: false, name: p.name, text, warning: undefined }),
        chatRejected: (reason) => this.options.chat.add({ from, mine: false, name: p.name, text: undefined, warning: reason }),
        security: (failure) => this.options.notice(failure === 'sdp-mac' ? 'security-sdp-mac' : 'security-dtls-certificate', p.name),
        nonRelayCandidate: () => {
          if (!p.sentNonRelay) this.options.notice('non-relay', p.name);
          p.sentNonRelay = true;
        },
        iceRestart: () => this.options.notice('ice-restart', p.name),
      },
    });
    return session;
  }

  /**
   * What the invite says about `peer`'s key: nothing (not the inviter, or no commitment), a
   * mismatch (alarm), a match from a pasted link (nothing verified), or a match from an invite
   * QR scanned in person, which verifies them.
   */
  private inviteCheck(peer: PeerId, fp: Uint8Array): 'none' | 'mismatch' | 'matches' | 'verifies' {
    const inviter = this.options.inviter;
    if (inviter === undefined || inviter.peer !== peer) return 'none';
    if (!constantTimeEqual(fp.subarray(0, inviter.commitment.length), inviter.commitment)) return 'mismatch';
    return inviter.scanned ? 'verifies' : 'matches';
  }

  /** Warns when `name`, about to be `p`'s, looks like mine or another participant's. */
  private warnIfLookAlike(p: Participant, name: string): void {
    const others = [this.options.myName(), ...[...this.people.values()].filter((o) => o !== p).map((o) => o.name)];
    if (looksLikeAny(name, others)) this.options.notice('names-alike', name);
  }

  private onSessionChanged(p: Participant): void {
    const receiver = p.session.audioReceiver;
    if (receiver && receiver !== p.vadReceiver && !this.options.isEnded()) {
      p.vad?.stop();
      p.vadReceiver = receiver;
      p.vad = new ReceiverVoiceActivity(receiver);
    }
    this.options.changed();
  }

  /** From now on keeps the room code up to date (the verify panel shows it). */
  showRoomCode(): void {
    if (this.codeShown) return;
    this.codeShown = true;
    this.scheduleRoomCode();
  }

  /**
   * Recomputes the room code once the roster has been still for ROOM_CODE_SETTLE_MS (people arrive
   * in bursts), and only once someone has looked at it: 2^16 PBKDF2 iterations on every page while a
   * mesh forms slow the connections down on a busy phone.
   */
  private scheduleRoomCode(): void {
    if (!this.codeShown) return;
    clearTimeout(this.codeTimer);
    this.codeTimer = setTimeout(() => {
      if (!this.options.isEnded()) void this.updateRoomCode();
    }, ROOM_CODE_SETTLE_MS);
  }

  private async updateRoomCode(): Promise<void> {
    const keys = [this.options.identity.publicRaw, ...[...this.people.values()].map((p) => p.key)];
    const generation = ++this.codeGeneration;
    const code = await roomSafetyCode(this.options.room, keys);
    // The code is stretched (tens of ms): a slower earlier computation must not overwrite a newer one.
    if (generation !== this.codeGeneration) return;
    this.code = code;
    this.options.changed();
  }
}
