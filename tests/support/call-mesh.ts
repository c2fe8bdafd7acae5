// A full-mesh assertion shared by the six- and ten-person browser tests.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { buildMesh, buildMeshTogether, expectFullMesh } from './call-page.js';
import type { People } from './people.js';

/** Lines of coturn's log that report trouble (at most the last 20), and how many there were. */
export function coturnDiagnostics(log: string): string {
  const trouble = log.split('\n').filter((line) => /error|fail|cannot|exceed|quota|timeout|refused/i.test(line));
  return `coturn: ${log.length} bytes of log, ${trouble.length} trouble lines${trouble.length > 0 ? `, last ones:\n  ${trouble.slice(-20).join('\n  ')}` : ''}`;
}

/** How the people arrive: one after another with fresh invites, or all joining at the same moment. */
export type Arrival = 'one-by-one' | 'together';

/** Builds a mesh of `count` people in the kit's contexts (closed after the test) and asserts it. */
export async function expectMeshOf(kit: People, count: number, timeoutMs: number, arrival: Arrival = 'one-by-one'): Promise<void> {
  const context = () => kit.context();
  try {
    const url = kit.env.server.url;
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
    throw new Error(`${(error as Error).message}\n${coturnDiagnostics(kit.env.coturn.output())}`);
  }
}

