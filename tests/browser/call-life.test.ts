// Living with a call in real Chromium: mute marks sent sealed, the muted hint, push-to-talk, shortcuts, sounds, announcements, the call screen's clock, avatars and volume, the lock screen, notices and the verify scanner in view.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hueOf } from '../../app/ui/avatar.js';
import { TEST_ACCESS_KEY } from '../support/call-env.js';
import { createCall, inviteLink, joinCall, sendChat, waitFor } from '../support/call-page.js';
import { diagnosticsOf } from '../support/diagnostics.js';
import { usePeople } from '../support/people.js';

const kit = usePeople({ backend: { kind: 'call' } });

/** Counts started oscillators (the call's sounds) and records every AudioParam value set (the volume gain). */
function recordAudio(): void {
  const record = { tones: 0, gains: [] as number[] };
  (window as unknown as { __audio: typeof record }).__audio = record;
  const start = OscillatorNode.prototype.start;
  OscillatorNode.prototype.start = function (...args: Parameters<typeof start>) {
    record.tones += 1;
    return start.apply(this, args);
  };
  const value = Object.getOwnPropertyDescriptor(AudioParam.prototype, 'value')!;
  Object.defineProperty(AudioParam.prototype, 'value', {
    get: value.get,
    set(v: number) {
      record.gains.push(v);
      value.set!.call(this, v);
    },
  });
  // The Media Session's handlers, to press the lock screen's buttons from the test.
  const handlers: Record<string, (() => void) | null> = {};
  (window as unknown as { __mediaHandlers: typeof handlers }).__mediaHandlers = handlers;
  const set = navigator.mediaSession.setActionHandler.bind(navigator.mediaSession);
  navigator.mediaSession.setActionHandler = (action, handler) => {
    handlers[action] = handler as (() => void) | null;
    set(action, handler);
  };
}

const tones = (page: Page) => page.evaluate(() => (window as unknown as { __audio: { tones: number } }).__audio.tones);
const announced = async (page: Page) => ((await page.locator('[data-announcement]').textContent()) ?? '').trim();
const tileOf = (page: Page, name: string) => page.locator('li[data-peer]', { has: page.locator('h3', { hasText: name }) });

async function pair(options: { initScript?: () => void } = {}): Promise<[Page, Page]> {
  const [alice, bob] = (await kit.pages(2, options)) as [Page, Page];
  const link = await createCall(alice, kit.env.server.url, TEST_ACCESS_KEY, { name: 'Alice' });
  await joinCall(bob, link, 'Bob');
  await waitFor('Alice and Bob on each other\'s screens', async () =>
    (await tileOf(bob, 'Alice').count()) === 1 && (await tileOf(alice, 'Bob').count()) === 1);
  return [alice, bob];
}

