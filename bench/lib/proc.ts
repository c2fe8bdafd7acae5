// What the kernel says about a process (CPU time, RSS) and about the machine, read from /proc.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { cpusFor } from './placement.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Clock ticks per second for /proc/PID/stat times. */
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** User and system CPU time the process has used, in microseconds. */
export function cpuMicros(pid: number): { user: number; system: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name, which may itself contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return { user: (utime * 1e6) / CLOCK_TICKS, system: (stime * 1e6) / CLOCK_TICKS };
}

/** Resident set size, in KiB. */
export function rssKiB(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]);
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(`${ROOT}node_modules/${name}/package.json`, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly node: string;
  readonly uws: string;
  readonly ws: string;
  readonly fdLimit: string;
  readonly clockTicks: number;
  /** CPUs the servers and the load generators were pinned to ('unpinned' without taskset or a second core). */
  readonly serverCpus: string;
  readonly loadCpus: string;
}

/** The hard open-files limit, which the bench raises its children to. */
export function hardFdLimit(): string {
  const raw = execFileSync('bash', ['-c', 'ulimit -Hn'], { encoding: 'utf8' }).trim();
  return raw === 'unlimited' ? '1048576' : raw;
}

export function machine(): Machine {
  const model = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'))?.split(':')[1]?.trim();
  return {
    cpu: model ?? cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    node: process.version,
    uws: packageVersion('uWebSockets.js'),
    ws: packageVersion('ws'),
    fdLimit: hardFdLimit(),
    clockTicks: CLOCK_TICKS,
    serverCpus: cpusFor('server') ?? 'unpinned',
    loadCpus: cpusFor('load') ?? 'unpinned',
  };
}
