// Coming back and leaving on purpose: a reload rejoins the same seat with the same identity, a lost seat says so, and Leave asks first.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createCall, expectFullMesh, instrumentedPage, joinCall, noticesOf, pcStats, waitFor } from '../support/call-page.js';
import { usePeople } from '../support/people.js';

const kit = usePeople({ backend: { kind: 'call' } });

/** Every connected pair's inbound packets on this page, summed. */
async function inbound(page: Page): Promise<number> {
  return (await pcStats(page)).filter((s) => s.state === 'connected').reduce((sum, s) => sum + s.packetsReceived, 0);
}

async function openVerify(page: Page): Promise<void> {
  if ((await page.locator('sc-verify-panel').count()) === 0) await page.getByRole('button', { name: 'Verify', exact: true }).click();
  await waitFor('the verify panel', async () => (await page.locator('sc-verify-panel li[data-peer]').count()) === 1);
}

const safetyNumber = (page: Page): Promise<string | null> => page.locator('sc-verify-panel li[data-peer] [data-safety-number]').textContent();
const peerIdShown = (page: Page): Promise<string | null> => page.locator('sc-call-view ul.tiles li[data-peer]').getAttribute('data-peer');
const KEY_NOTICES = ['identity-changed', 'verified-key-changed', 'remembered-key-changed', 'security-sdp-mac', 'security-dtls-certificate'];

async function twoPeople(): Promise<{ alice: Page; bob: Page }> {
  const [alice, bob] = (await kit.pages(2)) as [Page, Page];
  const link = await createCall(alice, kit.env.server.url);
  await joinCall(bob, link, 'Bob');
  await expectFullMesh([alice, bob], 20_000);
  return { alice, bob };
}

describe('rejoin after a reload', () => {
  it('a page reloads mid-call: back in the call within 5 s with the same seat, safety number and verified mark, and no key-change notice', async () => {
    const { alice, bob } = await twoPeople();
    await openVerify(alice);
    await openVerify(bob);
    const before = { atAlice: await safetyNumber(alice), atBob: await safetyNumber(bob), bobId: await peerIdShown(alice) };
    expect(before.atAlice).toBe(before.atBob);
    await bob.getByRole('button', { name: 'Mark as verified' }).click();
    await alice.getByRole('button', { name: 'Mark as verified' }).click();
    await waitFor('both marks', async () => (await bob.locator('sc-verify-panel [data-verified]').count()) === 1 && (await alice.locator('sc-verify-panel [data-verified]').count()) === 1);

    const dialogs: string[] = [];
    bob.on('dialog', (dialog) => {
      dialogs.push(dialog.type());
      void dialog.accept();
    });
    const fromBobBefore = await inbound(alice);
    const reloadedAt = Date.now();
    await bob.reload();
    await waitFor('Bob back in the call with Alice', async () => (await bob.locator('sc-call-view ul.tiles li[data-peer]').count()) === 1, 15_000, 50);
    const backIn = Date.now() - reloadedAt;
    await waitFor('audio both ways again', async () => (await inbound(bob)) > 0 && (await inbound(alice)) > fromBobBefore + 10, 20_000, 100);
    const audioBack = Date.now() - reloadedAt;
    console.log(`rejoin after reload: call view with the peer after ${backIn} ms, audio both ways after ${audioBack} ms`);
    expect(dialogs).toContain('beforeunload');
    expect(backIn).toBeLessThan(5_000);

    await openVerify(bob);
    expect(await peerIdShown(alice)).toBe(before.bobId);
    expect(await safetyNumber(bob)).toBe(before.atBob);
    expect(await safetyNumber(alice)).toBe(before.atAlice);
    // Both marks stay: Alice kept Bob's (same key), Bob's page restored its own from the saved seat.
    expect(await bob.locator('sc-verify-panel [data-verified]').count()).toBe(1);
    expect(await alice.locator('sc-verify-panel [data-verified]').count()).toBe(1);
    for (const page of [alice, bob]) expect((await noticesOf(page)).filter((n) => KEY_NOTICES.includes(n))).toEqual([]);
    // One live connection each way: the dead one was replaced, not kept beside the new one.
    expect((await pcStats(alice)).length).toBe(1);

    // Chat works over the new connection, both ways (fresh keys, counters from the start again).
    await bob.getByRole('button', { name: 'Chat' }).click();
    await bob.getByPlaceholder('Message to everyone').fill('back after reload');
    await bob.getByRole('button', { name: 'Send' }).click();
    await alice.getByRole('button', { name: 'Chat' }).click();
    await waitFor('the chat at Alice', async () => (await alice.locator('[data-chat-text]', { hasText: 'back after reload' }).count()) === 1, 10_000);
    expect(await alice.locator('[data-chat-warning]').count()).toBe(0);
  }, 90_000);

  it('the saved seat is gone: the page says so and offers Back to start, and nothing is left saved', async () => {
    const { bob } = await twoPeople();
    // A credential the server never issued stands for a seat the server no longer holds.
    await bob.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('securecall-rejoin');
          open.onerror = () => reject(open.error ?? new Error('indexedDB.open failed'));
          open.onsuccess = () => {
            const tx = open.result.transaction('call', 'readwrite');
            const store = tx.objectStore('call');
            const get = store.get('current');
            get.onsuccess = () => store.put({ ...get.result, credential: 'x'.repeat(51) }, 'current');
            tx.oncomplete = () => resolve();
            tx.onerror = () => reject(tx.error ?? new Error('transaction failed'));
          };
        }),
    );
    // Nothing saves the seat again before the reload: only a new credential, a counter reservation,
    // a name, a mark or the minute's refresh would.
    bob.on('dialog', (dialog) => void dialog.accept());
    await bob.reload();
    await waitFor('the seat-gone screen', async () => (await bob.locator('[data-error="endedSeatGone"]').count()) === 1, 15_000);
    expect(await bob.getByText('Your seat in this call is gone.', { exact: false }).count()).toBe(1);
    await bob.getByRole('button', { name: 'Back to start' }).click();
    await waitFor('the home screen', async () => (await bob.getByRole('button', { name: 'New call' }).count()) === 1);
    await bob.reload();
    await waitFor('the home screen after another reload', async () => (await bob.getByRole('button', { name: 'New call' }).count()) === 1);
    expect(await bob.locator('sc-call-flow').count()).toBe(0);
  }, 90_000);
});

