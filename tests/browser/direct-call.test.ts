// A call with no server: two Chromiums in a loopback-only namespace, each camera showing the other's QR, the app served by its service worker.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeDirectPayload, encodeDirectPayload } from '../../app/direct/payload.js';
import { BASE_ARGS, launchPersistent, watchProblems, type PageProblems } from '../support/browser.js';
import { canUseNetns, createLoopbackNetns, type LoopbackNetns } from '../support/loopback-netns.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { writeQrY4m } from '../support/y4m.js';

/** Installing the worker and precaching, on a shared, busy machine. */
const SW_TIMEOUT = { timeout: 30_000 };
/** Scanning, gathering and connecting on two busy cores. */
const STEP_TIMEOUT = { timeout: 45_000 };

/** Keeps every RTCPeerConnection the page makes, so the test can read its stats. */
function recordPeerConnections(): void {
  const w = window as any;
  w.__pcs = [];
  const Native = window.RTCPeerConnection;
  w.RTCPeerConnection = class extends Native {
    constructor(...args: any[]) {
      super(...args);
      w.__pcs.push(this);
    }
  };
}

interface Person {
  readonly name: string;
  readonly profile: string;
  readonly camera: string;
  context: BrowserContext;
  page: Page;
  problems: PageProblems;
  /** Responses the page got that the service worker did not serve, and requests that failed. */
  readonly offWorker: string[];
}

let server: ServerProcess;
let origin: string;
let netns: LoopbackNetns;
let dir: string;
const people: Person[] = [];

async function install(profile: string): Promise<void> {
  const context = await launchPersistent(profile);
  try {
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForFunction((sw) => navigator.serviceWorker.controller?.scriptURL === sw, `${origin}/sw.js`, SW_TIMEOUT);
  } finally {
    await context.close();
  }
}

/** Opens `person`'s installed app inside the namespace (loopback only), with the server gone. */
async function open(person: Person): Promise<void> {
  person.context = await chromium.launchPersistentContext(person.profile, {
    headless: true,
    executablePath: netns.chromium,
    args: [...BASE_ARGS, '--allow-loopback-in-peer-connection', `--use-file-for-fake-video-capture=${person.camera}`],
  });
  // No context.setOffline: Playwright's offline emulation closes Chromium's page once a peer
  // connection starts here. The namespace is stricter anyway: there is no network to be on.
  person.context.on('response', (response) => {
    if (!response.fromServiceWorker() && !response.url().startsWith('data:')) person.offWorker.push(`response ${response.url()}`);
  });
  person.context.on('requestfailed', (request) => {
    // The browser's own update check of the worker script fails offline; the app never waits on it.
    if (request.serviceWorker() === null && !request.url().endsWith('/sw.js')) person.offWorker.push(`failed ${request.url()}`);
  });
  const page = person.context.pages()[0] ?? (await person.context.newPage());
  person.problems = await watchProblems(page);
  await page.addInitScript(recordPeerConnections);
  await page.goto(server.url);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, SW_TIMEOUT);
  person.page = page;
}

function phase(page: Page): Promise<string | null> {
  return page.locator('sc-direct-call section').getAttribute('data-phase');
}

async function qrText(page: Page, kind: 'offer' | 'answer'): Promise<string> {
  const code = page.locator(`sc-direct-call sc-qr-code.${kind}`);
  await expect.poll(() => code.evaluate((el: any) => el.text as string).catch(() => ''), STEP_TIMEOUT).not.toBe('');
  await expect.poll(() => page.locator(`sc-direct-call sc-qr-code.${kind} img`).count(), STEP_TIMEOUT).toBe(1);
  return code.evaluate((el: any) => el.text as string);
}

async function startDirect(page: Page, side: 'caller' | 'callee'): Promise<void> {
  const back = page.locator('sc-direct-call button.back');
  if ((await back.count()) > 0) await back.click();
  await page.locator('sc-app button.direct').click();
  await page.locator(`sc-direct-call button.${side}`).click();
}

function inboundAudioBytes(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const pcs = (window as any).__pcs as RTCPeerConnection[];
    const pc = pcs[pcs.length - 1];
    if (!pc) return 0;
    let bytes = 0;
    (await pc.getStats()).forEach((report: any) => {
      if (report.type === 'inbound-rtp' && report.kind === 'audio') bytes += report.bytesReceived as number;
    });
    return bytes;
  });
}

function candidateAddresses(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const pcs = (window as any).__pcs as RTCPeerConnection[];
    const out: string[] = [];
    (await pcs[pcs.length - 1]!.getStats()).forEach((report: any) => {
      if (report.type === 'local-candidate' || report.type === 'remote-candidate') out.push(String(report.address));
    });
    return out;
  });
}

/** One exchange: A shows the offer, B scans it and shows the answer, A scans `answerFor(answer)`. */
async function exchange(a: Person, b: Person, answerFor: (answer: string) => Promise<string>) {
  await startDirect(a.page, 'caller');
  const offer = await qrText(a.page, 'offer');
  writeQrY4m(b.camera, offer);
  const bScanStart = Date.now();
  await startDirect(b.page, 'callee');
  const answer = await qrText(b.page, 'answer');
  const bScanMs = Date.now() - bScanStart;
  writeQrY4m(a.camera, await answerFor(answer));
  const aScanStart = Date.now();
  await a.page.locator('sc-direct-call button.scan-answer').click();
  await expect.poll(() => phase(a.page), STEP_TIMEOUT).not.toBe('show-offer');
  const aScanMs = Date.now() - aScanStart;
  return { offer, answer, bScanMs, aScanMs, aScanStart };
}

