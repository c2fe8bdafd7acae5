// The bench's load generator speaks the protocol correctly to both the real server and the ws twin.
import { afterEach, describe, expect, it } from 'vitest';
import type { Collected, StormResult } from '../../bench/loadgen/commands.js';
import { startBenchServer, type RunningServer, type ServerKind } from '../../bench/lib/servers.js';
import { WorkerPool } from '../../bench/lib/workers.js';

const KINDS: readonly ServerKind[] = ['uws', 'ws_twin'];
/** Envelopes per second per member: under the server's limit of 20. */
const RATE = 10;

describe.each(KINDS)('bench load generator against %s', (kind) => {
  let server: RunningServer | undefined;
  let pool: WorkerPool | undefined;

  afterEach(async () => {
    await pool?.stop();
    await server?.stop();
    pool = undefined;
    server = undefined;
  });

  it('builds full rooms, relays timed envelopes without errors, and redeems a storm of invites', async () => {
    server = await startBenchServer(kind);
    pool = WorkerPool.start(1);
    const target = { url: server.wsUrl, origin: server.origin, verify: true };

    await pool.all({ cmd: 'setup', target, rooms: [0, 1] });
    await pool.all({ cmd: 'window' });
    await pool.all({ cmd: 'traffic', ratePerMember: RATE, activeRooms: 2 });
    // Wait on a condition: enough envelopes have arrived, or give up after a bounded number of checks.
    let got: Collected | undefined;
    for (let i = 0; i < 100; i++) {
      [got] = await pool.all<Collected>({ cmd: 'collect' });
      if (got!.delivered >= 200) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await pool.all({ cmd: 'traffic', ratePerMember: 0, activeRooms: 0 });
    expect(got!.delivered).toBeGreaterThanOrEqual(200);
    expect(got!.delivered).toBeLessThanOrEqual(got!.offered);
    expect(got!.malformed).toBe(0);
    expect(got!.loopDelayP99Ms).toBeGreaterThan(0);
    expect(got!.loopDelayP99Ms).toBeLessThanOrEqual(got!.loopDelayMaxMs);
    expect(got!.errors).toEqual({});
    expect(got!.closes).toEqual({});
    expect(got!.hist.length).toBeGreaterThan(0);

    await pool.all({ cmd: 'storm-prepare', target, rooms: [10, 11] });
    const [storm] = await pool.all<StormResult>({ cmd: 'storm-go' });
    expect(storm).toEqual({ joined: 18, failed: 0, firstError: undefined });
    const [after] = await pool.all<Collected>({ cmd: 'collect' });
    expect(after!.malformed).toBe(0);
    expect(after!.errors).toEqual({});
  });
});
