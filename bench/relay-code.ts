// The relay's own code without sockets: Signaling with counting outlets over N envelopes or N admissions, timed in process and as a whole process.
import { createHash, randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Outlet } from '../server/rooms.js';
import type * as SignalingModule from '../server/signaling.js';
import type * as ConfigModule from '../server/config.js';
import type * as CredentialsModule from '../server/resume-credentials.js';

const USAGE = 'usage: node --import tsx bench/relay-code.ts [--build DIR] send|admit N  (DIR: a built tree with server/, default build)';
/** Members per room, as in the relay scenario. */
const ROOM_SIZE = 10;
/** Clock step between envelopes, ms: keeps every member far under its rate limit. */
const ENVELOPE_STEP_MS = 10;
/** Smallest and largest envelope `data`, in characters, as the load generator sends. */
const ENVELOPE_MIN_CHARS = 300;
const ENVELOPE_MAX_CHARS = 4096;
/** Distinct envelopes (recipient and size) cycled through, built before the timed phase. */
const FRAME_VARIANTS = 1000;
/** Invite lifetime asked for, in seconds. */
const INVITE_TTL_SECONDS = 600;

const { values, positionals } = parseArgs({ options: { build: { type: 'string', default: 'build' } }, allowPositionals: true });
const [what, count] = [positionals[0], Number(positionals[1])];
if ((what !== 'send' && what !== 'admit') || !Number.isSafeInteger(count) || count < 0) throw new Error(USAGE);
const dir = resolve(values.build);
const { Signaling } = (await import(`${dir}/server/signaling.js`)) as typeof SignalingModule;
const { loadConfig } = (await import(`${dir}/server/config.js`)) as typeof ConfigModule;
const { ResumeCredentials } = (await import(`${dir}/server/resume-credentials.js`)) as typeof CredentialsModule;

type Connection = ReturnType<SignalingModule.Signaling['newConnection']>;
const topics = new Map<string, Set<CountingOutlet>>();
let bytes = 0;

/** Counts what would be written; publish reaches the room's other subscribers like uWS does. */
class CountingOutlet implements Outlet {
  conn: Connection | undefined;
  send(frame: string): void {
    bytes += frame.length;
  }
  close(): void {
    if (this.conn) this.conn.done = true;
  }
  subscribe(room: string): void {
    const set = topics.get(room) ?? new Set<CountingOutlet>();
    set.add(this);
    topics.set(room, set);
  }
  publish(room: string, frame: string): void {
    for (const other of topics.get(room) ?? []) if (other !== this) bytes += frame.length;
  }
}

let clock = 1_000_000;
let ts = 1;
const signaling = new Signaling(loadConfig({}, []), {
  admissionDeadlineMs: 10_000,
  resumeGraceMs: 60_000,
  credentials: new ResumeCredentials(randomBytes(32)),
  now: () => clock,
});

let perOp = 0;
/** Runs the timed phase; the process's CPU time (user + system) over it, per operation, goes in the last line. */
function measure(phase: () => void): void {
  const start = process.cpuUsage();
  phase();
  const used = process.cpuUsage(start);
  perOp = count === 0 ? 0 : (used.user + used.system) / count;
}

function connect(room: string, address: string): CountingOutlet {
  const outlet = new CountingOutlet();
  outlet.conn = signaling.newConnection(address, room, outlet);
  signaling.opened(outlet.conn);
  return outlet;
}

const say = (outlet: CountingOutlet, msg: Record<string, unknown>): void => signaling.message(outlet.conn!, JSON.stringify({ ...msg, ts: ts++ }));

function room(index: number): { id: string; creator: CountingOutlet; tokens: string[] } {
  const id = randomBytes(16).toString('base64url');
  const creator = connect(id, `127.0.${index >> 8 & 255}.${index & 255}`);
  say(creator, { t: 'create' });
  const tokens = Array.from({ length: ROOM_SIZE - 1 }, () => randomBytes(32).toString('base64url'));
  for (const token of tokens) say(creator, { t: 'invite', hash: createHash('sha256').update(token).digest('base64url'), ttl: INVITE_TTL_SECONDS });
  return { id, creator, tokens };
}

if (what === 'send') {
  const r = room(0);
  const members = [r.creator, ...r.tokens.map((token, i) => {
    const outlet = connect(r.id, `127.1.0.${i + 1}`);
    say(outlet, { t: 'join', token });
    return outlet;
  })];
  const ids = members.map((m) => m.conn!.member!.id);
  const padding = 'x'.repeat(ENVELOPE_MAX_CHARS);
  const frames = Array.from({ length: Math.min(count, FRAME_VARIANTS) }, (_, i) => {
    const to = i % 2 === 0 ? '*' : ids[(i + 1) % ROOM_SIZE]!;
    return { to, data: padding.slice(0, ENVELOPE_MIN_CHARS + ((i * 997) % (ENVELOPE_MAX_CHARS - ENVELOPE_MIN_CHARS + 1))) };
  });
  measure(() => {
    for (let i = 0; i < count; i++) {
      clock += ENVELOPE_STEP_MS;
      const { to, data } = frames[i % frames.length]!;
      // The app's field order, as the frame arrives: the string is built here, outside the relay.
      signaling.message(members[i % ROOM_SIZE]!.conn!, `{"t":"send","to":"${to}","data":"${data}","ts":${ts++}}`);
    }
  });
} else {
  // Rooms and invites first: only the joins are timed in process.
  const rooms = Array.from({ length: Math.ceil(count / (ROOM_SIZE - 1)) }, (_, index) => room(index));
  const joins = rooms.flatMap((r) => r.tokens.map((token) => ({ id: r.id, token }))).slice(0, count);
  measure(() => {
    joins.forEach(({ id, token }, i) => {
      clock += 1;
      say(connect(id, `127.2.${(i >> 8) & 255}.${i & 255}`), { t: 'join', token });
    });
  });
}
signaling.shutdown();
if (bytes === 0) throw new Error('the relay sent nothing');
console.log(`${what} ${count}: ${bytes} bytes out, ${perOp.toFixed(2)} µs CPU each in process`);
