// Server CPU per admission and per delivered message through real sockets, to the nanosecond: ours, the ws twin and the bare-uWS floor, runs alternated.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { spawnNode } from './lib/children.js';
import { Histogram } from './lib/histogram.js';
import { cpuMicros } from './lib/proc.js';
import { ROOT, startBenchServer, type ServerKind } from './lib/servers.js';
import { newTally, resetTally } from './loadgen/member.js';
import { buildRoom, createWithInvites, inBatches, joinRoom, type Target } from './loadgen/rooms.js';

const USAGE = `usage: node --import tsx bench/socket-cost.ts storm|relay [--servers uws,ws_twin,floor] [--runs N] [--rooms N] [--seconds S] [--storms N] [--uws-entry FILE]
  --uws-entry: ours from another build's server/main.js (default build/server/main.js)
  --storms N: N storms on the same server, only the last measured (1: a fresh server, as npm run bench)
  storm: ROOMS rooms with 9 invites each, then every join at once (≤ 128 in flight): server CPU per admission
  relay: ROOMS rooms of 10 members sending 18 envelopes/s each for S seconds: server CPU per delivered message`;
/** Joins in flight at once, as one bench worker keeps them. */
const STORM_CONCURRENCY = 128;
/** Rooms built concurrently. */
const SETUP_CONCURRENCY = 16;
/** Envelopes per second per member: the bench's 90% of the limit. */
const RATE_PER_MEMBER = 18;
/** The generator's clock, ms. */
const TICK_MS = 5;
/** Traffic before the measured window, ms: every member sending, the server's code warm. */
const WARM_MS = 1000;
/** Wait after set-up before a storm, ms. */
const SETTLE_MS = 500;
/** Smallest and largest envelope `data`, characters, as the load generator sends. */
const ENVELOPE_MIN_CHARS = 300;
const ENVELOPE_MAX_CHARS = 4096;

type Scenario = 'storm' | 'relay';
interface Figures {
  /** Admissions or delivered messages in the window. */
  readonly count: number;
  readonly per_s: number;
  /** Server CPU per operation over every thread (schedstat, ns resolution), µs. */
  readonly cpu_us: number;
  /** The same for the JavaScript (main) thread alone, µs. */
  readonly main_thread_us: number;
  /** User and system parts from /proc/PID/stat (clock ticks, so coarse on small runs), µs. */
  readonly user_us: number;
  readonly system_us: number;
}

/** Nanoseconds on CPU of every thread of `pid` and of its main thread, and its user/system µs (clock ticks). */
function cpuOf(pid: number): { all: number; main: number; user: number; system: number } {
  const onCpu = (task: string): number => Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
  let all = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) all += onCpu(task);
  return { all, main: onCpu(String(pid)), ...cpuMicros(pid) };
}

function figures(pid: number, before: ReturnType<typeof cpuOf>, count: number, seconds: number): Figures {
  const after = cpuOf(pid);
  const per = (value: number): number => Math.round((value / count) * 100) / 100;
  return {
    count,
    per_s: Math.round(count / seconds),
    cpu_us: per((after.all - before.all) / 1000),
    main_thread_us: per((after.main - before.main) / 1000),
    user_us: per(after.user - before.user),
    system_us: per(after.system - before.system),
  };
}

