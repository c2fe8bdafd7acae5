// LAN mode on loopback: discover finds the server, bad probes get nothing, replies never outgrow probes, the rate limit holds, HTTPS/WSS use the printed certificate, and it survives a restart.
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHALLENGE_BYTES, COOKIE_BYTES, MAX_PROBE_BYTES, MIN_PROBE_BYTES, NONCE_BYTES, PROBE_BYTES, decodeChallenge, decodeReply, encodeProbe, fingerprintText } from '../../server/lan/discovery-codec.js';
import { REPLIES_PER_SECOND_TOTAL, REPLIES_PER_SOURCE_PER_SECOND } from '../../server/lan/reply-limiter.js';
import { runServerExpectingFailure, startServerProcess } from '../support/server-process.js';
import { TestClient } from '../support/ws-client.js';
import { Prober, drainEventLoop, freeUdpPort, runDiscover, startLanServer, type LanServer } from '../support/lan-support.js';

let dataDir: string;
let lan: LanServer;
let ca: Buffer;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'sc-lan-'));
  lan = await startLanServer(dataDir);
  ca = readFileSync(join(dataDir, 'cert.pem'));
});
afterAll(async () => {
  await lan?.server.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Each test probes from its own loopback address, so the per-source limit of one test never touches another. */
let nextSource = 10;
async function prober(): Promise<Prober> {
  return Prober.open(`127.0.0.${nextSource++}`);
}

function httpsGet(path: string): Promise<{ status: number; headers: Record<string, unknown>; body: string; fingerprint: string }> {
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port: lan.server.port, path, ca }, (res) => {
      if (!(res.socket instanceof TLSSocket)) throw new Error('expected a TLS socket');
      const fingerprint = res.socket.getPeerCertificate().fingerprint256;
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, fingerprint }));
    });
    req.on('error', reject);
  });
}

