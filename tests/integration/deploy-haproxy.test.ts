// Three nodes behind the shipped deploy/haproxy.cfg with TLS: room pinning, client addresses, caps, HSTS, failover.
import { connect as tlsConnect } from 'node:tls';
import { createServer, connect as tcpConnect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PENDING_CONNECTIONS_PER_IP, type WelcomeMessage } from '../../protocol/index.js';
import { freePort } from '../support/call-env.js';
import { httpsGet, startHaproxy, type Haproxy } from '../support/haproxy.js';
import { randomRoomId, randomToken, serverStats, tokenHash } from '../support/relay.js';
import { TEST_SERVER_SECRET, exited, startServerProcess, type ServerProcess } from '../support/server-process.js';
import { TestClient, UpgradeRefused } from '../support/ws-client.js';

/** How long members of a failed node may take to be back on another one, in ms (the bound). */
const FAILOVER_BOUND_MS = 5000;

let proxy: Haproxy;
let nodes: ServerProcess[];

let proxyPort: number;
/** Every node's environment: behind the proxy at 127.0.0.1, sharing one secret. */
const nodeEnv = (): Record<string, string> => ({
  PUBLIC_ORIGIN: `https://127.0.0.1:${proxyPort}`,
  TRUSTED_PROXIES: '127.0.0.1',
  SERVER_SECRET: TEST_SERVER_SECRET,
  RESUME_GRACE_MS: '1000',
});

/**
 * A free port below Linux's ephemeral range (32768 and up), as a real node's port would be: the
 * failover test restarts a node on its port, and an ephemeral port may meanwhile have become the
 * source port of one of the many connections the test opens.
 */
async function fixedPort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

beforeAll(async () => {
  proxyPort = await freePort();
  nodes = await Promise.all([0, 1, 2].map(async () => startServerProcess({ ...nodeEnv(), PORT: String(await fixedPort()) })));
  const [a, b, c] = nodes.map((n) => `127.0.0.1:${n.port}`);
  proxy = await startHaproxy(proxyPort, [a!, b!, c!]);
}, 30_000);

afterAll(async () => {
  await proxy?.stop();
  await Promise.all((nodes ?? []).map((n) => n.stop()));
});

/** Opens /ws/ROOM through the proxy from `localAddress` (any 127.x.y.z), trusting the test certificate. */
function viaProxy(roomId: string, localAddress = '127.0.0.1', headers: Record<string, string> = {}): Promise<TestClient> {
  return TestClient.connect(`wss://127.0.0.1:${proxy.port}/ws/${roomId}`, proxy.origin, { ca: proxy.ca, localAddress, headers });
}

/** Opens /ws/ROOM on `node` directly, bypassing the proxy. */
function direct(node: ServerProcess, roomId: string, localAddress: string, headers: Record<string, string> = {}): Promise<TestClient> {
  return TestClient.connect(`${node.wsUrl}/ws/${roomId}`, proxy.origin, { localAddress, headers });
}

async function admit(client: TestClient, msg: Record<string, unknown>): Promise<WelcomeMessage> {
  client.send(msg);
  return client.nextOf('welcome');
}

/** Opens `count` connections made by `open(i)` at once; resolves with the opened ones and the refusal statuses. */
async function openMany(count: number, open: (i: number) => Promise<TestClient>): Promise<{ opened: TestClient[]; refused: number[] }> {
  const results = await Promise.allSettled(Array.from({ length: count }, (_, i) => open(i)));
  const opened = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason instanceof UpgradeRefused ? r.reason.status : -1] : []));
  return { opened, refused };
}

const roomsPerNode = async (): Promise<number[]> => Promise.all(nodes.map(async (n) => (await serverStats(n))['rooms'] ?? 0));

async function until(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('rooms across three nodes', () => {
  it('spreads 50 rooms over at least two nodes and puts every member of a room on its node', async () => {
    const rooms = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const roomId = randomRoomId();
        const creator = await viaProxy(roomId, `127.0.1.${i + 1}`);
        await admit(creator, { t: 'create' });
        const token = randomToken();
        creator.send({ t: 'invite', hash: tokenHash(token), ttl: 600 });
        await creator.nextOf('invited');
        // The invite exists only on the creator's node: a join elsewhere would be refused with no_room.
        const guest = await viaProxy(roomId, `127.0.1.${i + 101}`);
        await admit(guest, { t: 'join', token });
        return [creator, guest];
      }),
    );
    const counts = await roomsPerNode();
    expect(counts.reduce((a, b) => a + b, 0)).toBe(50);
    expect(counts.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);
    for (const client of rooms.flat()) client.close();
  }, 30_000);
});

