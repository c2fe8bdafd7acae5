// Runs a real coturn (/usr/bin/turnserver) on 127.0.0.1 with an ephemeral port, for tests; stop() and restart() on the same port.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answersBinding } from './turn-client.js';

const TURNSERVER = '/usr/bin/turnserver';
const HOST = '127.0.0.1';
/** Realm the test instances announce. */
export const TEST_REALM = 'securecall.test';
/** Relay ports sit above Linux's default local port range (32768-60999), so they never collide with ports the OS hands out. */
const RELAY_MIN_PORT = 61000;
const RELAY_MAX_PORT = 65535;
/** How long coturn may take to answer on its port after spawning (a busy 2-core machine is slow). */
const READY_TIMEOUT_MS = 20_000;
/** How long stop() waits after SIGTERM before SIGKILL. */
const STOP_GRACE_MS = 5_000;
/** Fresh ports tried when another process grabs the chosen one between probing and coturn binding it. */
const PORT_ATTEMPTS = 5;
/**
 * Config-file settings replaced on 127.0.0.1 (coturn lets the file win over the command line for some of them, e.g. logging),
 * so they are dropped from a copy of the file and set on the command line. Peer deny lines and limits are kept as they are.
 */
export const OVERRIDDEN_CONFIG_KEYS: readonly string[] = [
  'listening-port', 'tls-listening-port', 'alt-listening-port', 'alt-tls-listening-port', 'listening-ip', 'relay-ip',
  'external-ip', 'min-port', 'max-port', 'cert', 'pkey', 'static-auth-secret', 'realm', 'log-file', 'simple-log',
  'no-stdout-log', 'syslog', 'pidfile', 'userdb', 'db',
];

/** A running coturn instance. */
export interface Coturn {
  readonly port: number;
  /** turn: URLs for both transports, e.g. `turn:127.0.0.1:PORT?transport=udp`. */
  readonly urls: string[];
  /** The static-auth-secret (TURN REST) that credentials must be signed with. */
  readonly secret: string;
  /** Sends SIGTERM and resolves once the process has exited. */
  stop(): Promise<void>;
  /** Stops the process and starts it again on the same port with the same settings. */
  restart(): Promise<void>;
  /** Everything coturn printed so far, across restarts. */
  output(): string;
}

/** Options for startCoturn. */
export interface CoturnOptions {
  /** TURN REST shared secret; random when omitted. */
  secret?: string;
  /** Test-only: let relays reach 127.0.0.1 so calls between local browsers work (default true). Production denies loopback. */
  allowLoopbackPeers?: boolean;
  /** Run with a copy of this config file in which only OVERRIDDEN_CONFIG_KEYS (ports, addresses, TLS files, pid/db/log files, secret, realm) differ. */
  configFile?: string;
  /** Also relay from ::1, so IPv6 allocations (and the IPv6 peer rules) can be exercised (default false). */
  relayIpv6?: boolean;
}

/** Copies `configFile` into `dir` without the OVERRIDDEN_CONFIG_KEYS lines; returns the copy's path. */
function testableConfig(configFile: string, dir: string): string {
  const kept = readFileSync(configFile, 'utf8')
    .split('\n')
    .filter((line) => !OVERRIDDEN_CONFIG_KEYS.includes(line.trim().split('=')[0]!.trim()));
  const path = join(dir, 'turnserver.conf');
  writeFileSync(path, kept.join('\n'));
  return path;
}

/** A port free for both TCP and UDP on 127.0.0.1 right now. */
async function freePort(): Promise<number> {
  for (;;) {
    const server = createServer();
    const port = await new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, HOST, () => resolve((server.address() as { port: number }).port));
    });
    const udp = createSocket('udp4');
    const udpFree = await new Promise<boolean>((resolve) => {
      udp.once('error', () => resolve(false));
      udp.bind(port, HOST, () => resolve(true));
    });
    udp.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (udpFree) return port;
  }
}

function tcpAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: HOST, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Resolves once coturn answers a STUN Binding over UDP and accepts TCP; rejects if it exits or never does. */
async function waitReady(child: ChildProcess, port: number, output: () => string): Promise<void> {
  let gone = false;
  const onExit = () => (gone = true);
  child.once('exit', onExit);
  const deadline = Date.now() + READY_TIMEOUT_MS;
  try {
    // Each probe itself waits (STUN retransmission timers), so this loop polls a condition, it does not sleep.
    while (!gone && Date.now() < deadline) {
      if ((await answersBinding(HOST, port)) && (await tcpAccepts(port))) return;
    }
  } finally {
    child.off('exit', onExit);
  }
  throw new Error(`coturn ${gone ? 'exited' : 'never answered'} on ${HOST}:${port}:\n${output()}`);
}

/** Starts coturn on 127.0.0.1 with a free port, TURN REST auth and no TLS, and waits until it answers. */
export async function startCoturn(options: CoturnOptions = {}): Promise<Coturn> {
  const secret = options.secret ?? randomBytes(18).toString('base64url');
  const allowLoopbackPeers = options.allowLoopbackPeers ?? true;
  const dir = mkdtempSync(join(tmpdir(), 'coturn-'));
  let out = '';
  let child: ChildProcess | undefined;
  const config = options.configFile ? testableConfig(options.configFile, dir) : undefined;

  const argsFor = (port: number): string[] => [
    ...(config ? ['-c', config] : ['-n']),
    `--listening-port=${port}`,
    `--listening-ip=${HOST}`,
    `--relay-ip=${HOST}`,
    ...(options.relayIpv6 ? ['--relay-ip=::1'] : []),
    `--min-port=${RELAY_MIN_PORT}`,
    `--max-port=${RELAY_MAX_PORT}`,
    '--use-auth-secret',
    `--static-auth-secret=${secret}`,
    `--realm=${TEST_REALM}`,
    '--no-tls',
    '--no-dtls',
    '--no-cli',
    '--log-file=stdout',
    '--simple-log',
    `--pidfile=${join(dir, 'turnserver.pid')}`,
    `--userdb=${join(dir, 'turndb')}`,
    ...(allowLoopbackPeers ? ['--allow-loopback-peers'] : []),
  ];

  const launch = async (port: number): Promise<void> => {
    const started = spawn(TURNSERVER, argsFor(port), { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    started.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    started.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child = started;
    try {
      await waitReady(started, port, () => out);
    } catch (error) {
      await stopChild();
      throw error;
    }
  };

  const stopChild = async (): Promise<void> => {
    const running = child;
    if (!running) return;
    child = undefined;
    if (running.exitCode === null && running.signalCode === null) running.kill('SIGTERM');
    const timer = setTimeout(() => running.kill('SIGKILL'), STOP_GRACE_MS);
    await exited(running);
    clearTimeout(timer);
  };

  let port = 0;
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      await launch(port);
      break;
    } catch (error) {
      if (attempt >= PORT_ATTEMPTS) {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }

  return {
    port,
    urls: [`turn:${HOST}:${port}?transport=udp`, `turn:${HOST}:${port}?transport=tcp`],
    secret,
    async stop() {
      await stopChild();
      rmSync(dir, { recursive: true, force: true });
    },
    async restart() {
      await stopChild();
      await launch(port);
    },
    output: () => out,
  };
}
