// What a reloaded page needs to take its seat back, kept in this origin's IndexedDB for the life of one call.
import type { Identity } from '../crypto/identity.js';
import { committed, openDatabase, settle } from '../storage/idb.js';

/** Database name in this origin's IndexedDB (separate from the opt-in keystore, so erasing one never touches the other). */
export const REJOIN_DB_NAME = 'securecall-rejoin';
const REJOIN_DB_VERSION = 1;
const STORE = 'call';
const KEY = 'current';

/**
 * How long a saved seat stays usable without being refreshed, in milliseconds. A live call
 * refreshes it every REJOIN_REFRESH_MS; a tab closed for longer than this finds nothing.
 */
export const REJOIN_TTL_MS = 10 * 60_000;
/**
 * Web Lock a page holds while its call lasts: another tab of the app finds it held and does not
 * take the seat over (which would end the call in the first tab).
 */
export const SEAT_LOCK_NAME = 'securecall-seat';

/** Whether another page of this origin holds a live call's seat now; false where Web Locks are missing. */
export async function seatHeldElsewhere(locks: LockManager | undefined = globalThis.navigator?.locks): Promise<boolean> {
  if (locks === undefined) return false;
  const { held = [] } = await locks.query();
  return held.some((lock) => lock.name === SEAT_LOCK_NAME);
}

/** How often a live call re-saves its seat so it does not expire while the call goes on, in milliseconds. */
export const REJOIN_REFRESH_MS = 60_000;

/** A room key as a saved seat keeps it: its 32 bytes base64url, its epoch, and the peer id of the member who made it. */
export interface SavedGrant {
  readonly k: string;
  readonly e: number;
  readonly r: string;
}

/**
 * Everything a rejoin needs. As sensitive as the invite link and more: the room key reads the
 * room's signaling until it is next replaced, the credential takes the seat, and the identity is
 * who the others verified.
 * The private key is a non-extractable CryptoKey (stored by structured clone, never as bytes).
 */
export interface RejoinRecord {
  readonly origin: string;
  readonly room: string;
  /** The latest room key this member held; missing for a joiner that had none yet. */
  readonly roomKey?: SavedGrant;
  /** The bootstrap secret of the invite this member joined with, for a joiner that had no room key yet. */
  readonly inviteSecret?: string;
  readonly peer: string;
  /** The latest resume credential the signaling client holds. */
  readonly credential: string;
  /** Signal counters up to this may have been used; a rejoin starts above it. */
  readonly counterCeiling: number;
  readonly name: string;
  readonly identity: Identity;
  /** SHA-256 fingerprints (hex) this member verified in this call. */
  readonly verified: readonly string[];
  /** When this was last saved, epoch milliseconds. */
  readonly savedAt: number;
}

/** Storage for at most one saved seat. */
export interface RejoinStore {
  /** The saved seat if there is one and it has not expired; an expired one is erased. */
  load(now?: number): Promise<RejoinRecord | undefined>;
  save(record: RejoinRecord): Promise<void>;
  erase(): Promise<void>;
}

/** Whether `record` is still usable at `now`. */
export function isFresh(record: RejoinRecord, now: number): boolean {
  // A seat saved without any key (an older version's record) could seal nothing anyone opens.
  if (record.roomKey === undefined && record.inviteSecret === undefined) return false;
  return now >= record.savedAt - REJOIN_TTL_MS && now - record.savedAt <= REJOIN_TTL_MS;
}

/** In memory: unit tests, and browsers without IndexedDB (a reload then finds nothing). */
export class MemoryRejoinStore implements RejoinStore {
  private record: RejoinRecord | undefined;

  load(now = Date.now()): Promise<RejoinRecord | undefined> {
    if (this.record !== undefined && !isFresh(this.record, now)) this.record = undefined;
    return Promise.resolve(this.record);
  }

  save(record: RejoinRecord): Promise<void> {
    this.record = record;
    return Promise.resolve();
  }

  erase(): Promise<void> {
    this.record = undefined;
    return Promise.resolve();
  }
}

/** The saved seat in this origin's IndexedDB; every write waits for its transaction to commit. */
export class IdbRejoinStore implements RejoinStore {
  private db: Promise<IDBDatabase> | undefined;

  constructor(private readonly factory: IDBFactory | undefined = globalThis.indexedDB) {}

  async load(now = Date.now()): Promise<RejoinRecord | undefined> {
    const db = await this.open();
    const record = (await settle(db.transaction(STORE, 'readonly').objectStore(STORE).get(KEY))) as RejoinRecord | undefined;
    if (record === undefined || isFresh(record, now)) return record;
    await this.erase();
    return undefined;
  }

  async save(record: RejoinRecord): Promise<void> {
    const tx = (await this.open()).transaction(STORE, 'readwrite');
    tx.objectStore(STORE).put(record, KEY);
    await committed(tx);
  }

  async erase(): Promise<void> {
    const tx = (await this.open()).transaction(STORE, 'readwrite');
    tx.objectStore(STORE).delete(KEY);
    await committed(tx);
  }

  private open(): Promise<IDBDatabase> {
    this.db ??= openDatabase(this.factory, REJOIN_DB_NAME, REJOIN_DB_VERSION, [STORE]);
    this.db.catch(() => {
      this.db = undefined;
    });
    return this.db;
  }
}

let device: IdbRejoinStore | undefined;

/** This device's rejoin store (IndexedDB of this origin). */
export function deviceRejoinStore(): RejoinStore {
  device ??= new IdbRejoinStore();
  return device;
}
