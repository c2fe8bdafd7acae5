// Hostile clients: floods, oversized and malformed frames, slow consumers and half-open peers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BAD_MESSAGES_BEFORE_CLOSE,
  CLOSE,
  IDLE_TIMEOUT_SECONDS,
  MAX_ENVELOPE_DATA_CHARS,
  MAX_FRAME_BYTES,
  RATE_BURST_MESSAGES,
  RATE_MESSAGES_PER_SECOND,
} from '../../protocol/index.js';
import { connect, createRoom, mintInvite, randomRoomId, roomOf, serverStats, join } from '../support/relay.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

// One server for the file: the attacks here end only their own connections (the relay's rules to
// the millisecond are tests/unit/relay-rules.test.ts's).
let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess({ RESUME_GRACE_MS: '1000' });
});
afterAll(async () => {
  await server.stop();
});

describe('anti-flood', () => {
  it(`relays a burst of ${RATE_BURST_MESSAGES}, answers rate_limited past it, and closes a sustained flood with 1008`, async () => {
    const { members } = await roomOf(server, 2);
    const [a, b] = members as [(typeof members)[0], (typeof members)[0]];
    for (let i = 0; i < RATE_BURST_MESSAGES * 4; i++) a.client.send({ t: 'send', to: b.welcome.you, data: `m${i}` });
    const closed = await a.client.closed;
    expect(closed).toEqual({ code: CLOSE.flood.code, reason: CLOSE.flood.reason });
    const replies = a.client.pending().map((f) => JSON.parse(f) as { code?: string });
    expect(replies.length).toBeGreaterThan(0);
    expect(replies.every((r) => r.code === 'rate_limited')).toBe(true);
    const delivered: string[] = [];
    while (b.client.pending().length > 0) delivered.push(((await b.client.next()) as { data: string }).data);
    // The creator already spent two tokens of its bucket on create and invite.
    expect(delivered.length).toBeGreaterThanOrEqual(RATE_BURST_MESSAGES - 2);
    expect(delivered.length).toBeLessThan(RATE_BURST_MESSAGES + RATE_MESSAGES_PER_SECOND);
    expect(delivered.slice(0, 3)).toEqual(['m0', 'm1', 'm2']);
    b.client.close();
  });

  it('keeps relaying between other members, promptly, while one member floods', async () => {
    const { members } = await roomOf(server, 3);
    const [flooder, x, y] = members as [(typeof members)[0], (typeof members)[0], (typeof members)[0]];
    let flooding = true;
    const flood = (async () => {
      while (flooding && flooder.client.socket.readyState === 1) {
        for (let i = 0; i < 50; i++) flooder.client.send({ t: 'send', to: '*', data: 'f'.repeat(1000) });
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const latencies: number[] = [];
    for (let i = 0; i < 30; i++) {
      const started = performance.now();
      x.client.send({ t: 'send', to: y.welcome.you, data: `ping${i}` });
      for (;;) {
        const msg = await y.client.next();
        if (msg.t === 'relay' && msg.from === x.welcome.you) {
          expect(msg.data).toBe(`ping${i}`);
          break;
        }
      }
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 1000 / RATE_MESSAGES_PER_SECOND));
    }
    flooding = false;
    await flood;
    latencies.sort((p, q) => p - q);
    // Delivery, not speed, is asserted here; the bound only catches a relay starved by the flood.
    expect(latencies[Math.floor(latencies.length * 0.99)]!).toBeLessThan(500);
    for (const m of members) m.client.close();
  }, 30_000);
});

describe('malformed input', () => {
  it(`closes a frame over ${MAX_FRAME_BYTES} bytes with 1009 before parsing`, async () => {
    const { client } = await createRoom(server);
    client.sendRaw(JSON.stringify({ t: 'send', ts: Date.now() + 5, to: '*', data: 'x'.repeat(MAX_FRAME_BYTES) }));
    expect(await client.closed).toEqual({ code: CLOSE.tooBig.code, reason: CLOSE.tooBig.reason });
    expect(client.pending()).toEqual([]);
  });

  it('answers bad_message to binary, non-JSON, wrong types, unknown types, prototype keys and deep nesting', async () => {
    const { client } = await createRoom(server);
    const frames: Array<[string | Buffer, boolean]> = [
      [Buffer.from([1, 2, 3]), true],
      ['not json', false],
      [JSON.stringify({ t: 'send', ts: client.nextTs(), to: '*', data: 42 }), false],
      [JSON.stringify({ t: 'teleport', ts: client.nextTs() }), false],
    ];
    for (const [frame, binary] of frames) {
      client.sendRaw(frame, binary);
      expect(await client.next()).toMatchObject({ t: 'error', code: 'bad_message' });
    }
    client.close();

    const second = await createRoom(server);
    for (const frame of [`{"t":"leave","ts":${second.client.nextTs()},"__proto__":{"x":1}}`, `{"t":"leave","ts":${second.client.nextTs()},"constructor":{}}`, '['.repeat(10_000) + ']'.repeat(10_000)]) {
      second.client.sendRaw(frame);
      expect(await second.client.next()).toMatchObject({ t: 'error', code: 'bad_message' });
    }
    second.client.close();
  });

  it(`closes with 1008 after ${BAD_MESSAGES_BEFORE_CLOSE} malformed messages, and other rooms are unaffected`, async () => {
    const { members } = await roomOf(server, 2);
    const attacker = await connect(server, randomRoomId());
    for (let i = 0; i < BAD_MESSAGES_BEFORE_CLOSE; i++) attacker.sendRaw('{"t":');
    expect(await attacker.closed).toEqual({ code: CLOSE.badMessages.code, reason: CLOSE.badMessages.reason });
    members[0]!.client.send({ t: 'send', to: '*', data: 'unaffected' });
    expect(await members[1]!.client.next()).toMatchObject({ t: 'relay', data: 'unaffected' });
    for (const m of members) m.client.close();
  });
});

describe('backpressure', () => {
  it('drops a consumer that stops reading instead of buffering without bound; the others keep going', async () => {
    // The earlier tests' sockets are gone, so the count below is this room's alone.
    await expect.poll(async () => (await serverStats(server))['connections'], { timeout: 10_000 }).toBe(0);
    const { members } = await roomOf(server, 10);
    const [slow, ...senders] = members;
    // Stop reading at the TCP level: the server's send buffer for this peer fills up.
    (slow!.client.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    const data = 'b'.repeat(MAX_ENVELOPE_DATA_CHARS);
    let dropped = false;
    const watch = (async () => {
      for (;;) {
        const stats = await serverStats(server);
        if (stats['connections']! < 10) return true;
        if (!dropped && senders.every((s) => s.client.socket.readyState !== 1)) return false;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const sending = (async () => {
      for (let round = 0; round < 200 && !dropped; round++) {
        for (const s of senders) s.client.send({ t: 'send', to: slow!.welcome.you, data });
        await new Promise((resolve) => setTimeout(resolve, 1000 / RATE_MESSAGES_PER_SECOND));
      }
    })();
    dropped = await watch;
    await sending;
    expect(dropped).toBe(true);
    senders[0]!.client.send({ t: 'send', to: senders[1]!.welcome.you, data: 'still-served' });
    for (;;) {
      const msg = await senders[1]!.client.next();
      if (msg.t === 'relay' && msg.data === 'still-served') break;
    }
    for (const m of members) m.client.close();
  }, 60_000);
});

describe('idle timeout', () => {
  /** The idle timeout of this test's server (TEST_IDLE_TIMEOUT_SECONDS: uWS's shortest), in seconds; the relay's own is IDLE_TIMEOUT_SECONDS. */
  const IDLE_SECONDS = 8;

  it('frees the seat of a half-open peer that stops answering pings, within the configured idle timeout', async () => {
    expect(IDLE_SECONDS).toBeLessThan(IDLE_TIMEOUT_SECONDS);
    const quick = await startServerProcess({ RESUME_GRACE_MS: '1000', TEST_IDLE_TIMEOUT_SECONDS: String(IDLE_SECONDS) });
    try {
      const creator = await createRoom(quick);
      const token = await mintInvite(creator);
      const ghost = await join(quick, creator.roomId, token);
      await creator.client.nextOf('peer-joined');
      (ghost.client.socket as unknown as { _socket: { pause(): void } })._socket.pause();
      // Sooner than IDLE_TIMEOUT_SECONDS: the server's idle timeout comes from its config.
      const left = await creator.client.nextOf('peer-left', (IDLE_SECONDS + 10) * 1000);
      expect(left.peer).toBe(ghost.welcome.you);
      creator.client.close();
      ghost.client.close();
    } finally {
      await quick.stop();
    }
  }, (IDLE_SECONDS + 30) * 1000);
});
