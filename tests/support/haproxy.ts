// Runs the shipped deploy/haproxy.cfg in front of test nodes, with a self-signed certificate made for the test.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exited, ROOT } from './server-process.js';

/** The configuration users deploy; the tests run this very file, only the addresses come from the environment. */
export const HAPROXY_CONFIG = `${ROOT}deploy/haproxy.cfg`;

export interface Haproxy {
  readonly port: number;
  /** `https://127.0.0.1:PORT`. */
  readonly origin: string;
  /** The test certificate (PEM), to trust in clients. */
  readonly ca: string;
  output(): string;
  stop(): Promise<void>;
}

/** A self-signed P-256 certificate for 127.0.0.1 made with openssl; returns the PEM files' directory. */
export function makeCertificate(): { dir: string; cert: string; combined: string } {
  const dir = mkdtempSync(join(tmpdir(), 'securecall-haproxy-'));
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
  ], { stdio: 'ignore' });
  const combined = join(dir, 'combined.pem');
  writeFileSync(combined, readFileSync(cert, 'utf8') + readFileSync(key, 'utf8'), { mode: 0o600 });
  return { dir, cert: readFileSync(cert, 'utf8'), combined };
}

/** GET `path` through the proxy over TLS (HTTP/1.1 with Host); resolves with status and headers. */
export function httpsGet(proxy: Pick<Haproxy, 'port' | 'ca'>, path: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: proxy.port, path, ca: proxy.ca, agent: false }, (res) => {
      res.resume();
      res.once('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.once('error', reject);
    req.end();
  });
}

/** Starts HAProxy with the shipped config on `port`, in front of exactly three nodes (`host:port`). */
export async function startHaproxy(port: number, nodes: readonly [string, string, string]): Promise<Haproxy> {
  const { dir, cert, combined } = makeCertificate();
  const child: ChildProcess = spawn('haproxy', ['-db', '-f', HAPROXY_CONFIG], {
    env: {
      PATH: process.env['PATH'] ?? '',
      SECURECALL_BIND: `127.0.0.1:${port}`,
      SECURECALL_CERT: combined,
      SECURECALL_NODE1: nodes[0],
      SECURECALL_NODE2: nodes[1],
      SECURECALL_NODE3: nodes[2],
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const proxy: Haproxy = {
    port,
    origin: `https://127.0.0.1:${port}`,
    ca: cert,
    output: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`haproxy exited with ${child.exitCode}:\n${out}`);
    const ready = await httpsGet(proxy, '/healthz').then((r) => r.status === 200, () => false);
    if (ready) return proxy;
    if (Date.now() > deadline) {
      await proxy.stop();
      throw new Error(`haproxy did not answer /healthz:\n${out}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
