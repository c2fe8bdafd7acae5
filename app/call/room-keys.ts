// The room's key schedule for one member: hands the room key to newcomers pairwise, rotates it when someone leaves or an invite closes, shares invites.
import { reportDiagnostic } from '../diagnostics/sink.js';
import type { PeerId, Recipient } from '../../protocol/messages.js';
import { base64urlDecode, base64urlEncode } from '../crypto/base64url.js';
import { constantTimeEqual, randomBytes, utf8Decode, utf8Encode } from '../crypto/bytes.js';
import type { Identity } from '../crypto/identity.js';
import { openAnonymous, openFromPeer, sealAnonymously, sealToPeer } from '../crypto/peer-seal.js';
import { ROOM_SECRET_BYTES } from '../crypto/room-key.js';
import { isSecret } from '../../protocol/parse.js';
import type { SavedGrant } from '../rejoin/store.js';
import type { HeldKey, Keyring, RoomKeyGrant } from '../signaling/keyring.js';
import { cleanDisplayName, decodeKey, encodeKey, MAX_INSTANCE_CHARS, parseSharedInvites, type KeyPayload, type PayloadOf, type SharedInvite } from '../signaling/payloads.js';
import type { Hello } from './roster.js';

/**
 * After someone leaves, the lowest-ranked member waits this long before rotating, in milliseconds,
 * so several leaving together (a network cut) cost one rotation.
 */
export const ROTATION_SETTLE_MS = 250;

/** What a hand-over carries, sealed to one member. */
interface HandOver {
  readonly grant: RoomKeyGrant;
  readonly name: string;
  readonly instance: string | undefined;
  readonly invites: SharedInvite[];
}

/** A grant in its saved form. */
export function saveGrant(grant: RoomKeyGrant): SavedGrant {
  return { k: base64urlEncode(grant.material), e: grant.epoch, r: grant.rotator };
}

/** A saved grant back in use; undefined when it is not one. */
export function loadGrant(saved: unknown): RoomKeyGrant | undefined {
  if (typeof saved !== 'object' || saved === null) return undefined;
  const { k, e, r } = saved as Record<string, unknown>;
  if (!isSecret(k) || typeof e !== 'number' || !Number.isSafeInteger(e) || e < 0 || typeof r !== 'string' || r.length > 64) return undefined;
  const material = base64urlDecode(k);
  return material.length === ROOM_SECRET_BYTES ? { material, epoch: e, rotator: r } : undefined;
}

/** Inside a hand-over's anonymous seal: the sender's identity key and what it sealed from it. */
interface SealedSender {
  readonly key: string;
  readonly s: string;
}

