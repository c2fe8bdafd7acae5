// Server events are not evidence: a seat "back" after peer-left with another key keeps the key-change alarm and loses "verified".
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startHostileRelay, type HostileRelay } from '../support/call-hostile-relay.js';
import { createCall, joinCall, waitFor } from '../support/call-page.js';
import { usePeople } from '../support/people.js';

const kit = usePeople({ backend: { kind: 'call' } });

/** Alice and Bob in a call through a relay that knows the invite; returns each one's peer id as the other sees it. */
async function callThroughRelay(): Promise<{ relay: HostileRelay; alice: Page; bob: Page; aliceId: string; bobId: string }> {
  const relay = await startHostileRelay(kit.env.server, 'none');
  kit.defer(() => relay.stop());
  const [alice, bob] = (await kit.pages(2)) as [Page, Page];
  const link = await createCall(alice, relay.url);
  await relay.learnInvite(link);
  await joinCall(bob, link, 'Bob');
  await waitFor('each to see the other', async () => (await alice.locator('li[data-peer]').count()) === 1 && (await bob.locator('li[data-peer]').count()) === 1);
  const bobId = (await alice.locator('li[data-peer]').getAttribute('data-peer')) ?? '';
  const aliceId = (await bob.locator('li[data-peer]').getAttribute('data-peer')) ?? '';
  return { relay, alice, bob, aliceId, bobId };
}

const tileLine = (page: Page, peer: string) => page.locator(`ul.tiles li[data-peer="${peer}"] sc-tile p.line`).first();

describe('a seat re-introduced with another key', () => {
  it('verified before: peer-left, then the same id with another key and name raises the alarm and the mark is gone', async () => {
    const { relay, alice, aliceId, bobId } = await callThroughRelay();
    await alice.getByRole('button', { name: 'Verify', exact: true }).click();
    await alice.getByRole('button', { name: 'Mark as verified' }).click();
    await waitFor('Bob verified at Alice', async () => ((await tileLine(alice, bobId).textContent()) ?? '').trim() === 'verified');
    // The stretched room code is computed once the verify panel is open: 6 groups of 5 digits.
    await waitFor('the room code', async () => /^\d{5}( \d{5}){5}$/.test(((await alice.locator('[data-room-code]').textContent()) ?? '').trim()));

    // Another name too, so the old alarm keyed by display name cannot be what catches it.
    await relay.forgeReturn(aliceId, bobId, 'B0b');
    await waitFor('the alarm at Alice', async () => (await alice.locator('[data-notice="verified-key-changed"]').count()) === 1, 10_000, 50);
    await waitFor('the new key shown for that seat', async () => ((await alice.locator(`ul.tiles li[data-peer="${bobId}"] h3`).textContent()) ?? '').includes('B0b'));
    expect(((await tileLine(alice, bobId).textContent()) ?? '').trim()).toBe('not verified');
  });

  it('not verified: the same seat back with another key still raises a key-change alarm', async () => {
    const { relay, alice, aliceId, bobId } = await callThroughRelay();
    await relay.forgeReturn(aliceId, bobId, 'Robert');
    await waitFor('the alarm at Alice', async () => (await alice.locator('[data-notice="returned-key-changed"]').count()) === 1, 10_000, 50);
    expect(await alice.locator('[data-notice="returned-key-changed"]').textContent()).toContain('different identity key');
  });
});
