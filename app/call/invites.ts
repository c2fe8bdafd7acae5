// Invites this member mints: single-use tokens whose hashes the relay registers, the shown link, and the list.
import type { ErrorCode } from '../../protocol/codes.js';
import type { InviteUsedMessage, InvitedMessage, RevokedMessage } from '../../protocol/messages.js';
import { formatInviteLink, INVITE_TTL_SECONDS, newInviteSecret, newInviteToken, tokenHash, type Inviter } from '../invite/link.js';

/** How long an invite registration waits for the relay's confirmation before asking again, in milliseconds. */
export const INVITE_RETRY_MS = 3_000;
/** Registration requests sent for one invite, while the relay is reachable, before giving up. */
export const MAX_INVITE_ATTEMPTS = 10;
/** Invites kept in the invite panel's list; the oldest used or withdrawn ones drop off first. */
export const MAX_LISTED_INVITES = 20;

/** The invite lifetimes a person can choose, in seconds: 15 minutes, 1 hour, 1 day (the relay's MAX_INVITE_TTL_SECONDS). */
export const INVITE_LIFETIMES_SECONDS = [900, INVITE_TTL_SECONDS, 86_400] as const;
/** One of the choosable invite lifetimes, in seconds. */
export type InviteLifetime = (typeof INVITE_LIFETIMES_SECONDS)[number];

/** An invite this member minted, as the invite panel lists it. */
export interface InviteView {
  readonly link: string;
  /** SHA-256 of the token: what the server knows it by, and what revoking names. */
  readonly hash: string;
  /** Expiry, epoch milliseconds (server clock). */
  readonly expires: number;
  readonly state: 'pending' | 'used' | 'revoked';
}

/** Why minting failed: the relay's cap on open invites, no confirmation, or the call ended. */
export type InviteFailure = 'too_many_invites' | 'unconfirmed' | 'aborted';

/** Minting an invite failed; `reason` says why. */
export class InviteError extends Error {
  override readonly name = 'InviteError';
  constructor(readonly reason: InviteFailure) {
    super(`invite not registered: ${reason}`);
  }
}

/** The relay operations invites need. */
export interface InviteRelay {
  invite(hash: string, ttl: number): void;
  revoke(hash: string): void;
  /** Whether the relay is reachable now; attempts only count while it is. */
  isOpen(): boolean;
}

/** Everything an InviteBook needs. */
export interface InviteBookOptions {
  readonly origin: string;
  readonly room: string;
  /**
   * An invite the relay confirmed: its token hash, its own bootstrap secret (in its link's fragment
   * and nowhere else) and its expiry (epoch milliseconds).
   */
  readonly minted: (hash: string, secret: string, expires: number) => void;
  /** Me as the links name me: my peer id and key commitment (known once admitted). */
  readonly inviter: () => Inviter | undefined;
  readonly relay: InviteRelay;
  /** The call's scope: aborting it rejects every pending mint. */
  readonly signal: AbortSignal;
  readonly changed: () => void;
}

interface Pending {
  readonly confirm: (expires: number) => void;
  readonly fail: (reason: InviteFailure) => void;
}

/** Mints, shows, lists and revokes this member's invites. */
export class InviteBook {
  private shown: { link: string; hash: string; expires: number } | undefined;
  private listed: InviteView[] = [];
  private failure: InviteFailure | undefined;
  private readonly pending = new Map<string, Pending>();
  /** One hour until someone chooses otherwise. */
  private ttl: InviteLifetime = INVITE_TTL_SECONDS;

  constructor(private readonly options: InviteBookOptions) {
    options.signal.addEventListener('abort', () => this.failAll('aborted'), { once: true });
  }

  /** The invite shown now, if any. */
  get current(): { readonly link: string; readonly expires: number } | undefined {
    return this.shown && { link: this.shown.link, expires: this.shown.expires };
  }

  /** Every invite minted in this call, newest first. */
  get list(): readonly InviteView[] {
    return [...this.listed];
  }

