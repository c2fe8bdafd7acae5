// Runs inside a private network namespace (only loopback): a LAN-mode server and two Chromium pages that call each other through its /ws relay. Prints one "RESULT {json}" line.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describeCertificate } from '../../server/lan/certificate.js';
import { launchChromium, watchProblems, type PageProblems } from './browser.js';
import { startServerProcess } from './server-process.js';
import { waitForOutput } from './lan-support.js';

export interface PeerResult {
  readonly connectionState: string;
  readonly localCandidateType: string;
  readonly remoteCandidateType: string;
  readonly gatheredTypes: string[];
  readonly packetsReceived: number;
  readonly iceServers: number;
}

export interface ScenarioResult {
  readonly serverUrl: string;
  readonly printedUrls: string[];
  readonly caller: PeerResult;
  readonly callee: PeerResult;
  readonly problems: PageProblems[];
  /** What the page's LAN banner shows, and the fingerprint the server printed. */
  readonly banner: { readonly urls: string[]; readonly fingerprint: string; readonly qrIsImage: boolean };
  readonly printedFingerprint: string;
}

interface Admission {
  readonly url: string;
  readonly create: boolean;
  readonly token: string;
  readonly hash: string;
}

/** Opens the relay socket from the page and creates the room (caller) or joins it with the invite token (callee). */
function admit(page: Page, admission: Admission): Promise<unknown> {
  return page.evaluate(async ({ url, create, token, hash }) => {
    const ws = new WebSocket(url);
    const inbox: any[] = [];
    let wake: (() => void) | undefined;
    ws.onmessage = (event) => {
      inbox.push(JSON.parse(String(event.data)));
      wake?.();
    };
    await new Promise((resolve, reject) => {
      ws.onopen = resolve;
      ws.onerror = () => reject(new Error('WebSocket failed'));
    });
    let ts = Date.now();
    const send = (msg: object) => ws.send(JSON.stringify({ ...msg, ts: ++ts }));
    const next = async (t: string): Promise<any> => {
      for (;;) {
        const i = inbox.findIndex((m) => m.t === t || m.t === 'error');
        if (i >= 0) {
          const [msg] = inbox.splice(i, 1);
          if (msg.t === 'error') throw new Error(`server error ${msg.code}`);
          return msg;
        }
        await new Promise<void>((resolve) => (wake = resolve));
      }
    };
    send(create ? { t: 'create' } : { t: 'join', token });
    const welcome = await next('welcome');
    if (create) {
      send({ t: 'invite', hash, ttl: 300 });
      await next('invited');
    }
    (window as any).sc = { ws, send, next, inbox, welcome };
    return welcome;
  }, admission);
}

