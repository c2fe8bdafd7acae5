// Call benchmarks in headless Chromium through the real UI, server and coturn: `node --import tsx bench/call.ts [--quick] [--only join,together,mesh,cpu]`.
import { readFileSync, readdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../tests/support/browser.js';
import { startCallEnv, type CallEnv } from '../tests/support/call-env.js';
import { buildMesh, buildMeshTogether, buildMeshWithInvite, createCall, expectMeshHeard, instrumentedPage, inviteLink, waitFor } from '../tests/support/call-page.js';

/** Two-person joins timed per run (quick: fewer). */
const JOIN_RUNS = { full: 20, quick: 5 } as const;
/** Mesh sizes timed when everyone joins at once. */
const TOGETHER_SIZES = [6, 10] as const;
/** Runs per size of the join-together timing (quick: fewer). */
const TOGETHER_RUNS = { full: 5, quick: 2 } as const;
/** Mesh sizes whose CPU is measured. */
const CPU_SIZES = [2, 6, 10] as const;
/** CPU sampling window once a mesh is complete, in milliseconds. */
const CPU_WINDOW_MS = 10_000;
/** Settling time after a mesh completes before CPU is sampled, in milliseconds. */
const SETTLE_MS = 3_000;
/** Linux clock ticks per second for /proc stat times. */
const CLOCK_TICKS = 100;

/** How long a join may take to hear its first audio before the run fails, in milliseconds. */
const FIRST_AUDIO_TIMEOUT_MS = 60_000;

/** Resolves (in the page) once every peer connection has received audio, or rejects after FIRST_AUDIO_TIMEOUT_MS; plain text so no transpiler helper leaks in. */
const FIRST_AUDIO = `(async () => {
  const started = performance.now();
  for (;;) {
    if (performance.now() - started > ${FIRST_AUDIO_TIMEOUT_MS}) throw new Error('no inbound audio within ${FIRST_AUDIO_TIMEOUT_MS} ms of joining');
    const pcs = window.__sc.pcs.filter((pc) => pc.connectionState !== 'closed');
    if (pcs.length > 0) {
      const got = await Promise.all(pcs.map(async (pc) => {
        let packets = 0;
        (await pc.getStats()).forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'audio') packets += s.packetsReceived || 0; });
        return packets > 0;
      }));
      if (got.every(Boolean)) return performance.now();
    }
    await new Promise((r) => setTimeout(r, 10));
  }
})()`;

function cpuModel(): string {
  const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
  return line?.split(':')[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** CPU ticks of Chromium renderer processes and of all Chromium processes. */
function chromiumTicks(): { renderer: number; all: number } {
  let renderer = 0;
  let all = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('chromium')) continue;
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      all += ticks;
      if (cmd.includes('--type=renderer')) renderer += ticks;
    } catch {
      // The process ended between listing and reading.
    }
  }
  return { renderer, all };
}

/**
 * Time from clicking "Join call" to the joiner's first inbound audio packet, per run. One creator
 * stays in the call (the server limits rooms created per address and minute); each run a new
 * person joins with the next invite, is timed, and leaves.
 */
async function joinToAudio(browser: Browser, env: CallEnv, runs: number): Promise<number[]> {
  const times: number[] = [];
  const alice = await instrumentedPage(await browser.newContext());
  let link = await createCall(alice, env.server.url);
  for (let i = 0; i < runs; i++) {
    const bob = await instrumentedPage(await browser.newContext());
    await bob.goto(link);
    await waitFor('the pre-join', async () => (await bob.getByRole('button', { name: 'Join call' }).count()) === 1);
    const clickedAt = await bob.evaluate(() => performance.now());
    await bob.getByRole('button', { name: 'Join call' }).click();
    const heardAt = await bob.evaluate<number>(FIRST_AUDIO);
    times.push(heardAt - clickedAt);
    link = await inviteLink(alice, link);
    await bob.getByRole('button', { name: 'Leave' }).click();
    await bob.getByRole('button', { name: 'Leave call' }).click();
    await waitFor('the tile to go', async () => (await alice.locator('li[data-peer]').count()) === 0);
    await bob.context().close();
  }
  await alice.context().close();
  return times;
}

/** A 10-person mesh: time from the tenth person's "Join call" until every pair has carried audio, and the whole build. */
async function meshTimes(browser: Browser, env: CallEnv, size: number): Promise<{ lastJoinToMeshMs: number; buildMs: number }> {
  const started = Date.now();
  const { pages, link } = await buildMeshWithInvite(() => browser.newContext(), env.server.url, size - 1);
  const last = await instrumentedPage(await browser.newContext());
  await last.goto(link);
  await waitFor('the pre-join', async () => (await last.getByRole('button', { name: 'Join call' }).count()) === 1);
  await expectMeshHeard(pages, 240_000);
  const clicked = Date.now();
  await last.getByRole('button', { name: 'Join call' }).click();
  await expectMeshHeard([...pages, last], 240_000);
  const done = Date.now();
  await Promise.all([...pages, last].map((p) => p.context().close()));
  return { lastJoinToMeshMs: done - clicked, buildMs: done - started };
}