describe('LAN mode on loopback', () => {
  it('prints the HTTPS URL, the certificate fingerprint, a QR and the discovery port', () => {
    expect(lan.server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(lan.fingerprint).toBe(lan.fingerprint.toUpperCase());
    expect(lan.server.output()).toContain(`  ${lan.server.url}\n`);
    expect(lan.server.output()).toMatch(/Scan to open https:\/\/127\.0\.0\.1:\d+:\n.*[▀▄█]/);
  });

  it('discover --address 127.0.0.1 finds the server and prints its URL, fingerprint and a QR', async () => {
    const text = await runDiscover(['--address', '127.0.0.1', '--port', String(lan.discoveryPort), '--timeout', '600']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Found 1 SecureCall server');
    expect(text.stdout).toContain(lan.server.url);
    expect(text.stdout).toContain(`certificate SHA-256 ${lan.fingerprint}`);
    expect(text.stdout).toMatch(/Scan to open .*\n.*[▀▄█]/);

    const json = await runDiscover(['--json', '--address', '127.0.0.1', '--port', String(lan.discoveryPort), '--timeout', '600']);
    expect(json.code).toBe(0);
    const { servers } = JSON.parse(json.stdout) as { servers: Array<{ name: string; urls: string[]; fingerprint: string }> };
    expect(servers).toHaveLength(1);
    expect(servers[0]!.urls).toEqual([lan.server.url]);
    expect(servers[0]!.fingerprint).toBe(lan.fingerprint);
  });

  it('discover exits 1 and says so when nobody answers', async () => {
    const port = await freeUdpPort();
    const result = await runDiscover(['--address', '127.0.0.1', '--port', String(port), '--timeout', '300']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('No SecureCall server answered');
  });

  it('answers nothing to malformed or truncated probes, challenges a good one, and replies only to its cookie', async () => {
    const p = await prober();
    try {
      const nonce = randomBytes(NONCE_BYTES);
      const good = encodeProbe(nonce);
      const flipped = (at: number) => {
        const copy = Buffer.from(good);
        copy[at] = copy[at]! ^ 0xff;
        return copy;
      };
      const bad = [
        Buffer.alloc(0),
        good.subarray(0, 20),
        good.subarray(0, MIN_PROBE_BYTES - 1),
        Buffer.concat([good, Buffer.alloc(MAX_PROBE_BYTES)]).subarray(0, MAX_PROBE_BYTES + 1),
        flipped(0),
        flipped(4),
        flipped(5),
        flipped(600),
        randomBytes(PROBE_BYTES),
        Buffer.from('GET / HTTP/1.1\r\n\r\n'),
        encodeProbe(nonce, PROBE_BYTES, randomBytes(COOKIE_BYTES)),
      ];
      for (const bytes of bad) await p.send(bytes, lan.discoveryPort);
      const { challenge, reply } = await p.handshake(lan.discoveryPort, nonce);
      await drainEventLoop();
      expect(p.received).toHaveLength(2);
      expect(challenge.length).toBe(CHALLENGE_BYTES);
      expect(Buffer.from(decodeChallenge(challenge)!.nonce).equals(nonce)).toBe(true);
      expect(Buffer.from(decodeReply(reply)!.nonce).equals(nonce)).toBe(true);
    } finally {
      await p.close();
    }
  });

  it('never sends more bytes than the probe carried, challenge or reply', async () => {
    const sizes = [MIN_PROBE_BYTES, MIN_PROBE_BYTES + 1, 300, 512, 777, PROBE_BYTES, MAX_PROBE_BYTES - 1, MAX_PROBE_BYTES];
    for (const size of sizes) {
      const p = await prober();
      try {
        const { challenge, reply } = await p.handshake(lan.discoveryPort, randomBytes(NONCE_BYTES), size);
        expect(challenge.length, `challenge to a probe of ${size} bytes`).toBeLessThanOrEqual(size);
        expect(reply.length, `reply to a probe of ${size} bytes`).toBeLessThanOrEqual(size);
        expect(decodeReply(reply)?.urls).toEqual([lan.server.url]);
        expect(fingerprintText(decodeReply(reply)!.fingerprint)).toBe(lan.fingerprint);
      } finally {
        await p.close();
      }
    }
  });

  it(`answers one source at most ${REPLIES_PER_SOURCE_PER_SECOND} times in a burst while another source is still answered`, async () => {
    const flooder = await prober();
    const other = await prober();
    try {
      const nonce = randomBytes(NONCE_BYTES);
      const { challenge } = await flooder.handshake(lan.discoveryPort, nonce);
      const withCookie = encodeProbe(nonce, PROBE_BYTES, decodeChallenge(challenge)!.cookie);
      for (let i = 0; i < 30; i++) await flooder.send(withCookie, lan.discoveryPort);
      // The responder handles datagrams in order: once `other` is answered, the whole burst has been judged.
      await other.handshake(lan.discoveryPort, randomBytes(NONCE_BYTES));
      await drainEventLoop();
      expect(flooder.received.filter((d) => decodeReply(d))).toHaveLength(REPLIES_PER_SOURCE_PER_SECOND);
    } finally {
      await flooder.close();
      await other.close();
    }
  });

  it('discover still finds the server while probes from many sources that never return a cookie flood it', async () => {
    // Sources that ignore their challenges stand for forged ones: to the responder they look the same.
    const forgers = await Promise.all(Array.from({ length: 20 }, (_, i) => Prober.open(`127.0.1.${i + 1}`)));
    const probe = encodeProbe(randomBytes(NONCE_BYTES));
    let sent = 0;
    // About 4,000 probes a second for as long as discover runs (1.5 s), far beyond the reply budget.
    const flood = setInterval(() => {
      for (const forger of forgers) void forger.send(probe, lan.discoveryPort);
      sent += forgers.length;
    }, 5);
    try {
      const result = await runDiscover(['--json', '--address', '127.0.0.1', '--port', String(lan.discoveryPort), '--timeout', '1500']);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(lan.server.url);
      expect(sent).toBeGreaterThan(2 * REPLIES_PER_SECOND_TOTAL);
      await drainEventLoop();
      expect(forgers.flatMap((f) => f.received).filter((d) => decodeReply(d))).toEqual([]);
    } finally {
      clearInterval(flood);
      await Promise.all(forgers.map((f) => f.close()));
    }
  });

  it('never logs the address or contents of a probe', () => {
    expect(lan.server.output()).not.toMatch(/127\.0\.0\.(1\d|[2-9])\b/);
    expect(lan.server.output()).not.toContain('SCLD');
  });

  it('serves the app over HTTPS with the printed certificate, and /lan.json with no-store', async () => {
    const page = await httpsGet('/');
    expect(page.status).toBe(200);
    expect(page.fingerprint).toBe(lan.fingerprint);
    expect(page.headers['strict-transport-security']).toBeDefined();
    expect(String(page.headers['content-security-policy'])).toContain(`wss://127.0.0.1:${lan.server.port}`);

    const info = await httpsGet('/lan.json');
    expect(info.status).toBe(200);
    expect(info.headers['cache-control']).toBe('no-store');
    expect(info.headers['content-type']).toMatch(/^application\/json/);
    expect(info.headers['content-security-policy']).toBeDefined();
    const body = JSON.parse(info.body) as { urls: string[]; fingerprint: string };
    expect(body.urls).toEqual([lan.server.url]);
    expect(body.fingerprint).toBe(lan.fingerprint);
  });

  it('relays over WSS with the generated certificate and hands out no STUN or TURN server', async () => {
    const room = randomBytes(16).toString('base64url');
    const client = await TestClient.connect(`wss://127.0.0.1:${lan.server.port}/ws/${room}`, lan.server.origin, { ca });
    try {
      expect((client.socket as unknown as { _socket: TLSSocket })._socket.getPeerCertificate().fingerprint256).toBe(lan.fingerprint);
      client.send({ t: 'create' });
      const welcome = await client.next();
      expect(welcome.t).toBe('welcome');
      if (welcome.t === 'welcome') expect(welcome.ice).toEqual({ iceServers: [], iceTransportPolicy: 'all' });
    } finally {
      client.socket.close();
    }
  });

  it('reuses the certificate after a restart: same fingerprint, same files', async () => {
    const certBefore = readFileSync(join(dataDir, 'cert.pem'), 'utf8');
    await lan.server.stop();
    lan = await startLanServer(dataDir);
    expect(lan.fingerprint).toBe((await httpsGet('/')).fingerprint);
    expect(readFileSync(join(dataDir, 'cert.pem'), 'utf8')).toBe(certBefore);
    expect(lan.server.output()).toContain(`Using the certificate in ${dataDir}`);
  });
});

describe('LAN mode off', () => {
  it('answers /lan.json with 204 and runs no discovery responder', async () => {
    const port = await freeUdpPort();
    const server = await startServerProcess({ DISCOVERY_PORT: String(port) });
    const sender = createSocket('udp4');
    try {
      const res = await fetch(`${server.url}/lan.json`);
      expect(res.status).toBe(204);
      expect(res.headers.get('cache-control')).toBe('no-store');
      // Nothing bound the port: the kernel answers a probe with ICMP port unreachable, which a
      // connected socket reports as ECONNREFUSED on its next send.
      await new Promise<void>((resolve) => sender.connect(port, '127.0.0.1', resolve));
      const code = new Promise<string>((resolve) => sender.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? '')));
      const resend = setInterval(() => sender.send(encodeProbe(randomBytes(NONCE_BYTES))), 20);
      try {
        expect(await code).toBe('ECONNREFUSED');
      } finally {
        clearInterval(resend);
      }
      expect(server.output()).not.toContain('LAN discovery');
    } finally {
      sender.close();
      await server.stop();
    }
  });

  it('refuses LAN mode with PROD=1', async () => {
    const result = await runServerExpectingFailure({
      PROD: '1',
      LAN: '1',
      ROOM_TOKEN: 'operator-key-0123456789',
      ALLOWED_ORIGINS: 'https://call.example.org',
      TURN_URLS: 'turns:turn.example.org:5349',
      TURN_SECRET: 's3cret',
    });
    expect(result.code).toBe(2);
    expect(result.output).toContain('PROD=1 refuses LAN mode');
  });
});

