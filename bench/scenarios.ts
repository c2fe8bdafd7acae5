// The four scenarios, each against one server: relay fan-out, idle capacity, join storm, flood isolation.
import { setTimeout as sleep } from 'node:timers/promises';
import { RATE_MESSAGES_PER_SECOND } from '../protocol/index.js';
import type { Collected, FloodResult, StormResult } from './loadgen/commands.js';
import type { Target } from './loadgen/rooms.js';
import { Histogram } from './lib/histogram.js';
import { cpuMicros, rssKiB } from './lib/proc.js';
import type { Profile } from './lib/profiles.js';
import { deal, WorkerPool } from './lib/workers.js';

/** The server being measured: where to connect, and its PID when the bench started it. */
export interface Subject {
  readonly target: Target;
  readonly pid: number | undefined;
}

/** A ramp step is saturated when less than this share of the offered deliveries arrive. */
const SATURATED_DELIVERY_RATIO = 0.9;
/** ... or when p99 latency exceeds this, ms (queues are growing). */
const SATURATED_P99_MS = 250;
/** Time the server is left alone before and after building idle connections, ms, so RSS settles. */
const IDLE_SETTLE_MS = 2000;

export interface WindowFigures {
  readonly rooms: number;
  readonly connections: number;
  readonly seconds: number;
  readonly sent_per_s: number;
  readonly offered_per_s: number;
  readonly delivered_per_s: number;
  /** Server CPU (user + system) per delivered message, µs; null without a PID. */
  readonly cpu_us_per_msg: number | null;
  /** The user-space and kernel parts of it: loopback TCP is charged to the sender, so the kernel part is shared by both stacks. */
  readonly cpu_user_us_per_msg: number | null;
  readonly cpu_system_us_per_msg: number | null;
  /** Server CPU use over the window, as a share of one core. */
  readonly cpu_cores: number | null;
  readonly p50_ms: number;
  readonly p99_ms: number;
  readonly max_ms: number;
  /** Worst event-loop delay inside a generator process: latency the generator itself adds. */
  readonly generator_loop_delay_max_ms: number;
  /** The highest of the generator processes' 99th-percentile event-loop delays, ms. */
  readonly generator_loop_delay_p99_ms: number;
  /** Load-generator processes that produced this window. */
  readonly generator_processes: number;
  readonly errors: Record<string, number>;
  readonly closes: Record<string, number>;
  readonly malformed: number;
}

