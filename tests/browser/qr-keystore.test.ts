// sc-qr-code round-trips through the worker decoder; the kept identity and contacts survive a reload in IndexedDB.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PageProblems } from '../support/browser.js';
import { usePeople } from '../support/people.js';

// One harness page for the file: the keystore tests build on what the page stored before.
const kit = usePeople({ backend: { kind: 'scan-harness' } });
let page: Page;
let problems: PageProblems;

const ready = (): Promise<unknown> => page.waitForFunction(() => window.harnessReady);

beforeAll(async () => {
  page = await kit.page({ instrument: false, locale: null, until: 'file' });
  problems = kit.problems(page);
  await page.goto(kit.harness.url);
  await ready();
});

describe('sc-qr-code', () => {
  it('renders text as an <img> with alt text that the jsQR worker decodes back to the same text', async () => {
    const text = 'securecall-fp:AQ' + 'x'.repeat(64);
    const decoded = await page.evaluate(async (text) => {
      const el = document.createElement('sc-qr-code') as any;
      el.label = 'My fingerprint';
      el.text = text;
      document.body.append(el);
      const img = await new Promise<HTMLImageElement>((resolve) => {
        const look = (): void => {
          const found = el.shadowRoot?.querySelector('img') as HTMLImageElement | null;
          if (found?.complete && found.naturalWidth > 0) resolve(found);
          else requestAnimationFrame(look);
        };
        look();
      });
      const canvas = new OffscreenCanvas(400, 400);
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0, 400, 400);
      const decoder = new window.harness.scan.WorkerDecoder();
      const out = await decoder.decodeImage(ctx.getImageData(0, 0, 400, 400));
      decoder.close();
      return { out, alt: img.alt, src: img.src.slice(0, 22), styled: el.shadowRoot.querySelector('[style]') !== null };
    }, text);
    expect(decoded).toEqual({ out: text, alt: 'My fingerprint', src: 'data:image/png;base64,', styled: false });
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.cspViolations).toEqual([]);
  });
});

describe('keystore in IndexedDB', () => {
  it('keeps one non-extractable identity across a reload and forgets it on request', async () => {
    const first = await page.evaluate(async () => {
      const { keystore, crypto } = window.harness;
      const id = await keystore.loadOrCreateIdentity();
      const exported = await globalThis.crypto.subtle.exportKey('pkcs8', id.privateKey).then(() => 'exported', () => 'refused');
      return { raw: crypto.base64urlEncode(id.publicRaw), extractable: id.privateKey.extractable, exported };
    });
    expect(first).toMatchObject({ extractable: false, exported: 'refused' });
    await page.reload();
    await ready();
    const again = await page.evaluate(async () => {
      const { keystore, crypto } = window.harness;
      const id = await keystore.loadOrCreateIdentity();
      const peer = await crypto.generateIdentity();
      // The stored private key still works: ECDH with a peer agrees from both sides.
      const mine = new Uint8Array(await globalThis.crypto.subtle.deriveBits({ name: 'ECDH', public: peer.publicKey }, id.privateKey, 256));
      const theirs = new Uint8Array(await globalThis.crypto.subtle.deriveBits({ name: 'ECDH', public: id.publicKey }, peer.privateKey, 256));
      return { raw: crypto.base64urlEncode(id.publicRaw), agree: crypto.constantTimeEqual(mine, theirs) };
    });
    expect(again).toEqual({ raw: first.raw, agree: true });
    const afterForget = await page.evaluate(async () => {
      const { keystore, crypto } = window.harness;
      await (await keystore.deviceKeystore()).forgetIdentity();
      return crypto.base64urlEncode((await keystore.loadOrCreateIdentity()).publicRaw);
    });
    expect(afterForget).not.toBe(first.raw);
  });

  it('remembers verified contacts across a reload and warns on a changed key only while keeping is on', async () => {
    await page.evaluate(async () => {
      const { keystore } = window.harness;
      await keystore.rememberVerified(new Uint8Array(32).fill(7), 'Alice');
    });
    await page.reload();
    await ready();
    const seen = await page.evaluate(async () => {
      const { keystore } = window.harness;
      const other = new Uint8Array(32).fill(9);
      const off = await keystore.checkContact(other, 'Alice');
      await keystore.chooseKeepIdentity(true);
      const on = await keystore.checkContact(other, 'Alice');
      const known = await (await keystore.deviceKeystore()).isKnown(new Uint8Array(32).fill(7));
      return { off: off.kind, on: on.kind, name: known?.name };
    });
    expect(seen).toEqual({ off: 'unknown', on: 'changed-key', name: 'Alice' });
  });

  it('sc-identity-setting is off by default; turning it off again erases identity and contacts', async () => {
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await ready();
    await page.evaluate(() => document.body.append(document.createElement('sc-identity-setting')));
    const box = page.locator('sc-identity-setting input[type=checkbox]');
    expect(await box.isChecked()).toBe(false);
    await expect.poll(() => page.locator('sc-identity-setting #identity-explain').textContent()).toContain('nobody can link your calls');
    await box.check();
    await expect.poll(() => page.evaluate(() => localStorage.getItem('securecall.keepIdentity'))).toBe('1');
    const before = await page.evaluate(async () => {
      const { keystore, crypto } = window.harness;
      await keystore.rememberVerified(new Uint8Array(32).fill(7), 'Alice');
      return crypto.base64urlEncode((await keystore.identityForCall()).publicRaw);
    });
    await box.uncheck();
    await expect.poll(() => page.locator('sc-identity-setting .status').textContent()).toContain('erased');
    const after = await page.evaluate(async () => {
      const { keystore, crypto } = window.harness;
      return {
        flag: localStorage.getItem('securecall.keepIdentity'),
        contact: (await (await keystore.deviceKeystore()).isKnown(new Uint8Array(32).fill(7))) ?? null,
        fresh: crypto.base64urlEncode((await keystore.identityForCall()).publicRaw),
      };
    });
    expect(after.flag).toBeNull();
    expect(after.contact).toBeNull();
    expect(after.fresh).not.toBe(before);
  });
});
