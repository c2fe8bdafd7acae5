// The scanner in real Chromium with a fake camera showing Y4M QR codes, under the app's CSP and Trusted Types.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { base64urlEncode, encodeFingerprintQr, fingerprintOf, generateIdentity } from '../../app/crypto/index.js';
import { formatInviteLink, newInviteToken, newRoomId, newInviteSecret } from '../../app/invite/link.js';
import { BASE_ARGS, type PageProblems } from '../support/browser.js';
import { usePeople } from '../support/people.js';

const ROOM = newRoomId();
const INVITE = { room: ROOM, token: newInviteToken(), secret: newInviteSecret() };
const INVITE_LINK = formatInviteLink('https://call.example.org', INVITE);

/** Records every camera stream and every frame posted to a worker, before the page's own scripts run. */
function instrument(): void {
  const w = window;
  w.__streams = [];
  w.__posts = 0;
  w.__terminated = 0;
  const getUserMedia = MediaDevices.prototype.getUserMedia;
  MediaDevices.prototype.getUserMedia = async function (this: MediaDevices, constraints?: MediaStreamConstraints) {
    const stream = await getUserMedia.call(this, constraints);
    w.__streams.push(stream);
    return stream;
  };
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (this: Worker, ...args: any[]) {
    w.__posts++;
    return (post as any).apply(this, args);
  };
  const terminate = Worker.prototype.terminate;
  Worker.prototype.terminate = function (this: Worker) {
    w.__terminated++;
    terminate.call(this);
  };
}

// The pages need a fake camera: one camera Chromium per set of flags, its picture rewritten per test.
const kit = usePeople({ backend: { kind: 'scan-harness' }, sharedChromium: false });

interface Opened {
  readonly page: Page;
  readonly problems: PageProblems;
}

/** A harness page whose fake camera shows `picture` (QR text; undefined = blank), in the camera Chromium for `args`. */
async function openWithCamera(picture: string | undefined, args: readonly string[] = BASE_ARGS): Promise<Opened> {
  const page = await kit.page({ camera: picture ?? null, shareCamera: true, args, instrument: false, locale: null, initScript: instrument });
  await page.goto(kit.harness.url);
  await page.waitForFunction(() => window.harnessReady);
  return { page, problems: kit.problems(page) };
}

/** Adds an sc-scanner forcing the jsQR worker (Linux Chromium has no native QR detector anyway). */
async function openScanner(page: Page, purpose = 'any'): Promise<void> {
  await page.evaluate((purpose) => {
    const scanner = document.createElement('sc-scanner') as any;
    scanner.engine = 'worker';
    scanner.purpose = purpose;
    document.body.append(scanner);
  }, purpose);
}

async function firstResult(page: Page): Promise<any> {
  await page.waitForFunction(() => window.harness.results.length > 0);
  return page.evaluate(() => window.harness.results[0]);
}

const scannerText = (page: Page, selector: string): Promise<string> =>
  page.evaluate((selector) => document.querySelector('sc-scanner')?.shadowRoot?.querySelector(selector)?.textContent?.trim() ?? '', selector);

function expectClean(problems: PageProblems): void {
  expect(problems.consoleErrors).toEqual([]);
  expect(problems.cspViolations).toEqual([]);
}