describe('client addresses through the proxy', () => {
  it('counts 40 clients from 40 source addresses apart (all admitted) and 40 from one address together (capped)', async () => {
    const spread = await openMany(40, (i) => viaProxy(randomRoomId(), `127.0.2.${i + 1}`));
    expect(spread.refused).toEqual([]);
    const welcomes = await Promise.all(spread.opened.map((c) => admit(c, { t: 'create' })));
    expect(welcomes).toHaveLength(40);

    // One room path, so one node: everything from one address counts against one allowance.
    const roomId = randomRoomId();
    const crowd = await openMany(40, () => viaProxy(roomId, '127.0.3.1'));
    expect(crowd.opened).toHaveLength(MAX_PENDING_CONNECTIONS_PER_IP);
    expect(crowd.refused).toEqual(Array(40 - MAX_PENDING_CONNECTIONS_PER_IP).fill(429));
    for (const c of [...spread.opened, ...crowd.opened]) c.close();
  }, 30_000);

  it('ignores an X-Forwarded-For the client sends, through the proxy and directly to a node', async () => {
    const roomId = randomRoomId();
    const forged = await openMany(40, (i) => viaProxy(roomId, '127.0.4.1', { 'X-Forwarded-For': `10.9.0.${i + 1}` }));
    expect(forged.opened).toHaveLength(MAX_PENDING_CONNECTIONS_PER_IP);
    // 127.0.4.2 is not in TRUSTED_PROXIES (127.0.0.1): its forwarded header is not believed.
    const bypass = await openMany(40, (i) => direct(nodes[0]!, randomRoomId(), '127.0.4.2', { 'X-Forwarded-For': `10.9.1.${i + 1}` }));
    expect(bypass.opened).toHaveLength(MAX_PENDING_CONNECTIONS_PER_IP);
    for (const c of [...forged.opened, ...bypass.opened]) c.close();
  }, 30_000);

  it('groups IPv6 clients a trusted proxy names by /64: one /64 shares a cap, separate /64s do not', async () => {
    const node = nodes[1]!;
    const oneNet = await openMany(20, (i) => direct(node, randomRoomId(), '127.0.0.1', { 'X-Forwarded-For': `2001:db8:5:6::${(i + 1).toString(16)}` }));
    expect(oneNet.opened).toHaveLength(MAX_PENDING_CONNECTIONS_PER_IP);
    const manyNets = await openMany(20, (i) => direct(node, randomRoomId(), '127.0.0.1', { 'X-Forwarded-For': `2001:db8:5:${(i + 100).toString(16)}::1` }));
    expect(manyNets.refused).toEqual([]);
    for (const c of [...oneNet.opened, ...manyNets.opened]) c.close();
  }, 30_000);
});

/** A PROXY protocol v2 header (TCP over IPv4) naming `source` as the client. */
function proxyV2Header(source: string): Buffer {
  const signature = Buffer.from([0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a]);
  const addresses = Buffer.from([...source.split('.').map(Number), 127, 0, 0, 1, 0x30, 0x39, 0x1f, 0x90]);
  return Buffer.concat([signature, Buffer.from([0x21, 0x11, 0x00, addresses.length]), addresses]);
}

/** Sends a WebSocket upgrade to `node` from `localAddress`, optionally behind a PROXY v2 header; resolves with the status code and the open socket. */
function rawUpgrade(node: ServerProcess, localAddress: string, proxied: string | undefined): Promise<{ status: number; close: () => void }> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ port: node.port, host: '127.0.0.1', localAddress }, () => {
      const request = [
        `GET /ws/${randomRoomId()} HTTP/1.1`, 'Host: 127.0.0.1', `Origin: ${proxy.origin}`, 'Upgrade: websocket', 'Connection: Upgrade',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version: 13', '', '',
      ].join('\r\n');
      socket.write(proxied === undefined ? Buffer.from(request) : Buffer.concat([proxyV2Header(proxied), Buffer.from(request)]));
    });
    socket.once('data', (chunk: Buffer) => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(chunk.toString('latin1'))?.[1] ?? 0), close: () => socket.destroy() }));
    socket.once('error', reject);
  });
}

