// The ws-library twin of the relay: server/signaling.ts behind `ws` instead of uWS, for side-by-side benchmarks.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADMISSION_DEADLINE_MS } from '../../protocol/index.js';
import { ConfigError, loadConfig } from '../../server/config.js';
import { ResumeCredentials } from '../../server/resume-credentials.js';
import { resolveServerSecret } from '../../server/server-secret.js';
import { Signaling } from '../../server/signaling.js';
import { attachSignaling } from './ws-adapter.js';

/** Longest a graceful shutdown may take before the process exits anyway, in ms (as server/main.ts). */
const SHUTDOWN_DEADLINE_MS = 1500;

/** The dev-default origins of server/server.ts, for a plain-HTTP twin. */
function devOrigins(host: string, port: number): string[] {
  const hosts = new Set(['localhost', '127.0.0.1', '[::1]']);
  if (host !== '0.0.0.0' && host !== '::') hosts.add(host.includes(':') ? `[${host}]` : host);
  return [...hosts].map((h) => `http://${h}:${port}`);
}

function main(): void {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`SecureCall twin: configuration error: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const signaling = new Signaling(config, {
    admissionDeadlineMs: ADMISSION_DEADLINE_MS,
    resumeGraceMs: config.resumeGraceMs,
    credentials: new ResumeCredentials(resolveServerSecret(config)),
    now: Date.now,
  });
  const http = createServer((_req, res) => {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end('no such endpoint\n');
  });
  http.listen(config.port, config.host, () => {
    const port = (http.address() as AddressInfo).port;
    const allowed = new Set(config.allowedOrigins ?? devOrigins(config.host, port));
    const relay = attachSignaling(signaling, (origin) => allowed.has(origin));
    http.on('upgrade', relay.onUpgrade);
    const stop = () => {
      relay.stop();
      signaling.shutdown();
      http.close();
      setTimeout(() => process.exit(0), SHUTDOWN_DEADLINE_MS).unref();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    process.on('SIGUSR2', () => console.log(`info stats ${Object.entries(signaling.stats()).map(([k, v]) => `${k}=${v}`).join(' ')}`));
    console.log(`SecureCall twin (ws) listening on http://${config.host}:${port}`);
  });
}

main();
