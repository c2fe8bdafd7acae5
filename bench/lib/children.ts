// Child processes of the bench: spawned with a raised fd limit, tracked, and all killed when the bench exits.
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { cpusFor, type Placement } from './placement.js';
import { hardFdLimit } from './proc.js';

const children = new Set<ChildProcess>();
const FD_LIMIT = hardFdLimit();

/** Runs `node ...args` under `ulimit -n <hard limit>`, pinned by placement; `exec` keeps the PID, so /proc/PID is node's. */
export function spawnNode(args: readonly string[], env: NodeJS.ProcessEnv, stdio: StdioOptions, cwd: string, placement: Placement): ChildProcess {
  const cpus = cpusFor(placement);
  const pin = cpus === undefined ? '' : `taskset -c ${cpus} `;
  const child = spawn('bash', ['-c', `ulimit -n ${FD_LIMIT} && exec ${pin}"$0" "$@"`, process.execPath, ...args], { cwd, env, stdio });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Resolves once `child` has exited. */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when it is gone. */
export async function stopChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited(child);
  clearTimeout(timer);
}

/** Kills every child still running, synchronously (for exit handlers). */
export function killAllChildren(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
