// deploy/coturn.conf on a real coturn: TURN REST credentials from server/turn.ts work, bad ones get 401, private and loopback peers get 403.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TURN_CREDENTIAL_TTL_SECONDS } from '../../protocol/index.js';
import { turnCredentials } from '../../server/turn.js';
import { OVERRIDDEN_CONFIG_KEYS, startCoturn, type Coturn } from '../support/coturn.js';
import { ROOT } from '../support/server-process.js';
import { TurnClient } from '../support/turn-client.js';

const CONFIG_FILE = `${ROOT}deploy/coturn.conf`;
const HOST = '127.0.0.1';

/* CreatePermission only asks the server; coturn sends nothing to the peer, so public addresses here are never contacted. */
const DENIED_IPV4 = [
  '127.0.0.1', '127.10.20.30', '0.0.0.0', '10.0.0.1', '100.64.0.1', '169.254.169.254', '172.16.0.1', '172.31.255.254',
  '192.0.0.1', '192.0.2.1', '192.168.1.1', '198.18.0.1', '198.51.100.1', '203.0.113.1', '224.0.0.1', '240.0.0.1', '255.255.255.255',
];
const DENIED_IPV6 = [
  '::',
  '::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '::ffff:192.168.1.1', '::ffff:8.8.8.8', '64:ff9b::a00:1', '64:ff9b::7f00:1', '2001:db8::1',
  'fc00::1', 'fd12:3456::1', 'fe80::1', 'fec0::1', 'ff02::1', '2002:7f00:1::1', '2002:c0a8:101::1',
];
/** Public addresses just outside the denied ranges: permission must be granted, or the 403s above prove nothing. */
const ALLOWED_IPV4 = ['8.8.8.8', '172.32.0.1', '100.128.0.1', '11.0.0.1'];
const ALLOWED_IPV6 = ['2606:4700:4700::1111', '2001:db9::1', '2003::1', '2001:4860:4860::8888'];

const clients: TurnClient[] = [];

async function clientFor(coturn: Coturn, credentials: { username: string; credential: string }): Promise<TurnClient> {
  const client = await TurnClient.open(HOST, coturn.port, credentials.username, credentials.credential);
  clients.push(client);
  return client;
}

afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

describe('production config (deploy/coturn.conf) on 127.0.0.1', () => {
  let coturn: Coturn;

  beforeAll(async () => {
    coturn = await startCoturn({ configFile: CONFIG_FILE, allowLoopbackPeers: false, relayIpv6: true });
  });
  afterAll(async () => {
    await coturn?.stop();
  });

  it('runs with every deny line of the file and without allow-loopback-peers', () => {
    const config = readFileSync(CONFIG_FILE, 'utf8');
    const denied = [...config.matchAll(/^denied-peer-ip=(\S+)$/gm)].map((match) => match[1]!);
    expect(denied.length).toBeGreaterThanOrEqual(20);
    for (const range of denied) expect(coturn.output()).toContain(`Black listing: ${range}`);
    expect(OVERRIDDEN_CONFIG_KEYS).not.toContain('denied-peer-ip');
    expect(config).not.toMatch(/^allow-loopback-peers/m);
    expect(coturn.output()).not.toContain('allow_loopback_peers');
  });

  it('accepts credentials minted by server/turn.ts and allocates a UDP relay', async () => {
    const client = await clientFor(coturn, turnCredentials(coturn.secret, Date.now()));
    const allocation = await client.allocate();
    expect(allocation).toEqual({ kind: 'success', relayed: { address: HOST, port: expect.any(Number) } });
  });

  it('refuses credentials whose expiry has passed with 401', async () => {
    const expired = turnCredentials(coturn.secret, Date.now() - 2 * TURN_CREDENTIAL_TTL_SECONDS * 1000);
    expect(Number(expired.username.split(':')[0])).toBeLessThan(Date.now() / 1000);
    const client = await clientFor(coturn, expired);
    expect(await client.allocate()).toMatchObject({ kind: 'error', errorCode: 401 });
  });

  it('refuses credentials signed with another secret with 401', async () => {
    const client = await clientFor(coturn, turnCredentials(`${coturn.secret}-other`, Date.now()));
    expect(await client.allocate()).toMatchObject({ kind: 'error', errorCode: 401 });
  });

  it('refuses a valid username with a tampered expiry with 401', async () => {
    const { username, credential } = turnCredentials(coturn.secret, Date.now());
    const [expiry, random] = username.split(':') as [string, string];
    const client = await clientFor(coturn, { username: `${Number(expiry) + 3600}:${random}`, credential });
    expect(await client.allocate()).toMatchObject({ kind: 'error', errorCode: 401 });
  });

  it.each(DENIED_IPV4)('refuses a permission for IPv4 peer %s with 403', async (peer) => {
    const client = await clientFor(coturn, turnCredentials(coturn.secret, Date.now()));
    expect(await client.allocate()).toMatchObject({ kind: 'success' });
    expect(await client.createPermission(peer)).toMatchObject({ kind: 'error', errorCode: 403 });
  });

  it.each(ALLOWED_IPV4)('grants a permission for public IPv4 peer %s', async (peer) => {
    const client = await clientFor(coturn, turnCredentials(coturn.secret, Date.now()));
    expect(await client.allocate()).toMatchObject({ kind: 'success' });
    expect(await client.createPermission(peer)).toEqual({ kind: 'success' });
  });

  it.each(DENIED_IPV6)('refuses a permission for IPv6 peer %s with 403', async (peer) => {
    const client = await clientFor(coturn, turnCredentials(coturn.secret, Date.now()));
    expect(await client.allocate('ipv6')).toMatchObject({ kind: 'success', relayed: { address: '0:0:0:0:0:0:0:1' } });
    expect(await client.createPermission(peer)).toMatchObject({ kind: 'error', errorCode: 403 });
  });

  it.each(ALLOWED_IPV6)('grants a permission for public IPv6 peer %s', async (peer) => {
    const client = await clientFor(coturn, turnCredentials(coturn.secret, Date.now()));
    expect(await client.allocate('ipv6')).toMatchObject({ kind: 'success' });
    expect(await client.createPermission(peer)).toEqual({ kind: 'success' });
  });
});

