// Microphone and speaker choice and audio processing in a real two-person call: what the UI sets reaches the track, every sender and the other side.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCall, expectFullMesh, joinCall, pcStats, waitFor } from '../support/call-page.js';
import { usePeople } from '../support/people.js';

const kit = usePeople({ backend: { kind: 'call' } });

type Processing = 'echoCancellation' | 'noiseSuppression' | 'autoGainControl';

/** The processing toggles, by the track setting each controls and its label in the settings panel. */
const TOGGLES = [
  ['echoCancellation', 'Echo cancellation'],
  ['noiseSuppression', 'Noise suppression'],
  ['autoGainControl', 'Automatic gain'],
] as const;

/** Inbound packets that show audio kept flowing: about a second of the app's 40 ms Opus packets. */
const FRESH_PACKETS = 25;

/** The page's one live microphone track, as getUserMedia returned it. */
interface MicTrack {
  id: string;
  deviceId: string | undefined;
  settings: Record<Processing, boolean | undefined>;
  constraints: Record<Processing, unknown>;
}

/** Every live microphone track the page opened (the call should hold exactly one). */
function liveMics(page: Page): Promise<MicTrack[]> {
  return page.evaluate(() =>
    window.__sc.tracks
      .filter((t) => t.kind === 'audio' && t.readyState === 'live')
      .map((t) => {
        const s = t.getSettings();
        const c = t.getConstraints();
        return {
          id: t.id,
          deviceId: s.deviceId,
          settings: { echoCancellation: s.echoCancellation, noiseSuppression: s.noiseSuppression, autoGainControl: s.autoGainControl },
          constraints: { echoCancellation: c.echoCancellation, noiseSuppression: c.noiseSuppression, autoGainControl: c.autoGainControl },
        };
      }),
  );
}

/** The one live microphone track; fails when there are none or several. */
async function liveMic(page: Page): Promise<MicTrack> {
  const mics = await liveMics(page);
  expect(mics, 'exactly one live microphone track').toHaveLength(1);
  return mics[0]!;
}

/** readyState of a track this page opened, by id. */
function trackState(page: Page, id: string): Promise<string | undefined> {
  return page.evaluate((trackId) => window.__sc.tracks.find((t) => t.id === trackId)?.readyState, id);
}

/** The track id each audio sender of each open peer connection sends (null: no track). */
function audioSenderTracks(page: Page): Promise<(string | null)[]> {
  return page.evaluate(() =>
    window.__sc.pcs
      .filter((pc) => pc.connectionState !== 'closed')
      .flatMap((pc) => pc.getTransceivers())
      .filter((t) => t.receiver.track.kind === 'audio' && t.currentDirection !== 'stopped')
      .map((t) => t.sender.track?.id ?? null),
  );
}

/** The page's devices of one kind, as the browser lists them after the mic was granted. */
function devices(page: Page, kind: MediaDeviceKind): Promise<{ id: string; label: string }[]> {
  return page.evaluate(async (k) => {
    const list = await navigator.mediaDevices.enumerateDevices();
    return list.filter((d) => d.kind === k).map((d) => ({ id: d.deviceId, label: d.label }));
  }, kind);
}

/** Inbound audio packets and energy summed over the page's connections. */
async function inbound(page: Page): Promise<{ packets: number; energy: number }> {
  const stats = await pcStats(page);
  return { packets: stats.reduce((n, s) => n + s.packetsReceived, 0), energy: stats.reduce((n, s) => n + s.audioEnergy, 0) };
}

/** Waits until `listener` has received more audible audio than it had when this was called. */
async function keepsHearing(listener: Page, what: string): Promise<void> {
  const before = await inbound(listener);
  // Fake capture beeps about once a second; packets alone could be DTX comfort noise, energy is the beep.
  await waitFor(what, async () => {
    const now = await inbound(listener);
    return now.packets > before.packets + FRESH_PACKETS && now.energy > before.energy;
  }, 15_000, 200);
}

/** Opens the settings panel unless it is already open. */
async function openSettings(page: Page): Promise<void> {
  const button = page.getByRole('button', { name: 'Settings' });
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  // By role: the wrapping <label> also holds the option texts, which getByLabel would match against.
  await waitFor('the settings panel', async () => (await page.getByRole('combobox', { name: 'Microphone' }).count()) === 1);
}

