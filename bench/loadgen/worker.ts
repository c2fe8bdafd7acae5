// A load-generator process: builds rooms, drives timed envelopes, floods, and storms joins on command over IPC.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { MAX_ENVELOPE_DATA_CHARS } from '../../protocol/index.js';
import { Histogram } from '../lib/histogram.js';
import type { Collected, Command, FloodResult, Reply, Request, StormResult } from './commands.js';
import { newTally, resetTally, type Member } from './member.js';
import { buildRoom, createWithInvites, inBatches, joinRoom, resumeSeat, type BuiltRoom, type Target } from './rooms.js';

/** Smallest and largest envelope `data`, in characters: realistic sealed signaling sizes. */
export const ENVELOPE_MIN_CHARS = 300;
export const ENVELOPE_MAX_CHARS = 4096;
/** The traffic clock, in ms: each tick every member sends what its rate has accrued. */
const TICK_MS = 5;
/**
 * Most sends a member may owe after a stall of this process: a real client paces itself and skips
 * what it missed, and catching up in a burst would trip the server's token bucket and measure that.
 */
const MAX_CREDIT = 2;
/** Rooms built concurrently per worker. */
const SETUP_CONCURRENCY = 16;
/** Joins in flight at once per worker during a join storm. */
const STORM_CONCURRENCY = 128;
/** A flooder's reconnects are capped so a refusing server cannot spin the loop. */
const MAX_FLOOD_RECONNECTS = 1000;
/** The flooder's envelope size: the largest realistic one. */
const FLOOD_ENVELOPE_CHARS = ENVELOPE_MAX_CHARS;

const PADDING = 'x'.repeat(Math.min(MAX_ENVELOPE_DATA_CHARS, ENVELOPE_MAX_CHARS));
const tally = newTally(new Histogram());
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
const rooms: BuiltRoom[] = [];
let windowStart = performance.now();
let ticker: ReturnType<typeof setInterval> | undefined;
let floodTarget: Target | undefined;
let storm: { target: Target; plans: Array<{ index: number; id: string; tokens: string[] }> } | undefined;

interface Sender {
  readonly member: Member;
  credit: number;
  broadcastNext: boolean;
}

function envelopeSize(): number {
  return ENVELOPE_MIN_CHARS + Math.floor(Math.random() * (ENVELOPE_MAX_CHARS - ENVELOPE_MIN_CHARS + 1));
}

function sendOne(sender: Sender): void {
  const { member } = sender;
  const peers = member.peerList;
  if (!member.open || peers.length === 0) return;
  const broadcast = sender.broadcastNext;
  sender.broadcastNext = !broadcast;
  const to = broadcast ? '*' : peers[Math.floor(Math.random() * peers.length)]!;
  member.sendEnvelope(to, envelopeSize(), PADDING);
  tally.sent += 1;
  tally.offered += broadcast ? peers.length : 1;
}

/** Starts every member of the first `activeRooms` rooms sending at `ratePerMember`; 0 stops traffic. */
function startTraffic(ratePerMember: number, activeRooms: number): void {
  if (ticker) clearInterval(ticker);
  ticker = undefined;
  if (ratePerMember <= 0) return;
  const senders: Sender[] = rooms.slice(0, activeRooms).flatMap((room) => room.members.map((member) => ({ member, credit: Math.random(), broadcastNext: Math.random() < 0.5 })));
  let last = performance.now();
  ticker = setInterval(() => {
    const now = performance.now();
    const accrued = ((now - last) / 1000) * ratePerMember;
    last = now;
    for (const sender of senders) {
      sender.credit = Math.min(MAX_CREDIT, sender.credit + accrued);
      while (sender.credit >= 1) {
        sender.credit -= 1;
        sendOne(sender);
      }
    }
  }, TICK_MS);
}

function collect(): Collected {
  return {
    sent: tally.sent,
    offered: tally.offered,
    delivered: tally.delivered,
    floodDelivered: tally.floodDelivered,
    malformed: tally.malformed,
    errors: { ...tally.errors },
    closes: { ...tally.closes },
    hist: tally.latency.toPairs(),
    histMax: tally.latency.max,
    windowMs: performance.now() - windowStart,
    loopDelayMaxMs: loopDelay.max / 1e6,
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
  };
}

