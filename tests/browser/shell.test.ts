// The app shell in real Chromium from the real server: renders, no console errors, no CSP violations.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, watchProblems } from '../support/browser.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

let server: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  server = await startServerProcess();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('app shell', () => {
  it('renders the name, New call and Join in English, with zero console errors and CSP violations', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const problems = await watchProblems(page);
    const response = await page.goto(server.url);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await expect.poll(() => page.getByRole('heading', { name: 'SecureCall' }).count()).toBe(1);
    await expect.poll(() => page.getByRole('button', { name: 'New call' }).count()).toBe(1);
    await expect.poll(() => page.getByRole('button', { name: 'Join' }).count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.cspViolations).toEqual([]);
    await context.close();
  });

  it('speaks Russian to a Russian browser and switches language on request', async () => {
    const context = await browser.newContext({ locale: 'ru-RU' });
    const page = await context.newPage();
    const problems = await watchProblems(page);
    await page.goto(server.url);
    await expect.poll(() => page.getByRole('button', { name: 'Новый звонок' }).count()).toBe(1);
    await expect.poll(() => page.getByRole('button', { name: 'Присоединиться' }).count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ru');
    await page.getByRole('combobox').selectOption('en');
    await expect.poll(() => page.getByRole('button', { name: 'New call' }).count()).toBe(1);
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.cspViolations).toEqual([]);
    await context.close();
  });

  it('runs under enforced Trusted Types (a raw innerHTML assignment is blocked)', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url);
    const blocked = await page.evaluate(() => {
      try {
        document.body.insertAdjacentHTML('beforeend', '<b>x</b>');
        return false;
      } catch {
        return true;
      }
    });
    expect(blocked).toBe(true);
    await context.close();
  });
});
