// Invites through the camera and the invite panel (real server, real coturn): join by scanning, used, expired, withdrawn, not SecureCall.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatInviteLink, newInviteToken, newRoomId, newInviteSecret, tokenHash } from '../../app/invite/link.js';
import { TEST_ACCESS_KEY } from '../support/call-env.js';
import { createCall, inviteLink, waitFor } from '../support/call-page.js';
import { usePeople } from '../support/people.js';
import { TestClient } from '../support/ws-client.js';

const BAD_TOKEN = 'This invite does not work: it was already used, withdrawn or expired, or the call has ended. Ask for a new one.';

const kit = usePeople({ backend: { kind: 'call' } });

/**
 * Home → Join → the scanner reads the camera; resolves with the page once something happened.
 * With `picture`, the page is in the file's camera Chromium, which then shows it; without, in the
 * shared one.
 */
async function scanFromHome(picture?: string): Promise<Page> {
  const page = await kit.page(picture === undefined ? {} : { camera: picture, shareCamera: true });
  await page.goto(kit.env.server.url);
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  await waitFor('the scanner', async () => (await page.locator('sc-scanner').count()) === 1);
  return page;
}

/** From the pre-join screen: name, Join call, and the admission's outcome (call view or error text). */
async function enter(page: Page, name: string): Promise<string> {
  await page.getByLabel('Your name (optional)').fill(name);
  await page.getByRole('button', { name: 'Join call' }).click();
  let outcome = '';
  await waitFor('the call or a refusal', async () => {
    if ((await page.getByRole('button', { name: 'Leave' }).count()) === 1) outcome = 'in-call';
    else if ((await page.getByText(BAD_TOKEN).count()) === 1) outcome = 'bad-token';
    return outcome !== '';
  });
  return outcome;
}

async function paste(page: Page, link: string): Promise<void> {
  await page.locator('sc-scanner #scan-paste').fill(link);
  await page.getByRole('button', { name: 'Use link' }).click();
}

const inviteStates = (page: Page): Promise<string[]> =>
  page.locator('sc-invite-panel li[data-invite]').evaluateAll((els) => els.map((el) => el.getAttribute('data-invite-state') ?? ''));

describe('invites by QR', () => {
  // Two Chromiums, a relayed call and two scans: 40-62 s on a shared 2-core machine under load.
  it('joins by scanning the invite QR; the used invite shows as used, and scanning it again is refused in plain words', { timeout: 90_000 }, async () => {
    const alice = await kit.page();
    const problems = kit.problems(alice);
    const link = await createCall(alice, kit.env.server.url);
    expect(await alice.locator('sc-qr-code[data-invite-qr]').evaluate((el: any) => el.text)).toBe(link);

    const bob = await scanFromHome(link);
    await waitFor('the pre-join screen', async () => (await bob.getByLabel('Your name (optional)').count()) === 1);
    // The camera stopped when the scanner went away.
    expect(await bob.evaluate(() => window.__sc.tracks.filter((t) => t.kind === 'video' && t.readyState === 'live').length)).toBe(0);
    expect(await enter(bob, 'Bob')).toBe('in-call');
    await waitFor('Alice to see Bob', async () => (await alice.locator('li[data-peer]').count()) === 1);
    await waitFor('the used invite listed', async () => (await inviteStates(alice)).includes('used'));
    expect(await inviteStates(alice)).toEqual(['pending', 'used']);

    const late = await scanFromHome(link);
    expect(await enter(late, 'Carol')).toBe('bad-token');
    expect([...problems.consoleErrors, ...problems.cspViolations]).toEqual([]);
  });

  it('a withdrawn invite shows as withdrawn and is refused', async () => {
    const alice = await kit.page();
    const first = await createCall(alice, kit.env.server.url);
    await alice.getByRole('button', { name: 'New link' }).click();
    const second = await inviteLink(alice, first);
    expect(await inviteStates(alice)).toEqual(['pending', 'pending']);
    await alice.locator('sc-invite-panel li[data-invite]').first().locator('[data-revoke]').click();
    await waitFor('the withdrawn invite', async () => (await inviteStates(alice))[0] === 'revoked');
    expect(await inviteStates(alice)).toEqual(['revoked', 'pending']);

    const bob = await scanFromHome();
    await paste(bob, second);
    expect(await enter(bob, 'Bob')).toBe('bad-token');
    // The other invite still admits.
    const carol = await scanFromHome();
    await paste(carol, first);
    expect(await enter(carol, 'Carol')).toBe('in-call');
  });

  it('an expired invite is refused in plain words', async () => {
    const room = newRoomId();
    const member = await TestClient.connect(`${kit.env.server.wsUrl}/ws/${room}`, kit.env.server.origin);
    kit.defer(() => member.close());
    member.send({ t: 'create', key: TEST_ACCESS_KEY });
    await member.nextOf('welcome');
    const token = newInviteToken();
    member.send({ t: 'invite', hash: await tokenHash(token), ttl: 5 });
    const { expires } = await member.nextOf('invited');
    // The page gets to the pre-join screen while the invite is still alive; the relay's expiry to
    // the millisecond is tests/unit/relay-rules.test.ts's.
    const bob = await scanFromHome();
    await paste(bob, formatInviteLink(kit.env.server.origin, { room, token, secret: newInviteSecret() }));
    await waitFor('the invite to expire', () => Date.now() > expires + 250, 10_000, 250);
    expect(await enter(bob, 'Bob')).toBe('bad-token');
  });

  it('a QR that is not a SecureCall invite says so and joins nothing', async () => {
    const page = await scanFromHome('https://example.com/join');
    await waitFor('the hint', async () => (await page.getByText('This QR code is not from SecureCall.').count()) === 1);
    expect(await page.getByLabel('Your name (optional)').count()).toBe(0);
  });
});
