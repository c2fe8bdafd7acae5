// Keeps this call's seat saved for a rejoin after a reload: one ordered writer, refreshed while the call lives, erased at its end.
import { reportDiagnostic } from '../diagnostics/sink.js';
import type { RejoinRecord, RejoinStore, SavedGrant } from '../rejoin/store.js';
import { REJOIN_REFRESH_MS } from '../rejoin/store.js';

/** What the keeper fills in as the call goes; the rest is fixed when the call starts. */
export type RejoinFacts = Omit<RejoinRecord, 'peer' | 'credential' | 'counterCeiling' | 'savedAt' | 'verified'>;

function withoutInviteSecret<T extends { inviteSecret?: string }>(value: T): T {
  const copy = { ...value };
  delete copy.inviteSecret;
  return copy;
}

/**
 * Saves the seat whenever something a rejoin needs changes (credential, counter reservation,
 * name, verification marks) and every REJOIN_REFRESH_MS so it does not expire mid-call. Writes
 * run one after another; after `erase` nothing is written again, so a late write cannot bring
 * an erased seat back.
 */
export class RejoinKeeper {
  private record: RejoinRecord | undefined;
  private verified: readonly string[];
  private chain: Promise<void> = Promise.resolve();
  private erased = false;
  private readonly refresh: ReturnType<typeof setInterval>;

  constructor(
    private readonly store: RejoinStore,
    private facts: RejoinFacts,
    verified: readonly string[] = [],
    private readonly now: () => number = Date.now,
  ) {
    this.verified = verified;
    this.refresh = setInterval(() => this.write(), REJOIN_REFRESH_MS);
  }

  /** The signaling client's latest credential and counter reservation. */
  setSeat(peer: string, credential: string, counterCeiling: number): void {
    this.record = { ...this.facts, peer, credential, counterCeiling, verified: this.verified, savedAt: this.now() };
    this.write();
  }

  /** The room key changed (a hand-over or a rotation); a joiner's invite secret is no longer needed. */
  setRoomKey(roomKey: SavedGrant): void {
    this.facts = withoutInviteSecret({ ...this.facts, roomKey });
    if (this.record !== undefined) this.record = withoutInviteSecret(this.record);
    this.write();
  }

  /** The display name changed. */
  setName(name: string): void {
    this.facts = { ...this.facts, name };
    this.write();
  }

  /** The fingerprints verified in this call changed. */
  setVerified(verified: readonly string[]): void {
    this.verified = verified;
    this.write();
  }

  /** Erases the saved seat for good (leave, end, refusal); resolves once the store has done it. */
  erase(): Promise<void> {
    if (!this.erased) {
      this.erased = true;
      clearInterval(this.refresh);
      this.chain = this.chain.then(() => this.store.erase()).catch((e: unknown) => reportDiagnostic('keystore', 'saved-seat-erase-failed', e));
    }
    return this.chain;
  }

  /** Resolves once every write so far has finished. */
  settled(): Promise<void> {
    return this.chain;
  }

  private write(): void {
    if (this.erased || this.record === undefined) return;
    this.record = { ...this.record, ...this.facts, verified: this.verified, savedAt: this.now() };
    const record = this.record;
    // A failed write (quota, private mode) only costs the rejoin; the call goes on.
    this.chain = this.chain.then(() => (this.erased ? undefined : this.store.save(record))).catch((e: unknown) => reportDiagnostic('keystore', 'saved-seat-write-failed', e));
  }
}
