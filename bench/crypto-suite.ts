// Crypto micro-benchmarks, written once and run both in Node and in Chromium (bundled with the module).
import * as sc from '../app/crypto/index.js';

/** One measured operation. */
export interface BenchResult {
  readonly name: string;
  readonly iterations: number;
  readonly microsPerOp: number;
}

async function measure(name: string, iterations: number, op: (i: number) => Promise<unknown>): Promise<BenchResult> {
  for (let i = 0; i < Math.min(200, iterations); i++) await op(i);
  const start = performance.now();
  for (let i = 0; i < iterations; i++) await op(i);
  const elapsed = performance.now() - start;
  return { name, iterations, microsPerOp: Math.round((elapsed * 1000 * 10) / iterations) / 10 };
}

/** Runs every benchmark; `c` defaults to the module bundled with this suite. */
export async function runCryptoBench(c: typeof sc = sc, scale = 1): Promise<BenchResult[]> {
  const room = 'AAAAAAAAAAAAAAAAAAAAAA';
  const roomKey = await c.roomEnvelopeKey(new Uint8Array(32).fill(3), room);
  const signalPayload = new Uint8Array(300).fill(0x41);
  const chatPayload = new Uint8Array(1024).fill(0x42);
  const [alice, bob] = await Promise.all([c.generateIdentity(), c.generateIdentity()]);
  const aKeys = await c.derivePairKeys(alice, bob.publicRaw, { room, me: 'alice', peer: 'bob' });
  const bKeys = await c.derivePairKeys(bob, alice.publicRaw, { room, me: 'bob', peer: 'alice' });
  const tx = c.createChatSession(aKeys);
  const rx = c.createChatSession(bKeys);
  const replay = new c.ReplayWindow();
  let counter = 0;

  const results: BenchResult[] = [];
  results.push(
    await measure('signal seal+open, 300 B payload', 3000 * scale, async () => {
      const n = counter++;
      const data = await c.sealSignal(roomKey, { room, from: 'alice', to: 'bob', type: 'ice', counter: n }, signalPayload);
      const opened = await c.openSignal(roomKey, { room, me: 'bob', from: 'alice' }, data, replay);
      if (!opened.ok) throw new Error(`signal bench failed: ${opened.reason}`);
    }),
  );
  results.push(
    await measure('chat seal+open, 1 KiB message', 3000 * scale, async () => {
      const opened = await c.openChat(rx, await c.sealChat(tx, chatPayload));
      if (!opened.ok) throw new Error(`chat bench failed: ${opened.reason}`);
    }),
  );
  results.push(
    await measure('pairwise set-up (import peer key, ECDH, HKDF to 4 keys)', 500 * scale, () =>
      c.derivePairKeys(alice, bob.publicRaw, { room, me: 'alice', peer: 'bob' }),
    ),
  );
  results.push(await measure('generateIdentity (P-256)', 500 * scale, () => c.generateIdentity()));
  results.push(await measure('deriveRoomKey', 1000 * scale, () => c.deriveRoomKey(new Uint8Array(32), room)));
  results.push(await measure('safetyNumber', 2000 * scale, () => c.safetyNumber(alice.publicRaw, bob.publicRaw)));
  return results;
}
