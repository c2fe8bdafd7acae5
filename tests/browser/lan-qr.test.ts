// The home scanner reads a LAN server's QR (address + certificate fingerprint) and shows both, in real Chromium with a fake camera.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { formatLanLink } from '../../protocol/lan-link.js';
import { launchChromium, watchProblems } from '../support/browser.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { writeQrY4m } from '../support/y4m.js';

const FINGERPRINT = Array.from({ length: 32 }, (_, i) => ((i * 37) & 255).toString(16).padStart(2, '0').toUpperCase()).join(':');
const LINK = formatLanLink('https://192.168.1.20:8790', FINGERPRINT);

let server: ServerProcess;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  server = await startServerProcess();
  dir = mkdtempSync(join(tmpdir(), 'sc-lan-qr-'));
  browser = await launchChromium([writeQrY4m(join(dir, 'camera.y4m'), LINK)]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('shows a scanned LAN server QR as that server’s address and certificate fingerprint, with a link to open it', async () => {
  const page = await browser.newPage();
  const problems = await watchProblems(page);
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Join' }).click();
  const found = page.locator('sc-app [data-lan-server]');
  await expect.poll(() => found.count(), { timeout: 30_000 }).toBe(1);
  expect(await found.textContent()).toContain('https://192.168.1.20:8790');
  expect(await found.locator('code').textContent()).toBe(FINGERPRINT);
  expect(await found.locator('a').getAttribute('href')).toBe('https://192.168.1.20:8790/');
  expect(await page.locator('sc-scanner').textContent()).not.toContain('not from SecureCall');
  expect(problems.cspViolations).toEqual([]);
  expect(problems.consoleErrors).toEqual([]);
  await page.close();
});