describe('a second tab', () => {
  it('opening the app in another tab during a call leaves the seat to the first tab', async () => {
    const { alice, bob } = await twoPeople();
    const second = await instrumentedPage(bob.context());
    await second.goto(kit.env.server.url);
    await waitFor('the home screen in the second tab', async () => (await second.getByRole('button', { name: 'New call' }).count()) === 1);
    expect(await second.locator('sc-call-flow').count()).toBe(0);
    const mark = await inbound(alice);
    await waitFor('Bob still heard by Alice', async () => (await inbound(alice)) > mark + 10, 10_000);
    expect(await bob.getByRole('button', { name: 'Leave', exact: true }).count()).toBe(1);
  }, 90_000);
});

describe('leaving on purpose', () => {
  it('Leave asks before leaving; Stay keeps the call; confirming leaves, and a reload afterwards does not rejoin', async () => {
    const { alice, bob } = await twoPeople();
    await bob.getByRole('button', { name: 'Leave', exact: true }).click();
    await waitFor('the confirmation', async () => (await bob.getByRole('group', { name: 'Leave the call?' }).count()) === 1);
    expect(await bob.locator('[data-ended]').count()).toBe(0);
    await bob.getByRole('button', { name: 'Stay' }).click();
    expect(await bob.getByRole('button', { name: 'Leave', exact: true }).count()).toBe(1);
    expect(await alice.locator('li[data-peer]').count()).toBe(1);
    const mark = await inbound(alice);
    await waitFor('audio still flowing after Stay', async () => (await inbound(alice)) > mark + 10, 10_000);

    // Closing or reloading the tab asks first; dismissing the prompt keeps the call.
    const dialogs: string[] = [];
    bob.once('dialog', (dialog) => {
      dialogs.push(dialog.type());
      void dialog.dismiss();
    });
    await bob.reload({ timeout: 5_000 }).catch(() => undefined);
    expect(dialogs).toEqual(['beforeunload']);
    expect(await bob.getByRole('button', { name: 'Leave', exact: true }).count()).toBe(1);

    await bob.getByRole('button', { name: 'Leave', exact: true }).click();
    await bob.getByRole('button', { name: 'Leave call' }).click();
    await waitFor('the end screen', async () => (await bob.locator('[data-ended="left"]').count()) === 1);
    await waitFor('Bob gone at Alice', async () => (await alice.locator('li[data-peer]').count()) === 0, 10_000);
    await bob.reload();
    await waitFor('the home screen', async () => (await bob.getByRole('button', { name: 'New call' }).count()) === 1);
    const saved = await bob.evaluate(
      () =>
        new Promise<unknown>((resolve, reject) => {
          const open = indexedDB.open('securecall-rejoin');
          open.onerror = () => reject(open.error ?? new Error('indexedDB.open failed'));
          open.onsuccess = () => {
            const get = open.result.transaction('call', 'readonly').objectStore('call').get('current');
            get.onsuccess = () => resolve(get.result ?? null);
          };
        }),
    );
    expect(saved).toBeNull();
  }, 90_000);
});
