// The app shell in real Chromium from the real server: renders, no console errors, no CSP violations.
import { describe, expect, it } from 'vitest';
import { usePeople } from '../support/people.js';

const kit = usePeople({ backend: { kind: 'server' } });

describe('app shell', () => {
  it('renders the name, New call and Join in English, with zero console errors and CSP violations', async () => {
    const page = await kit.page({ instrument: false });
    const problems = kit.problems(page);
    const response = await page.goto(kit.server.url);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await expect.poll(() => page.getByRole('heading', { name: 'SecureCall' }).count()).toBe(1);
    await expect.poll(() => page.getByRole('button', { name: 'New call' }).count()).toBe(1);
    await expect.poll(() => page.getByRole('button', { name: 'Join' }).count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.cspViolations).toEqual([]);
  });

  it('speaks Russian to a Russian browser and switches language on request', async () => {
    const page = await kit.page({ locale: 'ru-RU', instrument: false });
    const problems = kit.problems(page);
    await page.goto(kit.server.url);
    await expect.poll(() => page.getByRole('button', { name: 'Новый звонок' }).count()).toBe(1);
    await expect.poll(() => page.getByRole('button', { name: 'Присоединиться' }).count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ru');
    await page.getByRole('combobox', { name: 'Язык' }).selectOption('en');
    await expect.poll(() => page.getByRole('button', { name: 'New call' }).count()).toBe(1);
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.cspViolations).toEqual([]);
  });

  it('runs under enforced Trusted Types (a raw innerHTML assignment is blocked)', async () => {
    const page = await kit.page({ locale: null, instrument: false });
    await page.goto(kit.server.url);
    const blocked = await page.evaluate(() => {
      try {
        document.body.insertAdjacentHTML('beforeend', '<b>x</b>');
        return false;
      } catch {
        return true;
      }
    });
    expect(blocked).toBe(true);
  });
});
