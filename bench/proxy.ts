// `node --import tsx bench/proxy.ts`: what HAProxy (deploy/haproxy.cfg) adds — node and proxy CPU per message and p99, against direct.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import type { ServerToClient } from '../protocol/index.js';
import { Histogram } from './lib/histogram.js';
import { cpuMicros, machine } from './lib/proc.js';
import { ROOT, SERVER_ENTRY } from './lib/servers.js';

/** Messages per second each member sends: 90% of the relay's 20/s limit, as in bench/run.ts. */
const SEND_RATE_PER_SECOND = 18;
/** Bytes of opaque `data` per envelope: a typical sealed ICE candidate. */
const ENVELOPE_CHARS = 600;
/** Longest wait for a process to come up, in ms. */
const START_TIMEOUT_MS = 15_000;

const { values } = parseArgs({
  options: {
    rooms: { type: 'string', default: '20' },
    members: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '10' },
  },
});
const ROOMS = Number(values.rooms);
const MEMBERS = Number(values.members);
const SECONDS = Number(values.seconds);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not come up`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const answers = (port: number): Promise<boolean> =>
  fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);

interface Setup {
  readonly wsBase: string;
  readonly origin: string;
  readonly ca: string | undefined;
  readonly node: ChildProcess;
  readonly proxy: ChildProcess | undefined;
  stop(): void;
}

/** One node, reached directly or through the shipped HAProxy config (all three node slots point at it). */
async function setup(viaProxy: boolean): Promise<Setup> {
  const nodePort = await freePort();
  const proxyPort = await freePort();
  const origin = viaProxy ? `https://127.0.0.1:${proxyPort}` : `http://127.0.0.1:${nodePort}`;
  const node = spawn(process.execPath, [SERVER_ENTRY], {
    env: { PATH: process.env['PATH'] ?? '', PORT: String(nodePort), HOST: '127.0.0.1', PUBLIC_ORIGIN: origin, TRUSTED_PROXIES: '127.0.0.1' },
    stdio: 'ignore',
  });
  await waitFor(() => answers(nodePort), 'node');
  if (!viaProxy) return { wsBase: `ws://127.0.0.1:${nodePort}`, origin, ca: undefined, node, proxy: undefined, stop: () => node.kill() };
  const dir = mkdtempSync(join(tmpdir(), 'securecall-bench-proxy-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  const ca = readFileSync(join(dir, 'c.pem'), 'utf8');
  writeFileSync(join(dir, 'both.pem'), ca + readFileSync(join(dir, 'k.pem'), 'utf8'));
  const target = `127.0.0.1:${nodePort}`;
  const proxy = spawn('haproxy', ['-db', '-f', `${ROOT}deploy/haproxy.cfg`], {
    env: { PATH: process.env['PATH'] ?? '', SECURECALL_BIND: `127.0.0.1:${proxyPort}`, SECURECALL_CERT: join(dir, 'both.pem'), SECURECALL_NODE1: target, SECURECALL_NODE2: target, SECURECALL_NODE3: target },
    stdio: 'ignore',
  });
  await waitFor(
    () => new Promise((resolve) => {
      const socket = new WebSocket(`wss://127.0.0.1:${proxyPort}/ws/${'x'.repeat(22)}`, { origin, ca });
      socket.once('open', () => { socket.terminate(); resolve(true); });
      socket.once('error', () => resolve(false));
    }),
    'haproxy',
  );
  return { wsBase: `wss://127.0.0.1:${proxyPort}`, origin, ca, node, proxy, stop: () => { proxy.kill(); node.kill(); rmSync(dir, { recursive: true, force: true }); } };
}

interface Member {
  readonly socket: WebSocket;
  you: string;
  ts: number;
}

/** Opens a member from its own loopback address (`localAddress`), so per-address caps never bind. */
function open(s: Setup, room: string, localAddress: string): Promise<Member> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${s.wsBase}/ws/${room}`, { origin: s.origin, perMessageDeflate: false, localAddress, ...(s.ca ? { ca: s.ca } : {}) });
    socket.once('open', () => resolve({ socket, you: '', ts: Date.now() }));
    socket.once('error', reject);
  });
}

function send(m: Member, msg: Record<string, unknown>): void {
  m.ts += 1;
  m.socket.send(JSON.stringify({ ...msg, ts: m.ts }));
}

function next(m: Member, t: ServerToClient['t']): Promise<ServerToClient> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData): void => {
      const msg = JSON.parse(data.toString()) as ServerToClient;
      if (msg.t !== t) return;
      m.socket.off('message', onMessage);
      resolve(msg);
    };
    m.socket.on('message', onMessage);
  });
}

/** Builds the rooms, runs the traffic for SECONDS and returns the figures. */
async function measure(viaProxy: boolean): Promise<Record<string, number | string>> {
  const s = await setup(viaProxy);
  try {
    const rooms: Member[][] = [];
    for (let r = 0; r < ROOMS; r++) {
      const room = randomBytes(16).toString('base64url');
      const creator = await open(s, room, `127.1.${r}.1`);
      send(creator, { t: 'create' });
      creator.you = ((await next(creator, 'welcome')) as { you: string }).you;
      const members = [creator];
      for (let i = 1; i < MEMBERS; i++) {
        const token = randomBytes(32).toString('base64url');
        send(creator, { t: 'invite', hash: createHash('sha256').update(token).digest('base64url'), ttl: 600 });
        await next(creator, 'invited');
        const member = await open(s, room, `127.1.${r}.${i + 1}`);
        send(member, { t: 'join', token });
        member.you = ((await next(member, 'welcome')) as { you: string }).you;
        members.push(member);
      }
      rooms.push(members);
    }
    const latency = new Histogram();
    let delivered = 0;
    for (const m of rooms.flat()) {
      m.socket.on('message', (data) => {
        const msg = JSON.parse(data.toString()) as ServerToClient;
        if (msg.t !== 'relay') return;
        delivered += 1;
        latency.record(performance.now() - Number(msg.data.split(':', 1)[0]));
      });
    }
    const padding = 'x'.repeat(ENVELOPE_CHARS);
    const nodeBefore = cpuMicros(s.node.pid!);
    const proxyBefore = s.proxy ? cpuMicros(s.proxy.pid!) : { user: 0, system: 0 };
    const timers = rooms.flat().map((m, i) =>
      setInterval(() => send(m, { t: 'send', to: '*', data: `${performance.now()}:${padding}` }), 1000 / SEND_RATE_PER_SECOND + (i % 7) * 0.01),
    );
    await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
    for (const timer of timers) clearInterval(timer);
    const nodeAfter = cpuMicros(s.node.pid!);
    const proxyAfter = s.proxy ? cpuMicros(s.proxy.pid!) : { user: 0, system: 0 };
    for (const m of rooms.flat()) m.socket.terminate();
    const cpu = (a: { user: number; system: number }, b: { user: number; system: number }) => b.user + b.system - a.user - a.system;
    return {
      path: viaProxy ? 'through HAProxy (TLS)' : 'direct (plain ws)',
      delivered,
      'delivered/s': Math.round(delivered / SECONDS),
      'node CPU µs/msg': Number((cpu(nodeBefore, nodeAfter) / delivered).toFixed(2)),
      'HAProxy CPU µs/msg': s.proxy ? Number((cpu(proxyBefore, proxyAfter) / delivered).toFixed(2)) : '—',
      'p50 ms': latency.percentile(50),
      'p99 ms': latency.percentile(99),
    };
  } finally {
    s.stop();
  }
}

async function main(): Promise<void> {
  const m = machine();
  console.error(`${ROOMS} rooms × ${MEMBERS} members, ${SEND_RATE_PER_SECOND} msg/s each to '*', ${SECONDS} s; ${m.cores} cores, ${m.cpu}`);
  const rows = [await measure(false), await measure(true)];
  console.table(rows);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
