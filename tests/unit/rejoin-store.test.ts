// The saved seat: expiry, ordered writes, refresh while the call lives, and an erase that no late write undoes.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RejoinKeeper } from '../../app/call/rejoin.js';
import { generateIdentity } from '../../app/crypto/identity.js';
import { isFresh, MemoryRejoinStore, REJOIN_REFRESH_MS, REJOIN_TTL_MS, type RejoinRecord } from '../../app/rejoin/store.js';

async function facts() {
  return { origin: 'https://call.example', room: 'r'.repeat(22), roomKey: { k: 's'.repeat(43), e: 0, r: '' }, name: 'Bob', identity: await generateIdentity() };
}

/** A store whose writes finish only when told, to see their order. */
class SlowStore extends MemoryRejoinStore {
  readonly writes: RejoinRecord[] = [];
  erased = 0;
  private gate = Promise.resolve();
  hold(): () => void {
    let release = (): void => undefined;
    this.gate = new Promise<void>((resolve) => (release = resolve));
    return release;
  }
  override async save(record: RejoinRecord): Promise<void> {
    await this.gate;
    this.writes.push(record);
    await super.save(record);
  }
  override async erase(): Promise<void> {
    this.erased += 1;
    await super.erase();
  }
}

describe('MemoryRejoinStore', () => {
  it('forgets a seat not refreshed for REJOIN_TTL_MS', async () => {
    const store = new MemoryRejoinStore();
    const record = { ...(await facts()), peer: 'p'.repeat(12), credential: 'c'.repeat(43), counterCeiling: 10, verified: [], savedAt: 1_000 };
    await store.save(record);
    expect(await store.load(1_000 + REJOIN_TTL_MS)).toEqual(record);
    expect(await store.load(1_001 + REJOIN_TTL_MS)).toBeUndefined();
    expect(await store.load(1_000)).toBeUndefined();
    expect(isFresh(record, 1_000 - REJOIN_TTL_MS - 1)).toBe(false);
  });
});

describe('RejoinKeeper', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] }));
  afterEach(() => vi.useRealTimers());

  it('writes nothing before the first credential, then saves each change in order with the latest credential', async () => {
    const store = new SlowStore();
    const keeper = new RejoinKeeper(store, await facts(), ['aa']);
    keeper.setName('Robert');
    await keeper.settled();
    expect(store.writes).toEqual([]);
    const release = store.hold();
    keeper.setSeat('p'.repeat(12), 'first', 100);
    keeper.setSeat('p'.repeat(12), 'second', 4196);
    keeper.setVerified(['aa', 'bb']);
    release();
    await keeper.settled();
    expect(store.writes.map((r) => [r.credential, r.counterCeiling, r.verified.length, r.name])).toEqual([
      ['first', 100, 1, 'Robert'],
      ['second', 4196, 1, 'Robert'],
      ['second', 4196, 2, 'Robert'],
    ]);
    expect((await store.load())?.identity.privateKey.extractable).toBe(false);
    await keeper.erase();
  });

  it('refreshes the saved seat every REJOIN_REFRESH_MS so a long call does not expire', async () => {
    let now = 0;
    const store = new SlowStore();
    const keeper = new RejoinKeeper(store, await facts(), [], () => now);
    keeper.setSeat('p'.repeat(12), 'c', 1);
    now = REJOIN_REFRESH_MS;
    await vi.advanceTimersByTimeAsync(REJOIN_REFRESH_MS);
    await keeper.settled();
    expect(store.writes.map((r) => r.savedAt)).toEqual([0, REJOIN_REFRESH_MS]);
    await keeper.erase();
  });

  it('after erase, a write that was still queued and every later change leave nothing saved', async () => {
    const store = new SlowStore();
    const keeper = new RejoinKeeper(store, await facts());
    const release = store.hold();
    keeper.setSeat('p'.repeat(12), 'c', 1);
    const erased = keeper.erase();
    keeper.setSeat('p'.repeat(12), 'late', 2);
    keeper.setName('late');
    release();
    await erased;
    await vi.advanceTimersByTimeAsync(REJOIN_REFRESH_MS * 2);
    await keeper.settled();
    expect(await store.load()).toBeUndefined();
    expect(store.erased).toBe(1);
    expect(store.writes.map((r) => r.credential)).not.toContain('late');
  });
});

describe('the saved room key', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] }));
  afterEach(() => vi.useRealTimers());

  it('a joiner saves its invite secret until the room key arrives, then the latest room key alone', async () => {
    const store = new SlowStore();
    const joiner = { ...(await facts()), roomKey: undefined };
    const keeper = new RejoinKeeper(store, { ...joiner, inviteSecret: 'i'.repeat(43) });
    keeper.setSeat('p'.repeat(12), 'cred', 100);
    keeper.setRoomKey({ k: 'a'.repeat(43), e: 0, r: '' });
    keeper.setRoomKey({ k: 'b'.repeat(43), e: 1, r: 'q'.repeat(12) });
    await keeper.settled();
    expect(store.writes.map((r) => [r.inviteSecret, r.roomKey?.e])).toEqual([
      ['i'.repeat(43), undefined],
      [undefined, 0],
      [undefined, 1],
    ]);
    expect(store.writes.at(-1)!.roomKey).toEqual({ k: 'b'.repeat(43), e: 1, r: 'q'.repeat(12) });
    await keeper.erase();
  });

  it('a seat saved with no key at all (an older version) is not usable', async () => {
    const keyless = { ...(await facts()), roomKey: undefined };
    const record = { ...keyless, peer: 'p'.repeat(12), credential: 'c'.repeat(43), counterCeiling: 10, verified: [], savedAt: 1_000 };
    expect(isFresh(record, 1_000)).toBe(false);
    expect(isFresh({ ...record, inviteSecret: 'i'.repeat(43) }, 1_000)).toBe(true);
  });
});
