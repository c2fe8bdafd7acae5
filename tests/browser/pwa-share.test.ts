// Invites shared to the installed app (share target, web+securecall: links) never travel in a request line.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium, launchPersistent, watchProblems, type PageProblems } from '../support/browser.js';
import { startRequestLineRecorder, type RequestLineRecorder } from '../support/request-line-recorder.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

const TOKEN = 'T0kenAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const SECRET = 'S3cretBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB';
const ROOM = 'R00mCCCCCCCCCCCCCCCCCC';
const JOIN_ROUTE = `join/${ROOM}.${TOKEN}.${SECRET}`;

/** Installing the worker and precaching the shell, on a shared, busy machine. */
const SW_TIMEOUT = { timeout: 20_000 };

interface ShareTarget {
  readonly action: string;
  readonly method: string;
  readonly enctype: string;
  readonly params: Readonly<Record<'title' | 'text' | 'url', string>>;
}
interface Manifest {
  readonly share_target: ShareTarget;
  readonly protocol_handlers: ReadonlyArray<{ readonly protocol: string; readonly url: string }>;
}

let server: ServerProcess;
let recorder: RequestLineRecorder;
let manifest: Manifest;
let browser: Browser;
let context: BrowserContext | undefined;
let profile: string | undefined;
let problems: PageProblems;

beforeAll(async () => {
  server = await startServerProcess();
  recorder = await startRequestLineRecorder(server.port);
  manifest = (await (await fetch(`${server.origin}/manifest.webmanifest`)).json()) as Manifest;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await recorder?.close();
  await server?.stop();
});
beforeEach(() => {
  (recorder.lines as string[]).length = 0;
});
afterEach(async () => {
  await context?.close();
  context = undefined;
  if (profile) rmSync(profile, { recursive: true, force: true });
  profile = undefined;
});

async function freshPage(): Promise<Page> {
  context = await browser.newContext();
  const page = await context.newPage();
  problems = await watchProblems(page);
  return page;
}

/** Submits what a share of `link` sends, built from the manifest's share_target as the browser builds it. */
async function submitShare(page: Page, link: string): Promise<void> {
  const target = manifest.share_target;
  await page.evaluate(
    ({ target, origin, link }) => {
      const form = document.createElement('form');
      form.method = target.method;
      form.enctype = target.enctype;
      form.action = new URL(target.action, origin).href;
      const fields: Record<string, string> = { [target.params.title]: 'Call', [target.params.text]: '', [target.params.url]: link };
      for (const [name, value] of Object.entries(fields)) {
        const input = document.createElement('input');
        input.name = name;
        input.value = value;
        form.append(input);
      }
      document.body.append(form);
      form.submit();
    },
    { target, origin: recorder.origin, link },
  );
}

function expectNoSecretInRequestLines(): void {
  for (const line of recorder.lines) {
    expect(line).not.toContain(TOKEN);
    expect(line).not.toContain(SECRET);
  }
}

const joinScreen = (page: Page) => page.getByRole('button', { name: 'Join call' });

describe('share target and protocol handler', () => {
  it('declares a POST share target and a protocol handler whose %s stands in the fragment', () => {
    expect(manifest.share_target.method).toBe('POST');
    const handler = manifest.protocol_handlers.find((h) => h.protocol === 'web+securecall');
    expect(handler?.url.indexOf('%s')).toBeGreaterThan(handler?.url.indexOf('#') ?? Infinity);
  });

  it('a share that reaches the server (no service worker yet) carries no secret in its request line and opens the app', async () => {
    const page = await freshPage();
    await page.goto('about:blank');
    await submitShare(page, `${recorder.origin}/#/${JOIN_ROUTE}`);
    await expect.poll(() => page.url()).toBe(`${recorder.origin}/`);
    await expect.poll(() => page.getByRole('heading', { name: 'SecureCall' }).count()).toBe(1);
    expect(recorder.lines).toContain('POST /share-target HTTP/1.1');
    expectNoSecretInRequestLines();
  });

  it('a web+securecall: link opens the join screen; the request line is only the app', async () => {
    const page = await freshPage();
    const handler = manifest.protocol_handlers.find((h) => h.protocol === 'web+securecall')!;
    await page.goto(new URL(handler.url.replace('%s', encodeURIComponent(`web+securecall:${JOIN_ROUTE}`)), recorder.origin).href);
    await expect.poll(() => joinScreen(page).count()).toBe(1);
    expect(page.url()).not.toContain(SECRET);
    // The navigation asked for the app itself; a worker fetch from an earlier page may land in between.
    expect(recorder.lines).toContain('GET / HTTP/1.1');
    expect(recorder.lines.filter((line) => line.includes('share'))).toEqual([]);
    expectNoSecretInRequestLines();
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.cspViolations).toEqual([]);
  });

  it('with the service worker in control, a shared invite opens the join screen without reaching the server', async () => {
    profile = mkdtempSync(join(tmpdir(), 'securecall-share-'));
    context = await launchPersistent(profile);
    const page = await context.newPage();
    await page.goto(`${recorder.origin}/`);
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null), SW_TIMEOUT).toBe(`${recorder.origin}/sw.js`);
    const before = recorder.lines.length;
    // The system share sheet navigates from outside the app (the app's own CSP forbids forms).
    const shared = await context.newPage();
    problems = await watchProblems(shared);
    await shared.goto('about:blank');
    await submitShare(shared, `Join me: ${recorder.origin}/#/${JOIN_ROUTE}`);
    await expect.poll(() => joinScreen(shared).count()).toBe(1);
    expect(shared.url()).not.toContain(SECRET);
    await shared.goBack();
    expect(shared.url()).not.toContain(SECRET);
    expect(recorder.lines.slice(before).filter((line) => line.includes('share-target'))).toEqual([]);
    expectNoSecretInRequestLines();
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.cspViolations).toEqual([]);
  });
});
