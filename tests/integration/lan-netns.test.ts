// A real broadcast: discover in one network namespace finds a LAN server in another, across a veth pair the test creates and deletes.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, SERVER_ENTRY, exited } from '../support/server-process.js';
import { runDiscover, waitForOutput } from '../support/lan-support.js';

const tag = String(process.pid % 100_000);
const NS_SERVER = `sc-lan-srv-${tag}`;
const NS_CLIENT = `sc-lan-cli-${tag}`;
/** Interface names are at most 15 characters. */
const VETH_SERVER = `scls${tag}`;
const VETH_CLIENT = `sclc${tag}`;
const SERVER_ADDRESS = '10.77.0.1';
const CLIENT_ADDRESS = '10.77.0.2';

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: 'pipe' });
}

/** Why the namespace test cannot run here, or undefined when it can. */
function whyUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'it needs root to create network namespaces';
  try {
    ip('netns', 'add', NS_SERVER);
    ip('netns', 'del', NS_SERVER);
    return undefined;
  } catch (error) {
    return `\`ip netns add\` failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
  }
}

const unavailable = whyUnavailable();
if (unavailable) console.warn(`lan-netns: skipping the two-namespace broadcast test because ${unavailable}`);

describe.skipIf(unavailable !== undefined)('LAN discovery between two network namespaces', () => {
  let server: ChildProcess | undefined;
  let output = '';
  const dataDir = mkdtempSync(join(tmpdir(), 'sc-lan-netns-'));

  beforeAll(async () => {
    ip('netns', 'add', NS_SERVER);
    ip('netns', 'add', NS_CLIENT);
    ip('link', 'add', VETH_SERVER, 'type', 'veth', 'peer', 'name', VETH_CLIENT);
    ip('link', 'set', VETH_SERVER, 'netns', NS_SERVER);
    ip('link', 'set', VETH_CLIENT, 'netns', NS_CLIENT);
    for (const [ns, dev, address] of [[NS_SERVER, VETH_SERVER, SERVER_ADDRESS], [NS_CLIENT, VETH_CLIENT, CLIENT_ADDRESS]] as const) {
      ip('-n', ns, 'addr', 'add', `${address}/24`, 'dev', dev);
      ip('-n', ns, 'link', 'set', dev, 'up');
      ip('-n', ns, 'link', 'set', 'lo', 'up');
    }
    // Default ports and the default listen address: the server runs exactly as `npm start -- --lan` would.
    server = spawn('ip', ['netns', 'exec', NS_SERVER, process.execPath, SERVER_ENTRY, '--lan'], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitForOutput(server, () => output, /LAN discovery on udp port 8791/);
  });

  afterAll(async () => {
    if (server && server.exitCode === null && server.signalCode === null) {
      server.kill('SIGTERM');
      await exited(server);
    }
    // Deleting a namespace deletes the veth end inside it, and with it the pair.
    for (const ns of [NS_SERVER, NS_CLIENT]) {
      try {
        ip('netns', 'del', ns);
      } catch {
        // Already gone (creation failed half-way).
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('discover with its default broadcast targets finds the server, its LAN URL and fingerprint', async () => {
    const fingerprint = /fingerprint: ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})/.exec(output)?.[1];
    expect(output).toContain(`  https://${SERVER_ADDRESS}:8790\n`);
    const result = await runDiscover(['--json', '--timeout', '1500'], ['ip', 'netns', 'exec', NS_CLIENT]);
    expect(result.code, result.stderr).toBe(0);
    const { servers } = JSON.parse(result.stdout) as { servers: Array<{ urls: string[]; fingerprint: string }> };
    expect(servers).toHaveLength(1);
    expect(servers[0]!.urls[0]).toBe(`https://${SERVER_ADDRESS}:8790`);
    expect(servers[0]!.fingerprint).toBe(fingerprint);
  });

  it('serves HTTPS on the LAN address with the certificate discover reported', async () => {
    const script = `
      const tls = require('node:tls');
      const s = tls.connect({ host: '${SERVER_ADDRESS}', port: 8790, rejectUnauthorized: false }, () => {
        console.log(s.getPeerCertificate().fingerprint256 + ' ' + (s.getPeerCertificate().subjectaltname ?? ''));
        s.end();
      });`;
    const child = spawn('ip', ['netns', 'exec', NS_CLIENT, process.execPath, '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    expect(await exited(child)).toBe(0);
    const fingerprint = /fingerprint: ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})/.exec(output)?.[1];
    expect(out).toContain(`${fingerprint} `);
    expect(out).toContain(`IP Address:${SERVER_ADDRESS}`);
  });
});
