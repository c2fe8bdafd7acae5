// WCAG AA in real Chromium with axe-core: home, pre-join, call, invite, verify and chat, in English and Russian, have no serious or critical violations; safe-area insets keep controls clear of a phone's home indicator.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { TEST_ACCESS_KEY } from '../support/call-env.js';
import { createCall, joinCall, sendChat, startFromPrejoin, waitFor } from '../support/call-page.js';
import { usePeople } from '../support/people.js';

const kit = usePeople({ backend: { kind: 'call' } });
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  readonly id: string;
  readonly impact: string | null;
  readonly nodes: ReadonlyArray<{ readonly target: unknown; readonly failureSummary?: string }>;
}

/** Serious and critical WCAG 2 A/AA violations on the page now, one line each. */
async function axeViolations(page: Page): Promise<string[]> {
  // Injected over the DevTools protocol, which the page's CSP does not govern.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`).join(' | ')}`);
}

const SCREENS = {
  en: { newCall: 'New call', invite: 'Invite', verify: 'Verify', chat: 'Chat' },
  ru: { newCall: 'Новый звонок', invite: 'Пригласить', verify: 'Проверить', chat: 'Чат' },
} as const;

describe('accessibility', { timeout: 180_000 }, () => {
  for (const language of ['en', 'ru'] as const) {
    it(`home, pre-join, call, invite, verify and chat pass axe-core's WCAG AA checks in ${language}`, async () => {
      const locale = language === 'en' ? 'en-US' : 'ru-RU';
      const [alice, bob] = (await kit.pages(2, { locale })) as [Page, Page];
      const words = SCREENS[language];
      const found: Record<string, string[]> = {};
      await alice.goto(kit.env.server.url);
      await waitFor('home', async () => (await alice.getByRole('button', { name: words.newCall }).count()) === 1);
      found['home'] = await axeViolations(alice);
      await alice.getByRole('button', { name: words.newCall }).click();
      await waitFor('pre-join', async () => (await alice.locator('sc-prejoin meter').count()) === 1);
      found['pre-join'] = await axeViolations(alice);

      // The call helpers speak English; this one page is started by hand in Russian.
      if (language === 'en') {
        const link = await createCall(alice, kit.env.server.url, TEST_ACCESS_KEY, { name: 'Alice' });
        await joinCall(bob, link, 'Bob');
      } else {
        await alice.locator('sc-prejoin').getByRole('button').click();
        await alice.getByLabel('Ключ доступа').fill(TEST_ACCESS_KEY);
        await alice.getByRole('button', { name: 'Начать звонок' }).click();
        await waitFor('the invite', async () => (await alice.locator('[data-invite-link]').count()) === 1);
        const link = ((await alice.locator('[data-invite-link]').textContent()) ?? '').trim();
        await bob.goto(link);
        await bob.locator('sc-prejoin').getByRole('button').click();
      }
      await waitFor('Bob\'s tile at Alice', async () => (await alice.locator('li[data-peer]').count()) === 1, 30_000);
      found['invite'] = await axeViolations(alice);
      await alice.getByRole('button', { name: words.invite }).click();
      found['call'] = await axeViolations(alice);
      await alice.getByRole('button', { name: words.verify }).click();
      found['verify'] = await axeViolations(alice);
      if (language === 'en') await sendChat(bob, 'hello');
      await alice.getByRole('button', { name: words.chat }).click();
      found['chat'] = await axeViolations(alice);
      expect(found).toEqual({ home: [], 'pre-join': [], invite: [], call: [], verify: [], chat: [] });
    });
  }

  it('safe-area insets keep the page and the call controls clear of a phone\'s notch and home indicator', async () => {
    const page = await kit.page();
    await page.setViewportSize({ width: 390, height: 844 });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setSafeAreaInsetsOverride' as never, { insets: { top: 47, bottom: 34, left: 0, right: 0 } } as never);
    await page.goto(kit.env.server.url);
    await page.getByRole('button', { name: 'New call' }).click();
    await startFromPrejoin(page);
    await page.getByLabel('Access key').fill(TEST_ACCESS_KEY);
    await page.getByRole('button', { name: 'Start call' }).click();
    await waitFor('the call controls', async () => (await page.getByRole('toolbar').count()) === 1);
    expect(await page.evaluate(() => getComputedStyle(document.body).paddingTop)).toBe('47px');
    const controls = await page.getByRole('toolbar').evaluate((el) => getComputedStyle(el).paddingBottom);
    expect(controls).toBe(`${8 + 34}px`);
    expect(await page.evaluate(() => document.querySelector('meta[name=viewport]')?.getAttribute('content'))).toContain('viewport-fit=cover');
  });
});
