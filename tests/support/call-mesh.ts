// A full-mesh assertion shared by the six- and ten-person browser tests.
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { CallFixture } from './call-env.js';
import { buildMesh, buildMeshTogether, expectFullMesh } from './call-page.js';

/** Lines of coturn's log that report trouble (at most the last 20), and how many there were. */
export function coturnDiagnostics(log: string): string {
  const trouble = log.split('\n').filter((line) => /error|fail|cannot|exceed|quota|timeout|refused/i.test(line));
  return `coturn: ${log.length} bytes of log, ${trouble.length} trouble lines${trouble.length > 0 ? `, last ones:\n  ${trouble.slice(-20).join('\n  ')}` : ''}`;
}

/** How the people arrive: one after another with fresh invites, or all joining at the same moment. */
export type Arrival = 'one-by-one' | 'together';

/** Builds a mesh of `count` people and asserts it; every context is closed however that ends. */
export async function expectMeshOf(fixture: CallFixture, count: number, timeoutMs: number, arrival: Arrival = 'one-by-one'): Promise<void> {
  const contexts: BrowserContext[] = [];
  const context = async (): Promise<BrowserContext> => {
    const created = await fixture.browser.newContext({ locale: 'en-US' });
    contexts.push(created);
    return created;
  };
  try {
    const url = fixture.env.server.url;
    const pages: Page[] = arrival === 'together' ? (await buildMeshTogether(context, url, count)).pages : await buildMesh(context, url, count);
    // One moment at which every page has count-1 connections, all connected, with audio received.
    const moment = await expectFullMesh(pages, timeoutMs);
    for (const stats of moment) {
      expect(stats).toHaveLength(count - 1);
      for (const s of stats) expect(s).toMatchObject({ state: 'connected', localType: 'relay' });
    }
    for (const page of pages) await expect.poll(() => page.locator('li[data-peer]').count()).toBe(count - 1);
  } catch (error) {
    // When every pair fails at once the page-side diagnostics point at something shared: the relay.
    throw new Error(`${(error as Error).message}\n${coturnDiagnostics(fixture.env.coturn.output())}`);
  } finally {
    await Promise.all(contexts.map((c) => c.close()));
  }
}

