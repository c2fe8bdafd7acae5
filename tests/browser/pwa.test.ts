// The installed-app behaviour in real Chromium from the real server: installability, service worker, offline.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { PageProblems } from '../support/browser.js';
import { usePeople } from '../support/people.js';
import { ROOT } from '../support/server-process.js';

/** Installing the worker and precaching the shell, on a shared, busy machine. */
const SW_TIMEOUT = { timeout: 20_000 };

// One profile for the file: the worker installed by the first test serves the others.
const kit = usePeople({ backend: { kind: 'server' }, profile: 'persistent' });

/** A new tab on the app, watched for problems, once the service worker controls it. */
async function openControlled(): Promise<{ page: Page; problems: PageProblems }> {
  const server = kit.server;
  const page = await kit.page({ instrument: false });
  const problems = kit.problems(page);
  await page.goto(server.url);
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null), SW_TIMEOUT).toBe(`${kit.server.origin}/sw.js`);
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
    const cdp = await kit.persistent.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
    const manifest = await cdp.send('Page.getAppManifest');
    expect(manifest.url).toBe(`${kit.server.origin}/manifest.webmanifest`);
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
      const response = await page.request.get(`${kit.server.origin}${icon}`);
      expect(response.headers()['content-type']).toBe('image/png');
    }
    await cdp.detach();
    expectNoProblems(problems);
  });

  it('offers "Install app" when Chromium fires beforeinstallprompt', async () => {
    const { page, problems } = await openControlled();
    await expect.poll(() => page.getByRole('button', { name: 'Install app' }).count(), SW_TIMEOUT).toBe(1);
    expectNoProblems(problems);
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
  });
});

describe('offline', () => {
  it('reloads with no network, renders the app and says calls need a connection', async () => {
    const { page, problems } = await openControlled();
    expect(await page.getByText('calls need a connection').count()).toBe(0);
    await kit.persistent.setOffline(true);
    try {
      await expect.poll(() => page.getByText('calls need a connection').count()).toBe(1);
      await page.reload();
      await expect.poll(() => page.getByRole('heading', { name: 'SecureCall' }).count()).toBe(1);
      await expect.poll(() => page.getByRole('button', { name: 'New call' }).count()).toBe(1);
      await expect.poll(() => page.getByText('calls need a connection').count()).toBe(1);
    } finally {
      await kit.persistent.setOffline(false);
    }
    await expect.poll(() => page.getByText('calls need a connection').count()).toBe(0);
    expectNoProblems(problems);
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
    await kit.persistent.setOffline(true);
    try {
      const offlineFetch = await page.evaluate(() => fetch('/healthz').then(() => 'answered', () => 'failed'));
      expect(offlineFetch).toBe('failed');
      // App routes get the cached shell; the relay and the probes are denylisted, so nothing stands in for them.
      await page.goto(`${kit.server.origin}/some/app/route`);
      await expect.poll(() => page.getByRole('heading', { name: 'SecureCall' }).count()).toBe(1);
      for (const path of ['ws/room1', 'healthz', 'lan.json']) {
        await expect(page.goto(`${kit.server.origin}/${path}`)).rejects.toThrow(/ERR_INTERNET_DISCONNECTED/);
      }
    } finally {
      await kit.persistent.setOffline(false);
    }
  });
});
