// The floor under the app's mesh figures: bare RTCPeerConnections between N pages, same Chromium and coturn: `node --import tsx bench/call-mesh-floor.ts [--size 10] [--runs 3]`.
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { turnCredentials } from '../server/turn.js';
import { launchChromium } from '../tests/support/browser.js';
import { startCoturn } from '../tests/support/coturn.js';

/** Give up on a mesh after this long, in milliseconds. */
const MESH_TIMEOUT_MS = 120_000;
/** How often the pages' connection states and audio counters are read, in milliseconds. */
const POLL_MS = 250;
/** A secure-context origin for getUserMedia, served by Playwright's router (nothing listens there). */
const ORIGIN = 'http://localhost/';

/** Installed in every page: its microphone (the app's default processing) and a connection factory. */
const PAGE_SETUP = `(async (config) => {
  window.__floor = { config, pcs: {}, stream: await navigator.mediaDevices.getUserMedia({ audio: true }) };
})`;

/** Creates the page's connection to `peer`, sending the microphone and playing what arrives. */
const CONNECTION = `((peer) => {
  const f = window.__floor;
  const pc = new RTCPeerConnection(f.config);
  for (const track of f.stream.getTracks()) pc.addTrack(track, f.stream);
  pc.ontrack = (event) => { const audio = new Audio(); audio.srcObject = event.streams[0]; void audio.play(); };
  f.pcs[peer] = pc;
  return pc;
})`;

/** Resolves with the local SDP once gathering finished: no trickle, one exchange per side. */
const GATHERED = `((pc) => new Promise((resolve) => {
  const done = () => pc.iceGatheringState === 'complete' && resolve(pc.localDescription.sdp);
  pc.addEventListener('icegatheringstatechange', done);
  done();
}))`;

async function openPages(browser: Browser, size: number, config: RTCConfiguration): Promise<Page[]> {
  return Promise.all(
    Array.from({ length: size }, async () => {
      const page = await (await browser.newContext()).newPage();
      await page.route(ORIGIN, (route) => route.fulfill({ body: '<!doctype html><title>floor</title>', contentType: 'text/html' }));
      await page.goto(ORIGIN);
      await page.evaluate(`${PAGE_SETUP}(${JSON.stringify(config)})`);
      return page;
    }),
  );
}

/** Connections connected and connections that received audible audio, per page. */
function progress(page: Page): Promise<{ open: number; connected: number; heard: number }> {
  return page.evaluate(async () => {
    const pcs = Object.values<RTCPeerConnection>((window as any).__floor.pcs);
    let connected = 0;
    let heard = 0;
    for (const pc of pcs) {
      if (pc.connectionState === 'connected') connected += 1;
      let energy = 0;
      (await pc.getStats()).forEach((s: any) => {
        if (s.type === 'inbound-rtp') energy += s.totalAudioEnergy ?? 0;
      });
      if (energy > 0) heard += 1;
    }
    return { open: pcs.length, connected, heard };
  });
}

/** Negotiates every pair at once and times: all offers/answers applied, all connected, all heard. */
async function meshOnce(browser: Browser, size: number, config: RTCConfiguration): Promise<{ negotiated: number; connected: number; heard: number }> {
  const pages = await openPages(browser, size, config);
  try {
    const started = Date.now();
    const pairs: [Page, Page, number, number][] = [];
    for (let i = 0; i < size; i++) for (let j = i + 1; j < size; j++) pairs.push([pages[i]!, pages[j]!, i, j]);
    await Promise.all(
      pairs.map(async ([offerer, answerer, i, j]) => {
        const offer = await offerer.evaluate(`(async () => { const pc = ${CONNECTION}(${j}); await pc.setLocalDescription(); return ${GATHERED}(pc); })()`);
        const answer = await answerer.evaluate(
          `(async () => { const pc = ${CONNECTION}(${i}); await pc.setRemoteDescription({ type: 'offer', sdp: ${JSON.stringify(offer)} }); await pc.setLocalDescription(); return ${GATHERED}(pc); })()`,
        );
        await offerer.evaluate(`window.__floor.pcs[${j}].setRemoteDescription({ type: 'answer', sdp: ${JSON.stringify(answer)} })`);
      }),
    );
    const negotiated = Date.now() - started;
    let connected = 0;
    for (;;) {
      const states = await Promise.all(pages.map(progress));
      const all = (key: 'connected' | 'heard'): boolean => states.every((s) => s.open === size - 1 && s[key] === size - 1);
      if (connected === 0 && all('connected')) connected = Date.now() - started;
      if (connected > 0 && all('heard')) return { negotiated, connected, heard: Date.now() - started };
      if (Date.now() - started > MESH_TIMEOUT_MS) throw new Error(`mesh of ${size} not complete after ${MESH_TIMEOUT_MS} ms: ${JSON.stringify(states)}`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    await Promise.all(pages.map((p) => p.context().close()));
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { size: { type: 'string', default: '10' }, runs: { type: 'string', default: '3' } } });
  const size = Number(values.size);
  const coturn = await startCoturn({ allowLoopbackPeers: true });
  const browser = await launchChromium();
  try {
    const config: RTCConfiguration = {
      iceServers: [{ urls: coturn.urls, ...turnCredentials(coturn.secret, Date.now()) }],
      iceTransportPolicy: 'relay',
      bundlePolicy: 'max-bundle',
    };
    console.log(`machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, Node ${process.version}, Chromium ${browser.version()}`);
    for (let run = 1; run <= Number(values.runs); run++) {
      const t = await meshOnce(browser, size, config);
      console.log(`bare ${size}-page mesh via TURN, run ${run}: offers and answers applied ${t.negotiated} ms, all connected ${t.connected} ms, all carried audio ${t.heard} ms`);
    }
  } finally {
    await browser.close();
    await coturn.stop();
  }
}

await main();
