// Bounded state and silent logs: churn leaves nothing behind, and nothing identifying is ever printed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RATE_MESSAGES_PER_SECOND } from '../../protocol/index.js';
import { randomRoomId, randomToken, serverStats, tokenHash } from '../support/relay.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { TestClient } from '../support/ws-client.js';

/** Room members connect from distinct loopback addresses so per-IP limits do not throttle the churn. */
const connectFrom = (server: ServerProcess, roomId: string, localAddress: string) =>
  TestClient.connect(`${server.wsUrl}/ws/${roomId}`, server.origin, { localAddress });

const pace = () => new Promise((resolve) => setTimeout(resolve, 1000 / RATE_MESSAGES_PER_SECOND));

describe('state stays bounded', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess({ RESUME_GRACE_MS: '1000' });
  });
  afterAll(async () => {
    await server.stop();
  });

  // Through real sockets, so the adapter's close paths are covered; thousands of cycles on a fake
  // clock are tests/unit/relay-rules.test.ts's.
  it('hundreds of join/leave cycles leave zero rooms, invites, connections and tracked addresses', async () => {
    const WORKERS = 10;
    const CYCLES = 20;
    let admitted = 0;
    await Promise.all(
      Array.from({ length: WORKERS }, async (_, w) => {
        const roomId = randomRoomId();
        const creator = await connectFrom(server, roomId, `127.0.1.${w + 1}`);
        creator.send({ t: 'create' });
        await creator.nextOf('welcome');
        for (let cycle = 0; cycle < CYCLES; cycle++) {
          const token = randomToken();
          creator.send({ t: 'invite', hash: tokenHash(token), ttl: 600 });
          await creator.nextOf('invited');
          if (cycle % 10 === 0) {
            // An invite nobody uses: it must die with the room.
            await pace();
            creator.send({ t: 'invite', hash: tokenHash(randomToken()), ttl: 600 });
            await creator.nextOf('invited');
          }
          const guest = await connectFrom(server, roomId, `127.0.2.${w + 1}`);
          guest.send({ t: 'join', token });
          await guest.nextOf('welcome');
          admitted += 1;
          // Most leave politely; every fourth just drops and loses its seat when the grace period
          // ends (few enough that kept seats never fill the room).
          if (cycle % 4 !== 0) guest.send({ t: 'leave' });
          else guest.close();
          await guest.closed;
          await pace();
        }
        creator.send({ t: 'leave' });
        await creator.closed;
      }),
    );
    expect(admitted).toBe(WORKERS * CYCLES);
    await expect
      .poll(() => serverStats(server), { timeout: 10_000, interval: 250 })
      .toMatchObject({ connections: 0, rooms: 0, invites: 0, addresses: 0 });
  }, 60_000);
});

describe('logs', () => {
  it('hold no token, payload, display name, room id, peer id or IP address after a complete call flow', async () => {
    const server = await startServerProcess();
    const NAME = 'Zinaida-Recognisable-Name';
    const PAYLOAD = `sdp-v=0-a=fingerprint-${NAME}-chat-secret-text`;
    const roomId = randomRoomId();
    const creator = await TestClient.connect(`${server.wsUrl}/ws/${roomId}`, server.origin);
    creator.send({ t: 'create' });
    const creatorWelcome = await creator.nextOf('welcome');
    const token = randomToken();
    creator.send({ t: 'invite', hash: tokenHash(token), ttl: 600 });
    await creator.nextOf('invited');
    const guest = await TestClient.connect(`${server.wsUrl}/ws/${roomId}`, server.origin);
    guest.send({ t: 'join', token });
    const guestWelcome = await guest.nextOf('welcome');
    guest.send({ t: 'send', to: '*', data: `${PAYLOAD}-${NAME}` });
    await creator.nextOf('relay');
    guest.send({ t: 'send', to: 'not-a-peer-id', data: NAME });
    await guest.nextOf('error');
    guest.close();
    const reconnect = await TestClient.connect(`${server.wsUrl}/ws/${roomId}`, server.origin);
    reconnect.send({ t: 'resume', peer: guestWelcome.you, secret: guestWelcome.resume });
    await reconnect.nextOf('welcome');
    await serverStats(server);
    creator.close();
    reconnect.close();
    await server.stop();

    const output = server.output();
    for (const secret of [token, tokenHash(token), roomId, creatorWelcome.you, guestWelcome.you, creatorWelcome.resume, guestWelcome.resume, NAME, PAYLOAD, 'fingerprint']) {
      expect(output).not.toContain(secret);
    }
    expect(output.replace(`listening on ${server.url}`, '')).not.toMatch(/127\.0\.0\.1|::ffff|\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/);
  });
});