/** First coturn release that checks IPv4-mapped peers against the IPv4 rules itself (CVE-2026-27624), as major*10000+minor*100+patch. */
const MAPPED_FIX_VERSION = 40900;

/** The running coturn's version from its banner, as major*10000+minor*100+patch. */
function coturnVersion(output: string): number {
  const [major, minor, patch] = /Version Coturn-(\d+)\.(\d+)\.(\d+)/.exec(output)!.slice(1).map(Number) as [number, number, number];
  return major * 10000 + minor * 100 + patch;
}

describe('the IPv4-mapped deny line (CVE-2026-27624)', () => {
  let coturn: Coturn;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'coturn-conf-'));
    const withoutMapped = readFileSync(CONFIG_FILE, 'utf8').replace(/^denied-peer-ip=::ffff:.*$/m, '');
    expect(withoutMapped).not.toMatch(/^denied-peer-ip=::ffff:/m);
    writeFileSync(join(dir, 'coturn.conf'), withoutMapped);
    coturn = await startCoturn({ configFile: join(dir, 'coturn.conf'), allowLoopbackPeers: false, relayIpv6: true });
  });
  afterAll(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    await coturn?.stop();
  });

  it('is needed on this coturn: without it ::ffff:127.0.0.1 is granted before 4.9.0', async () => {
    const fixed = coturnVersion(coturn.output()) >= MAPPED_FIX_VERSION;
    const client = await clientFor(coturn, turnCredentials(coturn.secret, Date.now()));
    expect(await client.allocate('ipv6')).toMatchObject({ kind: 'success' });
    expect(await client.createPermission('::ffff:127.0.0.1')).toMatchObject(fixed ? { kind: 'error', errorCode: 403 } : { kind: 'success' });
  });
});

describe('test-only instance (allowLoopbackPeers)', () => {
  let coturn: Coturn;

  beforeAll(async () => {
    coturn = await startCoturn({ allowLoopbackPeers: true });
  });
  afterAll(async () => {
    await coturn?.stop();
  });

  it('grants a permission for 127.0.0.1, so the 403 above comes from the config and not from the client', async () => {
    const client = await clientFor(coturn, turnCredentials(coturn.secret, Date.now()));
    expect(await client.allocate()).toMatchObject({ kind: 'success' });
    expect(await client.createPermission('127.0.0.1')).toEqual({ kind: 'success' });
  });

  it('answers again on the same port after restart()', async () => {
    const port = coturn.port;
    await coturn.restart();
    expect(coturn.port).toBe(port);
    const client = await clientFor(coturn, turnCredentials(coturn.secret, Date.now()));
    expect(await client.allocate()).toMatchObject({ kind: 'success' });
  });
});