function merge(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

const round = (x: number, digits = 3): number => Number(x.toFixed(digits));
const total = (cpu: { user: number; system: number }): number => cpu.user + cpu.system;

/** Measures one window of the running traffic: generator counts plus the server's own CPU time. */
async function measureWindow(pool: WorkerPool, subject: Subject, ms: number, rooms: number, connections: number): Promise<WindowFigures> {
  await pool.all({ cmd: 'window' });
  const cpu0 = subject.pid === undefined ? undefined : cpuMicros(subject.pid);
  const t0 = performance.now();
  await sleep(ms);
  const parts = await pool.all<Collected>({ cmd: 'collect' });
  const cpu1 = subject.pid === undefined ? undefined : cpuMicros(subject.pid);
  const seconds = (performance.now() - t0) / 1000;
  const hist = new Histogram();
  const errors: Record<string, number> = {};
  const closes: Record<string, number> = {};
  let sent = 0;
  let offered = 0;
  let delivered = 0;
  let malformed = 0;
  let loop = 0;
  let loopP99 = 0;
  for (const p of parts) {
    hist.addPairs(p.hist, p.histMax);
    merge(errors, p.errors);
    merge(closes, p.closes);
    sent += p.sent;
    offered += p.offered;
    delivered += p.delivered;
    malformed += p.malformed;
    loop = Math.max(loop, p.loopDelayMaxMs);
    loopP99 = Math.max(loopP99, p.loopDelayP99Ms);
  }
  const user = cpu0 && cpu1 ? cpu1.user - cpu0.user : null;
  const system = cpu0 && cpu1 ? cpu1.system - cpu0.system : null;
  const cpu = user === null || system === null ? null : user + system;
  const perMsg = (micros: number | null) => (micros === null || delivered === 0 ? null : round(micros / delivered));
  return {
    rooms,
    connections,
    seconds: round(seconds),
    sent_per_s: Math.round(sent / seconds),
    offered_per_s: Math.round(offered / seconds),
    delivered_per_s: Math.round(delivered / seconds),
    cpu_us_per_msg: perMsg(cpu),
    cpu_user_us_per_msg: perMsg(user),
    cpu_system_us_per_msg: perMsg(system),
    cpu_cores: cpu === null ? null : round(cpu / 1e6 / seconds),
    p50_ms: round(hist.percentile(50)),
    p99_ms: round(hist.percentile(99)),
    max_ms: round(hist.max),
    generator_loop_delay_max_ms: round(loop),
    generator_loop_delay_p99_ms: round(loopP99),
    generator_processes: parts.length,
    errors,
    closes,
    malformed,
  };
}

async function setupRooms(pool: WorkerPool, subject: Subject, indices: readonly number[]): Promise<void> {
  const hands = deal(indices, pool.size);
  await pool.each((w) => ({ cmd: 'setup', target: subject.target, rooms: hands[w]! }));
}

/** Traffic from the first `rooms` rooms overall (dealt round-robin, so the first rooms/size per worker). */
async function traffic(pool: WorkerPool, rate: number, rooms: number): Promise<void> {
  await pool.each((w) => ({ cmd: 'traffic', ratePerMember: rate, activeRooms: Math.floor(rooms / pool.size) + (w < rooms % pool.size ? 1 : 0) }));
}

export interface RelayFigures {
  /** Highest delivered msgs/s seen; bounded by server and generator sharing the machine. */
  readonly capacity_msgs_per_s: number;
  /** False when the ramp ended before deliveries fell behind (the capacity is then a lower bound). */
  readonly saturated: boolean;
  readonly steps: readonly WindowFigures[];
  readonly half_load: WindowFigures;
}

const range = (from: number, count: number): number[] => Array.from({ length: count }, (_, i) => from + i);

/** Scenario 1: ramp rooms of 10 until deliveries fall behind, then measure at half the capacity found. */
export async function relayScenario(subject: Subject, profile: Profile, log: (line: string) => void): Promise<RelayFigures> {
  const pool = WorkerPool.start(profile.workers);
  try {
    const steps: WindowFigures[] = [];
    let built = 0;
    let saturated = false;
    for (const rooms of profile.rampRooms) {
      await setupRooms(pool, subject, range(built, rooms - built));
      built = rooms;
      await traffic(pool, profile.ratePerMember, rooms);
      await sleep(profile.settleMs);
      const step = await measureWindow(pool, subject, profile.stepMs, rooms, rooms * 10);
      steps.push(step);
      log(`  ramp ${rooms} rooms: ${step.delivered_per_s}/${step.offered_per_s} delivered/offered per s, ` +
        `cpu ${step.cpu_us_per_msg} µs/msg (user ${step.cpu_user_us_per_msg}), p99 ${step.p99_ms} ms`);
      if (step.delivered_per_s < SATURATED_DELIVERY_RATIO * step.offered_per_s || step.p99_ms > SATURATED_P99_MS) {
        saturated = true;
        break;
      }
    }
    const best = steps.reduce((a, b) => (b.delivered_per_s > a.delivered_per_s ? b : a));
    const perRoom = best.delivered_per_s / best.rooms;
    const halfRooms = Math.max(1, Math.min(built, Math.round(best.delivered_per_s / 2 / perRoom)));
    await traffic(pool, 0, 0);
    await traffic(pool, profile.ratePerMember, halfRooms);
    await sleep(profile.settleMs);
    const half = await measureWindow(pool, subject, profile.halfLoadMs, halfRooms, halfRooms * 10);
    log(`  half load ${halfRooms} rooms: ${half.delivered_per_s} delivered/s, cpu ${half.cpu_us_per_msg} µs/msg (user ${half.cpu_user_us_per_msg}), ` +
      `p50 ${half.p50_ms} ms, p99 ${half.p99_ms} ms`);
    await pool.all({ cmd: 'close-all' });
    return { capacity_msgs_per_s: best.delivered_per_s, saturated, steps, half_load: half };
  } finally {
    await pool.stop();
  }
}

/** A generator process whose 99th-percentile loop delay reaches this, ms, adds latency of its own to the p99. */
const GENERATOR_LOOP_DELAY_LIMIT_MS = 1;

export interface EqualLoadFigures {
  /** The window at the same offered load for every server: CPU per message and latency. */
  readonly window: WindowFigures;
  /** True when every generator's 99th-percentile loop delay stayed under GENERATOR_LOOP_DELAY_LIMIT_MS. */
  readonly generator_loop_delay_under_1ms: boolean;
  /** How the generator's own delay is judged, in words, for readers of the JSON. */
  readonly generator_loop_delay_rule: string;
  /** Every attempt: generator processes and their worst p99 loop delay, ms. */
  readonly attempts: ReadonlyArray<{ readonly processes: number; readonly loop_delay_p99_ms: number; readonly loop_delay_max_ms: number }>;
}

/**
 * Scenario 5: the same offered load (profile.equalLoadRooms rooms) for every server, from enough
 * generator processes that none of them is itself the bottleneck: starting with equalLoadWorkers,
 * doubling while any generator's 99th-percentile event-loop delay reaches 1 ms.
 */
export async function equalLoadScenario(subject: Subject, profile: Profile, log: (line: string) => void): Promise<EqualLoadFigures> {
  const rooms = profile.equalLoadRooms;
  const attempts: Array<{ processes: number; loop_delay_p99_ms: number; loop_delay_max_ms: number }> = [];
  let workers = Math.min(profile.equalLoadWorkers, rooms);
  // When more processes only make the delay worse (a busy machine), the least delayed attempt is reported.
  let best: WindowFigures | undefined;
  for (;;) {
    const pool = WorkerPool.start(workers);
    let window: WindowFigures;
    try {
      await setupRooms(pool, subject, range(0, rooms));
      await traffic(pool, profile.ratePerMember, rooms);
      await sleep(profile.settleMs);
      window = await measureWindow(pool, subject, profile.halfLoadMs, rooms, rooms * 10);
      await pool.all({ cmd: 'close-all' });
    } finally {
      await pool.stop();
    }
    attempts.push({ processes: workers, loop_delay_p99_ms: window.generator_loop_delay_p99_ms, loop_delay_max_ms: window.generator_loop_delay_max_ms });
    const ok = window.generator_loop_delay_p99_ms < GENERATOR_LOOP_DELAY_LIMIT_MS;
    log(`  equal load ${rooms} rooms, ${workers} generators (loop delay p99 ${window.generator_loop_delay_p99_ms} ms): ` +
      `${window.delivered_per_s} delivered/s, cpu ${window.cpu_us_per_msg} µs/msg (user ${window.cpu_user_us_per_msg}), p50 ${window.p50_ms} ms, p99 ${window.p99_ms} ms`);
    if (!best || window.generator_loop_delay_p99_ms < best.generator_loop_delay_p99_ms) best = window;
    const next = Math.min(workers * 2, profile.equalLoadMaxWorkers, rooms);
    if (ok || next === workers) {
      return {
        window: best,
        generator_loop_delay_under_1ms: ok,
        generator_loop_delay_rule: `p99 of each generator process's event-loop delay < ${GENERATOR_LOOP_DELAY_LIMIT_MS} ms; processes doubled from ${profile.equalLoadWorkers} up to ${profile.equalLoadMaxWorkers} until it holds`,
        attempts,
      };
    }
    workers = next;
  }
}

export interface IdleFigures {
  readonly connections: number;
  readonly rss_before_kib: number | null;
  readonly rss_after_kib: number | null;
  /** (RSS after − RSS before) / connections, bytes. */
  readonly rss_per_conn_bytes: number | null;
  readonly setup_seconds: number;
}

/** Scenario 2: N joined idle connections; server RSS growth per connection. */
export async function idleScenario(subject: Subject, profile: Profile, log: (line: string) => void): Promise<IdleFigures> {
  const pool = WorkerPool.start(profile.workers);
  try {
    const rooms = Math.ceil(profile.idleConnections / 10);
    await sleep(IDLE_SETTLE_MS);
    const before = subject.pid === undefined ? null : rssKiB(subject.pid);
    const t0 = performance.now();
    await setupRooms(pool, subject, range(0, rooms));
    const setup = (performance.now() - t0) / 1000;
    await sleep(IDLE_SETTLE_MS);
    const after = subject.pid === undefined ? null : rssKiB(subject.pid);
    const perConn = before === null || after === null ? null : Math.round(((after - before) * 1024) / (rooms * 10));
    log(`  idle ${rooms * 10} connections: RSS ${before} → ${after} KiB, ${perConn} B/connection (built in ${round(setup, 1)} s)`);
    await pool.all({ cmd: 'close-all' });
    return { connections: rooms * 10, rss_before_kib: before, rss_after_kib: after, rss_per_conn_bytes: perConn, setup_seconds: round(setup, 1) };
  } finally {
    await pool.stop();
  }
}

export interface StormFigures {
  readonly joins: number;
  readonly failed: number;
  readonly seconds: number;
  readonly joins_per_s: number;
  /** Server CPU per admission (upgrade, token hash check, welcome and notices), µs. */
  readonly cpu_us_per_join: number | null;
  readonly first_error: string | null;
}

/** Scenario 3: pre-registered invites, then every joiner connects and joins at once from its own address. */
export async function stormScenario(subject: Subject, profile: Profile, log: (line: string) => void): Promise<StormFigures> {
  const pool = WorkerPool.start(profile.workers);
  try {
    const hands = deal(range(0, profile.stormRooms), pool.size);
    await pool.each((w) => ({ cmd: 'storm-prepare', target: subject.target, rooms: hands[w]! }));
    await sleep(profile.settleMs);
    const cpu0 = subject.pid === undefined ? 0 : total(cpuMicros(subject.pid));
    const t0 = performance.now();
    const parts = await pool.all<StormResult>({ cmd: 'storm-go' });
    const seconds = (performance.now() - t0) / 1000;
    const cpu = subject.pid === undefined ? null : total(cpuMicros(subject.pid)) - cpu0;
    const joins = parts.reduce((n, p) => n + p.joined, 0);
    const failed = parts.reduce((n, p) => n + p.failed, 0);
    const figures: StormFigures = {
      joins,
      failed,
      seconds: round(seconds),
      joins_per_s: Math.round(joins / seconds),
      cpu_us_per_join: cpu === null || joins === 0 ? null : Math.round(cpu / joins),
      first_error: parts.find((p) => p.firstError !== undefined)?.firstError ?? null,
    };
    log(`  storm: ${joins} joins (${failed} failed) in ${figures.seconds} s = ${figures.joins_per_s}/s, cpu ${figures.cpu_us_per_join} µs/join`);
    await pool.all({ cmd: 'close-all' });
    return figures;
  } finally {
    await pool.stop();
  }
}

export interface FloodFigures {
  readonly others: WindowFigures;
  readonly flood_rate_per_s: number;
  readonly flood_sent: number;
  readonly flood_reconnects: number;
}

/** Scenario 4: `rooms` rooms at normal traffic while one member floods at profile.floodFactor × the limit. */
export async function floodScenario(subject: Subject, profile: Profile, rooms: number, log: (line: string) => void): Promise<FloodFigures> {
  const pool = WorkerPool.start(profile.workers);
  try {
    await setupRooms(pool, subject, range(0, rooms));
    await traffic(pool, profile.ratePerMember, rooms);
    await sleep(profile.settleMs);
    const rate = RATE_MESSAGES_PER_SECOND * profile.floodFactor;
    const flood = pool.one<FloodResult>(0, { cmd: 'flood', ratePerSecond: rate, durationMs: profile.floodMs });
    const others = await measureWindow(pool, subject, profile.floodMs, rooms, rooms * 10);
    const flooded = await flood;
    log(`  flood ${rate}/s from one member (${flooded.floodSent} sent, ${flooded.reconnects} reconnects): ` +
      `others p50 ${others.p50_ms} ms, p99 ${others.p99_ms} ms, ${others.delivered_per_s} delivered/s`);
    await pool.all({ cmd: 'close-all' });
    return { others, flood_rate_per_s: rate, flood_sent: flooded.floodSent, flood_reconnects: flooded.reconnects };
  } finally {
    await pool.stop();
  }
}
