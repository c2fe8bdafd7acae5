// Verifying a peer with the camera in a real call (real server, real coturn): both directions, mismatch, wrong room, rejoin with a new key.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { base64urlDecode, encodeFingerprintQr, QR_PREFIX } from '../../app/crypto/index.js';
import { parseInvite } from '../../app/invite/link.js';
import { createCall, inviteLink, joinCall, waitFor } from '../support/call-page.js';
import { usePeople } from '../support/people.js';

const kit = usePeople({ backend: { kind: 'call' } });


async function openVerify(page: Page): Promise<string> {
  if ((await page.locator('sc-verify-panel').count()) === 0) await page.getByRole('button', { name: 'Verify', exact: true }).click();
  const qr = page.locator('sc-qr-code[data-my-fingerprint-qr]');
  let text = '';
  await waitFor('my fingerprint QR', async () => {
    text = (await qr.count()) === 1 ? await qr.evaluate((el: any) => el.text as string) : '';
    return text.startsWith(QR_PREFIX);
  });
  return text;
}

/** Shows `picture` to this person's camera and scans it for their only peer; returns the outcome shown. */
async function scanPeer(page: Page, picture: string): Promise<string> {
  if ((await page.locator('sc-scanner').count()) > 0) await page.getByRole('button', { name: 'Close scanner' }).click();
  kit.showCamera(page, picture);
  await page.locator('[data-scan-peer]').click();
  const outcome = page.locator('[data-verify-outcome]');
  await waitFor('the verification outcome', async () => (await outcome.count()) === 1);
  return (await outcome.getAttribute('data-verify-outcome')) ?? '';
}

const verifiedCount = (page: Page): Promise<number> => page.locator('sc-verify-panel li[data-peer] [data-verified]').count();

describe('verifying by fingerprint QR', () => {
  it('mismatch warns and never verifies, another room says so, and the right code verifies both directions', async () => {
    // One Chromium per person: each has its own fake camera, its picture rewritten before each scan.
    const alice = await kit.page({ camera: null });
    const bob = await kit.page({ camera: null });
    const link = await createCall(alice, kit.env.server.url);
    const room = parseInvite(link)!.room;
    await joinCall(bob, link, 'Bob');
    await waitFor('each to see the other', async () => (await alice.locator('li[data-peer]').count()) === 1 && (await bob.locator('li[data-peer]').count()) === 1);

    const aliceQr = await openVerify(alice);
    const bobQr = await openVerify(bob);
    const aliceFp = base64urlDecode(aliceQr.slice(QR_PREFIX.length)).subarray(17);

    const impostor = await encodeFingerprintQr(room, new Uint8Array(32).fill(0xab));
    expect(await scanPeer(bob, impostor)).toBe('key-mismatch');
    const warning = bob.locator('[data-verify-outcome="key-mismatch"]');
    expect(await warning.getAttribute('role')).toBe('alert');
    expect(await warning.textContent()).toContain('does NOT match the key this call received. Someone may be intercepting the call.');
    expect(await verifiedCount(bob)).toBe(0);

    expect(await scanPeer(bob, await encodeFingerprintQr('B'.repeat(22), aliceFp))).toBe('wrong-room');
    expect(await bob.locator('[data-verify-outcome]').textContent()).toContain('from another call, not this one');
    expect(await verifiedCount(bob)).toBe(0);

    expect(await scanPeer(bob, aliceQr)).toBe('match');
    expect(await scanPeer(alice, bobQr)).toBe('match');
    await waitFor('both sides verified', async () => (await verifiedCount(alice)) === 1 && (await verifiedCount(bob)) === 1);
    // The scanner closed itself after the match: no camera left running.
    expect(await bob.locator('sc-scanner').count()).toBe(0);
    const liveVideo = (page: Page) =>
      page.evaluate(() => window.__sc.tracks.filter((t) => t.kind === 'video' && t.readyState === 'live').length);
    expect(await liveVideo(alice)).toBe(0);
    expect(await liveVideo(bob)).toBe(0);
    const code = (page: Page) => page.locator('[data-room-code]').textContent();
    expect(await code(alice)).toBe(await code(bob));

    // Bob rejoins under the same name with a new identity: Alice is told, and the new Bob is not verified.
    await bob.getByRole('button', { name: 'Leave' }).click();
    await bob.getByRole('button', { name: 'Leave call' }).click();
    await waitFor('Bob gone at Alice', async () => (await alice.locator('li[data-peer]').count()) === 0);
    await alice.getByRole('button', { name: 'Invite', exact: true }).click();
    const next = await inviteLink(alice, link);
    await bob.getByRole('button', { name: 'Back to start' }).click();
    await joinCall(bob, next, 'Bob');
    await waitFor('the key-change notice at Alice', async () => (await alice.locator('[data-notice="verified-key-changed"]').count()) === 1);
    expect(await alice.locator('[data-notice="verified-key-changed"]').textContent()).toContain('Bob came back with a different key');
    await openVerify(alice);
    await waitFor('the new Bob listed', async () => (await alice.locator('sc-verify-panel li[data-peer]').count()) === 1);
    expect(await verifiedCount(alice)).toBe(0);
    expect(kit.allProblems()).toEqual([]);
  });
});
