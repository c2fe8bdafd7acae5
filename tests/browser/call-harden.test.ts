// Hardening seen from the app: a server that drops relay-only after this origin required it is refused and shown; the room size chosen at start and the lock reach everyone.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { RELAY_PIN_STORAGE_KEY } from '../../app/call/relay-pin.js';
import { TEST_ACCESS_KEY } from '../support/call-env.js';
import { startHostileRelay } from '../support/call-hostile-relay.js';
import { createCall, expectFullMesh, instrumentedPage, joinCall, noticesOf, startFromPrejoin, waitFor } from '../support/call-page.js';
import { usePeople } from '../support/people.js';

const kit = usePeople({ backend: { kind: 'call' } });

/** What each of the page's peer connections is configured with now. */
function policies(page: Page): Promise<string[]> {
  return page.evaluate(() => window.__sc.pcs.filter((pc) => pc.connectionState !== 'closed').map((pc) => pc.getConfiguration().iceTransportPolicy ?? ''));
}

/** The room status line every member sees: size and lock. */
async function roomStatus(page: Page): Promise<{ size: string | null; locked: string | null }> {
  const status = page.locator('sc-room-lock [data-room-size]');
  return { size: await status.getAttribute('data-room-size'), locked: await status.getAttribute('data-room-locked') };
}

describe('relay-only pinned per origin', () => {
  it('keeps relay-only in a call whose server stops requiring it, shows it, and refuses a new call there with a clear message', async () => {
    const relay = await startHostileRelay(kit.env.server, 'drop-relay-only');
    kit.defer(() => relay.stop());
    const [alice, bob] = (await kit.pages(2)) as [Page, Page];
    const link = await createCall(alice, relay.url);
    await joinCall(bob, link, 'Bob');
    await expectFullMesh([alice, bob], 30_000);
    expect(await alice.evaluate((key) => localStorage.getItem(key), RELAY_PIN_STORAGE_KEY)).toBe('1');

    relay.downgrade.on = true;
    relay.dropConnections();
    for (const page of [alice, bob]) {
      await waitFor('the downgrade notice', async () => (await noticesOf(page)).includes('relay-downgrade'), 30_000);
      expect(await policies(page)).toEqual(['relay']);
    }
    expect(relay.rewritten.count).toBeGreaterThanOrEqual(2);
    expect(await alice.locator('[data-notice="relay-downgrade"]').textContent()).toContain('keeps using the relay');

    // A new call from the same origin (same storage) is refused before any connection exists.
    const again = await instrumentedPage(alice.context());
    await again.goto(relay.url);
    await again.getByRole('button', { name: 'New call' }).click();
    await startFromPrejoin(again);
    const keyField = again.getByLabel('Access key');
    const refusal = again.locator('[data-error="errRelayDowngrade"]');
    await waitFor('the access key prompt or the refusal', async () => (await keyField.count()) + (await refusal.count()) > 0);
    if ((await keyField.count()) > 0) {
      await keyField.fill(TEST_ACCESS_KEY);
      await again.getByRole('button', { name: 'Start call' }).click();
    }
    await waitFor('the refusal', async () => (await refusal.count()) === 1);
    expect(await refusal.textContent()).toContain('no longer does');
    expect(await again.evaluate(() => window.__sc.pcs.length)).toBe(0);
    await again.close();
  }, 120_000);
});

describe('room size and lock', () => {
  it('carries the size chosen on the home screen to everyone in the call, and a lock by one member shows for all', async () => {
    const [alice, bob] = (await kit.pages(2)) as [Page, Page];
    await alice.goto(kit.env.server.url);
    await alice.locator('sc-room-size select').selectOption('3');
    const link = await createCall(alice, kit.env.server.url, TEST_ACCESS_KEY, { navigate: false });
    await joinCall(bob, link, 'Bob');
    for (const page of [alice, bob]) {
      await waitFor('the room status', async () => (await roomStatus(page)).size === '3');
      expect(await roomStatus(page)).toEqual({ size: '3', locked: 'false' });
    }
    await bob.getByRole('button', { name: 'Lock the call' }).click();
    for (const page of [alice, bob]) await waitFor('the lock on every page', async () => (await roomStatus(page)).locked === 'true');
    expect(await alice.locator('sc-room-lock [data-room-size]').textContent()).toContain('nobody new can join');
    await alice.getByRole('button', { name: 'Unlock the call' }).click();
    for (const page of [alice, bob]) await waitFor('the unlock on every page', async () => (await roomStatus(page)).locked === 'false');
  }, 120_000);
});
