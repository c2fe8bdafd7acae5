// The key schedule against a server that keeps every frame: a used invite link opens nothing but its own join, and whoever leaves takes a key that opens nothing said after.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  base64urlDecode,
  inviteEnvelopeKey,
  openSignal,
  ReplayWindow,
  roomEnvelopeKey,
  utf8Decode,
  type EnvelopeKey,
  type SignalType,
} from '../../app/crypto/index.js';
import { ROOM_KEY_NOTICE_MS } from '../../app/call/call.js';
import { formatInviteLink, newInviteSecret, newInviteToken, parseInvite, tokenHash } from '../../app/invite/link.js';
import { startHostileRelay, type CapturedEnvelope } from '../support/call-hostile-relay.js';
import { createCall, expectFullMesh, inviteLink, joinCall, waitFor } from '../support/call-page.js';
import { diagnosticsOf } from '../support/diagnostics.js';
import { usePeople } from '../support/people.js';
import { TestClient } from '../support/ws-client.js';

const kit = usePeople({ backend: { kind: 'call' } });

interface Opened {
  readonly type: SignalType;
  readonly payload: string;
}

/** Tries each key on a captured envelope, as the server would with whatever it holds. */
async function openWith(keys: readonly EnvelopeKey[], room: string, envelope: CapturedEnvelope): Promise<Opened | undefined> {
  for (const key of keys) {
    const opened = await openSignal(key, { room, me: envelope.to === '*' ? 'anyone' : envelope.to, from: envelope.from }, envelope.data, new ReplayWindow());
    if (opened.ok) return { type: opened.type, payload: utf8Decode(opened.payload) };
  }
  return undefined;
}

/** Every key a 32-byte secret could be in this room: an invite's bootstrap key or a room key. */
async function keysFrom(secrets: readonly Uint8Array[], room: string): Promise<EnvelopeKey[]> {
  return (await Promise.all(secrets.map(async (s) => [await inviteEnvelopeKey(s, room), await roomEnvelopeKey(s, room)]))).flat();
}

/** What a compromised device gives away: every 32-byte secret the page fed to HKDF, its room keys among them. */
async function leakedSecrets(page: Page): Promise<Uint8Array[]> {
  return (await page.evaluate(() => window.__sc.keyMaterial)).map((m) => Uint8Array.from(m));
}

async function peerId(page: Page): Promise<string> {
  return page.evaluate(() => window.__sc.me ?? '');
}

