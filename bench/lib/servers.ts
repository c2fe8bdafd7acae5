// Starts the server under test (ours: build/server/main.js on uWS; the twin: bench/twin on ws) on 127.0.0.1:0.
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { spawnNode, stopChild } from './children.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SERVER_ENTRY = `${ROOT}build/server/main.js`;
/** How long a server may take to print its "listening on" line, in ms (the twin compiles TypeScript first; shared machines are slow). */
const START_TIMEOUT_MS = 60_000;

/** ours, the ws twin, and the floor (bench/floor: bare uWS with no relay logic, for bench/socket-cost.ts). */
export type ServerKind = 'uws' | 'ws_twin' | 'floor';

export interface RunningServer {
  readonly kind: ServerKind;
  readonly pid: number;
  /** ws://127.0.0.1:PORT */
  readonly wsUrl: string;
  readonly origin: string;
  output(): string;
  stop(): Promise<void>;
}

function commandFor(kind: ServerKind, profileDir: string | undefined, entry: string): string[] {
  const profile = profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${kind}-${Date.now()}.cpuprofile`];
  if (kind === 'uws') return [...profile, entry];
  return [...profile, '--import', 'tsx', `${ROOT}bench/${kind === 'floor' ? 'floor' : 'twin'}/main.ts`];
}

/** Starts `kind` (ours from `entry`, another build's main.js if given) and waits for its "listening on URL" line. */
export async function startBenchServer(kind: ServerKind, profileDir?: string, entry = SERVER_ENTRY): Promise<RunningServer> {
  if (kind === 'uws' && !existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first`);
  if (profileDir !== undefined) mkdirSync(profileDir, { recursive: true });
  const env = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', PORT: '0', HOST: '127.0.0.1' };
  const child: ChildProcess = spawnNode(commandFor(kind, profileDir, entry), env, ['ignore', 'pipe', 'pipe'], ROOT, 'server');
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind} did not start within ${START_TIMEOUT_MS} ms:\n${out}`)), START_TIMEOUT_MS);
    const onData = () => {
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${kind} exited with ${code} before listening:\n${out}`));
    });
  });
  return {
    kind,
    pid: child.pid!,
    wsUrl: url.replace(/^http/, 'ws'),
    origin: new URL(url).origin,
    output: () => out,
    stop: () => stopChild(child),
  };
}
