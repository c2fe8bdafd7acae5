// Browser-test helpers for calls: page instrumentation (peer connections, sockets, tracks, SDP), and UI steps.
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { TEST_ACCESS_KEY } from './call-env.js';
import type {} from '../../app/diagnostics/window-hook.js';
import type { ScRecord } from './window-hooks.js';

/** Polls `check` until it returns true; throws with `what` after `timeout` ms. Usable outside vitest (the bench). */
export async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeout = 15_000, interval = 100): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/** The SDPs and candidates the instrumentation records in each page, read back with page.evaluate. */
export type PageRecord = Pick<ScRecord, 'sdps' | 'candidates'>;

/**
 * Runs before any page script: wraps RTCPeerConnection, WebSocket and getUserMedia so tests
 * can reach every peer connection's getStats, close the signaling socket and check tracks,
 * without any hook in the app itself. Plain JavaScript text, so no transpiler helper leaks in.
 */
export const INSTRUMENT = `(() => {
  const rec = { pcs: [], sockets: [], tracks: [], sdps: [], candidates: [] };
  window.__sc = rec;
  const OrigPC = window.RTCPeerConnection;
  class RecordingPC extends OrigPC {
    constructor(config) {
      super(config);
      rec.pcs.push(this);
      this.addEventListener('icecandidate', (e) => {
        if (e.candidate && e.candidate.candidate) rec.candidates.push({ dir: 'local', candidate: e.candidate.candidate });
      });
    }
    async setLocalDescription(...args) {
      const state = this.signalingState;
      const result = await super.setLocalDescription(...args).catch((e) => {
        rec.rtcErrors.push('setLocal in ' + state + ': ' + e.name + ' ' + String(e.message).slice(0, 120));
        throw e;
      });
      if (this.localDescription) rec.sdps.push({ dir: 'local', sdp: this.localDescription.sdp });
      return result;
    }
    async setRemoteDescription(desc) {
      if (desc && desc.sdp) rec.sdps.push({ dir: 'remote', sdp: desc.sdp });
      const state = this.signalingState;
      return super.setRemoteDescription(desc).catch((e) => {
        rec.rtcErrors.push('setRemote ' + (desc && desc.type) + ' in ' + state + ': ' + e.name + ' ' + String(e.message).slice(0, 120));
        throw e;
      });
    }
    async addIceCandidate(candidate) {
      if (candidate && candidate.candidate) rec.candidates.push({ dir: 'remote', candidate: candidate.candidate });
      return super.addIceCandidate(candidate);
    }
  }
  window.RTCPeerConnection = RecordingPC;
  const OrigWS = window.WebSocket;
  rec.serverErrors = [];
  rec.rtcErrors = [];
  rec.socketCloses = [];
  rec.relaysIn = {};
  rec.relaysOut = {};
  class RecordingWS extends OrigWS {
    send(data) {
      if (typeof data === 'string' && data.startsWith('{"t":"send"')) {
        try { const to = JSON.parse(data).to; rec.relaysOut[to] = (rec.relaysOut[to] || 0) + 1; } catch {}
      }
      return super.send(data);
    }
    constructor(url, protocols) {
      super(url, protocols);
      rec.sockets.push(this);
      this.addEventListener('message', (e) => {
        if (typeof e.data !== 'string') return;
        if (e.data.startsWith('{"t":"error"')) {
          try { rec.serverErrors.push(JSON.parse(e.data).code); } catch {}
        }
        if (e.data.startsWith('{"t":"relay"')) {
          try { const from = JSON.parse(e.data).from; rec.relaysIn[from] = (rec.relaysIn[from] || 0) + 1; } catch {}
        }
        if (e.data.startsWith('{"t":"welcome"')) {
          try { rec.me = JSON.parse(e.data).you; } catch {}
        }
      });
      this.addEventListener('close', (e) => rec.socketCloses.push(e.code));
    }
  }
  window.WebSocket = RecordingWS;
  // What a compromised device would leak: every 32-byte secret the page feeds to HKDF (room keys,
  // invite secrets, ECDH secrets). The hostile relay tries them as a leaked room key.
  rec.keyMaterial = [];
  const importKey = SubtleCrypto.prototype.importKey;
  SubtleCrypto.prototype.importKey = function (format, data, algorithm, ...rest) {
    const name = typeof algorithm === 'string' ? algorithm : algorithm && algorithm.name;
    if (format === 'raw' && name === 'HKDF' && data && data.byteLength === 32) {
      rec.keyMaterial.push(Array.from(new Uint8Array(data.buffer || data, data.byteOffset || 0, 32)));
    }
    return importKey.call(this, format, data, algorithm, ...rest);
  };
  // Test-only tampering: flips one byte of the next chat frame this page sends.
  rec.tamperNextChat = false;
  const send = RTCDataChannel.prototype.send;
  RTCDataChannel.prototype.send = function (data) {
    if (rec.tamperNextChat && data instanceof Uint8Array) {
      rec.tamperNextChat = false;
      const copy = data.slice();
      copy[copy.length - 1] ^= 1;
      return send.call(this, copy);
    }
    return send.call(this, data);
  };
  const gum = MediaDevices.prototype.getUserMedia;
  MediaDevices.prototype.getUserMedia = async function (constraints) {
    const stream = await gum.call(this, constraints);
    rec.tracks.push(...stream.getTracks());
    return stream;
  };
})();`;

