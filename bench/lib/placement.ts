// CPU pinning of the bench's children: servers on core 0, load generators on the rest, when taskset exists.
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

/** Which side of the machine a child runs on, so the load generator does not steal the server's core. */
export type Placement = 'server' | 'load';

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const CORES = availableParallelism();
const PIN = CORES >= 2 && hasTaskset();

/** The CPU list for a placement: the server gets core 0, load generators every other core. */
export function cpusFor(placement: Placement): string | undefined {
  if (!PIN) return undefined;
  return placement === 'server' ? '0' : `1-${CORES - 1}`;
}