  /** The lifetime of the invites minted from now on, in seconds. */
  get lifetime(): InviteLifetime {
    return this.ttl;
  }

  /** Why the last mint failed, until the next one starts. */
  get lastFailure(): InviteFailure | undefined {
    return this.failure;
  }

  /**
   * Mints a fresh single-use invite, registers its hash and shows it. Resolves once the relay
   * confirms; rejects with InviteError when the relay refuses (too many open invites), never
   * confirms, or the call ends, so nothing waits on "Making an invite…" forever.
   */
  async mint(lifetime: InviteLifetime = this.ttl): Promise<void> {
    if (this.options.signal.aborted) throw new InviteError('aborted');
    // Links minted after this one, including the fresh one after a use, last as long.
    this.ttl = lifetime;
    this.failure = undefined;
    this.options.changed();
    const token = newInviteToken();
    const secret = newInviteSecret();
    const hash = await tokenHash(token);
    let retry: ReturnType<typeof setInterval> | undefined;
    try {
      const expires = await new Promise<number>((resolve, reject) => {
        this.pending.set(hash, { confirm: resolve, fail: (reason) => reject(new InviteError(reason)) });
        if (this.options.signal.aborted) return this.failAll('aborted');
        // Registering a hash twice is harmless, so a request the relay dropped (rate limit, a socket
        // that was resuming) is simply asked again until it is confirmed.
        this.options.relay.invite(hash, lifetime);
        let attempts = this.options.relay.isOpen() ? 1 : 0;
        retry = setInterval(() => {
          if (!this.options.relay.isOpen()) return;
          if (attempts >= MAX_INVITE_ATTEMPTS) return this.pending.get(hash)?.fail('unconfirmed');
          attempts += 1;
          this.options.relay.invite(hash, lifetime);
        }, INVITE_RETRY_MS);
      });
      const inviter = this.options.inviter();
      const link = formatInviteLink(this.options.origin, { room: this.options.room, token, secret, ...(inviter ? { inviter } : {}) });
      this.options.minted(hash, secret, expires);
      this.shown = { link, hash, expires };
      // Earlier links stay pending (listed, revocable): someone may still be about to use one.
      this.listed = [{ link, hash, expires, state: 'pending' as const }, ...this.listed].slice(0, MAX_LISTED_INVITES);
    } catch (error) {
      if (error instanceof InviteError) this.failure = error.reason;
      throw error;
    } finally {
      clearInterval(retry);
      this.pending.delete(hash);
      this.options.changed();
    }
  }

  /** Withdraws an unused invite; the relay's `revoked` reply marks it in the list. */
  revoke(hash: string): void {
    if (this.listed.some((i) => i.hash === hash && i.state === 'pending')) this.options.relay.revoke(hash);
  }

  /** Handles the relay's invite messages; returns true when the shown invite was used and a fresh one should follow. */
  onMessage(msg: InvitedMessage | InviteUsedMessage | RevokedMessage): boolean {
    if (msg.t === 'invited') {
      this.pending.get(msg.hash)?.confirm(msg.expires);
      return false;
    }
    const state = msg.t === 'invite-used' ? 'used' : 'revoked';
    this.listed = this.listed.map((i) => (i.hash === msg.hash ? { ...i, state } : i));
    const wasShown = this.shown?.hash === msg.hash;
    // My shown invite was used (or withdrawn): it goes, so the next person gets a fresh one.
    if (wasShown) this.shown = undefined;
    this.options.changed();
    return wasShown && msg.t === 'invite-used';
  }

  /** A relay error: `too_many_invites` fails every registration still waiting. */
  onServerError(code: ErrorCode): void {
    if (code === 'too_many_invites') this.failAll('too_many_invites');
  }

  /** Forgets the shown invite (the call ended). */
  clearShown(): void {
    this.shown = undefined;
  }

  private failAll(reason: InviteFailure): void {
    for (const pending of [...this.pending.values()]) pending.fail(reason);
  }
}
