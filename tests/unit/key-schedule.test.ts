// The key schedule in process: keyring precedence and retirement, invites that bootstrap one member, sealed hand-overs, and when RoomKeys rotates.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RoomKeys, ROTATION_SETTLE_MS } from '../../app/call/room-keys.js';
import { base64urlEncode } from '../../app/crypto/base64url.js';
import { generateIdentity, type Identity } from '../../app/crypto/identity.js';
import { openAnonymous, openFromPeer, sealAnonymously, sealToPeer } from '../../app/crypto/peer-seal.js';
import { Keyring, RETIRED_KEY_TTL_MS, supersedes, type RoomKeyGrant } from '../../app/signaling/keyring.js';
import type { PayloadOf } from '../../app/signaling/payloads.js';

const ROOM = 'r'.repeat(22);
const [ALICE, BOB, CAROL] = ['A'.repeat(12), 'B'.repeat(12), 'C'.repeat(12)];
const grant = (fill: number, epoch: number, rotator = ''): RoomKeyGrant => ({ material: new Uint8Array(32).fill(fill), epoch, rotator });
const secret = (fill: number): string => base64urlEncode(new Uint8Array(32).fill(fill));

describe('Keyring', () => {
  it('a higher epoch supersedes; of two keys for one epoch the lower rotator wins, so everyone settles on the same one', () => {
    expect(supersedes(grant(1, 1, BOB), grant(2, 0))).toBe(true);
    expect(supersedes(grant(1, 0, BOB), grant(2, 1))).toBe(false);
    expect(supersedes(grant(1, 2, ALICE), grant(2, 2, BOB))).toBe(true);
    expect(supersedes(grant(1, 2, BOB), grant(2, 2, ALICE))).toBe(false);
  });

  it('keeps a replaced key for opening until RETIRED_KEY_TTL_MS, and a losing key too; seals only under the current one', async () => {
    let now = 1_000;
    const keyring = new Keyring(ROOM, () => now);
    await keyring.adopt(grant(1, 0));
    const first = keyring.current!;
    expect(await keyring.adopt(grant(2, 1, BOB))).toBe(true);
    const second = keyring.current!;
    expect(second.id).not.toBe(first.id);
    expect(await keyring.adopt(grant(3, 1, CAROL))).toBe(false);
    expect(keyring.current!.id).toBe(second.id);
    expect(keyring.lookup(first.id)?.kind).toBe('retired');
    now += RETIRED_KEY_TTL_MS + 1;
    expect(keyring.lookup(first.id)).toBeUndefined();
    expect(keyring.lookup(second.id)?.kind).toBe('room');
  });

  it('an invite bootstraps one member only, stops at its expiry or when dropped, and my own invite opens every answer to me', async () => {
    let now = 0;
    const keyring = new Keyring(ROOM, () => now);
    const id = await keyring.addInvite(secret(5), 10_000);
    expect(keyring.openInvites()).toEqual([{ s: secret(5), x: 10_000 }]);
    expect(keyring.useInvite(id, BOB)).toBe(true);
    expect(keyring.useInvite(id, BOB)).toBe(true);
    expect(keyring.useInvite(id, CAROL)).toBe(false);
    expect(keyring.openInvites()).toEqual([]);
    const other = await keyring.addInvite(secret(6), 10_000);
    now = 10_001;
    expect(keyring.lookup(other)).toBeUndefined();
    now = 0;
    keyring.dropInvite(other);
    expect(keyring.lookup(other)).toBeUndefined();

    const joiner = new Keyring(ROOM, () => now);
    const mine = await joiner.addInvite(secret(7), Number.POSITIVE_INFINITY, true);
    expect(joiner.ownInvite?.id).toBe(mine);
    expect(joiner.useInvite(mine, ALICE) && joiner.useInvite(mine, CAROL)).toBe(true);
  });

  it('wakes a waiter when a key arrives, and otherwise after the time given', async () => {
    const keyring = new Keyring(ROOM);
    const woken = keyring.nextChange(60_000);
    await keyring.adopt(grant(1, 0));
    await woken;
    const started = performance.now();
    await keyring.nextChange(20);
    expect(performance.now() - started).toBeGreaterThanOrEqual(15);
  });
});

