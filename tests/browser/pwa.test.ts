// The installed-app behaviour in real Chromium from the real server: installability, service worker, offline.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchPersistent, watchProblems, type PageProblems } from '../support/browser.js';
import { ROOT, startServerProcess, type ServerProcess } from '../support/server-process.js';

/** Installing the worker and precaching the shell, on a shared, busy machine. */
const SW_TIMEOUT = { timeout: 20_000 };

let server: ServerProcess;
let context: BrowserContext;
let profile: string;

beforeAll(async () => {
  server = await startServerProcess();
  profile = mkdtempSync(join(tmpdir(), 'securecall-pwa-'));
  context = await launchPersistent(profile);
});
afterAll(async () => {
  await context?.close();
  await server?.stop();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** A new tab on the app, watched for problems, once the service worker controls it. */
async function openControlled(): Promise<{ page: Page; problems: PageProblems }> {
  const page = await context.newPage();
  const problems = await watchProblems(page);
  await page.goto(server.url);
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null), SW_TIMEOUT).toBe(`${server.origin}/sw.js`);
  await expect.poll(() => page.getByRole('heading', { name: 'SecureCall' }).count()).toBe(1);
  return { page, problems };
}

function expectNoProblems(problems: PageProblems): void {
  expect(problems.consoleErrors).toEqual([]);
  expect(problems.cspViolations).toEqual([]);
}

describe('installable PWA', () => {
  it('has no installability errors and a manifest Chromium parses without errors', async () => {
    const { page, problems } = await openControlled();
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
    const manifest = await cdp.send('Page.getAppManifest');
    expect(manifest.url).toBe(`${server.origin}/manifest.webmanifest`);
    expect(manifest.errors).toEqual([]);
    const data = JSON.parse(manifest.data ?? 'null') as {
      display: string;
      icons: Array<{ sizes: string; purpose?: string }>;
      shortcuts: Array<{ name: string; url: string }>;
      share_target: { action: string };
    };
    expect(data.display).toBe('standalone');
    expect(data.icons.map((icon) => `${icon.sizes} ${icon.purpose ?? 'any'}`)).toEqual(
      expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']),
    );
    expect(data.shortcuts).toEqual([expect.objectContaining({ name: 'New call', url: '/#/new' })]);
    expect(data.share_target.action).toBe('/share-target');
    for (const icon of ['/icons/icon-192.png', '/icons/icon-512.png', '/icons/maskable-512.png']) {
      const response = await page.request.get(`${server.origin}${icon}`);
      expect(response.headers()['content-type']).toBe('image/png');
    }
    await cdp.detach();
    expectNoProblems(problems);
    await page.close();
  });

  it('offers "Install app" when Chromium fires beforeinstallprompt', async () => {
    const { page, problems } = await openControlled();
    await expect.poll(() => page.getByRole('button', { name: 'Install app' }).count(), SW_TIMEOUT).toBe(1);
    expectNoProblems(problems);
    await page.close();
  });

  it('shows in About the version this build was stamped with', async () => {
    const { page, problems } = await openControlled();
    await page.getByText('About', { exact: true }).click();
    const shown = await page.locator('sc-about .version').textContent();
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const match = new RegExp(`^${version.replaceAll('.', '\\.')}(?:\\+([0-9a-f]{7,}))?$`).exec(shown ?? '');
    expect(match, `About shows "${shown}"`).not.toBeNull();
    const commit = match![1];
    if (commit) execFileSync('git', ['cat-file', '-e', `${commit}^{commit}`], { cwd: ROOT });
    expectNoProblems(problems);
    await page.close();
  });
});

describe('offline', () => {
  it('reloads with no network, renders the app and says calls need a connection', async () => {
    const { page, problems } = await openControlled();
    expect(await page.getByText('calls need a connection').count()).toBe(0);
    await context.setOffline(true);
    try {
      await expect.poll(() => page.getByText('calls need a connection').count()).toBe(1);
      await page.reload();
      await expect.poll(() => page.getByRole('heading', { name: 'SecureCall' }).count()).toBe(1);
      await expect.poll(() => page.getByRole('button', { name: 'New call' }).count()).toBe(1);
      await expect.poll(() => page.getByText('calls need a connection').count()).toBe(1);
    } finally {
      await context.setOffline(false);
    }
    await expect.poll(() => page.getByText('calls need a connection').count()).toBe(0);
    expectNoProblems(problems);
    await page.close();
  });

  it('caches only the static shell: /ws, /healthz and /lan.json never come from the service worker', async () => {
    const { page } = await openControlled();
    const cached = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
      }
      return urls;
    });
    expect(cached).toContain('/index.html');
    for (const path of cached) expect(path).toMatch(/^\/(index\.html|favicon\.svg|manifest\.webmanifest|icons\/[\w-]+\.png|assets\/[\w.-]+\.(js|css))$/);

    expect(await page.evaluate(() => fetch('/healthz').then((r) => r.text()))).toBe('ok\n');
    await context.setOffline(true);
    try {
      const offlineFetch = await page.evaluate(() => fetch('/healthz').then(() => 'answered', () => 'failed'));
      expect(offlineFetch).toBe('failed');
      // App routes get the cached shell; the relay and the probes are denylisted, so nothing stands in for them.
      await page.goto(`${server.origin}/some/app/route`);
      await expect.poll(() => page.getByRole('heading', { name: 'SecureCall' }).count()).toBe(1);
      for (const path of ['ws/room1', 'healthz', 'lan.json']) {
        await expect(page.goto(`${server.origin}/${path}`)).rejects.toThrow(/ERR_INTERNET_DISCONNECTED/);
      }
    } finally {
      await context.setOffline(false);
    }
    await page.close();
  });
});