describe('call devices and audio processing', () => {
  // One call for the whole file: each test is a step on it, and the processing toggles accumulate.
  let alice: Page;
  let bob: Page;
  const problemsSoFar = (): string[] => kit.allProblems();

  beforeAll(async () => {
    [alice, bob] = (await kit.pages(2, { until: 'file' })) as [Page, Page];
    const link = await createCall(alice, kit.env.server.url);
    await joinCall(bob, link, 'Bob');
    await expectFullMesh([alice, bob], 20_000);
  });

  it('starts with echo cancellation, noise suppression and auto gain on, in the track and in the toggles', async () => {
    for (const page of [alice, bob]) {
      const mic = await liveMic(page);
      expect(mic.settings).toEqual({ echoCancellation: true, noiseSuppression: true, autoGainControl: true });
    }
    await openSettings(alice);
    for (const [, label] of TOGGLES) {
      expect(await alice.getByRole('checkbox', { name: label }).isChecked(), label).toBe(true);
    }
    // "System default" once, and not again as Chromium's own "default" alias.
    const values = await alice.getByRole('combobox', { name: 'Microphone' }).locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(values).not.toContain('default');
    expect(values.length).toBe(new Set(values).size);
    expect(problemsSoFar()).toEqual([]);
  });

  it('switching the microphone opens the chosen input, hands it to every audio sender, ends the old track, and Bob keeps hearing Alice', async () => {
    const old = await liveMic(alice);
    const inputs = await devices(alice, 'audioinput');
    // Chromium's fake capture lists a "default" alias and two more inputs; pick a real other one.
    const target = inputs.find((d) => d.id !== 'default' && d.id !== old.deviceId);
    expect(target, `another input among ${inputs.map((d) => d.label).join(', ')}`).toBeDefined();
    await openSettings(alice);
    await alice.getByRole('combobox', { name: 'Microphone' }).selectOption(target!.id);

    await expect.poll(async () => (await liveMics(alice)).map((m) => m.deviceId), { timeout: 10_000 }).toEqual([target!.id]);
    const mic = await liveMic(alice);
    expect(mic.id).not.toBe(old.id);
    await expect.poll(() => audioSenderTracks(alice), { timeout: 10_000 }).toEqual([mic.id]);
    expect(await trackState(alice, old.id)).toBe('ended');
    // The new input keeps the processing defaults.
    expect(mic.settings).toEqual({ echoCancellation: true, noiseSuppression: true, autoGainControl: true });
    await keepsHearing(bob, 'Bob to hear Alice on her new microphone');
    expect(problemsSoFar()).toEqual([]);
  });

  /** What Alice's microphone should report after each toggle: they accumulate. */
  const expected: Record<Processing, boolean> = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };
  for (const [key, label] of TOGGLES) {
    it(`turning ${label.toLowerCase()} off re-opens the same microphone asking for it off, the senders carry that track, and Bob keeps hearing Alice`, async () => {
      const old = await liveMic(alice);
      await openSettings(alice);
      await alice.getByRole('checkbox', { name: label }).uncheck();
      expected[key] = false;
      await expect.poll(async () => (await liveMics(alice)).map((m) => m.id !== old.id), { timeout: 10_000 }).toEqual([true]);
      const mic = await liveMic(alice);
      expect(mic.constraints).toEqual(expected);
      // Turning processing off must not switch the microphone.
      expect(mic.deviceId).toBe(old.deviceId);
      expect(await alice.getByRole('checkbox', { name: label }).isChecked()).toBe(false);
      await expect.poll(() => audioSenderTracks(alice), { timeout: 10_000 }).toEqual([mic.id]);
      expect(await trackState(alice, old.id)).toBe('ended');
      await keepsHearing(bob, `Bob to hear Alice with ${key} off`);
      expect(problemsSoFar()).toEqual([]);
    });

    // Chromium reuses a capture that is still open, with its processing: the call must release the old one first.
    it(`with ${label.toLowerCase()} off, the live track's getSettings() reports it off and the rest as chosen`, async () => {
      expect((await liveMic(alice)).settings).toEqual(expected);
    });
  }

  it('choosing a speaker routes every remote audio element to it, and System default routes them back', async () => {
    const outputs = await devices(bob, 'audiooutput');
    const target = outputs.find((d) => d.id !== 'default');
    expect(target, `an output besides the default among ${outputs.map((d) => d.label).join(', ')}`).toBeDefined();
    // Playwright's CSS locators pierce the open shadow roots of sc-tile.
    const remoteAudio = bob.locator('li[data-peer] sc-tile audio');
    const sinkIds = (): Promise<string[]> => remoteAudio.evaluateAll((els) => els.map((e) => (e as HTMLAudioElement).sinkId));
    await expect.poll(() => remoteAudio.count()).toBe(1);
    expect(await sinkIds()).toEqual(['']);
    await openSettings(bob);
    const speaker = bob.getByRole('combobox', { name: 'Speaker' });
    await speaker.selectOption(target!.id);
    await expect.poll(sinkIds, { timeout: 10_000 }).toEqual([target!.id]);
    await keepsHearing(bob, 'Bob to keep receiving Alice after the speaker change');
    await speaker.selectOption({ label: 'System default' });
    await expect.poll(sinkIds, { timeout: 10_000 }).toEqual(['']);
    expect(problemsSoFar()).toEqual([]);
  });
});
