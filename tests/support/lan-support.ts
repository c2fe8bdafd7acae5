// Helpers for the LAN-mode tests: a LAN server with its printed fingerprint and discovery port, the discover CLI, raw UDP probes.
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { ROOT, exited, startServerProcess, type ServerProcess } from './server-process.js';
import { PROBE_BYTES, decodeChallenge, encodeProbe } from '../../server/lan/discovery-codec.js';

export const DISCOVER_ENTRY = `${ROOT}build/server/lan/discover-cli.js`;

/** Resolves with the first match of `pattern` in what `child` prints (stdout and stderr); rejects on exit or timeout. */
export function waitForOutput(child: ChildProcess, output: () => string, pattern: RegExp, timeoutMs = 20_000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = pattern.exec(output());
      if (!match) return false;
      done();
      resolve(match);
      return true;
    };
    const onExit = () => {
      if (check()) return;
      done();
      reject(new Error(`process exited before printing ${pattern}:\n${output()}`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`timed out waiting for ${pattern}:\n${output()}`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      child.stdout?.off('data', check);
      child.stderr?.off('data', check);
      child.off('exit', onExit);
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.once('exit', onExit);
    check();
  });
}

export interface LanServer {
  readonly server: ServerProcess;
  readonly fingerprint: string;
  readonly discoveryPort: number;
}

/** A LAN-mode server on 127.0.0.1 with an ephemeral HTTPS port and discovery port, its certificate in `dataDir`. */
export async function startLanServer(dataDir: string, env: Record<string, string> = {}): Promise<LanServer> {
  const server = await startServerProcess({ DATA_DIR: dataDir, DISCOVERY_PORT: '0', ...env }, ['--lan']);
  try {
    const fingerprint = (await waitForOutput(server.child, server.output, /fingerprint: ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})/))[1]!;
    const discoveryPort = Number((await waitForOutput(server.child, server.output, /LAN discovery on udp port (\d+)/))[1]);
    return { server, fingerprint, discoveryPort };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** Runs `npm run discover` (the built CLI) with `args`; resolves with its exit code and output. */
export async function runDiscover(args: readonly string[], prefix: readonly string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const [command, ...rest] = [...prefix, process.execPath, DISCOVER_ENTRY, ...args];
  const child = spawn(command!, rest, { cwd: ROOT, env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const code = await exited(child);
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/** A UDP socket bound to a loopback `source` address (127.0.0.0/8), collecting every datagram it receives. */
export class Prober {
  readonly received: Buffer[] = [];
  private waiters: Array<() => void> = [];

  private constructor(readonly socket: Socket) {
    socket.on('message', (message) => {
      this.received.push(message);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static async open(source: string): Promise<Prober> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, source, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    return new Prober(socket);
  }

  send(bytes: Uint8Array, port: number): Promise<void> {
    return new Promise((resolve, reject) => this.socket.send(bytes, port, '127.0.0.1', (error) => (error ? reject(error) : resolve())));
  }

  /**
   * The whole exchange a real client makes: a probe of `length` bytes, the responder's challenge,
   * the probe again with the cookie; resolves with the challenge and the reply as received.
   */
  async handshake(port: number, nonce: Uint8Array, length = PROBE_BYTES): Promise<{ challenge: Buffer; reply: Buffer }> {
    const before = this.received.length;
    await this.send(encodeProbe(nonce, length), port);
    await this.waitFor(before + 1);
    const challenge = this.received[before]!;
    const decoded = decodeChallenge(challenge);
    if (!decoded) throw new Error('the first answer to a probe was not a challenge');
    await this.send(encodeProbe(nonce, length, decoded.cookie), port);
    await this.waitFor(before + 2);
    return { challenge, reply: this.received[before + 1]! };
  }

  /** Resolves once at least `count` datagrams have arrived. */
  async waitFor(count: number, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`only ${this.received.length} of ${count} datagrams arrived`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}

/** Lets every datagram already queued on other sockets be delivered (the poll phase runs before setImmediate). */
export function drainEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

/** A UDP port on 127.0.0.1 that nothing is bound to at the moment of asking. */
export async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const port = socket.address().port;
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}
