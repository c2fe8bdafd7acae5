// Upgrade-time refusals: the exact Origin allowlist, malformed room paths and per-IP connection caps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_OPEN_CONNECTIONS_PER_IP, MAX_PENDING_CONNECTIONS_PER_IP } from '../../protocol/index.js';
import { connect, createRoom, join, mintInvite, randomRoomId } from '../support/relay.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { TestClient, UpgradeRefused } from '../support/ws-client.js';

describe('origin allowlist (ALLOWED_ORIGINS set)', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess({ ALLOWED_ORIGINS: 'https://call.example.org,http://127.0.0.1:9' });
  });
  afterAll(async () => {
    await server.stop();
  });

  const refusedStatus = async (origin: string | undefined): Promise<number> => {
    try {
      const client = await TestClient.connect(`${server.wsUrl}/ws/${randomRoomId()}`, origin);
      client.close();
      return 101;
    } catch (error) {
      if (error instanceof UpgradeRefused) return error.status;
      throw error;
    }
  };

  it('upgrades an exactly matching origin', async () => {
    expect(await refusedStatus('https://call.example.org')).toBe(101);
  });

  it.each([
    ['missing', undefined],
    ['null', 'null'],
    ['suffix-matched', 'https://evilcall.example.org'],
    ['subdomain', 'https://x.call.example.org'],
    ['other port', 'https://call.example.org:8443'],
    ['other case', 'https://CALL.example.org'],
    ['other scheme', 'http://call.example.org'],
    ['trailing slash', 'https://call.example.org/'],
    ['the server itself when not listed', 'http://127.0.0.1'],
  ])('refuses a %s Origin with 403 and no upgrade', async (_name, origin) => {
    expect(await refusedStatus(origin)).toBe(403);
  });
});

describe('dev default origins', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('allow the server’s own origin and localhost on its port, nothing else', async () => {
    for (const origin of [server.origin, `http://localhost:${server.port}`]) {
      const client = await TestClient.connect(`${server.wsUrl}/ws/${randomRoomId()}`, origin);
      client.close();
    }
    await expect(TestClient.connect(`${server.wsUrl}/ws/${randomRoomId()}`, `http://localhost:${server.port + 1}`)).rejects.toThrow(UpgradeRefused);
  });

  it('answers 404 for a malformed room id in the path', async () => {
    for (const room of ['short', 'x'.repeat(23), `${'a'.repeat(21)}!`]) {
      const refusal = TestClient.connect(`${server.wsUrl}/ws/${room}`, server.origin);
      await expect(refusal).rejects.toMatchObject({ status: 404 });
    }
  });
});

describe('per-IP caps', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess();
  });
  afterAll(async () => {
    await server.stop();
  });

  it(`refuses a pending connection beyond ${MAX_PENDING_CONNECTIONS_PER_IP} with 429, and admits again after one is admitted`, async () => {
    const pending: TestClient[] = [];
    for (let i = 0; i < MAX_PENDING_CONNECTIONS_PER_IP; i++) pending.push(await connect(server, randomRoomId()));
    await expect(connect(server, randomRoomId())).rejects.toMatchObject({ status: 429 });
    pending[0]!.send({ t: 'create' });
    await pending[0]!.nextOf('welcome');
    const another = await connect(server, randomRoomId());
    for (const c of [...pending, another]) c.close();
  });

  it('counts a connection under its TCP peer whatever X-Forwarded-For says when no proxy is trusted', async () => {
    const forged = (i: number) => TestClient.connect(`${server.wsUrl}/ws/${randomRoomId()}`, server.origin, { headers: { 'X-Forwarded-For': `203.0.113.${i + 1}` } });
    const pending: TestClient[] = [];
    for (let i = 0; i < MAX_PENDING_CONNECTIONS_PER_IP; i++) pending.push(await forged(i));
    await expect(forged(MAX_PENDING_CONNECTIONS_PER_IP)).rejects.toMatchObject({ status: 429 });
    for (const c of pending) c.close();
  });

  it(`refuses an open connection beyond ${MAX_OPEN_CONNECTIONS_PER_IP} with 429`, async () => {
    const clients: TestClient[] = [];
    const creators = [];
    for (let r = 0; clients.length < MAX_OPEN_CONNECTIONS_PER_IP; r++) {
      const creator = await createRoom(server);
      creators.push(creator);
      clients.push(creator.client);
      for (let i = 1; i < 10 && clients.length < MAX_OPEN_CONNECTIONS_PER_IP; i++) {
        const member = await join(server, creator.roomId, await mintInvite(creator));
        clients.push(member.client);
      }
    }
    await expect(connect(server, randomRoomId())).rejects.toMatchObject({ status: 429 });
    clients.pop()!.close();
    await expect.poll(async () => {
      try {
        (await connect(server, randomRoomId())).close();
        return true;
      } catch {
        return false;
      }
    }).toBe(true);
    for (const c of clients) c.close();
  });
});
