// TURN credentials renewed over the live connection reach the app's open peer connections (setConfiguration), and the call goes on.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createCall, expectFullMesh, joinCall, waitFor } from '../support/call-page.js';
import { usePeople } from '../support/people.js';

/** The test-only TURN credential lifetime, in s: renewals come every few seconds instead of every few minutes. */
const TTL_SECONDS = 6;

// TEST_TURN_CREDENTIAL_TTL_SECONDS is refused with PROD=1, so this server is the call environment without it (ICE policy 'all').
const kit = usePeople({ backend: { kind: 'call', env: { PROD: '0', TEST_TURN_CREDENTIAL_TTL_SECONDS: String(TTL_SECONDS) } } });

/** The TURN usernames each open peer connection of the page is configured with now. */
function turnUsernames(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    window.__sc.pcs
      .filter((pc) => pc.connectionState !== 'closed')
      .map((pc) => (pc.getConfiguration().iceServers ?? []).find((s) => s.username !== undefined)?.username ?? ''),
  );
}

const expiryOf = (username: string): number => Number(username.split(':')[0]);

describe('TURN credential renewal in the app', () => {
  it('applies each renewed credential to the open peer connections while the call stays connected', async () => {
    const [alice, bob] = (await kit.pages(2)) as [Page, Page];
    const link = await createCall(alice, kit.env.server.url);
    await joinCall(bob, link, 'Bob');
    await expectFullMesh([alice, bob], 30_000);
    for (const page of [alice, bob]) {
      const [first] = await turnUsernames(page);
      expect(first).toMatch(/^\d+:/);
      await waitFor('a renewed credential on the open connection', async () => {
        const [now] = await turnUsernames(page);
        return now !== undefined && expiryOf(now) > expiryOf(first!);
      }, TTL_SECONDS * 3 * 1000);
    }
    await expectFullMesh([alice, bob], 10_000);
  }, 120_000);
});