describe('sealed to one peer', () => {
  it('opens only for the peer it was sealed to, from the sender it names', async () => {
    const [alice, bob, carol] = await Promise.all([generateIdentity(), generateIdentity(), generateIdentity()]);
    const binding = { room: ROOM, from: ALICE, to: BOB };
    const sealed = await sealToPeer(alice, bob.publicRaw, binding, Uint8Array.of(1, 2, 3));
    expect(await openFromPeer(bob, alice.publicRaw, binding, sealed)).toEqual(Uint8Array.of(1, 2, 3));
    await expect(openFromPeer(carol, alice.publicRaw, binding, sealed)).rejects.toMatchObject({ code: 'tampered' });
    // Reflected back to its sender, or claimed by another sender: refused.
    await expect(openFromPeer(alice, bob.publicRaw, { room: ROOM, from: BOB, to: ALICE }, sealed)).rejects.toMatchObject({ code: 'tampered' });
    await expect(openFromPeer(bob, alice.publicRaw, { ...binding, from: CAROL }, sealed)).rejects.toMatchObject({ code: 'tampered' });
    await expect(openFromPeer(bob, alice.publicRaw, binding, '!!')).rejects.toMatchObject({ code: 'tampered' });
  });

  it('sealed from an ephemeral key: opens only for the recipient, in this room, and shows no sender key', async () => {
    const [bob, carol] = await Promise.all([generateIdentity(), generateIdentity()]);
    const sealed = await sealAnonymously(bob.publicRaw, ROOM, Uint8Array.of(4, 5, 6));
    expect(await openAnonymous(bob, ROOM, sealed)).toEqual(Uint8Array.of(4, 5, 6));
    expect(await sealAnonymously(bob.publicRaw, ROOM, Uint8Array.of(4, 5, 6))).not.toBe(sealed);
    await expect(openAnonymous(carol, ROOM, sealed)).rejects.toMatchObject({ code: 'tampered' });
    await expect(openAnonymous(bob, 'x'.repeat(22), sealed)).rejects.toMatchObject({ code: 'tampered' });
    const flipped = `${sealed.slice(0, -2)}${sealed.at(-2) === 'A' ? 'B' : 'A'}${sealed.at(-1)!}`;
    await expect(openAnonymous(bob, ROOM, flipped)).rejects.toMatchObject({ code: 'tampered' });
    await expect(openAnonymous(bob, ROOM, 'AAAA')).rejects.toMatchObject({ code: 'tampered' });
  });
});

interface Sent {
  to: string;
  type: 'key' | 'invites';
  payload: PayloadOf['key'] | PayloadOf['invites'];
  via: string | undefined;
}

/** A member's RoomKeys with a fake outlet, and the peers it has keys with. */
async function member(me: string, identity: Identity, peers: { id: string; key: Uint8Array<ArrayBuffer> }[], start?: RoomKeyGrant) {
  const keyring = new Keyring(ROOM);
  if (start) await keyring.adopt(start);
  const sent: Sent[] = [];
  const changed: RoomKeyGrant[] = [];
  const introduced = { count: 0 };
  const scope = new AbortController();
  const keys = new RoomKeys({
    room: ROOM,
    identity,
    instance: `instance-${me[0]!}`,
    keyring,
    me: () => me,
    myName: () => `name ${me[0]!}`,
    peers: () => peers,
    send: (to, type, payload, via) => void sent.push({ to, type, payload, via }),
    introduce: () => void (introduced.count += 1),
    keyChanged: (g) => void changed.push(g),
    signal: scope.signal,
  });
  return { keys, keyring, sent, changed, introduced, scope };
}

