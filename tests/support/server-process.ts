// Starts the real server process on 127.0.0.1 with an ephemeral port, and stops it after the test.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SERVER_ENTRY = `${ROOT}build/server/main.js`;
/** A SERVER_SECRET for test servers that need one (PROD=1, several nodes sharing credentials); 32 bytes, base64. */
export const TEST_SERVER_SECRET = 'dGVzdC1vbmx5LXNlY3JldDogbm90IGZvciBwcm9kdWN0aW9uIQ==';

export interface ServerProcess {
  readonly url: string;
  readonly port: number;
  readonly wsUrl: string;
  readonly origin: string;
  readonly child: ChildProcess;
  /** Everything the process printed so far, stdout and stderr. */
  output(): string;
  /** Sends SIGTERM and resolves with the exit code once it has exited. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Resolves when `child` has exited, with its exit code. */
export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Spawns the server with `env` over a minimal environment (ephemeral port on 127.0.0.1) and collects its output. */
function spawnServer(env: Record<string, string>, args: readonly string[]): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [SERVER_ENTRY, ...args], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return { child, output: () => out };
}

/** Runs the server with `env` added to a minimal environment and waits for its "listening" line. */
export async function startServerProcess(env: Record<string, string> = {}, args: string[] = []): Promise<ServerProcess> {
  const { child, output } = spawnServer(env, args);

  const url = await new Promise<string>((resolve, reject) => {
    const onData = () => {
      const match = /listening on (https?:\/\/\S+)/.exec(output());
      if (match) {
        child.stdout!.off('data', onData);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening:\n${output()}`)));
  });
  const port = Number(new URL(url).port);
  return {
    url,
    port,
    wsUrl: url.replace(/^http/, 'ws'),
    origin: new URL(url).origin,
    child,
    output,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited(child);
    },
  };
}

/** Runs the server expecting it to refuse to start; resolves with its exit code and output. */
export async function runServerExpectingFailure(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const { child, output } = spawnServer(env, []);
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  const code = await exited(child);
  clearTimeout(timer);
  return { code, output: output() };
}
