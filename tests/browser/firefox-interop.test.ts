// A Firefox person joins a Chromium person's call by link (real server, real coturn, relay only): audio both ways, chat both ways, one safety number.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatLog, createCall, pcDiagnostics, sendChat, waitFor } from '../support/call-page.js';
import { diagnosticsOf } from '../support/diagnostics.js';
import { firefoxPath, launchFirefox, type Firefox } from '../support/firefox.js';
import { audioFlowInPage, foxChatTexts, foxClick, foxJoinCall, foxSendChat, instrumentFirefox, type AudioFlow } from '../support/firefox-page.js';
import { usePeople } from '../support/people.js';

/** Audio bytes each side must receive once the call is up: about a second of Opus voice, so a trickle of a few packets does not count. */
const AUDIO_GROWTH_BYTES = 4_000;
/** Firefox's start (up to twice firefox.ts's 75 s on a very busy machine, though it began alongside the kit's) plus instrumenting its tab. */
const FIREFOX_HOOK_TIMEOUT_MS = 150_000;

const FIREFOX = firefoxPath();
if (FIREFOX === undefined) {
  console.warn('firefox-interop: SKIPPED the Firefox ↔ Chromium call test: firefox-esr is not installed (sudo apt-get install -y firefox-esr, or set FIREFOX_PATH)');
}

/** Firefox starts while the kit below starts coturn, the server and Chromium (each takes seconds on a busy machine). */
let launching: Promise<Firefox> | undefined;
beforeAll(() => {
  if (FIREFOX === undefined) return;
  launching = launchFirefox(FIREFOX);
  // Awaited in the describe block's beforeAll; this keeps a failed start from counting as unhandled meanwhile.
  launching.catch(() => undefined);
});
afterAll(async () => {
  const fox = await launching?.catch(() => undefined);
  await fox?.close();
});

const kit = usePeople({ backend: { kind: 'call' } });

/** The one connection of a two-person call, once it is connected through the relay on both ends. */
function relayed(flows: AudioFlow[]): AudioFlow | undefined {
  const [flow] = flows;
  return flows.length === 1 && flow!.state === 'connected' && flow!.localType === 'relay' && flow!.remoteType === 'relay' ? flow : undefined;
}

describe.skipIf(FIREFOX === undefined)('Firefox ↔ Chromium', () => {
  let fox: Firefox;

  beforeAll(async () => {
    fox = await launching!;
    await instrumentFirefox(fox);
  }, FIREFOX_HOOK_TIMEOUT_MS);

  it('a Firefox person joins a Chromium call by link: audio both ways through the relay, chat both ways, the same safety number', async () => {
    const alice: Page = await kit.page();
    const link = await createCall(alice, kit.env.server.url);
    await foxJoinCall(fox, link, 'Fox');

    // Audio both ways, relay to relay: inbound audio bytes keep growing on each side.
    const flows = async () => ({ chromium: relayed(await alice.evaluate(audioFlowInPage)), firefox: relayed(await fox.evaluate(audioFlowInPage, [])) });
    const failWithState = async (error: unknown): Promise<never> => {
      const firefox = await fox.evaluate(() => window.__sc.pcs.map((pc) => `${pc.connectionState}/${pc.iceConnectionState}/${pc.signalingState}`), []);
      const chromium = await pcDiagnostics(alice);
      throw new Error(`${(error as Error).message}; Chromium: ${chromium.join(' | ')}; Firefox: ${firefox.join(' | ')}, errors ${JSON.stringify(fox.errors())}`);
    };
    let start = await flows();
    await waitFor('a relayed connection on both sides', async () => {
      start = await flows();
      return start.chromium !== undefined && start.firefox !== undefined;
    }, 30_000, 250).catch(failWithState);
    await waitFor('audio bytes growing both ways', async () => {
      const now = await flows();
      return (
        now.chromium !== undefined &&
        now.firefox !== undefined &&
        now.chromium.bytesReceived - start.chromium!.bytesReceived > AUDIO_GROWTH_BYTES &&
        now.firefox.bytesReceived - start.firefox!.bytesReceived > AUDIO_GROWTH_BYTES
      );
    }, 20_000, 250).catch(failWithState);
    // Firefox plays what it receives: the click on "Join call" let it start audio, so no "Tap to start audio".
    const playing = () => fox.evaluate(() => window.__scDom.all('audio').map((a) => ({ paused: (a as HTMLAudioElement).paused, at: (a as HTMLAudioElement).currentTime })), []);
    const before = await playing();
    await waitFor('Firefox playing the remote audio', async () => {
      const now = await playing();
      return now.length === 1 && !now[0]!.paused && now[0]!.at > (before[0]?.at ?? 0);
    });
    expect(await fox.evaluate(() => window.__scDom.button('Tap to start audio') === undefined, [])).toBe(true);
    // Each side checked the other's DTLS certificate against the fingerprint the SDP MAC authenticated.
    await expect.poll(() => alice.locator('[data-dtls="checked"]').count(), { timeout: 10_000 }).toBe(1);
    await waitFor('the DTLS check in Firefox', () => fox.evaluate(() => window.__scDom.all('[data-dtls="checked"]').length === 1, []), 10_000);
    await expect.poll(() => alice.getByText('Fox', { exact: false }).count()).toBeGreaterThan(0);

    // Chat both ways.
    await sendChat(alice, 'hello from Chromium');
    await waitFor('the message in Firefox', async () => (await foxChatTexts(fox)).includes('hello from Chromium'));
    await foxSendChat(fox, 'hello from Firefox');
    await waitFor('the message in Chromium', async () => (await chatLog(alice)).texts.includes('hello from Firefox'));

    // The same safety number on both screens.
    await alice.getByRole('button', { name: 'Verify', exact: true }).click();
    await foxClick(fox, 'Verify');
    const chromiumNumber = async () => ((await alice.locator('[data-safety-number]').textContent()) ?? '').trim();
    const firefoxNumber = () => fox.evaluate(() => (window.__scDom.all('[data-safety-number]')[0]?.textContent ?? '').trim(), []);
    await waitFor('a safety number on both screens', async () => /\d/.test(await chromiumNumber()) && /\d/.test(await firefoxNumber()));
    expect(await firefoxNumber()).toBe(await chromiumNumber());

    expect(kit.allProblems()).toEqual([]);
    expect(await diagnosticsOf(alice)).toEqual([]);
    expect(await fox.evaluate(() => [...(window.__securecallDiagnostics?.entries() ?? [])], [])).toEqual([]);
    expect(fox.errors()).toEqual([]);
  }, 90_000);
});
