// The call's screens in real Chromium: access key prompt, joining by a pasted link, the fragment wiped, Russian, keyboard.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { TEST_ACCESS_KEY } from '../support/call-env.js';
import { createCall, expectFullMesh, inviteLink, joinCall, startFromPrejoin, waitFor } from '../support/call-page.js';
import { diagnosticsOf } from '../support/diagnostics.js';
import { usePeople } from '../support/people.js';

const kit = usePeople({ backend: { kind: 'call' } });

describe('call screens', () => {
  it('New call asks for the access key, says plainly when it is wrong, and remembers it only when asked', async () => {
    const page = await kit.page();
    const problems = kit.problems(page);
    await page.goto(kit.env.server.url);
    await page.getByRole('button', { name: 'New call' }).click();
    await startFromPrejoin(page);
    await waitFor('the access key prompt', async () => (await page.getByLabel('Access key').count()) === 1);
    expect(await page.getByText('That access key is wrong.').count()).toBe(0);
    await page.getByLabel('Access key').fill('not-the-key-at-all');
    await page.getByRole('button', { name: 'Start call' }).click();
    await waitFor('the wrong-key message', async () => (await page.getByText('That access key is wrong. Check it and try again.').count()) === 1);
    await page.getByLabel('Access key').fill(TEST_ACCESS_KEY);
    await page.getByLabel('Remember on this device').check();
    await page.getByRole('button', { name: 'Start call' }).click();
    const link = await inviteLink(page);
    expect(link.startsWith(`${kit.env.server.origin}/#/join/`)).toBe(true);
    await waitFor('the QR image', async () => (await page.getByRole('img', { name: 'QR code of the invite link' }).count()) === 1);
    expect(await page.getByRole('button', { name: 'Copy link' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Leave' }).click();
    await page.getByRole('button', { name: 'Leave call' }).click();
    await page.getByRole('button', { name: 'Back to start' }).click();
    // Remembered: the next New call goes from the pre-join straight to the invite.
    await page.getByRole('button', { name: 'New call' }).click();
    await startFromPrejoin(page);
    await inviteLink(page, link);
    expect(await page.getByLabel('Access key').count()).toBe(0);
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.cspViolations).toEqual([]);
  });

  it('Join takes a pasted link; an opened link leaves no secret in the address bar; the pre-join works from the keyboard', async () => {
    const [alice, bob, carol] = (await kit.pages(3)) as [Page, Page, Page];
    const bobProblems = kit.problems(bob);
    let link = await createCall(alice, kit.env.server.url);

    await bob.goto(kit.env.server.url);
    // Join opens the scanner, whose paste field is the fallback without a camera.
    await bob.getByRole('button', { name: 'Join' }).click();
    await bob.getByLabel('Or paste the invite link').fill(link);
    await bob.getByRole('button', { name: 'Use link' }).click();
    await waitFor('the pre-join meter', async () => (await bob.getByRole('meter').count()) === 1);
    await bob.getByLabel('Your name (optional)').fill('Bob');
    await bob.getByLabel('Your name (optional)').press('Enter');
    await waitFor('the call view', async () => (await bob.getByRole('button', { name: 'Leave' }).count()) === 1);

    link = await inviteLink(alice, link);
    const token = link.split('#/join/')[1]!.split('.')[1]!;
    await carol.goto(link);
    await waitFor('the pre-join', async () => (await carol.getByRole('button', { name: 'Join call' }).count()) === 1);
    expect(carol.url()).not.toContain('#');
    expect(await carol.evaluate(() => window.location.href)).not.toContain(token);
    await carol.getByRole('button', { name: 'Join call' }).click();
    await expectFullMesh([alice, bob, carol], 30_000);
    expect(bobProblems.consoleErrors).toEqual([]);
    expect(bobProblems.cspViolations).toEqual([]);
    // Mute is a toggle with the accessible names the issue names.
    await bob.getByRole('button', { name: 'Mute' }).click();
    await waitFor('Unmute', async () => (await bob.getByRole('button', { name: 'Unmute' }).count()) === 1);
    // A name changed in Settings reaches the others in a fresh hello.
    await alice.getByRole('button', { name: 'Settings' }).click();
    await alice.getByLabel('Your name (optional)').fill('Alice Creator');
    await alice.getByLabel('Your name (optional)').press('Enter');
    await waitFor('the new name at Bob and Carol', async () =>
      (await bob.locator('li[data-peer] h3', { hasText: 'Alice Creator' }).count()) === 1 &&
      (await carol.locator('li[data-peer] h3', { hasText: 'Alice Creator' }).count()) === 1);
  });

  it('the creator gets the pre-join (name and microphone meter); the others see that name; the own tile reads it once', async () => {
    const [alice, bob] = (await kit.pages(2)) as [Page, Page];
    await alice.goto(kit.env.server.url);
    await alice.getByRole('button', { name: 'New call' }).click();
    await waitFor('the creator\'s pre-join meter', async () => (await alice.locator('sc-prejoin').getByRole('meter').count()) === 1);
    expect(await alice.getByRole('heading', { name: 'Start a call' }).count()).toBe(1);
    await startFromPrejoin(alice, 'Alice');
    await alice.getByLabel('Access key').fill(TEST_ACCESS_KEY);
    await alice.getByRole('button', { name: 'Start call' }).click();
    const link = await inviteLink(alice);
    await joinCall(bob, link, 'Bob');
    await waitFor('Alice by name at Bob', async () => (await bob.locator('li[data-peer] h3', { hasText: 'Alice' }).count()) === 1);
    const own = (await alice.locator('[data-self] h3').textContent())?.trim();
    expect(own).toBe('Alice (you)');
    expect(await alice.locator('[data-self] h3').textContent()).not.toMatch(/You.*You/i);
    expect(await diagnosticsOf(alice)).toEqual([]);
    expect(await diagnosticsOf(bob)).toEqual([]);
  });

  it('speaks Russian in the call', async () => {
    const alice = await kit.page({ locale: 'ru-RU' });
    await alice.goto(kit.env.server.url);
    await alice.getByRole('button', { name: 'Новый звонок' }).click();
    await alice.getByRole('button', { name: 'Начать звонок' }).click();
    await alice.getByLabel('Ключ доступа').fill(TEST_ACCESS_KEY);
    await alice.getByRole('button', { name: 'Начать звонок' }).click();
    await waitFor('the call controls in Russian', async () => (await alice.getByRole('button', { name: 'Выйти' }).count()) === 1);
    for (const name of ['Выключить микрофон', 'Пригласить', 'Проверить', 'Чат', 'Копировать ссылку', 'Об этом звонке']) {
      expect(await alice.getByRole('button', { name }).count(), name).toBe(1);
    }
  });

  it('"About this call" lists an unexpected failure (an injected clipboard error) with its code and error class, nothing more', async () => {
    const page = await kit.page({
      // A clipboard that fails in a way no browser documents for a refusal: the invite panel must record it.
      initScript: () => {
        navigator.clipboard.writeText = () => Promise.reject(new DOMException('injected detail', 'DataError'));
      },
    });
    await createCall(page, kit.env.server.url);
    await page.getByRole('button', { name: 'About this call' }).click();
    await waitFor('the empty diagnostics list', async () => (await page.locator('[data-diagnostics="none"]').count()) === 1);
    await page.getByRole('button', { name: 'Invite' }).click();
    await page.getByRole('button', { name: 'Copy link' }).click();
    await page.getByRole('button', { name: 'About this call' }).click();
    const entry = page.locator('[data-diagnostic="clipboard-write-failed"]');
    await waitFor('the failure in About this call', async () => (await entry.count()) === 1);
    expect(await entry.textContent()).toMatch(/ui · clipboard-write-failed \(DataError\)/);
    expect(await page.locator('sc-call-about').textContent()).not.toContain('injected detail');
    expect(await diagnosticsOf(page)).toMatchObject([{ area: 'ui', code: 'clipboard-write-failed', error: 'DataError' }]);
  });
});