beforeAll(async () => {
  if (!canUseNetns()) return;
  server = await startServerProcess();
  origin = server.origin;
  dir = mkdtempSync(join(tmpdir(), 'sc-direct-'));
  for (const name of ['A', 'B']) {
    const person = { name, profile: join(dir, `profile-${name}`), camera: join(dir, `camera-${name}.y4m`), offWorker: [] as string[] } as Person;
    writeQrY4m(person.camera, undefined);
    people.push(person);
  }
  // The two phones install and open side by side: each step waits mostly on its own Chromium.
  await Promise.all(people.map((person) => install(person.profile)));
  await server.stop();
  netns = createLoopbackNetns();
  await Promise.all(people.map(open));
}, 180_000);

afterAll(async () => {
  for (const person of people) await person.context?.close();
  netns?.remove();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!canUseNetns())('call without a server', () => {
  it('connects two offline installed apps by scanning each other’s QR: verified, audio and chat both ways, loopback only', async () => {
    const [a, b] = people as [Person, Person];
    const { offer, answer, bScanMs, aScanMs, aScanStart } = await exchange(a, b, (text) => Promise.resolve(text));
    await expect.poll(() => phase(a.page), STEP_TIMEOUT).toBe('connected');
    await expect.poll(() => phase(b.page), STEP_TIMEOUT).toBe('connected');
    const connectedMs = Date.now() - aScanStart;
    console.log(
      `direct call: offer ${offer.length} chars, answer ${answer.length} chars; B "Scan their code" → answer QR shown ${bScanMs} ms; ` +
        `A "scan" → answer accepted ${aScanMs} ms → both verified and connected ${connectedMs} ms`,
    );

    for (const person of [a, b]) {
      await expect.poll(() => person.page.locator('sc-direct-call sc-tile [data-dtls="checked"]').count()).toBe(1);
      await expect.poll(() => person.page.locator('sc-direct-call sc-tile p.ok').first().textContent()).toContain('verified');
      const first = await inboundAudioBytes(person.page);
      await expect.poll(() => inboundAudioBytes(person.page), STEP_TIMEOUT).toBeGreaterThan(first + 1000);
      for (const address of await candidateAddresses(person.page)) expect(['127.0.0.1', '::1', '0:0:0:0:0:0:0:1']).toContain(address);
    }

    await a.page.locator('sc-direct-call sc-chat-panel input').fill('hello from A');
    await a.page.locator('sc-direct-call sc-chat-panel button[type=submit]').click();
    await expect.poll(() => b.page.locator('sc-direct-call [data-chat-text]').allTextContents(), STEP_TIMEOUT).toEqual([expect.stringContaining('hello from A')]);
    await b.page.locator('sc-direct-call sc-chat-panel input').fill('привет от B');
    await b.page.locator('sc-direct-call sc-chat-panel button[type=submit]').click();
    await expect.poll(() => a.page.locator('sc-direct-call [data-chat-text]').allTextContents(), STEP_TIMEOUT).toEqual([
      expect.stringContaining('hello from A'),
      expect.stringContaining('привет от B'),
    ]);

    await a.page.locator('sc-direct-call button.hang-up').click();
    await expect.poll(() => phase(a.page)).toBe('ended');
    for (const person of [a, b]) {
      expect(person.offWorker).toEqual([]);
      expect(person.problems.cspViolations).toEqual([]);
      expect(person.problems.consoleErrors).toEqual([]);
    }
  });

  it('refuses an answer whose fingerprint is not the certificate the other phone presents, with a security notice', async () => {
    const [a, b] = people as [Person, Person];
    await expect.poll(() => phase(b.page), STEP_TIMEOUT).not.toBe('connected');
    await exchange(a, b, async (text) => {
      const payload = await decodeDirectPayload(text);
      const fingerprint = Uint8Array.from(payload.fingerprint);
      fingerprint[0]! ^= 0x01;
      return encodeDirectPayload({ ...payload, fingerprint });
    });
    await expect.poll(() => phase(a.page), STEP_TIMEOUT).toBe('refused');
    const alert = a.page.locator('sc-direct-call [role=alert]');
    expect(await alert.getAttribute('data-problem')).toBe('certificate-mismatch');
    expect(await alert.textContent()).toContain('Security warning');
    expect(await a.page.locator('sc-direct-call sc-tile').count()).toBe(0);
    expect(await a.page.locator('sc-direct-call sc-chat-panel').count()).toBe(0);
  });

  it('names a damaged code and a code of another version instead of using them', async () => {
    const [a] = people as [Person];
    writeQrY4m(a.camera, undefined);
    await startDirect(a.page, 'callee');
    const scanner = a.page.locator('sc-direct-call sc-scanner');
    const paste = async (text: string) => {
      await scanner.locator('input').fill(text);
      await scanner.locator('button[type=submit]').click();
    };
    await paste('SCD:AgAAAAAAAAAA');
    await expect.poll(() => scanner.locator('.warning').textContent()).toContain('different version');
    await paste('SCD:AQQERG96QhhYaENqKzByT3U2MjJVVEpYbVVNODBsVkg');
    await expect.poll(() => scanner.locator('.warning').textContent()).toContain('damaged');
    expect(await phase(a.page)).toBe('preparing');
  });
});