/** The JSON object a hand-over layer holds; undefined when it is not one. */
function jsonObject(bytes: Uint8Array): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(utf8Decode(bytes));
  } catch {
    // Expected: not JSON, refused like any other malformed hand-over.
    return undefined;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function parseSealedSender(bytes: Uint8Array): SealedSender | undefined {
  const { key, s } = jsonObject(bytes) ?? {};
  return typeof key === 'string' && typeof s === 'string' ? { key, s } : undefined;
}

function parseHandOver(bytes: Uint8Array): HandOver | undefined {
  const value = jsonObject(bytes);
  if (value === undefined) return undefined;
  const { n, i, inv, ...grant } = value;
  const loaded = loadGrant(grant);
  const invites = parseSharedInvites(inv);
  if (loaded === undefined || invites === undefined || typeof n !== 'string') return undefined;
  if (i !== undefined && (typeof i !== 'string' || i.length === 0 || i.length > MAX_INSTANCE_CHARS)) return undefined;
  return { grant: loaded, name: cleanDisplayName(n), instance: i, invites };
}

/** Everything RoomKeys needs from the call around it. */
export interface RoomKeysOptions {
  readonly room: string;
  readonly identity: Identity;
  /** My page instance, told to whoever I hand the key to. */
  readonly instance: string;
  readonly keyring: Keyring;
  readonly me: () => PeerId;
  readonly myName: () => string;
  /** The members I have keys with (identity key known), by peer id. */
  readonly peers: () => readonly { readonly id: PeerId; readonly key: Uint8Array<ArrayBuffer> }[];
  readonly send: <K extends 'key' | 'invites'>(to: Recipient, type: K, payload: PayloadOf[K], via?: string) => void;
  /** My first room key arrived: introduce me to everyone under it (some could not read my invite's key). */
  readonly introduce: () => void;
  /** The current room key changed: keep it for a rejoin. */
  readonly keyChanged: (grant: RoomKeyGrant) => void;
  readonly signal: AbortSignal;
}

/** One member's side of the room key schedule (docs/crypto.md § Key schedule). */
export class RoomKeys {
  /** My invites by token hash: their key id, and the timer that closes them when they expire unused. */
  private readonly mine = new Map<string, { id: string; timer: ReturnType<typeof setTimeout> }>();
  private rotationTimer: ReturnType<typeof setTimeout> | undefined;
  private rotating: Promise<void> = Promise.resolve();

  constructor(private readonly options: RoomKeysOptions) {
    options.signal.addEventListener('abort', () => this.stop(), { once: true });
  }

  /**
   * Someone introduced themselves under a key other than the current room key (a joiner under its
   * invite's, a member back from a drop under one since replaced): seal the current room key to
   * them, under the key they can open. Does nothing before I have a room key myself.
   */
  async handOver(to: PeerId, theirKey: Uint8Array<ArrayBuffer>, via: HeldKey): Promise<void> {
    const grant = this.options.keyring.grant;
    if (grant === undefined) return;
    const payload = await this.sealHandOver(to, theirKey, grant, this.options.keyring.openInvites());
    this.options.send(to, 'key', payload, via.id);
  }

  /**
   * A hand-over to me. Opens it with the sender's key, adopts the room key when it supersedes mine
   * and returns the sender's introduction for the roster. A sender the roster knows under another
   * key gets nothing adopted: its introduction goes to the roster, which raises the key-change alarm.
   */
  async onKey(from: PeerId, payload: KeyPayload, knownKey: Uint8Array<ArrayBuffer> | undefined): Promise<Hello | undefined> {
    const { identity, room } = this.options;
    let bytes: Uint8Array<ArrayBuffer>;
    let key: Uint8Array<ArrayBuffer> | undefined;
    try {
      const outer = parseSealedSender(await openAnonymous(identity, room, payload.w));
      key = outer && decodeKey(outer.key);
      if (outer === undefined || key === undefined) {
        reportDiagnostic('keys', 'hand-over-malformed');
        return undefined;
      }
      if (knownKey !== undefined && !constantTimeEqual(knownKey, key)) return { from, key, name: '', instance: undefined, broadcast: false };
      bytes = await openFromPeer(identity, key, { room, from, to: this.options.me() }, outer.s);
    } catch (error) {
      reportDiagnostic('keys', 'hand-over-did-not-open', error);
      return undefined;
    }
    const handOver = parseHandOver(bytes);
    if (handOver === undefined) {
      reportDiagnostic('keys', 'hand-over-malformed');
      return undefined;
    }
    const first = this.options.keyring.grant === undefined;
    if (await this.options.keyring.adopt(handOver.grant)) this.options.keyChanged(handOver.grant);
    for (const invite of handOver.invites) await this.options.keyring.addInvite(invite.s, invite.x);
    if (first && this.options.keyring.grant !== undefined) this.options.introduce();
    return { from, key, name: handOver.name, instance: handOver.instance, broadcast: false };
  }

  /** Invites a member opened or closed; taken only under the current room key. */
  async onInvites(payload: PayloadOf['invites'], sealedWith: HeldKey): Promise<void> {
    if (sealedWith.kind !== 'room') return;
    for (const invite of payload.add) await this.options.keyring.addInvite(invite.s, invite.x);
    for (const id of payload.drop) this.options.keyring.dropInvite(id);
  }

  /** An invite of mine the relay confirmed: everyone in the call can now let its holder in, until it expires. */
  async minted(hash: string, secret: string, expires: number): Promise<void> {
    const id = await this.options.keyring.addInvite(secret, expires);
    const timer = setTimeout(() => this.closeInvite(hash), Math.max(0, expires - Date.now()));
    this.mine.set(hash, { id, timer });
    this.options.send('*', 'invites', { add: [{ s: secret, x: expires }], drop: [] });
  }

  /** The relay says an invite of mine was used: it stays (bound to whoever used it), and will not expire into a rotation. */
  inviteUsed(hash: string): void {
    const invite = this.mine.get(hash);
    if (invite === undefined) return;
    clearTimeout(invite.timer);
    this.mine.delete(hash);
  }

  /** An invite of mine was withdrawn or expired unused: everyone forgets its key, and the room key rotates. */
  closeInvite(hash: string): void {
    const invite = this.mine.get(hash);
    if (invite === undefined) return;
    clearTimeout(invite.timer);
    this.mine.delete(hash);
    this.options.keyring.dropInvite(invite.id);
    this.options.send('*', 'invites', { add: [], drop: [invite.id] });
    this.rotate();
  }

  /**
   * Someone left or was dropped for good: the member with the lowest peer id among those left
   * rotates the room key, after ROTATION_SETTLE_MS. Two members who see the room differently may
   * both rotate; `supersedes` makes everyone settle on the same key.
   */
  memberLeft(): void {
    clearTimeout(this.rotationTimer);
    this.rotationTimer = setTimeout(() => {
      const me = this.options.me();
      if (this.options.peers().every((p) => me < p.id)) this.rotate();
    }, ROTATION_SETTLE_MS);
  }

  /** Makes a new room key and seals it to every member I have keys with, under the key they hold now; then seals under it. */
  rotate(): void {
    this.rotating = this.rotating.then(() => this.rotateNow()).catch(diagnosticsFor('rotation-failed'));
  }

  private async rotateNow(): Promise<void> {
    const keyring = this.options.keyring;
    const current = keyring.current;
    const grant = keyring.grant;
    if (current === undefined || grant === undefined || this.options.signal.aborted) return;
    const next: RoomKeyGrant = { material: randomBytes(ROOM_SECRET_BYTES), epoch: grant.epoch + 1, rotator: this.options.me() };
    const invites = keyring.openInvites();
    const payloads = await Promise.all(this.options.peers().map(async (p) => [p.id, await this.sealHandOver(p.id, p.key, next, invites)] as const));
    for (const [to, payload] of payloads) this.options.send(to, 'key', payload, current.id);
    if (await keyring.adopt(next)) this.options.keyChanged(next);
  }

  /** The room key and who I am, sealed from my identity key to theirs, inside a seal from an ephemeral key that hides even my key. */
  private async sealHandOver(to: PeerId, theirKey: Uint8Array<ArrayBuffer>, grant: RoomKeyGrant, invites: SharedInvite[]): Promise<KeyPayload> {
    const { identity, room } = this.options;
    const content = { ...saveGrant(grant), n: this.options.myName(), i: this.options.instance, inv: invites };
    const s = await sealToPeer(identity, theirKey, { room, from: this.options.me(), to }, utf8Encode(JSON.stringify(content)));
    const sender: SealedSender = { key: encodeKey(identity.publicRaw), s };
    return { w: await sealAnonymously(theirKey, room, utf8Encode(JSON.stringify(sender))) };
  }

  private stop(): void {
    clearTimeout(this.rotationTimer);
    for (const invite of this.mine.values()) clearTimeout(invite.timer);
    this.mine.clear();
  }
}

function diagnosticsFor(code: string): (error: unknown) => void {
  return (error) => reportDiagnostic('keys', code, error);
}