/** The generator side (run pinned to the load cores): drives `scenario` against `target` and reads the server's CPU. */
async function generate(scenario: Scenario, target: Target, pid: number, rooms: number, seconds: number, storms: number): Promise<Figures> {
  const tally = newTally(new Histogram());
  const indices = Array.from({ length: rooms }, (_, i) => i);
  if (scenario === 'storm') {
    let result: Figures | undefined;
    // Earlier storms on the same server are not measured: the last one meets code already compiled.
    for (let storm = 0; storm < storms; storm++) {
      const offset = storm * rooms;
      const plans = await inBatches(indices, SETUP_CONCURRENCY, (i) => createWithInvites(target, offset + i, 9, tally));
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      const jobs = plans.flatMap((plan, i) => plan.tokens.map((token, slot) => ({ id: plan.id, index: offset + i, token, slot: slot + 1 })));
      const before = cpuOf(pid);
      const start = performance.now();
      const joined = await inBatches(jobs, STORM_CONCURRENCY, (job) => joinRoom(target, job.id, job.index, job.slot, job.token, tally));
      result = figures(pid, before, joined.length, (performance.now() - start) / 1000);
      for (const member of [...joined, ...plans.map((p) => p.creator)]) member.terminate();
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    }
    return result!;
  }
  const built = await inBatches(indices, SETUP_CONCURRENCY, (i) => buildRoom(target, i, tally));
  const padding = 'x'.repeat(ENVELOPE_MAX_CHARS);
  const senders = built.flatMap((room) => room.members.map((member) => ({ member, credit: Math.random(), broadcast: Math.random() < 0.5 })));
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    const accrued = ((now - last) / 1000) * RATE_PER_MEMBER;
    last = now;
    for (const sender of senders) {
      sender.credit = Math.min(2, sender.credit + accrued);
      while (sender.credit >= 1) {
        sender.credit -= 1;
        const peers = sender.member.peerList;
        const to = sender.broadcast ? '*' : peers[Math.floor(Math.random() * peers.length)]!;
        sender.broadcast = !sender.broadcast;
        sender.member.sendEnvelope(to, ENVELOPE_MIN_CHARS + Math.floor(Math.random() * (ENVELOPE_MAX_CHARS - ENVELOPE_MIN_CHARS + 1)), padding);
      }
    }
  }, TICK_MS);
  await new Promise((resolve) => setTimeout(resolve, WARM_MS));
  resetTally(tally);
  const before = cpuOf(pid);
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const result = figures(pid, before, tally.delivered, seconds);
  clearInterval(ticker);
  for (const room of built) for (const member of room.members) member.terminate();
  return result;
}

/** One run against `kind`: the server on its core, the generator as a child on the others. */
async function runOnce(kind: ServerKind, scenario: Scenario, rooms: number, seconds: number): Promise<Figures> {
  const server = await startBenchServer(kind, undefined, values['uws-entry']);
  try {
    const args = ['--import', 'tsx', fileURLToPath(import.meta.url), 'generate', scenario, server.wsUrl, server.origin, String(server.pid), String(rooms), String(seconds), values.storms];
    const child = spawnNode(args, { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp' }, ['ignore', 'pipe', 'inherit'], ROOT, 'load');
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`generator exited with ${code}`);
    return JSON.parse(out.trim().split('\n').at(-1)!) as Figures;
  } finally {
    await server.stop();
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const { values, positionals } = parseArgs({
  options: {
    servers: { type: 'string', default: 'uws,ws_twin,floor' },
    runs: { type: 'string', default: '3' },
    rooms: { type: 'string' },
    seconds: { type: 'string', default: '6' },
    'uws-entry': { type: 'string' },
    storms: { type: 'string', default: '1' },
  },
  allowPositionals: true,
});

if (positionals[0] === 'generate') {
  const [, scenario, url, origin, pid, rooms, seconds, storms] = positionals;
  const result = await generate(scenario as Scenario, { url: url!, origin: origin!, verify: false }, Number(pid), Number(rooms), Number(seconds), Number(storms));
  console.log(JSON.stringify(result));
  process.exit(0);
}

const scenario = positionals[0];
if (scenario !== 'storm' && scenario !== 'relay') throw new Error(USAGE);
const kinds = values.servers.split(',') as ServerKind[];
const rooms = Number(values.rooms ?? (scenario === 'storm' ? 300 : 20));
const runs = Number(values.runs);
const results = new Map<ServerKind, Figures[]>(kinds.map((k) => [k, []]));
for (let run = 0; run < runs; run++) {
  // Which server goes first rotates, so a drift in the machine's load does not favour one.
  for (let i = 0; i < kinds.length; i++) {
    const kind = kinds[(i + run) % kinds.length]!;
    const result = await runOnce(kind, scenario, rooms, Number(values.seconds));
    results.get(kind)!.push(result);
    console.log(`${scenario} ${kind} run ${run + 1}: ${JSON.stringify(result)}`);
  }
}
const what = scenario === 'storm' ? 'admission' : 'delivered message';
console.log(`${scenario}, ${rooms} rooms, ${runs} runs each: median (min–max) server CPU per ${what}, µs`);
for (const [kind, list] of results) {
  const pick = (key: keyof Figures) => list.map((r) => r[key]);
  const span = (key: keyof Figures) => `${median(pick(key)).toFixed(1)} (${Math.min(...pick(key)).toFixed(1)}–${Math.max(...pick(key)).toFixed(1)})`;
  console.log(`  ${kind.padEnd(8)} all threads ${span('cpu_us')}, main thread ${span('main_thread_us')}, user ${span('user_us')}, system ${span('system_us')}, ${median(pick('per_s'))}/s`);
}
