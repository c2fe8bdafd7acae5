// Two people talk through the real UI, server and coturn: audio both ways, chat in order, tampering warned, Leave cleans up.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildMesh, chatLog, createCall, expectFullMesh, joinCall, pcStats, sendChat, waitFor } from '../support/call-page.js';
import { diagnosticsOf } from '../support/diagnostics.js';
import { usePeople } from '../support/people.js';

const kit = usePeople({ backend: { kind: 'call' } });

async function twoPeople(): Promise<{ alice: Page; bob: Page }> {
  const [alice, bob] = (await kit.pages(2)) as [Page, Page];
  const link = await createCall(alice, kit.env.server.url);
  await joinCall(bob, link, 'Bob');
  return { alice, bob };
}

describe('two-person call', () => {
  it('carries audio both ways: inbound packets and audio level above zero on each side', async () => {
    const { alice, bob } = await twoPeople();
    await expectFullMesh([alice, bob], 20_000);
    for (const page of [alice, bob]) {
      const [stats] = await pcStats(page);
      expect(stats!.packetsReceived).toBeGreaterThan(0);
      expect(stats!.audioEnergy).toBeGreaterThan(0);
    }
    await expect.poll(() => alice.locator('sc-tile [data-path="relayed"]').count(), { timeout: 10_000 }).toBe(1);
    // The DTLS certificate in use matched the fingerprint the SDP MAC authenticated, on both sides.
    for (const page of [alice, bob]) await expect.poll(() => page.locator('[data-dtls="checked"]').count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => alice.getByText('Bob', { exact: false }).count()).toBeGreaterThan(0);
    expect(kit.allProblems()).toEqual([]);
    for (const page of [alice, bob]) expect(await diagnosticsOf(page)).toEqual([]);
  });

  it('delivers chat to everyone in order, and shows a tampered message as a warning, never as text', async () => {
    const [alice, bob, carol] = await buildMesh(() => kit.context(), kit.env.server.url, 3);
    await expectFullMesh([alice!, bob!, carol!], 30_000);
    for (const text of ['one', 'two', 'three']) await sendChat(alice!, text);
    for (const page of [bob!, carol!]) {
      await waitFor('three messages', async () => (await chatLog(page)).texts.length === 3);
      expect((await chatLog(page)).texts).toEqual(['one', 'two', 'three']);
    }
    await sendChat(bob!, 'reply from bob');
    await waitFor('the reply at Alice', async () => (await chatLog(alice!)).texts.includes('reply from bob'));
    await alice!.evaluate(() => (window.__sc.tamperNextChat = true));
    await sendChat(alice!, 'tampered secret');
    // The first copy (to one peer) was tampered; the other peer still gets the text.
    await waitFor('one warning and one delivery', async () => {
      const logs = await Promise.all([chatLog(bob!), chatLog(carol!)]);
      return logs.filter((l) => l.warnings === 1).length === 1 && logs.filter((l) => l.texts.includes('tampered secret')).length === 1;
    });
    for (const page of [bob!, carol!]) {
      const log = await chatLog(page);
      if (log.warnings === 1) expect(log.texts).not.toContain('tampered secret');
    }
    // A tampered chat frame is a handled case (a warning on screen), not a diagnostic.
    for (const page of [alice!, bob!, carol!]) expect(await diagnosticsOf(page)).toEqual([]);
  });

  it('Leave: the others see the tile disappear, and the leaving page keeps no live track, connection or socket', async () => {
    const { alice, bob } = await twoPeople();
    await expectFullMesh([alice, bob], 20_000);
    await expect.poll(() => alice.locator('li[data-peer]').count()).toBe(1);
    await bob.getByRole('button', { name: 'Leave' }).click();
    await bob.getByRole('button', { name: 'Leave call' }).click();
    await expect.poll(() => alice.locator('li[data-peer]').count(), { timeout: 10_000 }).toBe(0);
    const left = await bob.evaluate(() => {
      const sc = window.__sc;
      return {
        tracks: sc.tracks.length,
        liveTracks: sc.tracks.filter((t) => t.readyState !== 'ended').length,
        openPcs: sc.pcs.filter((pc) => pc.connectionState !== 'closed').length,
        openSockets: sc.sockets.filter((ws) => ws.readyState !== WebSocket.CLOSED && ws.readyState !== WebSocket.CLOSING).length,
      };
    });
    expect(left.tracks).toBeGreaterThan(0);
    expect(left).toMatchObject({ liveTracks: 0, openPcs: 0, openSockets: 0 });
    await expect.poll(() => bob.getByText('You left the call.').count()).toBe(1);
    for (const page of [alice, bob]) expect(await diagnosticsOf(page)).toEqual([]);
  });
});