describe('PROXY protocol v2 at a node', () => {
  it('counts the PROXY source from a trusted proxy, and the TCP peer from anyone else', async () => {
    const node = nodes[0]!;
    const statuses = async (count: number, localAddress: string, proxied: (i: number) => string) => {
      const results = await Promise.all(Array.from({ length: count }, (_, i) => rawUpgrade(node, localAddress, proxied(i))));
      for (const r of results) r.close();
      return results.map((r) => r.status);
    };
    const sameSource = await statuses(12, '127.0.0.1', () => '10.1.2.3');
    expect(sameSource.filter((s) => s === 101)).toHaveLength(MAX_PENDING_CONNECTIONS_PER_IP);
    expect(await statuses(12, '127.0.0.1', (i) => `10.1.3.${i + 1}`)).toEqual(Array(12).fill(101));
    // 127.0.7.1 is not trusted: its PROXY header is ignored and all its sockets count as its own.
    const untrusted = await statuses(12, '127.0.7.1', (i) => `10.1.4.${i + 1}`);
    expect(untrusted.filter((s) => s === 101)).toHaveLength(MAX_PENDING_CONNECTIONS_PER_IP);
  }, 30_000);
});

describe('HTTP through the proxy', () => {
  it('sends HSTS although the nodes speak plain HTTP, because the public origin is https', async () => {
    for (const path of ['/healthz', '/']) {
      const { status, headers } = await httpsGet(proxy, path);
      expect(status).toBe(200);
      expect(headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      expect(headers['content-security-policy']).toContain(`wss://127.0.0.1:${proxy.port}`);
    }
  });

  /** Sends one raw request over TLS and resolves with the status line, or '' if none came in `waitMs`. */
  function rawStatus(request: string, waitMs = 5000): Promise<string> {
    return new Promise((resolve) => {
      const socket = tlsConnect({ host: '127.0.0.1', port: proxy.port, ca: proxy.ca, servername: undefined }, () => socket.write(request));
      let data = '';
      const timer = setTimeout(() => finish(''), waitMs);
      const finish = (line: string): void => {
        clearTimeout(timer);
        socket.destroy();
        resolve(line);
      };
      socket.on('data', (chunk: Buffer) => {
        data += chunk.toString('latin1');
        if (data.includes('\r\n')) finish(data.slice(0, data.indexOf('\r\n')));
      });
      socket.on('error', () => finish(''));
    });
  }

  it('answers HTTP/1.0 (with or without Host) from a node, and refuses HTTP/1.1 without Host with 400', async () => {
    expect(await rawStatus('GET /healthz HTTP/1.0\r\n\r\n')).toMatch(/^HTTP\/1\.[01] 200 /);
    expect(await rawStatus('GET /healthz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n')).toMatch(/^HTTP\/1\.[01] 200 /);
    expect(await rawStatus('GET / HTTP/1.0\r\n\r\n')).toMatch(/^HTTP\/1\.[01] 200 /);
    // HAProxy's default health check: the node's answer to any method but GET and HEAD.
    expect(await rawStatus('OPTIONS / HTTP/1.0\r\n\r\n')).toMatch(/^HTTP\/1\.[01] 405 /);
    expect(await rawStatus('GET /healthz HTTP/1.1\r\n\r\n')).toMatch(/^HTTP\/1\.[01] 400 /);
    expect(await rawStatus('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('documents the node itself: this uWebSockets.js build gives an HTTP/1.0 request no answer', async () => {
    const node = nodes[2]!;
    const answer = await new Promise<string>((resolve) => {
      const socket = tcpConnect(node.port, '127.0.0.1', () => socket.write('GET /healthz HTTP/1.0\r\n\r\n'));
      const timer = setTimeout(() => {
        socket.destroy();
        resolve('');
      }, 500);
      socket.once('data', (chunk: Buffer) => {
        clearTimeout(timer);
        socket.destroy();
        resolve(chunk.toString('latin1'));
      });
    });
    // If a uWS upgrade starts answering, this fails: then docs/deploy.md and the proxy rule can go.
    expect(answer).toBe('');
  });
});

describe('failover', () => {
  it('brings the members of a killed node back on another node within 5 s, same peer ids, relaying; other rooms see nothing; the room stays put when the node returns', async () => {
    await until(async () => (await roomsPerNode()).every((n) => n === 0));
    const roomId = randomRoomId();
    const creator = await viaProxy(roomId, '127.0.5.1');
    const members: Array<{ client: TestClient; welcome: WelcomeMessage }> = [{ client: creator, welcome: await admit(creator, { t: 'create' }) }];
    for (let i = 2; i <= 3; i++) {
      const token = randomToken();
      creator.send({ t: 'invite', hash: tokenHash(token), ttl: 600 });
      await creator.nextOf('invited');
      const client = await viaProxy(roomId, `127.0.5.${i}`);
      members.push({ client, welcome: await admit(client, { t: 'join', token }) });
    }
    const holder = (await roomsPerNode()).findIndex((n) => n === 1);
    expect(holder).toBeGreaterThanOrEqual(0);

    // A room on each other node, to check they see no close.
    const bystanders: TestClient[] = [];
    for (let i = 0; (await roomsPerNode()).some((n, k) => k !== holder && n === 0); i++) {
      const client = await viaProxy(randomRoomId(), `127.0.6.${(i % 250) + 1}`);
      await admit(client, { t: 'create' });
      // Rooms that landed on the node about to fail are not bystanders.
      if ((await roomsPerNode())[holder] === 1) bystanders.push(client);
      else {
        client.send({ t: 'leave' });
        await client.closed;
      }
    }
    const bystanderRooms = await roomsPerNode();

    nodes[holder]!.child.kill('SIGKILL');
    const killedAt = Date.now();
    const back = await Promise.all(
      members.map(async ({ client, welcome }, i) => {
        await client.closed;
        for (;;) {
          const fresh = await viaProxy(roomId, `127.0.5.${i + 1}`).catch(() => undefined);
          if (fresh) {
            fresh.send({ t: 'resume', peer: welcome.you, secret: welcome.resume });
            const reply = await fresh.next().catch(() => undefined);
            if (reply?.t === 'welcome') return { client: fresh, welcome: reply };
            fresh.close();
          }
          if (Date.now() - killedAt > FAILOVER_BOUND_MS) throw new Error('not back in time');
        }
      }),
    );
    expect(Date.now() - killedAt).toBeLessThan(FAILOVER_BOUND_MS);
    expect(back.map((m) => m.welcome.you)).toEqual(members.map((m) => m.welcome.you));
    expect(back.some((m) => m.welcome.restored === true)).toBe(true);

    const [a, b, c] = back;
    a!.client.send({ t: 'send', to: '*', data: 'after-failover' });
    for (const m of [b!, c!]) expect(await m.client.nextOf('relay')).toEqual({ t: 'relay', from: a!.welcome.you, data: 'after-failover' });
    b!.client.send({ t: 'send', to: a!.welcome.you, data: 'unicast' });
    expect(await a!.client.nextOf('relay')).toEqual({ t: 'relay', from: b!.welcome.you, data: 'unicast' });

    for (const client of bystanders) expect(client.socket.readyState).toBe(client.socket.OPEN);
    for (const [k, n] of bystanderRooms.entries()) if (k !== holder) expect((await serverStats(nodes[k]!))['rooms']).toBeGreaterThanOrEqual(n);

    // The failed node comes back on its address. The room stays where its members are: a newcomer
    // with an invite registered there gets in, and a member who reconnects finds the others.
    const upLines = (): number => (proxy.output().match(new RegExp(`relay/node${holder + 1} is UP`, 'g')) ?? []).length;
    await exited(nodes[holder]!.child);
    nodes[holder] = await startServerProcess({ ...nodeEnv(), PORT: String(nodes[holder]!.port) });
    await until(() => Promise.resolve(upLines() >= 1));
    const token = randomToken();
    a!.client.send({ t: 'invite', hash: tokenHash(token), ttl: 600 });
    await a!.client.nextOf('invited');
    const newcomer = await viaProxy(roomId, '127.0.5.9');
    const joined = await admit(newcomer, { t: 'join', token });
    expect([...joined.members].sort()).toEqual(back.map((m) => m.welcome.you).sort());
    c!.client.close();
    await c!.client.closed;
    const again = await viaProxy(roomId, '127.0.5.3');
    again.send({ t: 'resume', peer: c!.welcome.you, secret: c!.welcome.resume });
    const rejoined = await again.nextOf('welcome');
    expect(rejoined.you).toBe(c!.welcome.you);
    expect(rejoined.restored).toBeUndefined();
    expect(rejoined.members).toContain(a!.welcome.you);
    for (const client of [...bystanders, a!.client, b!.client, newcomer, again]) client.close();
  }, 30_000);
});
