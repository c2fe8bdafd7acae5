// Safe updates in real Chromium: build A is installed, build B is served, the prompt waits for the call, Reload runs B.
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usePeople } from '../support/people.js';
import { ROOT, startServerProcess, type ServerProcess } from '../support/server-process.js';

/** Two vite builds on a shared, busy machine. */
const BUILD_TIMEOUT_MS = 240_000;
/** Installing a worker and precaching the shell, on a shared, busy machine. */
const SW_TIMEOUT = { timeout: 20_000 };

// One profile for the file; the servers of build A and B start inside the test.
const kit = usePeople({ backend: { kind: 'none' }, profile: 'persistent' });

let workDir: string;

/**
 * One fixed origin for both builds: a TCP forwarder on 127.0.0.1 whose target can be switched. (A
 * restarted server cannot reclaim its own port while its closed connections sit in TIME_WAIT.)
 */
interface FrontDoor {
  readonly origin: string;
  /** Sends new connections to `port` and drops the ones open to the old target. */
  switchTo(port: number): void;
  close(): Promise<void>;
}

async function openFrontDoor(initialPort: number): Promise<FrontDoor> {
  let targetPort = initialPort;
  const sockets = new Set<Socket>();
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  const listener: Server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    track(client);
    track(upstream);
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const dropAll = (): void => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    origin: `http://127.0.0.1:${(listener.address() as AddressInfo).port}`,
    switchTo(port: number) {
      targetPort = port;
      dropAll();
    },
    close() {
      dropAll();
      return new Promise((resolve) => listener.close(() => resolve()));
    },
  };
}

/** Builds the app into `outDir` stamped with `version`, with the test hook that reaches setCallActive. */
async function buildApp(outDir: string, version: string): Promise<void> {
  // vitest sets NODE_ENV=test, which would make import.meta.env.PROD false and skip the worker.
  const nodeEnv = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    await build({
      configFile: join(ROOT, 'vite.config.ts'),
      root: join(ROOT, 'app'),
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
      define: { __APP_VERSION__: JSON.stringify(version), __SC_TEST_HOOKS__: 'true' },
    });
  } finally {
    process.env['NODE_ENV'] = nodeEnv;
  }
}

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'securecall-update-'));
  await buildApp(join(workDir, 'a'), '0.0.1-build-a');
  await buildApp(join(workDir, 'b'), '0.0.2-build-b');
}, BUILD_TIMEOUT_MS);
afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

function shownVersion(page: Page): Promise<string | null> {
  return page.locator('sc-about .version').textContent();
}

function setCallActive(page: Page, active: boolean): Promise<void> {
  return page.evaluate((value) => window.__securecallTest.setCallActive(value), active);
}

describe('update flow', () => {
  it('offers build B only after the call ends, "Reload" then runs B, and other windows wait for their own Reload', async () => {
    let server: ServerProcess = await startServerProcess({ STATIC_DIR: join(workDir, 'a') });
    kit.defer(() => server.stop());
    const front = await openFrontDoor(server.port);
    kit.defer(() => front.close());
    const page = await kit.page({ instrument: false });
    const problems = kit.problems(page);
    await page.goto(front.origin);
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), SW_TIMEOUT).toBe(true);
    expect(await shownVersion(page)).toBe('0.0.1-build-a');
    await setCallActive(page, true);

    // Build B replaces A on the same origin while the call goes on.
    await server.stop();
    server = await startServerProcess({ STATIC_DIR: join(workDir, 'b') });
    front.switchTo(server.port);
    await page.evaluate(async () => {
      await (await navigator.serviceWorker.getRegistration())!.update();
    });
    await expect.poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting !== null), SW_TIMEOUT).toBe(true);
    await expect.poll(() => page.getByText('it will be offered when the call ends').count(), SW_TIMEOUT).toBe(1);
    expect(await page.getByRole('button', { name: 'Reload' }).count()).toBe(0);
    expect(await shownVersion(page)).toBe('0.0.1-build-a');

    await setCallActive(page, false);
    await expect.poll(() => page.getByText('A new version is available').count()).toBe(1);
    expect(await shownVersion(page)).toBe('0.0.1-build-a');

    // A second window opened now still runs A and is offered B as well.
    const other = await kit.page({ instrument: false });
    const otherProblems = kit.problems(other);
    await other.goto(front.origin);
    await expect.poll(() => other.getByText('A new version is available').count(), SW_TIMEOUT).toBe(1);
    expect(await shownVersion(other)).toBe('0.0.1-build-a');

    await other.evaluate(() => {
      navigator.serviceWorker.addEventListener('controllerchange', () => (window.__controllerChanged = true));
    });
    await page.getByRole('button', { name: 'Reload' }).click();
    await expect.poll(() => shownVersion(page).catch(() => null), SW_TIMEOUT).toBe('0.0.2-build-b');
    await expect.poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting === null), SW_TIMEOUT).toBe(true);
    expect(await page.getByText('A new version is available').count()).toBe(0);

    // B now controls the other window too, which still runs A and reloads only on its own Reload.
    await expect.poll(() => other.evaluate(() => window.__controllerChanged), SW_TIMEOUT).toBe(true);
    expect(await shownVersion(other)).toBe('0.0.1-build-a');
    expect(await other.getByText('A new version is available').count()).toBe(1);
    await other.getByRole('button', { name: 'Reload' }).click();
    await expect.poll(() => shownVersion(other).catch(() => null), SW_TIMEOUT).toBe('0.0.2-build-b');

    for (const seen of [problems, otherProblems]) {
      expect(seen.consoleErrors).toEqual([]);
      expect(seen.cspViolations).toEqual([]);
    }
  });
});
