// Verifying a peer with the camera in a real call (real server, real coturn): both directions, mismatch, wrong room, rejoin with a new key.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base64urlDecode, encodeFingerprintQr, QR_PREFIX } from '../../app/crypto/index.js';
import { parseInvite } from '../../app/invite/link.js';
import { launchChromium, watchProblems, type PageProblems } from '../support/browser.js';
import { startCallEnv, type CallEnv } from '../support/call-env.js';
import { createCall, instrumentedPage, inviteLink, joinCall, waitFor } from '../support/call-page.js';
import { writeQrY4m } from '../support/y4m.js';

let env: CallEnv;
let dir: string;
const browsers: Browser[] = [];

/** One Chromium per person: each has its own fake camera file, rewritten before each scan. */
async function person(name: string): Promise<{ page: Page; camera: string; problems: PageProblems }> {
  const camera = join(dir, `${name}.y4m`);
  const browser = await launchChromium([writeQrY4m(camera, undefined)]);
  browsers.push(browser);
  const page = await instrumentedPage(await browser.newContext({ locale: 'en-US' }));
  return { page, camera, problems: await watchProblems(page) };
}

beforeAll(async () => {
  env = await startCallEnv();
  dir = mkdtempSync(join(tmpdir(), 'sc-verify-'));
});

afterAll(async () => {
  await Promise.all(browsers.map((b) => b.close()));
  await env?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

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
async function scanPeer(page: Page, camera: string, picture: string): Promise<string> {
  if ((await page.locator('sc-scanner').count()) > 0) await page.getByRole('button', { name: 'Close scanner' }).click();
  writeQrY4m(camera, picture);
  await page.locator('[data-scan-peer]').click();
  const outcome = page.locator('[data-verify-outcome]');
  await waitFor('the verification outcome', async () => (await outcome.count()) === 1);
  return (await outcome.getAttribute('data-verify-outcome')) ?? '';
}

const verifiedCount = (page: Page): Promise<number> => page.locator('sc-verify-panel li[data-peer] [data-verified]').count();

describe('verifying by fingerprint QR', () => {
  it('mismatch warns and never verifies, another room says so, and the right code verifies both directions', async () => {
    const alice = await person('alice');
    const bob = await person('bob');
    const link = await createCall(alice.page, env.server.url);
    const room = parseInvite(link)!.room;
    await joinCall(bob.page, link, 'Bob');
    await waitFor('each to see the other', async () => (await alice.page.locator('li[data-peer]').count()) === 1 && (await bob.page.locator('li[data-peer]').count()) === 1);

    const aliceQr = await openVerify(alice.page);
    const bobQr = await openVerify(bob.page);
    const aliceFp = base64urlDecode(aliceQr.slice(QR_PREFIX.length)).subarray(17);

    const impostor = await encodeFingerprintQr(room, new Uint8Array(32).fill(0xab));
    expect(await scanPeer(bob.page, bob.camera, impostor)).toBe('key-mismatch');
    const warning = bob.page.locator('[data-verify-outcome="key-mismatch"]');
    expect(await warning.getAttribute('role')).toBe('alert');
    expect(await warning.textContent()).toContain('does NOT match the key this call received. Someone may be intercepting the call.');
    expect(await verifiedCount(bob.page)).toBe(0);

    expect(await scanPeer(bob.page, bob.camera, await encodeFingerprintQr('B'.repeat(22), aliceFp))).toBe('wrong-room');
    expect(await bob.page.locator('[data-verify-outcome]').textContent()).toContain('from another call, not this one');
    expect(await verifiedCount(bob.page)).toBe(0);

    expect(await scanPeer(bob.page, bob.camera, aliceQr)).toBe('match');
    expect(await scanPeer(alice.page, alice.camera, bobQr)).toBe('match');
    await waitFor('both sides verified', async () => (await verifiedCount(alice.page)) === 1 && (await verifiedCount(bob.page)) === 1);
    // The scanner closed itself after the match: no camera left running.
    expect(await bob.page.locator('sc-scanner').count()).toBe(0);
    const liveVideo = (page: Page) =>
      page.evaluate(() => (window as any).__sc.tracks.filter((t: MediaStreamTrack) => t.kind === 'video' && t.readyState === 'live').length);
    expect(await liveVideo(alice.page)).toBe(0);
    expect(await liveVideo(bob.page)).toBe(0);
    const code = (page: Page) => page.locator('[data-room-code]').textContent();
    expect(await code(alice.page)).toBe(await code(bob.page));

    // Bob rejoins under the same name with a new identity: Alice is told, and the new Bob is not verified.
    await bob.page.getByRole('button', { name: 'Leave' }).click();
    await bob.page.getByRole('button', { name: 'Leave call' }).click();
    await waitFor('Bob gone at Alice', async () => (await alice.page.locator('li[data-peer]').count()) === 0);
    await alice.page.getByRole('button', { name: 'Invite', exact: true }).click();
    const next = await inviteLink(alice.page, link);
    await bob.page.getByRole('button', { name: 'Back to start' }).click();
    await joinCall(bob.page, next, 'Bob');
    await waitFor('the key-change notice at Alice', async () => (await alice.page.locator('[data-notice="verified-key-changed"]').count()) === 1);
    expect(await alice.page.locator('[data-notice="verified-key-changed"]').textContent()).toContain('Bob came back with a different key');
    await openVerify(alice.page);
    await waitFor('the new Bob listed', async () => (await alice.page.locator('sc-verify-panel li[data-peer]').count()) === 1);
    expect(await verifiedCount(alice.page)).toBe(0);
    for (const p of [alice, bob]) expect([...p.problems.consoleErrors, ...p.problems.cspViolations]).toEqual([]);
  });
});