/** A page with the instrumentation installed; call before navigating. */
export async function instrumentedPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.addInitScript({ content: INSTRUMENT });
  return page;
}

/** Per remote connection: state, path and audio counters, from the page's own getStats. */
export interface PcStats {
  state: string;
  localType: string | undefined;
  remoteType: string | undefined;
  packetsReceived: number;
  packetsSent: number;
  audioEnergy: number;
  audioLevel: number;
}

/** getStats of every open peer connection in the page. */
export function pcStats(page: Page): Promise<PcStats[]> {
  return page.evaluate(async () => {
    const pcs: RTCPeerConnection[] = window.__sc.pcs.filter((pc) => pc.connectionState !== 'closed');
    return Promise.all(
      pcs.map(async (pc) => {
        const report = await pc.getStats();
        const out = { state: pc.connectionState, localType: undefined, remoteType: undefined, packetsReceived: 0, packetsSent: 0, audioEnergy: 0, audioLevel: 0 } as any;
        let pairId: string | undefined;
        report.forEach((s: any) => {
          if (s.type === 'transport' && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId;
          if (s.type === 'inbound-rtp' && s.kind === 'audio') {
            out.packetsReceived += s.packetsReceived ?? 0;
            out.audioEnergy += s.totalAudioEnergy ?? 0;
            out.audioLevel = Math.max(out.audioLevel, s.audioLevel ?? 0);
          }
          if (s.type === 'outbound-rtp' && s.kind === 'audio') out.packetsSent += s.packetsSent ?? 0;
        });
        const pair = pairId ? report.get(pairId) : undefined;
        if (pair) {
          out.localType = report.get(pair.localCandidateId)?.candidateType;
          out.remoteType = report.get(pair.remoteCandidateId)?.candidateType;
        }
        return out as PcStats;
      }),
    );
  });
}

/** How often a mesh's stats are read: getStats on every connection of every page is not free, and ten pages share two cores. */
function pollInterval(pages: number): number {
  return Math.max(250, pages * 200);
}

/**
 * Waits until every page hears every other page (audio both ways on every pair), all at the
 * same moment, and returns the stats of that moment.
 */
export async function expectFullMesh(pages: readonly Page[], timeout: number): Promise<PcStats[][]> {
  let seen: PcStats[][] = [];
  const heard = (stats: PcStats[]): boolean =>
    stats.length === pages.length - 1 && stats.every((s) => s.state === 'connected' && s.packetsReceived > 0 && s.audioEnergy > 0);
  try {
    await waitFor('every page to hear every other page', async () => {
      seen = await Promise.all(pages.map((p) => pcStats(p)));
      return seen.every(heard);
    }, timeout, pollInterval(pages.length));
    return seen;
  } catch (error) {
    const details = await Promise.all(
      pages.map(async (p, i) => `page ${i} (${await signalingDiagnostics(p)}):\n  ${(await pcDiagnostics(p)).join('\n  ')}`),
    );
    throw new Error(`${(error as Error).message}\n${details.join('\n')}`);
  }
}

/** One line per open peer connection: states, transceivers, counters; for failure messages. */
export function pcDiagnostics(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const pcs: RTCPeerConnection[] = window.__sc.pcs.filter((pc) => pc.connectionState !== 'closed');
    return Promise.all(
      pcs.map(async (pc) => {
        const report = await pc.getStats();
        const rtp: string[] = [];
        report.forEach((s: any) => {
          if (s.type === 'inbound-rtp') rtp.push(`in ${s.packetsReceived}p e${(s.totalAudioEnergy ?? 0).toFixed(3)}`);
          if (s.type === 'outbound-rtp') rtp.push(`out ${s.packetsSent}p`);
          if (s.type === 'transport') rtp.push(`tx ${s.bytesSent}B rx ${s.bytesReceived}B dtls ${s.dtlsState}`);
        });
        const transceivers = pc.getTransceivers().map((t) => `${t.mid}:${t.direction}/${t.currentDirection}/${t.sender.track ? t.sender.track.readyState + (t.sender.track.enabled ? '' : '-disabled') : 'notrack'}`);
        return `${pc.connectionState}/${pc.iceConnectionState}/${pc.signalingState} [${transceivers.join(' ')}] ${rtp.join(', ')}`;
      }),
    );
  });
}