describe('RoomKeys', () => {
  let identities: Identity[];
  beforeEach(async () => {
    identities = await Promise.all([generateIdentity(), generateIdentity(), generateIdentity()]);
  });
  afterEach(() => vi.useRealTimers());

  it('hands the room key to a joiner under the joiner’s invite; the joiner adopts it, learns who answered, and introduces itself again', async () => {
    const [a, b] = identities as [Identity, Identity];
    const alice = await member(ALICE, a, [], grant(1, 0));
    const inviteId = await alice.keyring.addInvite(secret(9), Date.now() + 60_000);
    const bob = await member(BOB, b, []);
    await bob.keyring.addInvite(secret(9), Number.POSITIVE_INFINITY, true);
    await alice.keys.handOver(BOB, b.publicRaw, alice.keyring.lookup(inviteId)!);
    const [handOver] = alice.sent;
    expect(handOver).toMatchObject({ to: BOB, type: 'key', via: inviteId });
    const hello = await bob.keys.onKey(ALICE, handOver!.payload as PayloadOf['key'], undefined);
    expect(hello).toMatchObject({ from: ALICE, name: 'name A', instance: 'instance-A', broadcast: false });
    expect(bob.keyring.current!.id).toBe(alice.keyring.current!.id);
    expect(bob.introduced.count).toBe(1);
    expect(bob.changed).toHaveLength(1);
  });

  it('adopts nothing from a sender the roster knows under another key', async () => {
    const [a, b, c] = identities as [Identity, Identity, Identity];
    const alice = await member(ALICE, a, [], grant(1, 0));
    await alice.keys.handOver(BOB, b.publicRaw, alice.keyring.current!);
    const bob = await member(BOB, b, [], grant(2, 0));
    const hello = await bob.keys.onKey(ALICE, alice.sent[0]!.payload as PayloadOf['key'], c.publicRaw);
    expect(hello).toMatchObject({ from: ALICE, key: a.publicRaw });
    expect(bob.changed).toEqual([]);
  });

  it('after someone leaves, only the lowest peer id rotates: the new key goes to each member under the old one, then everything is sealed under it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const [a, b, c] = identities as [Identity, Identity, Identity];
    const alice = await member(ALICE, a, [{ id: BOB, key: b.publicRaw }, { id: CAROL, key: c.publicRaw }], grant(1, 3));
    const bob = await member(BOB, b, [{ id: ALICE, key: a.publicRaw }, { id: CAROL, key: c.publicRaw }], grant(1, 3));
    const old = alice.keyring.current!.id;
    alice.keys.memberLeft();
    bob.keys.memberLeft();
    alice.keys.memberLeft();
    await vi.advanceTimersByTimeAsync(ROTATION_SETTLE_MS);
    vi.useRealTimers();
    await vi.waitFor(() => expect(alice.changed).toHaveLength(1));
    expect(bob.sent).toEqual([]);
    expect(alice.sent.map((s) => [s.to, s.type, s.via])).toEqual([
      [BOB, 'key', old],
      [CAROL, 'key', old],
    ]);
    expect(alice.changed[0]).toMatchObject({ epoch: 4, rotator: ALICE });
    expect(alice.keyring.current!.id).not.toBe(old);
    await bob.keys.onKey(ALICE, alice.sent[0]!.payload as PayloadOf['key'], a.publicRaw);
    expect(bob.keyring.current!.id).toBe(alice.keyring.current!.id);
  });

  it('an invite withdrawn, or expiring unused, is dropped by everyone and rotates the room key; a used one does neither', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const [a, b] = identities as [Identity, Identity];
    const alice = await member(ALICE, a, [{ id: BOB, key: b.publicRaw }], grant(1, 0));
    const expires = Date.now() + 60_000;
    await alice.keys.minted('hash-revoked', secret(2), expires);
    await alice.keys.minted('hash-expiring', secret(3), expires + 1_000);
    await alice.keys.minted('hash-used', secret(4), expires + 600_000);
    expect(alice.sent.map((s) => [s.to, s.type])).toEqual([
      ['*', 'invites'],
      ['*', 'invites'],
      ['*', 'invites'],
    ]);
    alice.keys.inviteUsed('hash-used');
    alice.keys.closeInvite('hash-revoked');
    const dropped = (alice.sent.at(-1)!.payload as PayloadOf['invites']).drop;
    expect(dropped).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(61_000);
    await vi.advanceTimersByTimeAsync(2_000);
    vi.useRealTimers();
    await vi.waitFor(() => expect(alice.changed).toHaveLength(2));
    const drops = alice.sent.filter((s) => s.type === 'invites' && (s.payload as PayloadOf['invites']).drop.length > 0);
    expect(drops).toHaveLength(2);
    expect(alice.sent.filter((s) => s.type === 'key')).toHaveLength(2);
    expect(alice.keyring.openInvites()).toEqual([{ s: secret(4), x: expires + 600_000 }]);
  });
});
