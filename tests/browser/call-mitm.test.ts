// MITM with a hostile relay that holds an invite link and a member's leaked room key: a swapped DTLS fingerprint is refused; substituted keys show as mismatched fingerprints.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { INJECTED_HOST_CANDIDATE, startHostileRelay, swapFingerprint, type Attack, type HostileRelay } from '../support/call-hostile-relay.js';
import { createCall, expectFullMesh, joinCall, pcStats, waitFor } from '../support/call-page.js';
import { diagnosticsOf } from '../support/diagnostics.js';
import { usePeople } from '../support/people.js';

const kit = usePeople({ backend: { kind: 'call' } });

async function refused(page: Page): Promise<boolean> {
  return (await page.locator('[data-notice="security-sdp-mac"]').count()) > 0 && (await page.locator('[data-connection="refused"]').count()) === 1;
}

/** Alice creates a call through a hostile relay running `attack` (stopped after the test) that learns the invite and Alice's room key, and Bob joins it with the invite. */
async function callThrough(attack: Attack): Promise<{ relay: HostileRelay; alice: Page; bob: Page }> {
  const relay = await startHostileRelay(kit.env.server, attack);
  kit.defer(() => relay.stop());
  const [alice, bob] = (await kit.pages(2)) as [Page, Page];
  const link = await createCall(alice, relay.url);
  await relay.learnInvite(link);
  await relay.leakRoomKey(alice);
  await joinCall(bob, link, 'Bob');
  return { relay, alice, bob };
}

async function myFingerprint(page: Page): Promise<string> {
  return ((await page.locator('li:not([data-peer]) sc-tile .fp').textContent()) ?? '').trim();
}

describe('hostile relay with an invite link and a leaked room key', () => {
  it('the swap helper changes only the fingerprint', () => {
    const sdp = 'v=0\r\na=fingerprint:sha-256 AB:CD\r\na=setup:actpass\r\n';
    expect(swapFingerprint(sdp)).toBe('v=0\r\na=fingerprint:sha-256 0B:CD\r\na=setup:actpass\r\n');
  });

  it('(a) swapping only the DTLS fingerprint in an SDP fails the MAC: the call to that peer is refused with a security warning', async () => {
    const { relay, alice, bob } = await callThrough('swap-dtls-fingerprint');
    // The first offer is forged, so whoever receives it refuses the peer.
    await waitFor('a refusal with a security warning', async () => (await refused(alice)) || (await refused(bob)), 20_000);
    expect(relay.rewritten.count).toBeGreaterThan(0);
    const refuser = (await refused(alice)) ? alice : bob;
    expect(await refuser.locator('[data-notice="security-sdp-mac"]').textContent()).toContain('Security warning');
    for (const page of [alice, bob]) {
      for (const s of await pcStats(page)) {
        expect(s.state).not.toBe('connected');
        expect(s.packetsReceived).toBe(0);
      }
    }
    expect(await refuser.evaluate(() => window.__sc.pcs.every((pc) => pc.connectionState === 'closed'))).toBe(true);
  });

  it('an envelope whose ciphertext was changed is dropped and recorded in the call diagnostics', async () => {
    const { relay, alice, bob } = await callThrough('corrupt-envelope');
    const tampered = async (page: Page): Promise<boolean> => (await diagnosticsOf(page)).some((d) => d.area === 'signaling' && d.code === 'envelope-tampered');
    await waitFor('a recorded tampered envelope', async () => (await tampered(alice)) || (await tampered(bob)), 20_000);
    expect(relay.rewritten.count).toBeGreaterThan(0);
  });

  it('(b) substituting its own identity keys: the call may connect, but the two sides see different fingerprints and safety numbers', async () => {
    const { alice, bob } = await callThrough('substitute-identity');
    await expectFullMesh([alice, bob], 20_000);
    const aliceFp = await myFingerprint(alice);
    const bobFp = await myFingerprint(bob);
    const bobAsSeenByAlice = ((await alice.locator('li[data-peer] .fp').textContent()) ?? '').trim();
    const aliceAsSeenByBob = ((await bob.locator('li[data-peer] .fp').textContent()) ?? '').trim();
    expect(aliceFp).toMatch(/^[0-9A-F]{4}( [0-9A-F]{4}){3}$/);
    expect(bobAsSeenByAlice).not.toBe(bobFp);
    expect(aliceAsSeenByBob).not.toBe(aliceFp);
    const safety: string[] = [];
    for (const page of [alice, bob]) {
      await page.getByRole('button', { name: 'Verify' }).click();
      await waitFor('the safety number', async () => (await page.locator('[data-safety-number]').count()) === 1);
      safety.push(((await page.locator('[data-safety-number]').textContent()) ?? '').trim());
    }
    expect(safety[0]).toMatch(/^\d{5}( \d{5}){11}$/);
    expect(safety[0]).not.toBe(safety[1]);
  });

  it('(c) PROD: a non-relay candidate from a peer is dropped, never added, and the privacy line reports it', async () => {
    const { relay, alice, bob } = await callThrough('inject-host-candidate');
    await expectFullMesh([alice, bob], 20_000);
    expect(relay.rewritten.count).toBeGreaterThan(0);
    for (const page of [alice, bob]) {
      await waitFor('the non-relay report', async () => (await page.locator('[data-non-relay]').count()) === 1);
      const added: string[] = await page.evaluate(() => window.__sc.candidates.filter((c) => c.dir === 'remote').map((c) => c.candidate));
      expect(added.length).toBeGreaterThan(0);
      expect(added).not.toContain(INJECTED_HOST_CANDIDATE);
      for (const c of added) expect(c).toMatch(/ typ relay /);
      expect(await page.locator('[data-notice="non-relay"]').count()).toBe(1);
    }
  });
});