/**
 * Waits until every page has heard every other page at least once (packets and audio energy on
 * every connection, whatever its state now): the moment a mesh was first complete, even if a
 * starved machine later drops a pair for a while.
 */
export async function expectMeshHeard(pages: readonly Page[], timeout: number): Promise<void> {
  let all: PcStats[][] = [];
  try {
    await waitFor('every pair to have carried audio', async () => {
      all = await Promise.all(pages.map((p) => pcStats(p)));
      return all.every((stats) => stats.length === pages.length - 1 && stats.every((s) => s.packetsReceived > 0 && s.audioEnergy > 0));
    }, timeout, pollInterval(pages.length));
  } catch (error) {
    const summary = all.map((stats) => stats.map((s) => `${s.state[0]}${s.packetsReceived > 0 ? '+' : '-'}${s.audioEnergy > 0 ? '+' : '-'}`).join(','));
    throw new Error(`${(error as Error).message}; per page (state, packets, energy): ${summary.join(' | ')}`);
  }
}

/** Notices, server errors received, and signaling sockets (open count, close codes), for failure messages. */
async function signalingDiagnostics(page: Page): Promise<string> {
  const notices = await noticesOf(page);
  const sockets = await page.evaluate(() => {
    const rec = window.__sc;
    const errors = new Map<string, number>();
    for (const code of rec.serverErrors) errors.set(code, (errors.get(code) ?? 0) + 1);
    return {
      open: rec.sockets.filter((s) => s.readyState === WebSocket.OPEN).length,
      closes: rec.socketCloses.join(','),
      errors: [...errors].map(([code, n]) => `${code}x${n}`).join(','),
      rtc: [...new Set(rec.rtcErrors)].slice(0, 5).join(' | '),
      rtcCount: rec.rtcErrors.length,
      me: rec.me ?? '?',
      buffered: rec.sockets.map((s) => `${s.readyState}:${s.bufferedAmount}`).join(','),
      visibility: `${document.visibilityState}${document.hasFocus() ? ' focus' : ''}`,
      relays: Object.entries(rec.relaysIn).map(([from, n]) => `${from.slice(0, 4)}:${n}/${rec.relaysOut[from] ?? 0}`).join(' ') + ` *:${rec.relaysOut['*'] ?? 0}`,
      diagnostics: [...(window.__securecallDiagnostics?.entries() ?? [])].map((d) => `${d.area}/${d.code}${d.error ? `(${d.error})` : ''}`).join(' '),
    };
  });
  return `me ${sockets.me.slice(0, 4)}; buffered ${sockets.buffered}; ${sockets.visibility}; notices: ${notices.join(' ') || 'none'}; sockets open ${sockets.open}, closed with [${sockets.closes}]; server errors [${sockets.errors}]; ${sockets.rtcCount} RTC errors [${sockets.rtc}]; relays in/out by peer [${sockets.relays}]; diagnostics [${sockets.diagnostics}]`;
}

/** The kinds of the notices the call screen shows (rate-limited, ice-restart, ...), for failure messages. */
export function noticesOf(page: Page): Promise<string[]> {
  return page.locator('[data-notice]').evaluateAll((els) => els.map((el) => el.getAttribute('data-notice') ?? ''));
}

/** Reads the invite link shown in the invite panel, waiting for one different from `previous`. */
export async function inviteLink(page: Page, previous?: string): Promise<string> {
  let link = '';
  try {
    await waitFor('a new invite link', async () => {
      const el = page.locator('[data-invite-link]');
      link = (await el.count()) === 1 ? ((await el.textContent()) ?? '').trim() : '';
      return link !== '' && link !== previous;
    });
  } catch (error) {
    throw new Error(`${(error as Error).message} (notices on that page: ${(await noticesOf(page)).join(' ') || 'none'})`);
  }
  return link;
}

/**
 * Opens the app (unless `navigate` is false: the page is already there, choices made), clicks
 * "New call", names the creator on the pre-join, gives the access key when asked, and returns the
 * first invite link.
 */
export async function createCall(page: Page, baseUrl: string, accessKey = TEST_ACCESS_KEY, { navigate = true, name = '' } = {}): Promise<string> {
  if (navigate) await page.goto(baseUrl);
  await page.getByRole('button', { name: 'New call' }).click();
  await startFromPrejoin(page, name);
  const keyField = page.getByLabel('Access key');
  await waitFor('the access key prompt or the invite', async () => (await keyField.count()) + (await page.locator('[data-invite-link]').count()) > 0);
  if ((await keyField.count()) > 0) {
    await keyField.fill(accessKey);
    await page.getByRole('button', { name: 'Start call' }).click();
  }
  return inviteLink(page);
}