/** `size` people on the pre-join screen click "Join call" at once: time until every pair has carried audio both ways. */
async function meshTogether(browser: Browser, env: CallEnv, size: number): Promise<number> {
  const { pages, clickedAt } = await buildMeshTogether(() => browser.newContext(), env.server.url, size);
  await expectMeshHeard(pages, 240_000);
  const done = Date.now();
  await Promise.all(pages.map((p) => p.context().close()));
  return done - clickedAt;
}

/** CPU while `size` people talk: Chromium renderer and all-Chromium percent of one core per person, and main-thread busy per page. */
async function cpuAt(browser: Browser, env: CallEnv, size: number): Promise<{ rendererPerPeer: number; chromiumPerPeer: number; mainThreadPerPage: number }> {
  const pages: Page[] = await buildMesh(() => browser.newContext(), env.server.url, size);
  await expectMeshHeard(pages, 240_000);
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const sessions = await Promise.all(
    pages.map(async (p) => {
      const s = await p.context().newCDPSession(p);
      await s.send('Performance.enable');
      return s;
    }),
  );
  const busy = async (): Promise<number[]> =>
    Promise.all(sessions.map(async (s) => (await s.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0));
  const before = chromiumTicks();
  const busyBefore = await busy();
  await new Promise((resolve) => setTimeout(resolve, CPU_WINDOW_MS));
  const after = chromiumTicks();
  const busyAfter = await busy();
  const pct = (ticks: number): number => (ticks / CLOCK_TICKS / (CPU_WINDOW_MS / 1000)) * 100;
  const main = busyAfter.map((v, i) => ((v - busyBefore[i]!) / (CPU_WINDOW_MS / 1000)) * 100);
  await Promise.all(pages.map((p) => p.context().close()));
  return {
    rendererPerPeer: pct(after.renderer - before.renderer) / size,
    chromiumPerPeer: pct(after.all - before.all) / size,
    mainThreadPerPage: main.reduce((a, b) => a + b, 0) / main.length,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, only: { type: 'string', default: 'join,together,mesh,cpu' } } });
  const only = new Set(values.only.split(','));
  const runs = values.quick ? JOIN_RUNS.quick : JOIN_RUNS.full;
  const env = await startCallEnv();
  const browser = await launchChromium();
  try {
    const log = (line: string): void => console.log(line);
    log(`machine: ${cpuModel()}, ${cpus().length} cores, Node ${process.version}, Chromium ${browser.version()}`);
    log(`command: node --import tsx bench/call.ts${values.quick ? ' --quick' : ''} --only ${values.only}; load average at start ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
    if (only.has('join')) {
      const joins = await joinToAudio(browser, env, runs);
      log(`join-to-first-audio, 2 peers via TURN relay on loopback, ${runs} runs: median ${percentile(joins, 50).toFixed(0)} ms, p95 ${percentile(joins, 95).toFixed(0)} ms, min ${Math.min(...joins).toFixed(0)} ms, max ${Math.max(...joins).toFixed(0)} ms`);
    }
    for (const size of only.has('together') ? TOGETHER_SIZES : []) {
      const times: number[] = [];
      for (let i = 0; i < (values.quick ? TOGETHER_RUNS.quick : TOGETHER_RUNS.full); i++) times.push(await meshTogether(browser, env, size));
      log(`${size} people click "Join call" together until all ${(size * (size - 1)) / 2} pairs have carried audio both ways, ${times.length} runs: median ${percentile(times, 50)} ms, min ${Math.min(...times)} ms, max ${Math.max(...times)} ms`);
    }
    if (only.has('mesh')) {
      const mesh = await meshTimes(browser, env, 10);
      log(`10-peer mesh: tenth "Join call" click until all 45 pairs have carried audio both ways: ${mesh.lastJoinToMeshMs} ms; whole UI-driven build (New call, 10 sequential joins): ${mesh.buildMs} ms`);
    }
    for (const size of only.has('cpu') ? CPU_SIZES : []) {
      const cpu = await cpuAt(browser, env, size);
      log(
        `CPU at ${size} peers (per person, % of one core): Chromium renderer ${cpu.rendererPerPeer.toFixed(1)}, all Chromium processes ${cpu.chromiumPerPeer.toFixed(1)}, page main thread ${cpu.mainThreadPerPage.toFixed(1)}`,
      );
    }
    log(`load average at end ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
  } finally {
    await browser.close();
    await env.stop();
  }
}

await main();
