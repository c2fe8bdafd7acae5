// InviteBook: a mint resolves on the relay's confirmation and rejects, never hangs, on too_many_invites, abort or silence.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_INVITE_TTL_SECONDS } from '../../protocol/limits.js';
import { InviteBook, InviteError, INVITE_LIFETIMES_SECONDS, INVITE_RETRY_MS, MAX_INVITE_ATTEMPTS, type InviteRelay } from '../../app/call/invites.js';

const ORIGIN = 'https://call.example';
const ROOM = 'r'.repeat(22);

function book(open = true): { book: InviteBook; relay: InviteRelay & { hashes: string[]; open: boolean }; scope: AbortController; changes: () => number } {
  const scope = new AbortController();
  let changes = 0;
  const relay = {
    hashes: [] as string[],
    open,
    invite(hash: string) {
      relay.hashes.push(hash);
    },
    revoke: () => undefined,
    isOpen: () => relay.open,
  };
  return { book: new InviteBook({ origin: ORIGIN, room: ROOM, minted: () => undefined, inviter: () => undefined, relay, signal: scope.signal, changed: () => changes++ }), relay, scope, changes: () => changes };
}

/** Lets the mint hash its token and send the first registration. */
async function registered(relay: { hashes: string[] }, count = 1): Promise<string> {
  await vi.waitFor(() => expect(relay.hashes.length).toBeGreaterThanOrEqual(count));
  return relay.hashes[0]!;
}

describe('minting an invite', () => {
  it('asks the relay for the chosen lifetime (15 min, 1 h, 1 day within the relay\'s maximum) and keeps it for the next links', async () => {
    expect(INVITE_LIFETIMES_SECONDS).toEqual([15 * 60, 60 * 60, MAX_INVITE_TTL_SECONDS]);
    const scope = new AbortController();
    const ttls: number[] = [];
    const hashes: string[] = [];
    const relay = { invite: (hash: string, ttl: number) => void (hashes.push(hash), ttls.push(ttl)), revoke: () => undefined, isOpen: () => true };
    const invites = new InviteBook({ origin: ORIGIN, room: ROOM, minted: () => undefined, inviter: () => undefined, relay, signal: scope.signal, changed: () => undefined });
    expect(invites.lifetime).toBe(60 * 60);
    const first = invites.mint(86_400);
    await vi.waitFor(() => expect(hashes).toHaveLength(1));
    invites.onMessage({ t: 'invited', hash: hashes[0]!, expires: 1 });
    await first;
    const second = invites.mint();
    await vi.waitFor(() => expect(hashes).toHaveLength(2));
    invites.onMessage({ t: 'invited', hash: hashes[1]!, expires: 2 });
    await second;
    expect(ttls).toEqual([24 * 60 * 60, 24 * 60 * 60]);
    expect(invites.lifetime).toBe(24 * 60 * 60);
    scope.abort();
  });

  it('shows the link once the relay confirms, and lists it as pending', async () => {
    const { book: invites, relay } = book();
    const minted = invites.mint();
    const hash = await registered(relay);
    invites.onMessage({ t: 'invited', hash, expires: 123 });
    await minted;
    expect(invites.current?.link.startsWith(`${ORIGIN}/#/join/${ROOM}.`)).toBe(true);
    expect(invites.list).toMatchObject([{ hash, expires: 123, state: 'pending' }]);
    expect(invites.lastFailure).toBeUndefined();
  });

  it('rejects with too_many_invites when the relay refuses, instead of waiting forever', async () => {
    const { book: invites, relay } = book();
    const minted = invites.mint();
    await registered(relay);
    invites.onServerError('too_many_invites');
    await expect(minted).rejects.toEqual(new InviteError('too_many_invites'));
    expect(invites.lastFailure).toBe('too_many_invites');
    expect(invites.current).toBeUndefined();
  });

  it('rejects with aborted when the call ends while it waits', async () => {
    const { book: invites, relay, scope } = book();
    const minted = invites.mint();
    await registered(relay);
    scope.abort();
    await expect(minted).rejects.toMatchObject({ reason: 'aborted' });
    await expect(invites.mint()).rejects.toMatchObject({ reason: 'aborted' });
  });

  it('ignores other relay errors', async () => {
    const { book: invites, relay } = book();
    const minted = invites.mint();
    const hash = await registered(relay);
    invites.onServerError('rate_limited');
    invites.onMessage({ t: 'invited', hash, expires: 5 });
    await expect(minted).resolves.toBeUndefined();
  });

  describe('with fake timers', () => {
    beforeEach(() => vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] }));
    afterEach(() => vi.useRealTimers());

    it('asks again every INVITE_RETRY_MS and rejects as unconfirmed after MAX_INVITE_ATTEMPTS', async () => {
      const { book: invites, relay } = book();
      const minted = invites.mint();
      const outcome = expect(minted).rejects.toMatchObject({ reason: 'unconfirmed' });
      await registered(relay);
      await vi.advanceTimersByTimeAsync(INVITE_RETRY_MS * MAX_INVITE_ATTEMPTS);
      await outcome;
      expect(relay.hashes).toHaveLength(MAX_INVITE_ATTEMPTS);
      expect(new Set(relay.hashes).size).toBe(1);
    });

    it('does not count attempts while the relay is unreachable: the invite comes through once signaling is back', async () => {
      const { book: invites, relay } = book(false);
      const minted = invites.mint();
      await registered(relay);
      await vi.advanceTimersByTimeAsync(INVITE_RETRY_MS * MAX_INVITE_ATTEMPTS * 3);
      expect(relay.hashes).toHaveLength(1);
      relay.open = true;
      await vi.advanceTimersByTimeAsync(INVITE_RETRY_MS);
      expect(relay.hashes).toHaveLength(2);
      invites.onMessage({ t: 'invited', hash: relay.hashes[0]!, expires: 9 });
      await expect(minted).resolves.toBeUndefined();
    });
  });
});

describe('invite messages', () => {
  it('a used shown invite goes and asks for a fresh one; a revoked listed one is only marked', async () => {
    const { book: invites, relay } = book();
    const minted = invites.mint();
    const hash = await registered(relay);
    invites.onMessage({ t: 'invited', hash, expires: 1 });
    await minted;
    expect(invites.onMessage({ t: 'revoked', hash: 'other' })).toBe(false);
    expect(invites.onMessage({ t: 'invite-used', hash })).toBe(true);
    expect(invites.current).toBeUndefined();
    expect(invites.list[0]?.state).toBe('used');
  });
});
