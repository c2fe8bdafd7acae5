// The invite commits to the inviter's key: scanned in person it verifies them, and any mismatch raises the alarm.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parseInvite } from '../../app/invite/link.js';
import { startHostileRelay } from '../support/call-hostile-relay.js';
import { createCall, joinCall, waitFor } from '../support/call-page.js';
import { usePeople } from '../support/people.js';

const kit = usePeople({ backend: { kind: 'call' } });

/** The verification line of the only other person's tile. */
async function inviterMark(page: Page): Promise<string> {
  return ((await page.locator('ul.tiles li[data-peer] sc-tile p.line').first().textContent()) ?? '').trim();
}

/** Home → Join → scanner (camera or paste) → pre-join → in the call. */
async function joinFromScanner(page: Page, baseUrl: string, paste: string | undefined): Promise<void> {
  await page.goto(baseUrl);
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  await waitFor('the scanner', async () => (await page.locator('sc-scanner').count()) === 1);
  if (paste !== undefined) {
    await page.locator('sc-scanner #scan-paste').fill(paste);
    await page.getByRole('button', { name: 'Use link' }).click();
  }
  await waitFor('the pre-join screen', async () => (await page.getByLabel('Your name (optional)').count()) === 1, 20_000);
  await page.getByLabel('Your name (optional)').fill('Bob');
  await page.getByRole('button', { name: 'Join call' }).click();
  await waitFor('the call view', async () => (await page.getByRole('button', { name: 'Leave' }).count()) === 1);
}

describe('the inviter key commitment in the invite', () => {
  it('every invite link carries the inviter peer id and a 128-bit key commitment', async () => {
    const alice = await kit.page();
    const link = await createCall(alice, kit.env.server.url);
    const invite = parseInvite(link);
    expect(invite?.inviter?.peer).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(Buffer.from(invite?.inviter?.commitment ?? '', 'base64url').length).toBe(16);
  });

  it('scanning the invite QR with the camera marks the inviter "verified by scanning the invite"', { timeout: 90_000 }, async () => {
    const alice = await kit.page();
    const link = await createCall(alice, kit.env.server.url);
    const bob = await kit.page({ camera: link, shareCamera: true });
    await joinFromScanner(bob, kit.env.server.url, undefined);
    await waitFor('Alice verified by the invite', async () => (await inviterMark(bob)) === 'verified by scanning the invite', 20_000);
    expect(await bob.locator('[data-notice="invite-key-mismatch"]').count()).toBe(0);
  });

  it('a pasted link with the right key marks nothing verified', async () => {
    const alice = await kit.page();
    const link = await createCall(alice, kit.env.server.url);
    const bob = await kit.page();
    await joinFromScanner(bob, kit.env.server.url, link);
    await waitFor('Alice shown', async () => (await bob.locator('ul.tiles li[data-peer]').count()) === 1);
    expect(await inviterMark(bob)).toBe('not verified');
    expect(await bob.locator('[data-notice="invite-key-mismatch"]').count()).toBe(0);
  });

  it('an opened link whose inviter shows another key (a relay substituting keys) raises the alarm and verifies nobody', async () => {
    const relay = await startHostileRelay(kit.env.server, 'substitute-identity');
    kit.defer(() => relay.stop());
    const [alice, bob] = (await kit.pages(2)) as [Page, Page];
    const link = await createCall(alice, relay.url);
    await relay.learnInvite(link);
    await joinCall(bob, link, 'Bob');
    await waitFor('the invite mismatch alarm', async () => (await bob.locator('[data-notice="invite-key-mismatch"]').count()) === 1, 20_000);
    expect(await bob.locator('[data-notice="invite-key-mismatch"]').textContent()).toContain('does NOT match the one in the invite');
    expect(await inviterMark(bob)).toBe('not verified');
  });
});
