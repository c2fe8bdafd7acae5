// The envelope keys one member holds: the current room key, the few it replaced, and the bootstrap keys of open invites.
import { RESUME_CREDENTIAL_TTL_MS } from '../../protocol/limits.js';
import type { PeerId } from '../../protocol/messages.js';
import { base64urlDecode, base64urlEncode } from '../crypto/base64url.js';
import { inviteEnvelopeKey, roomEnvelopeKey, type EnvelopeKey } from '../crypto/room-key.js';

/**
 * How long a replaced room key still opens envelopes, in milliseconds: as long as a member can be
 * away and still resume (its resume credential's lifetime), so one that missed a rotation can be
 * heard, and handed the new key, when it comes back. Nothing is ever sealed under it again.
 */
export const RETIRED_KEY_TTL_MS = RESUME_CREDENTIAL_TTL_MS;
/** Replaced room keys kept at most; the oldest goes first. */
export const MAX_RETIRED_KEYS = 8;
/** Invites whose bootstrap keys are kept at most (the relay's cap on open invites per room). */
export const MAX_INVITE_KEYS = 50;

/** A room key of one epoch: its 32 random bytes (handed to members), its epoch and the member who made it. */
export interface RoomKeyGrant {
  readonly material: Uint8Array<ArrayBuffer>;
  readonly epoch: number;
  /** The peer id of the member who made it; '' for the key the room was created with. */
  readonly rotator: string;
}

/** Which kind of key opened an envelope. */
export type KeyKind = 'room' | 'retired' | 'invite';

/** A key found by its id. */
export interface HeldKey {
  readonly key: EnvelopeKey;
  readonly kind: KeyKind;
  readonly id: string;
}

interface InviteKey {
  readonly key: EnvelopeKey;
  readonly secret: string;
  /** Epoch milliseconds; the key stops opening anything after it. */
  readonly expires: number;
  /** The member who joined with it: the only one it bootstraps from then on. */
  usedBy: PeerId | undefined;
}

/**
 * Whether `grant` replaces `current`: a higher epoch wins, and of two made for the same epoch
 * (two members rotated at once) the one from the lower peer id, so every member ends on the same key.
 */
export function supersedes(grant: RoomKeyGrant, current: RoomKeyGrant | undefined): boolean {
  if (current === undefined) return true;
  if (grant.epoch !== current.epoch) return grant.epoch > current.epoch;
  return grant.rotator < current.rotator;
}

/** One member's envelope keys. */
export class Keyring {
  private currentGrant: RoomKeyGrant | undefined;
  private currentKey: HeldKey | undefined;
  private readonly retired = new Map<string, { key: HeldKey; until: number }>();
  private readonly invites = new Map<string, InviteKey>();
  private ownInviteId: string | undefined;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly room: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** The current room key's grant, if this member has one yet. */
  get grant(): RoomKeyGrant | undefined {
    return this.currentGrant;
  }

  /** The key everything is sealed under, once this member has a room key. */
  get current(): HeldKey | undefined {
    return this.currentKey;
  }

  /** The bootstrap key of the invite I joined with, until I have a room key. */
  get ownInvite(): HeldKey | undefined {
    const invite = this.ownInviteId === undefined ? undefined : this.invites.get(this.ownInviteId);
    return invite && { key: invite.key, kind: 'invite', id: this.ownInviteId! };
  }

  /**
   * Takes a room key if it supersedes the current one; returns whether it did. One that does not
   * is still kept for opening (its maker may have sealed a few envelopes under it before hearing
   * of the winner).
   */
  async adopt(grant: RoomKeyGrant): Promise<boolean> {
    const envelopeKey = await roomEnvelopeKey(grant.material, this.room);
    const held: HeldKey = { key: envelopeKey, kind: 'room', id: base64urlEncode(envelopeKey.id) };
    if (held.id === this.currentKey?.id) return false;
    if (!supersedes(grant, this.currentGrant)) {
      this.retire({ ...held, kind: 'retired' });
      return false;
    }
    if (this.currentKey) this.retire({ ...this.currentKey, kind: 'retired' });
    this.retired.delete(held.id);
    this.currentGrant = grant;
    this.currentKey = held;
    this.changed();
    return true;
  }

  /** Adds an invite's bootstrap key (base64url secret, expiry in epoch milliseconds); returns its key id. */
  async addInvite(secret: string, expires: number, own = false): Promise<string> {
    const envelopeKey = await inviteEnvelopeKey(base64urlDecode(secret), this.room);
    const id = base64urlEncode(envelopeKey.id);
    if (!this.invites.has(id)) {
      this.invites.set(id, { key: envelopeKey, secret, expires, usedBy: undefined });
      if (this.invites.size > MAX_INVITE_KEYS) this.invites.delete(this.invites.keys().next().value!);
    }
    if (own) this.ownInviteId = id;
    this.changed();
    return id;
  }

  /** Forgets an invite's key (revoked, expired): it opens nothing from now on. */
  dropInvite(id: string): void {
    if (id !== this.ownInviteId) this.invites.delete(id);
  }

  /** The invites this member can bootstrap from and nobody has used, for handing to a new member. */
  openInvites(): { s: string; x: number }[] {
    const now = this.now();
    return [...this.invites.entries()]
      .filter(([id, i]) => i.usedBy === undefined && i.expires > now && id !== this.ownInviteId)
      .map(([, i]) => ({ s: i.secret, x: i.expires }));
  }

  /**
   * Marks invite `id` as used by `peer`; false when someone else used it already. An invite
   * bootstraps one member only, whatever the relay says about its token.
   */
  useInvite(id: string, peer: PeerId): boolean {
    // My own invite carries the hand-overs of everyone who answers me.
    if (id === this.ownInviteId) return true;
    const invite = this.invites.get(id);
    if (invite === undefined) return false;
    invite.usedBy ??= peer;
    return invite.usedBy === peer;
  }

  /** The key with this id that still opens envelopes. */
  lookup(id: string): HeldKey | undefined {
    if (this.currentKey?.id === id) return this.currentKey;
    const now = this.now();
    const retired = this.retired.get(id);
    if (retired !== undefined) {
      if (retired.until > now) return retired.key;
      this.retired.delete(id);
    }
    const invite = this.invites.get(id);
    if (invite !== undefined && (invite.expires > now || id === this.ownInviteId)) return { key: invite.key, kind: 'invite', id };
    return undefined;
  }

  /** Resolves at the next key added or adopted, or after `ms`, whichever comes first. */
  nextChange(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private retire(key: HeldKey): void {
    this.retired.delete(key.id);
    this.retired.set(key.id, { key, until: this.now() + RETIRED_KEY_TTL_MS });
    while (this.retired.size > MAX_RETIRED_KEYS) this.retired.delete(this.retired.keys().next().value!);
  }

  private changed(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