/** On the creator's pre-join: types `name` (when not empty) and presses Start call. */
export async function startFromPrejoin(page: Page, name = ''): Promise<void> {
  const start = page.locator('sc-prejoin').getByRole('button', { name: 'Start call' });
  await waitFor('the pre-join of a new call', async () => (await start.count()) === 1);
  if (name !== '') await page.getByLabel('Your name (optional)').fill(name);
  await start.click();
}

/** Opens an invite link, types a name, and clicks "Join call"; resolves once the call view shows. */
export async function joinCall(page: Page, link: string, name: string): Promise<void> {
  await page.goto(link);
  await page.getByLabel('Your name (optional)').fill(name);
  await page.getByRole('button', { name: 'Join call' }).click();
  await waitFor('the call view', async () => (await page.getByRole('button', { name: 'Leave' }).count()) === 1);
}

/** Builds a full mesh of `count` pages: one creates, the others join one by one with fresh invites. */
export async function buildMesh(context: () => Promise<BrowserContext>, baseUrl: string, count: number): Promise<Page[]> {
  return (await buildMeshWithInvite(context, baseUrl, count)).pages;
}

/** Like buildMesh, and also returns the unused invite the creator shows afterwards. */
export async function buildMeshWithInvite(
  context: () => Promise<BrowserContext>,
  baseUrl: string,
  count: number,
): Promise<{ pages: Page[]; link: string }> {
  const first = await instrumentedPage(await context());
  let link = await createCall(first, baseUrl);
  const pages = [first];
  for (let i = 1; i < count; i++) {
    const page = await instrumentedPage(await context());
    await joinCall(page, link, `Peer ${i}`);
    pages.push(page);
    link = await inviteLink(first, link);
  }
  return { pages, link };
}

/**
 * Builds a full mesh of `count` pages that join at the same moment: the creator mints an invite
 * per joiner first ("New link"), every joiner waits on the pre-join screen, then all click
 * "Join call" together. Resolves with the pages (creator first) and when the clicks happened.
 */
export async function buildMeshTogether(
  context: () => Promise<BrowserContext>,
  baseUrl: string,
  count: number,
): Promise<{ pages: Page[]; clickedAt: number }> {
  const first = await instrumentedPage(await context());
  const links = [await createCall(first, baseUrl)];
  while (links.length < count - 1) {
    await first.getByRole('button', { name: 'New link' }).click();
    links.push(await inviteLink(first, links[links.length - 1]));
  }
  const joiners = await Promise.all(
    links.map(async (link, i) => {
      const page = await instrumentedPage(await context());
      await page.goto(link);
      await page.getByLabel('Your name (optional)').fill(`Peer ${i + 1}`);
      return page;
    }),
  );
  const clickedAt = Date.now();
  await Promise.all(joiners.map((page) => page.getByRole('button', { name: 'Join call' }).click()));
  for (const page of joiners) {
    await waitFor('the call view', async () => (await page.getByRole('button', { name: 'Leave' }).count()) === 1);
  }
  return { pages: [first, ...joiners], clickedAt };
}

/** Records every WebSocket frame the page sends or receives (CDP), i.e. everything the server relays. */
export async function captureFrames(page: Page): Promise<{ frames: string[]; session: CDPSession }> {
  const session = await page.context().newCDPSession(page);
  const frames: string[] = [];
  await session.send('Network.enable');
  session.on('Network.webSocketFrameSent', (e: any) => frames.push(String(e.response.payloadData)));
  session.on('Network.webSocketFrameReceived', (e: any) => frames.push(String(e.response.payloadData)));
  return { frames, session };
}

/** Sends a chat message through the chat panel (opening it if needed). */
export async function sendChat(page: Page, text: string): Promise<void> {
  const box = page.getByLabel('Message');
  if ((await box.count()) === 0) await page.getByRole('button', { name: 'Chat' }).click();
  await box.fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

/** Chat lines shown in the page: texts (without the sender's name) and warnings. */
export async function chatLog(page: Page): Promise<{ texts: string[]; warnings: number }> {
  if ((await page.getByLabel('Message').count()) === 0) await page.getByRole('button', { name: 'Chat' }).click();
  const texts = await page.locator('[data-chat-text]').evaluateAll((els) => els.map((el) => (el.childNodes[el.childNodes.length - 1]?.textContent ?? '').trim()));
  return { texts, warnings: await page.locator('[data-chat-warning]').count() };
}
