// Full mesh through the real UI, server and coturn: six and ten people, audio both ways on every pair.
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useCallEnv } from '../support/call-env.js';
import { buildMesh, expectFullMesh } from '../support/call-page.js';

const fixture = useCallEnv();

/** Builds a mesh of `count` people and asserts it; every context is closed however that ends. */
async function expectMeshOf(count: number, timeoutMs: number): Promise<void> {
  const contexts: BrowserContext[] = [];
  try {
    const pages: Page[] = await buildMesh(
      async () => {
        const context = await fixture.browser.newContext({ locale: 'en-US' });
        contexts.push(context);
        return context;
      },
      fixture.env.server.url,
      count,
    );
    // One moment at which every page has count-1 connections, all connected, with audio received.
    const moment = await expectFullMesh(pages, timeoutMs);
    for (const stats of moment) {
      expect(stats).toHaveLength(count - 1);
      for (const s of stats) expect(s).toMatchObject({ state: 'connected', localType: 'relay' });
    }
    for (const page of pages) await expect.poll(() => page.locator('li[data-peer]').count()).toBe(count - 1);
  } finally {
    await Promise.all(contexts.map((c) => c.close()));
  }
}

describe('full mesh', () => {
  it('six people: every pair connected with audio both ways', async () => {
    await expectMeshOf(6, 60_000);
  }, 120_000);

  // Slow: ten pages in one Chromium keep both cores of a small machine busy with audio alone (docs/call.md).
  it('[slow] ten people: every pair connected with audio both ways', { timeout: 240_000 }, async () => {
    await expectMeshOf(10, 150_000);
  });
});
