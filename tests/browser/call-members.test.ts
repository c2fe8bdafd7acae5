// Every member the server admits is shown: a silent one as "Joining…", then as a warning once it stays unidentified.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parseInvite } from '../../app/invite/link.js';
import { UNIDENTIFIED_WARNING_MS } from '../../app/call/members.js';
import { createCall, inviteLink, joinCall, waitFor } from '../support/call-page.js';
import { usePeople } from '../support/people.js';
import { TestClient } from '../support/ws-client.js';

const kit = usePeople({ backend: { kind: 'call' } });

/** Tiles other than my own: participants that said hello, and members that have not. */
async function shown(page: Page): Promise<{ peers: number; joining: number; unidentified: number }> {
  return {
    peers: await page.locator('ul.tiles li[data-peer]').count(),
    joining: await page.locator('ul.tiles li[data-pending] [data-joining]').count(),
    unidentified: await page.locator('ul.tiles li[data-pending] [data-unidentified]').count(),
  };
}

/** Joins with `link` over a bare WebSocket that never sends hello (an intercepted invite used silently). */
async function silentJoin(link: string): Promise<TestClient> {
  const invite = parseInvite(link);
  if (!invite) throw new Error(`not an invite: ${link}`);
  const client = await TestClient.connect(`${kit.env.server.wsUrl}/ws/${invite.room}`, kit.env.server.origin);
  kit.defer(() => client.close());
  client.send({ t: 'join', token: invite.token });
  await client.nextOf('welcome');
  return client;
}

describe('members that never say hello', () => {
  it('a silent member shows as joining at once, becomes a warning after the limit, and the count equals the server roster', async () => {
    const [alice, bob] = (await kit.pages(2)) as [Page, Page];
    const first = await createCall(alice, kit.env.server.url);
    await joinCall(bob, first, 'Bob');
    await waitFor('Alice and Bob see each other', async () => (await shown(alice)).peers === 1 && (await shown(bob)).peers === 1);
    const second = await inviteLink(alice, first);

    const silentAt = Date.now();
    await silentJoin(second);
    for (const page of [alice, bob]) {
      await waitFor('the silent member as joining', async () => (await shown(page)).joining === 1, 5_000, 50);
    }
    // Before the limit it is "joining", not yet a warning.
    expect(Date.now() - silentAt).toBeLessThan(UNIDENTIFIED_WARNING_MS);
    expect((await shown(alice)).unidentified).toBe(0);

    for (const page of [alice, bob]) {
      await waitFor('the unidentified warning', async () => (await shown(page)).unidentified === 1, UNIDENTIFIED_WARNING_MS + 10_000, 200);
      const s = await shown(page);
      // Server roster: three members besides nobody else; each page shows the two others.
      expect(s.peers + s.joining + s.unidentified).toBe(2);
    }
    expect(Date.now() - silentAt).toBeGreaterThanOrEqual(UNIDENTIFIED_WARNING_MS);
    expect(await alice.locator('[data-unidentified]').textContent()).toContain('It has not been given the room key');
  });

  it('a member that was shown joining and then leaves is no longer shown', async () => {
    const alice = await kit.page();
    const link = await createCall(alice, kit.env.server.url);
    const silent = await silentJoin(link);
    await waitFor('the silent member as joining', async () => (await shown(alice)).joining === 1, 5_000, 50);
    silent.send({ t: 'leave' });
    silent.close();
    await waitFor('the silent member gone', async () => {
      const s = await shown(alice);
      return s.joining + s.unidentified + s.peers === 0;
    }, 10_000, 100);
  });
});