describe('key schedule against a full capture of server frames', () => {
  it('a used invite link opens only the introductions of its own join; a member who left holds a key that opens nothing said after', { timeout: 120_000 }, async () => {
    const relay = await startHostileRelay(kit.env.server, 'none');
    kit.defer(() => relay.stop());
    const [alice, bob, carol] = (await kit.pages(3)) as [Page, Page, Page];
    const first = await createCall(alice, relay.url);
    await joinCall(bob, first, 'Bob');
    await expectFullMesh([alice, bob], 20_000);
    const second = await inviteLink(alice, first);
    await joinCall(carol, second, 'Carol');
    await expectFullMesh([alice, bob, carol], 20_000);

    const invite = parseInvite(first)!;
    const room = invite.room;
    const bobId = await peerId(bob);
    const link = await keysFrom([base64urlDecode(invite.secret)], room);
    const byLink = await Promise.all(relay.captured.map((e) => openWith(link, room, e)));
    const openedByLink = relay.captured.flatMap((e, i) => (byLink[i] ? [{ ...e, ...byLink[i] }] : []));
    // Bob's own introduction, and the answers to it: sealed to Bob from an ephemeral key, so not even who answered shows.
    expect(openedByLink.filter((e) => e.type === 'hello').map((e) => e.from)).toEqual([bobId]);
    const answers = openedByLink.filter((e) => e.type === 'key');
    expect(answers.length).toBeGreaterThanOrEqual(1);
    for (const answer of answers) {
      expect(answer.to).toBe(bobId);
      expect(Object.keys(JSON.parse(answer.payload) as object)).toEqual(['w']);
    }
    expect(openedByLink).toHaveLength(1 + answers.length);
    // Everything else — every offer, answer, ICE batch, later hello and all of Carol's join — opens with nothing the link holds.
    const unopened = relay.captured.filter((_, i) => byLink[i] === undefined);
    expect(unopened.length).toBeGreaterThan(10);
    // The capture is real: the room key taken from Alice's device opens the offers and candidates the link could not.
    const aliceKeys = await keysFrom(await leakedSecrets(alice), room);
    const byAlice = await Promise.all(unopened.map((e) => openWith(aliceKeys, room, e)));
    const typesByAlice = new Set(byAlice.map((o) => o?.type));
    for (const type of ['offer', 'answer', 'ice'] as const) expect(typesByAlice.has(type)).toBe(true);
    expect(byAlice.filter((o) => o?.type === 'offer').length).toBeGreaterThanOrEqual(2);

    // Carol leaves, and her device (every key it ever held) is then taken.
    const carolKeys = await keysFrom(await leakedSecrets(carol), room);
    const heardByCarol = await Promise.all(relay.captured.map((e) => openWith(carolKeys, room, e)));
    expect(heardByCarol.filter((o) => o?.type === 'offer').length).toBeGreaterThanOrEqual(1);
    const left = relay.captured.length;
    await carol.getByRole('button', { name: 'Leave' }).click();
    await carol.getByRole('button', { name: 'Leave call' }).click();
    await waitFor('Carol gone at Alice and Bob', async () => (await alice.locator('li[data-peer]').count()) === 1 && (await bob.locator('li[data-peer]').count()) === 1);
    // One of them rotates: the new key goes to the other under the old key, sealed to that member alone.
    let rotatedAt = -1;
    await waitFor('the rotation hand-over', async () => {
      for (let i = left; i < relay.captured.length; i++) if ((await openWith(carolKeys, room, relay.captured[i]!))?.type === 'key') rotatedAt = i;
      return rotatedAt >= 0;
    });
    await alice.locator('h1').click();
    await alice.keyboard.press('m');
    await bob.locator('h1').click();
    await bob.keyboard.press('m');
    // Said after the rotation, and heard: each sees the other muted.
    const mutedPeers = (page: Page): Promise<number> => page.locator('ul.tiles li[data-peer] [data-muted]').count();
    await waitFor('each sees the other muted', async () => (await mutedPeers(alice)) === 1 && (await mutedPeers(bob)) === 1);
    const said = relay.captured.slice(rotatedAt + 1);
    expect(said.length).toBeGreaterThanOrEqual(2);
    for (const envelope of said) expect(await openWith(carolKeys, room, envelope)).toBeUndefined();
    for (const page of [alice, bob]) expect(await diagnosticsOf(page)).toEqual([]);
  });

  it('a joiner whose invite nobody in the call can read is told so, and the others are not disturbed', { timeout: 60_000 }, async () => {
    const alice = await kit.page();
    const link = await createCall(alice, kit.env.server.url);
    const { room, token: first } = parseInvite(link)!;
    // A member the app knows nothing about registers an invite of its own: its secret never reaches Alice.
    const stranger = await TestClient.connect(`${kit.env.server.wsUrl}/ws/${room}`, kit.env.server.origin);
    kit.defer(() => stranger.close());
    stranger.send({ t: 'join', token: first });
    await stranger.nextOf('welcome');
    const token = newInviteToken();
    stranger.send({ t: 'invite', hash: await tokenHash(token), ttl: 600 });
    await stranger.nextOf('invited');
    const bob = await kit.page();
    await joinCall(bob, formatInviteLink(kit.env.server.origin, { room, token, secret: newInviteSecret() }), 'Bob');
    await waitFor('the no-room-key notice', async () => (await bob.locator('[data-notice="no-room-key"]').count()) === 1, ROOM_KEY_NOTICE_MS + 10_000, 200);
    expect(await bob.locator('[data-notice="no-room-key"]').textContent()).toContain('Nobody in the call has let you in yet');
    expect(await bob.locator('ul.tiles li[data-peer]').count()).toBe(0);
    // Alice could not read Bob's hello, which is expected, not a failure.
    expect(await diagnosticsOf(alice)).toEqual([]);
  });
});