describe('living with a call', { timeout: 180_000 }, () => {
  it('mute travels to the others and shows on tiles; M, C, V and ? work but not while typing; holding Space talks; "You are muted" when talking muted', async () => {
    const [alice, bob] = await pair();
    await alice.locator('h1').click();
    await alice.keyboard.press('m');
    await waitFor('Alice muted at Bob', async () => (await tileOf(bob, 'Alice').locator('[data-muted]').count()) === 1);
    expect(await alice.locator('[data-self] [data-muted]').count()).toBe(1);
    // The fake microphone beeps: my own meter hears it while the others do not.
    await waitFor('the muted hint', async () => (await alice.locator('[data-muted-hint]').count()) === 1, 20_000);
    expect(await alice.locator('[data-muted-hint]').textContent()).toContain('You are muted');

    await alice.keyboard.down('Space');
    await waitFor('Alice unmuted at Bob while Space is held', async () => (await tileOf(bob, 'Alice').locator('[data-muted]').count()) === 0);
    await alice.keyboard.up('Space');
    await waitFor('Alice muted again at Bob', async () => (await tileOf(bob, 'Alice').locator('[data-muted]').count()) === 1);

    await alice.keyboard.press('c');
    await waitFor('the chat panel', async () => (await alice.locator('sc-chat-panel').count()) === 1);
    await alice.getByLabel('Message').fill('');
    await alice.getByLabel('Message').pressSequentially('mvc? ');
    expect(await alice.getByLabel('Message').inputValue()).toBe('mvc? ');
    expect(await alice.locator('sc-chat-panel').count()).toBe(1);
    expect(await alice.locator('sc-verify-panel').count()).toBe(0);
    expect(await alice.getByRole('button', { name: 'Unmute' }).count()).toBe(1);

    await alice.locator('h1').click();
    await alice.keyboard.press('v');
    await waitFor('the verify panel', async () => (await alice.locator('sc-verify-panel').count()) === 1);
    await alice.keyboard.press('Shift+Slash');
    await waitFor('the shortcuts help', async () => (await alice.getByRole('dialog', { name: 'Keyboard shortcuts' }).count()) === 1);
    await alice.getByRole('button', { name: 'Close' }).click();
    await waitFor('the help closed', async () => (await alice.getByRole('dialog').count()) === 0);
    await alice.keyboard.press('m');
    await waitFor('Alice unmuted at Bob', async () => (await tileOf(bob, 'Alice').locator('[data-muted]').count()) === 0);
    expect(await diagnosticsOf(alice)).toEqual([]);
    expect(await diagnosticsOf(bob)).toEqual([]);
  });

  it('joins, leaves and messages play a sound (unless turned off) and are announced politely; the unread count is in the Chat button\'s name', async () => {
    const alice = await kit.page({ initScript: recordAudio });
    const [bob, carol] = (await kit.pages(2)) as [Page, Page];
    const link = await createCall(alice, kit.env.server.url, TEST_ACCESS_KEY, { name: 'Alice' });
    await joinCall(bob, link, 'Bob');
    await waitFor('Bob announced', async () => (await announced(alice)) === 'Bob joined the call');
    expect(await tones(alice)).toBeGreaterThan(0);
    expect(await alice.locator('[data-announcement]').getAttribute('aria-live')).toBe('polite');

    await sendChat(bob, 'hello there');
    await waitFor('the message announced', async () => (await announced(alice)) === 'Message from Bob: hello there');
    expect(await alice.getByRole('button', { name: /^Chat\s*,\s*1 unread$/ }).count()).toBe(1);

    await alice.getByRole('button', { name: 'Settings' }).click();
    await alice.getByLabel('Play sounds when people join, leave or write').uncheck();
    const before = await tones(alice);
    await alice.getByRole('button', { name: 'Invite' }).click();
    await joinCall(carol, await inviteLink(alice, link), 'Carol');
    await waitFor('Carol announced', async () => (await announced(alice)) === 'Carol joined the call');
    await bob.getByRole('button', { name: 'Leave' }).click();
    await bob.getByRole('button', { name: 'Leave call' }).click();
    await waitFor('Bob\'s leaving announced', async () => (await announced(alice)) === 'Bob left the call');
    expect(await tones(alice)).toBe(before);
    expect(await diagnosticsOf(alice)).toEqual([]);
  });

  it('the call screen shows duration and head count, an avatar with initials and a colour from the key, tiles filling the window, and a volume per person', async () => {
    const [alice, bob] = await pair({ initScript: recordAudio });
    await alice.setViewportSize({ width: 1280, height: 800 });
    await waitFor('the head count', async () => (await alice.locator('[data-head-count="2"]').textContent())?.trim() === '2 in the call');
    const first = (await alice.locator('[data-duration]').textContent())?.trim() ?? '';
    expect(first).toMatch(/^\d+:\d\d$/);
    await waitFor('the clock moving', async () => (await alice.locator('[data-duration]').textContent())?.trim() !== first);

    const bobTile = tileOf(alice, 'Bob');
    expect((await bobTile.locator('.avatar').textContent())?.trim()).toBe('B');
    const fp = (await bobTile.locator('.fp').textContent())?.trim() ?? '';
    expect(await bobTile.locator('.avatar').getAttribute('data-hue')).toBe(String(hueOf(fp)));
    const grid = await alice.locator('ul.tiles').boundingBox();
    const tile = await bobTile.boundingBox();
    expect(grid!.width).toBeGreaterThan(1000);
    expect(tile!.width).toBeGreaterThan(grid!.width / 2 - 40);

    await bobTile.getByLabel('Volume of Bob').fill('150');
    await waitFor('a 1.5 gain for Bob', async () => (await alice.evaluate(() => (window as unknown as { __audio: { gains: number[] } }).__audio.gains)).includes(1.5));
    expect(await bobTile.locator('audio').evaluate((a: HTMLAudioElement) => a.muted)).toBe(true);
    await bobTile.getByLabel('Volume of Bob').fill('100');
    await waitFor('Bob back on the audio element', async () => !(await bobTile.locator('audio').evaluate((a: HTMLAudioElement) => a.muted)));

    // A one-day invite: the relay accepts the lifetime (the link only shows once it confirms).
    const previous = await inviteLink(alice);
    await alice.getByLabel('Link valid for').selectOption({ label: '1 day' });
    await inviteLink(alice, previous);
    expect(await diagnosticsOf(alice)).toEqual([]);
    expect(await diagnosticsOf(bob)).toEqual([]);
  });

  it('the lock screen (Media Session) shows the call and its microphone button mutes', async () => {
    const [alice] = await pair({ initScript: recordAudio });
    await waitFor('the Media Session metadata', async () =>
      (await alice.evaluate(() => `${navigator.mediaSession.metadata?.title} / ${navigator.mediaSession.metadata?.artist}`)) === 'SecureCall / 2 in the call');
    await alice.evaluate(() => (window as unknown as { __mediaHandlers: Record<string, () => void> }).__mediaHandlers['togglemicrophone']!());
    await waitFor('muted from the lock screen', async () => (await alice.getByRole('button', { name: 'Unmute' }).count()) === 1);
  });

  it('a new default microphone (a headset plugged in) is followed mid-call and the others keep hearing me', async () => {
    const [alice, bob] = await pair({
      // The test's headset: once __headset is set, the default input belongs to another device group.
      initScript: () => {
        const list = navigator.mediaDevices.enumerateDevices.bind(navigator.mediaDevices);
        navigator.mediaDevices.enumerateDevices = async () => {
          const devices = await list();
          if (!(window as unknown as { __headset?: boolean }).__headset) return devices;
          return devices.map((d) => ({ kind: d.kind, deviceId: d.deviceId, label: d.label, groupId: d.kind === 'audioinput' && d.deviceId === 'default' ? 'headset' : d.groupId, toJSON: () => ({}) }));
        };
      },
    });
    const tracks = () => alice.evaluate(() => (window as unknown as { __sc: { tracks: MediaStreamTrack[] } }).__sc.tracks.length);
    const before = await tracks();
    await alice.evaluate(() => {
      (window as unknown as { __headset: boolean }).__headset = true;
      navigator.mediaDevices.dispatchEvent(new Event('devicechange'));
    });
    await waitFor('the microphone reopened', async () => (await tracks()) > before);
    const received = () => bob.evaluate(async () => {
      let packets = 0;
      for (const pc of (window as unknown as { __sc: { pcs: RTCPeerConnection[] } }).__sc.pcs) {
        (await pc.getStats()).forEach((r: { type: string; kind?: string; packetsReceived?: number }) => {
          if (r.type === 'inbound-rtp' && r.kind === 'audio') packets += r.packetsReceived ?? 0;
        });
      }
      return packets;
    });
    const heard = await received();
    await waitFor('Bob still receiving Alice', async () => (await received()) > heard + 20);
    expect(await alice.evaluate(() => (window as unknown as { __sc: { tracks: MediaStreamTrack[] } }).__sc.tracks.filter((t) => t.readyState === 'live').length)).toBe(1);
    expect(await diagnosticsOf(alice)).toEqual([]);
  });

  it('/#/new starts a call at its pre-join; the language choice survives a reload; a notice can be dismissed', async () => {
    const page = await kit.page();
    await page.goto(`${kit.env.server.url}/#/new`);
    await waitFor('the new call\'s pre-join', async () => (await page.getByRole('heading', { name: 'Start a call' }).count()) === 1);
    expect(page.url()).not.toContain('#');

    await page.goto(kit.env.server.url);
    await page.getByLabel('Language').selectOption('ru');
    await page.reload();
    await waitFor('Russian after a reload', async () => (await page.getByRole('button', { name: 'Новый звонок' }).count()) === 1);
    await page.getByLabel('Язык').selectOption('en');

    await createCall(page, kit.env.server.url);
    // A dropped server connection comes back with a "Reconnected" notice.
    await page.evaluate(() => (window as unknown as { __sc: { sockets: WebSocket[] } }).__sc.sockets.at(-1)!.close());
    await waitFor('the reconnected notice', async () => (await page.locator('[data-notice="reconnected"]').count()) === 1, 30_000);
    await page.locator('[data-notice="reconnected"]').getByRole('button', { name: 'Dismiss notice' }).click();
    await waitFor('the notice gone', async () => (await page.locator('[data-notice="reconnected"]').count()) === 0);
  });

  it('the verify scanner opens in view on a phone-sized screen', async () => {
    const [alice] = await pair();
    await alice.setViewportSize({ width: 390, height: 844 });
    await alice.getByRole('button', { name: 'Verify' }).click();
    await alice.locator('[data-scan-peer]').first().click();
    await waitFor('the scanner in view', async () => {
      const box = await alice.locator('[data-scan-slot]').boundingBox();
      return box !== null && box.y > -2 && box.y < 844 / 2;
    });
  });
});
