// A network namespace with only loopback, and a Chromium wrapper that runs inside it (root only).
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumPath } from './browser.js';

const IP = '/usr/sbin/ip';
const SETPRIV = '/usr/bin/setpriv';

/** A loopback-only network namespace; everything started through `chromium` shares its 127.0.0.1 and ::1. */
export interface LoopbackNetns {
  readonly name: string;
  /** Executable for playwright's `executablePath`: Chromium inside the namespace, without CAP_SYS_NICE (see browser.ts). */
  readonly chromium: string;
  /** Deletes the namespace and the wrapper. */
  remove(): void;
}

/** Whether this process can make network namespaces (root with iproute2, and a known Chromium). */
export function canUseNetns(): boolean {
  return process.getuid?.() === 0 && existsSync(IP) && existsSync(SETPRIV) && chromiumPath() !== undefined;
}

/**
 * Creates a namespace whose only interface is loopback (brought up), so a browser inside it has
 * no route to anything but itself and other processes in the same namespace.
 */
export function createLoopbackNetns(): LoopbackNetns {
  const name = `sc-direct-${process.pid}-${Date.now().toString(36)}`;
  execFileSync(IP, ['netns', 'add', name]);
  execFileSync(IP, ['netns', 'exec', name, IP, 'link', 'set', 'lo', 'up']);
  const dir = mkdtempSync(join(tmpdir(), 'sc-netns-chromium-'));
  const wrapper = join(dir, 'chromium');
  const executable = chromiumPath()!.replace(/'/g, `'\\''`);
  writeFileSync(wrapper, `#!/bin/sh\nexec ${IP} netns exec ${name} ${SETPRIV} --bounding-set=-sys_nice '${executable}' "$@"\n`);
  chmodSync(wrapper, 0o755);
  let removed = false;
  const remove = (): void => {
    if (removed) return;
    removed = true;
    rmSync(dir, { recursive: true, force: true });
    try {
      execFileSync(IP, ['netns', 'del', name]);
    } catch {
      // Already gone: nothing to clean.
    }
  };
  process.once('exit', remove);
  return { name, chromium: wrapper, remove };
}
