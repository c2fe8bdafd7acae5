// Recovery without user action: a TURN server restart mid-call, and a dropped signaling socket that resumes.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createCall, expectFullMesh, inviteLink, joinCall, pcStats, waitFor } from '../support/call-page.js';
import { usePeople } from '../support/people.js';

const kit = usePeople({ backend: { kind: 'call' } });

async function received(page: Page): Promise<number> {
  const [stats] = await pcStats(page);
  return stats?.state === 'connected' ? stats.packetsReceived : -1;
}

describe('recovery', () => {
  it('coturn restarts mid-call: ICE restarts by itself and audio flows again both ways', async () => {
    const [alice, bob] = (await kit.pages(2)) as [Page, Page];
    const link = await createCall(alice, kit.env.server.url);
    await joinCall(bob, link, 'Bob');
    await expectFullMesh([alice, bob], 20_000);
    await kit.env.coturn.restart();
    const afterRestart = await Promise.all([alice, bob].map((p) => pcStats(p).then((s) => s[0]!.packetsReceived)));
    // Audio stops with the relay; it counts as resumed once each side received well past that point.
    await waitFor(
      'audio to flow again both ways after the TURN restart',
      async () => (await received(alice)) > afterRestart[0]! + 25 && (await received(bob)) > afterRestart[1]! + 25,
      60_000,
      500,
    );
    const notices = await Promise.all([alice, bob].map((p) => p.locator('[data-notice="ice-restart"]').count()));
    expect(notices.some((n) => n > 0)).toBe(true);
  }, 90_000);

  it('the signaling socket drops: the page resumes its seat, the call continues, and a newcomer still gets in', async () => {
    const [alice, bob, carol] = (await kit.pages(3)) as [Page, Page, Page];
    let link = await createCall(alice, kit.env.server.url);
    await joinCall(bob, link, 'Bob');
    await expectFullMesh([alice, bob], 20_000);
    const before = await alice.evaluate(() => window.__sc.sockets.length);
    await alice.evaluate(() => window.__sc.sockets.at(-1)!.close(4000, 'test drop'));
    await waitFor('a new socket to resume', async () => (await alice.locator('[data-notice="reconnected"]').count()) === 1, 20_000);
    expect(await alice.evaluate(() => window.__sc.sockets.length)).toBe(before + 1);
    const mark = await received(bob);
    await waitFor('audio from Alice to keep arriving', async () => (await received(bob)) > mark + 10, 10_000);
    // Signaling works on the resumed socket: Carol's hello, offer and candidates to Alice go through it.
    link = await inviteLink(alice, link);
    await joinCall(carol, link, 'Carol');
    await expectFullMesh([alice, bob, carol], 30_000);
    expect(await bob.locator('li[data-peer]').count()).toBe(2);
  });
});