/** Member 0 of this worker's first room sends 4 KiB envelopes to everyone at `ratePerSecond`, resuming whenever closed. */
async function flood(ratePerSecond: number, durationMs: number): Promise<FloodResult> {
  const room = rooms[0];
  if (!room || !floodTarget) throw new Error('flood needs a room built by setup');
  const deadline = performance.now() + durationMs;
  let member = room.members[0]!;
  let floodSent = 0;
  let reconnects = 0;
  let credit = 0;
  let last = performance.now();
  while (performance.now() < deadline && reconnects < MAX_FLOOD_RECONNECTS) {
    if (!member.open) {
      member = await resumeSeat(floodTarget, room.id, room.index, 0, member, tally);
      room.members[0] = member;
      reconnects += 1;
      credit = 0;
      last = performance.now();
    }
    const now = performance.now();
    credit = Math.min(ratePerSecond, credit + ((now - last) / 1000) * ratePerSecond);
    last = now;
    for (; credit >= 1 && member.open; credit -= 1) {
      member.sendEnvelope('*', FLOOD_ENVELOPE_CHARS, PADDING, true);
      floodSent += 1;
    }
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
  return { floodSent, reconnects };
}
async function stormGo(): Promise<StormResult> {
  if (!storm) throw new Error('storm-go before storm-prepare');
  const { target, plans } = storm;
  const jobs = plans.flatMap((plan) => plan.tokens.map((token, i) => ({ plan, token, slot: i + 1 })));
  let joined = 0;
  let failed = 0;
  let firstError: string | undefined;
  await inBatches(jobs, STORM_CONCURRENCY, async ({ plan, token, slot }) => {
    try {
      const member = await joinRoom(target, plan.id, plan.index, slot, token, tally);
      joined += 1;
      rooms.push({ index: plan.index, id: plan.id, members: [member] });
    } catch (error) {
      failed += 1;
      firstError ??= error instanceof Error ? error.message : String(error);
    }
  });
  return { joined, failed, firstError };
}

async function handle(command: Command): Promise<unknown> {
  switch (command.cmd) {
    case 'setup': {
      floodTarget = command.target;
      const built = await inBatches(command.rooms, SETUP_CONCURRENCY, (index) => buildRoom(command.target, index, tally));
      rooms.push(...built);
      return { connections: rooms.reduce((n, r) => n + r.members.length, 0) };
    }
    case 'traffic':
      startTraffic(command.ratePerMember, command.activeRooms);
      return {};
    case 'window':
      resetTally(tally);
      loopDelay.reset();
      windowStart = performance.now();
      return {};
    case 'collect':
      return collect();
    case 'flood':
      return flood(command.ratePerSecond, command.durationMs);
    case 'storm-prepare': {
      const plans = await inBatches(command.rooms, SETUP_CONCURRENCY, async (index) => {
        const made = await createWithInvites(command.target, index, 9, tally);
        rooms.push({ index, id: made.id, members: [made.creator] });
        return { index, id: made.id, tokens: made.tokens };
      });
      storm = { target: command.target, plans };
      return { invites: plans.reduce((n, p) => n + p.tokens.length, 0) };
    }
    case 'storm-go':
      return stormGo();
    case 'close-all':
      startTraffic(0, 0);
      for (const room of rooms) for (const m of room.members) m.terminate();
      rooms.length = 0;
      return {};
  }
}

function reply(message: Reply): void {
  process.send?.(message);
}

if (!process.send) {
  console.error('bench/loadgen/worker.ts is started by bench/run.ts over IPC');
  process.exit(2);
}
loopDelay.enable();
process.on('message', (request: Request) => {
  handle(request.command).then(
    (result) => reply({ id: request.id, ok: true, result }),
    (error: unknown) => reply({ id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});
// The orchestrator owns this process: when it goes, so does the worker.
process.on('disconnect', () => process.exit(0));