describe('scanning with the camera', () => {
  it('reads an invite QR in the worker and reports it as an invite, once, under CSP and Trusted Types', async () => {
    const { page, problems } = await openWithCamera(INVITE_LINK);
    await openScanner(page, 'invite');
    expect(await firstResult(page)).toEqual({ kind: 'invite', invite: INVITE, origin: 'https://call.example.org' });
    expect(await scannerText(page, '.status')).toBe('Invite found.');
    // The code stays in view for many more frames; it is reported once.
    await page.waitForFunction(() => window.__posts >= 10);
    expect(await page.evaluate(() => window.harness.results.length)).toBe(1);
    expectClean(problems);
  });

  it('decodes at no more than 9 frames a second, and stops every camera track and the worker when the scanner closes', async () => {
    const { page, problems } = await openWithCamera(undefined);
    await openScanner(page);
    await page.waitForFunction(() => window.__posts >= 2);
    // Main-thread long tasks while scanning are measured by bench/qr.ts, not asserted here: on a
    // loaded machine they depend on the machine, not the code.
    const { posts, elapsedMs } = await page.evaluate(async () => {
      const w = window;
      const startPosts = w.__posts;
      const started = performance.now();
      await new Promise<void>((resolve) => {
        const check = (): void => (w.__posts - startPosts >= 24 ? resolve() : void requestAnimationFrame(check));
        check();
      });
      return { posts: w.__posts - startPosts, elapsedMs: performance.now() - started };
    });
    expect(posts).toBeGreaterThanOrEqual(24);
    expect((posts * 1000) / elapsedMs).toBeLessThanOrEqual(9);

    expect(await page.evaluate(() => window.__streams.flatMap((s: MediaStream) => s.getTracks()).some((t: MediaStreamTrack) => t.readyState === 'live'))).toBe(true);
    await page.evaluate(() => (document.querySelector('sc-scanner')!.shadowRoot!.querySelector('button.close') as HTMLButtonElement).click());
    const after = await page.evaluate(() => ({
      live: window.__streams.flatMap((s: MediaStream) => s.getTracks()).filter((t: MediaStreamTrack) => t.readyState === 'live').length,
      src: document.querySelector('sc-scanner')!.shadowRoot!.querySelector('video')!.srcObject,
      terminated: window.__terminated,
    }));
    expect(after.live).toBe(0);
    expect(after.src).toBeNull();
    expect(after.terminated).toBe(1);
    expectClean(problems);
  });

  it('stops the camera when the scanner is removed from the page', async () => {
    const { page } = await openWithCamera(undefined);
    await openScanner(page);
    await page.waitForFunction(() => window.__posts >= 1);
    await page.evaluate(() => document.querySelector('sc-scanner')!.remove());
    expect(await page.evaluate(() => window.__streams.flatMap((s: MediaStream) => s.getTracks()).every((t: MediaStreamTrack) => t.readyState === 'ended'))).toBe(true);
  });

  it('reads a fingerprint QR that checkFingerprintQr then matches against the key, and says it is not an invite', async () => {
    const identity = await generateIdentity();
    const fp = await fingerprintOf(identity.publicRaw);
    const text = await encodeFingerprintQr(ROOM, fp);
    const { page, problems } = await openWithCamera(text);
    await openScanner(page, 'invite');
    expect(await firstResult(page)).toEqual({ kind: 'fingerprint', text });
    const checks = await page.evaluate(
      async ({ text, room, fp }) => {
        const c = window.harness.crypto;
        const bytes = c.base64urlDecode(fp);
        const other = new Uint8Array(bytes);
        other[31] = other[31]! ^ 1;
        return [await c.checkFingerprintQr(text, room, bytes), await c.checkFingerprintQr(text, room, other), await c.checkFingerprintQr(text, 'B'.repeat(22), bytes)];
      },
      { text, room: ROOM, fp: base64urlEncode(fp) },
    );
    expect(checks).toEqual(['match', 'key-mismatch', 'wrong-room']);
    expect(await scannerText(page, '.status')).toBe('This is a fingerprint code, not an invite. Ask for the invite QR code.');
    expectClean(problems);
  });

  it.each([
    ['a web address', 'https://example.com/'],
    ['an invite lookalike on plain http', formatInviteLink('http://call.example.org', INVITE)],
    ['random text', 'Zx9!q#\u00e9\u4e2d garbage 0123456789'],
  ])('says a QR of %s is not from SecureCall', async (_what, text) => {
    const { page, problems } = await openWithCamera(text);
    await openScanner(page);
    expect(await firstResult(page)).toEqual({ kind: 'not-securecall' });
    expect(await scannerText(page, '.status')).toBe('This QR code is not from SecureCall.');
    expectClean(problems);
  });

  it('takes a pasted invite link when there is no camera, and explains the missing camera', async () => {
    const { page } = await openWithCamera(undefined, BASE_ARGS.filter((a) => a !== '--use-fake-device-for-media-stream'));
    await openScanner(page);
    await page.waitForFunction(() => document.querySelector('sc-scanner')?.shadowRoot?.querySelector('.error[role=alert]') != null);
    expect(await scannerText(page, '.error')).toBe('No camera was found on this device. Paste the link below instead.');
    await page.locator('sc-scanner #scan-paste').fill(INVITE_LINK);
    await page.locator('sc-scanner form button[type=submit]').click();
    expect(await firstResult(page)).toEqual({ kind: 'invite', invite: INVITE, origin: 'https://call.example.org' });
  });

  it('explains in plain words, in Russian too, when camera permission is denied', async () => {
    const { page } = await openWithCamera(
      INVITE_LINK,
      [...BASE_ARGS.filter((a) => a !== '--use-fake-ui-for-media-stream'), '--deny-permission-prompts'],
    );
    await openScanner(page);
    await page.waitForFunction(() => document.querySelector('sc-scanner')?.shadowRoot?.querySelector('.error[role=alert]') != null);
    expect(await scannerText(page, '.error')).toContain('The camera is blocked for this site.');
    await page.evaluate(() => (window.harness.locale.language = 'ru'));
    await page.waitForFunction(() => document.querySelector('sc-scanner')?.shadowRoot?.querySelector('.error')?.textContent?.includes('Камера для этого сайта заблокирована'));
    expect(await page.evaluate(() => window.__streams.length)).toBe(0);
    expect(await page.evaluate(() => window.harness.results.length)).toBe(0);
  });
});
