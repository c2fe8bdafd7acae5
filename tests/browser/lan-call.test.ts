// Two Chromium pages call each other through a LAN-mode server over HTTPS, with host candidates only, inside a private network namespace.
import { execFileSync, spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { chromiumPath } from '../support/browser.js';
import { ROOT, exited } from '../support/server-process.js';
import type { ScenarioResult } from '../support/lan-call-scenario.js';

const SCENARIO = 'tests/support/lan-call-scenario.ts';

/** True when this process may make a network namespace of its own. */
function canUnshare(): boolean {
  try {
    execFileSync('unshare', ['-n', '--', 'sh', '-c', 'ip link set lo up'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

const isolated = canUnshare();
if (!isolated) console.warn('lan-call: `unshare -n` is not available here; running the call on the shared loopback instead of a private namespace');
const browser = chromiumPath();
if (!browser) console.warn('lan-call: skipped because no Chromium was found (set CHROMIUM_PATH)');

async function runScenario(): Promise<ScenarioResult> {
  const node = `${process.execPath} --import tsx ${SCENARIO}`;
  const [command, args, env] = isolated
    ? ['unshare', ['-n', '--', 'sh', '-c', `ip link set lo up && exec ${node}`], {}]
    : [process.execPath, ['--import', 'tsx', SCENARIO], { LAN_CALL_HOST: '127.0.0.1' }];
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  const code = await exited(child);
  clearTimeout(timer);
  const line = /^RESULT (.*)$/m.exec(out);
  if (code !== 0 || !line) throw new Error(`scenario failed (exit ${code}):\n${out}`);
  return JSON.parse(line[1]!) as ScenarioResult;
}

describe.skipIf(!browser)('a call between two Chromium pages through a LAN-mode server', () => {
  it('shows the LAN URL, QR and fingerprint on the page, and connects both sides on host candidates with audio flowing, no STUN/TURN, no console errors', { timeout: 120_000 }, async () => {
    const result = await runScenario();
    expect(result.serverUrl).toMatch(/^https:\/\//);
    if (isolated) {
      // Only loopback in the namespace: the server falls back to loopback URLs rather than fail.
      expect(result.printedUrls).toEqual([`https://localhost:${new URL(result.serverUrl).port}`, `https://127.0.0.1:${new URL(result.serverUrl).port}`]);
    }
    // The page shows what the terminal printed, for a second person to pass on.
    expect(result.banner.urls).toEqual(result.printedUrls);
    expect(result.banner.fingerprint).toBe(result.printedFingerprint);
    expect(result.printedFingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(result.banner.qrIsImage).toBe(true);
    for (const side of [result.caller, result.callee]) {
      expect(side.connectionState).toBe('connected');
      expect(side.iceServers).toBe(0);
      expect(side.gatheredTypes).toEqual(['host']);
      expect(side.localCandidateType).toBe('host');
      expect(side.remoteCandidateType).toBe('host');
      expect(side.packetsReceived).toBeGreaterThan(0);
    }
    expect(result.problems).toEqual([
      { consoleErrors: [], cspViolations: [] },
      { consoleErrors: [], cspViolations: [] },
    ]);
  });
});