/** Sets up the RTCPeerConnection with the fake microphone and resolves once connected and audio packets arrive. */
function call(page: Page, offerer: boolean): Promise<PeerResult> {
  return page.evaluate(async (offerer) => {
    const { ws, send, next, inbox, welcome } = (window as any).sc;
    const other: string = offerer ? (await next('peer-joined')).peer : welcome.members[0];
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    const pc = new RTCPeerConnection({ iceServers: welcome.ice.iceServers, iceTransportPolicy: welcome.ice.iceTransportPolicy });
    for (const track of stream.getTracks()) pc.addTrack(track, stream);
    const gathered = new Set<string>();
    const relay = (payload: object) => send({ t: 'send', to: other, data: JSON.stringify(payload) });
    pc.onicecandidate = (event) => {
      if (!event.candidate) return;
      gathered.add(event.candidate.type ?? 'unknown');
      relay({ candidate: event.candidate.toJSON() });
    };
    let chain = Promise.resolve();
    const handle = async (msg: any) => {
      if (msg.t !== 'relay') return;
      const data = JSON.parse(msg.data);
      if (data.sdp) {
        await pc.setRemoteDescription(data.sdp);
        if (data.sdp.type === 'offer') {
          await pc.setLocalDescription();
          relay({ sdp: pc.localDescription });
        }
      } else if (data.candidate) {
        await pc.addIceCandidate(data.candidate);
      }
    };
    const enqueue = (msg: any): void => {
      chain = chain.then(() => handle(msg));
    };
    for (const msg of inbox.splice(0)) enqueue(msg);
    ws.onmessage = (event: MessageEvent) => enqueue(JSON.parse(String(event.data)));
    if (offerer) {
      await pc.setLocalDescription();
      relay({ sdp: pc.localDescription });
    }
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (pc.connectionState === 'connected') resolve();
        if (pc.connectionState === 'failed') reject(new Error('ICE failed'));
      };
      pc.onconnectionstatechange = check;
      check();
    });
    for (;;) {
      const stats = await pc.getStats();
      let packets = 0;
      let pair: any;
      stats.forEach((s: any) => {
        if (s.type === 'inbound-rtp' && s.kind === 'audio') packets = s.packetsReceived ?? 0;
        if (s.type === 'transport' && s.selectedCandidatePairId) pair = stats.get(s.selectedCandidatePairId);
      });
      if (packets > 0 && pair) {
        return {
          connectionState: pc.connectionState,
          localCandidateType: stats.get(pair.localCandidateId)?.candidateType,
          remoteCandidateType: stats.get(pair.remoteCandidateId)?.candidateType,
          gatheredTypes: [...gathered],
          packetsReceived: packets,
          iceServers: welcome.ice.iceServers.length,
        };
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, offerer);
}

async function main(): Promise<ScenarioResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sc-lan-call-'));
  const server = await startServerProcess({ DATA_DIR: dataDir, DISCOVERY_PORT: '0', HOST: process.env['LAN_CALL_HOST'] ?? '0.0.0.0' }, ['--lan']);
  const browser = await (async () => {
    await waitForOutput(server.child, server.output, /LAN discovery on udp port \d+/);
    const { spkiSha256 } = describeCertificate(readFileSync(join(dataDir, 'cert.pem')));
    return launchChromium([
      `--ignore-certificate-errors-spki-list=${spkiSha256}`,
      '--allow-loopback-in-peer-connection',
      '--disable-features=WebRtcHideLocalIpsWithMdns',
    ]);
  })();
  try {
    const origin = `https://localhost:${server.port}`;
    const pages = await Promise.all([browser.newPage(), browser.newPage()]);
    const problems = await Promise.all(pages.map((page) => watchProblems(page)));
    // tsx (esbuild keepNames) wraps functions in __name(); the functions sent to page.evaluate need it in the page.
    await Promise.all(pages.map((page) => page.addInitScript({ content: 'window.__name = (f) => f;' })));
    await Promise.all(pages.map((page) => page.goto(`${origin}/`)));
    const [caller, callee] = pages;
    const qr = caller.locator('sc-lan-banner img');
    await qr.waitFor();
    const banner = {
      urls: await caller.locator('sc-lan-banner li a').allTextContents(),
      fingerprint: (await caller.locator('sc-lan-banner code').textContent()) ?? '',
      qrIsImage: ((await qr.getAttribute('src')) ?? '').startsWith('data:image/png;base64,'),
    };
    const printedFingerprint = /fingerprint: (\S+)/.exec(server.output())?.[1] ?? '';

    const room = randomBytes(16).toString('base64url');
    const token = randomBytes(32).toString('base64url');
    const hash = createHash('sha256').update(token).digest('base64url');
    const url = `wss://localhost:${server.port}/ws/${room}`;
    await admit(caller, { url, create: true, token, hash });
    await admit(callee, { url, create: false, token, hash });
    const [callerResult, calleeResult] = await Promise.all([call(caller, true), call(callee, false)]);
    const printedUrls = [...server.output().matchAll(/^ {2}(https:\/\/\S+)$/gm)].map((m) => m[1]!);
    return { serverUrl: server.url, printedUrls, caller: callerResult, callee: calleeResult, problems, banner, printedFingerprint };
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (result) => console.log(`RESULT ${JSON.stringify(result)}`),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : String(error));
    process.exitCode = 1;
  },
);
