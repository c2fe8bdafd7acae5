// Renders the README's screenshots: home, invite, pre-join, a three-person call, verify and chat, at 390×844 and 1280×800, in English and Russian, into docs/screenshots/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../tests/support/browser.js';
import { startCallEnv, TEST_ACCESS_KEY } from '../tests/support/call-env.js';
import { waitFor } from '../tests/support/call-page.js';
import { ROOT } from '../tests/support/server-process.js';

/** Where the pictures go. */
const OUT_DIR = join(ROOT, 'docs', 'screenshots');
/** A phone and a laptop, in CSS pixels. */
const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 800 },
] as const;
const LANGUAGES = [
  { code: 'en', locale: 'en-US', people: ['Alice', 'Bob', 'Carol'], hello: 'Hi both — can you hear me?', buttons: { newCall: 'New call', invite: 'Invite', verify: 'Verify', chat: 'Chat' } },
  { code: 'ru', locale: 'ru-RU', people: ['Алиса', 'Борис', 'Вера'], hello: 'Привет! Меня слышно?', buttons: { newCall: 'Новый звонок', invite: 'Пригласить', verify: 'Проверить', chat: 'Чат' } },
] as const;

type Language = (typeof LANGUAGES)[number];

async function shoot(page: Page, language: Language, screen: string): Promise<void> {
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    // Layout settles in a frame or two after a resize.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await page.screenshot({ path: join(OUT_DIR, `${screen}-${viewport.name}-${language.code}.png`) });
  }
}

async function joinAs(page: Page, link: string, name: string): Promise<void> {
  await page.goto(link);
  await page.locator('sc-prejoin input#name').fill(name);
  await page.locator('sc-prejoin button[type=submit]').click();
  await waitFor('the call view', async () => (await page.locator('sc-call-view').count()) === 1, 30_000);
}

async function languageRun(browser: Browser, url: string, language: Language): Promise<void> {
  const pages = await Promise.all(language.people.map(async () => (await browser.newContext({ locale: language.locale, deviceScaleFactor: 1 })).newPage()));
  const [host, second, third] = pages as [Page, Page, Page];
  const b = language.buttons;
  await host.goto(url);
  await waitFor('home', async () => (await host.getByRole('button', { name: b.newCall }).count()) === 1);
  await shoot(host, language, 'home');
  await host.getByRole('button', { name: b.newCall }).click();
  await waitFor('pre-join', async () => (await host.locator('sc-prejoin meter').count()) === 1);
  await host.locator('sc-prejoin input#name').fill(language.people[0]);
  await shoot(host, language, 'prejoin');
  await host.locator('sc-prejoin button[type=submit]').click();
  await host.locator('sc-access-key #key').fill(TEST_ACCESS_KEY);
  await host.locator('sc-access-key button[type=submit]').click();
  const linkOf = async (previous: string): Promise<string> => {
    let link = '';
    await waitFor('an invite link', async () => {
      const shown = host.locator('[data-invite-link]');
      link = (await shown.count()) === 1 ? ((await shown.textContent()) ?? '').trim() : '';
      return link !== '' && link !== previous;
    }, 30_000);
    return link;
  };
  const first = await linkOf('');
  await joinAs(second, first, language.people[1]);
  const next = await linkOf(first);
  await shoot(host, language, 'invite');
  await joinAs(third, next, language.people[2]);
  await waitFor('three connected', async () => (await host.locator('[data-connection="connected"]').count()) === 2, 60_000);
  await host.getByRole('button', { name: b.invite }).click();
  await shoot(host, language, 'call');
  await host.getByRole('button', { name: b.verify }).click();
  await shoot(host, language, 'verify');
  await host.getByRole('button', { name: b.verify }).click();
  await second.getByRole('button', { name: b.chat }).click();
  await second.locator('sc-chat-panel input').fill(language.hello);
  await second.locator('sc-chat-panel button[type=submit]').click();
  await waitFor('the message', async () => (await host.getByRole('button', { name: b.chat }).textContent())?.includes('1') === true);
  await host.getByRole('button', { name: b.chat }).click();
  await shoot(host, language, 'chat');
  await Promise.all(pages.map((page) => page.context().close()));
}

async function main(): Promise<void> {
  mkdirSync(OUT_DIR, { recursive: true });
  const env = await startCallEnv();
  const browser = await launchChromium();
  try {
    for (const language of LANGUAGES) await languageRun(browser, env.server.url, language);
  } finally {
    await browser.close();
    await env.stop();
  }
  console.log(`screenshots written to ${OUT_DIR}`);
}

await main();
