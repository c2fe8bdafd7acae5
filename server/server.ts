// Assembles the HTTP(S) app: security headers, static app, /healthz and the /ws relay.
import { readFileSync } from 'node:fs';
import type { TemplatedApp, us_listen_socket } from 'uWebSockets.js';
import type { Config } from './config.js';
import { securityHeaders } from './headers.js';
import { registerHttpRoutes } from './http.js';
import { registerLanInfoRoute, type LanInfo } from './lan/lan-info-route.js';
import { uws } from './native-uws.js';
import { ClientAddressResolver } from './client-address.js';
import { ResumeCredentials } from './resume-credentials.js';
import { resolveServerSecret } from './server-secret.js';
import { Signaling } from './signaling.js';
import { loadAssets } from './static-assets.js';
import { registerSignalingRoute } from './ws-adapter.js';

export interface RunningServer {
  readonly port: number;
  readonly urls: readonly string[];
  readonly signaling: Signaling;
  /** Stops listening, closes every socket with 1001 and clears timers. */
  close(): void;
}

export interface ServerOptions {
  /** Extra names a TLS certificate covers, printed as URLs (LAN mode). */
  readonly tls?: { readonly cert: string; readonly key: string };
  readonly extraOrigins?: (port: number) => readonly string[];
  /** What GET /lan.json tells the page (LAN mode); without it /lan.json answers 204. */
  readonly lanInfo?: (port: number) => LanInfo;
}

/** The server's own origins and localhost on the same port: the dev default for ALLOWED_ORIGINS. */
export function devOrigins(host: string, port: number, scheme: 'http' | 'https'): string[] {
  const hosts = new Set(['localhost', '127.0.0.1', '[::1]']);
  if (host !== '0.0.0.0' && host !== '::') hosts.add(host.includes(':') ? `[${host}]` : host);
  return [...hosts].map((h) => `${scheme}://${h}:${port}`);
}

function makeApp(config: Config, tls: ServerOptions['tls']): TemplatedApp {
  if (tls) return uws.SSLApp({ cert_file_name: tls.cert, key_file_name: tls.key });
  if (config.tls) {
    // Fail early with a clear message rather than an opaque uWS error on a bad file.
    readFileSync(config.tls.certFile);
    readFileSync(config.tls.keyFile);
    return uws.SSLApp({ cert_file_name: config.tls.certFile, key_file_name: config.tls.keyFile });
  }
  return uws.App();
}

/**
 * True when users reach this site over https: this node terminates TLS, or the public origin a
 * proxy serves (PUBLIC_ORIGIN, else any of ALLOWED_ORIGINS) is https.
 */
export function servedOverHttps(config: Config, tls: boolean): boolean {
  if (tls) return true;
  if (config.publicOrigin !== undefined) return config.publicOrigin.startsWith('https:');
  return (config.allowedOrigins ?? []).some((origin) => origin.startsWith('https:'));
}

function listen(app: TemplatedApp, host: string, port: number): Promise<us_listen_socket> {
  return new Promise((resolve, reject) => {
    app.listen(host, port, (socket) => {
      if (socket) resolve(socket);
      else reject(new Error(`cannot listen on ${host}:${port} (in use, or not an address of this machine)`));
    });
  });
}

/** Starts a server for `config`; resolves once it listens. */
export async function startServer(config: Config, options: ServerOptions = {}): Promise<RunningServer> {
  const assets = loadAssets(config.staticDir);
  const tls = options.tls !== undefined || config.tls !== undefined;
  const app = makeApp(config, options.tls);
  const scheme = tls ? 'https' : 'http';

  const signaling = new Signaling(config, {
    admissionDeadlineMs: config.admissionDeadlineMs,
    resumeGraceMs: config.resumeGraceMs,
    credentials: new ResumeCredentials(resolveServerSecret(config)),
    now: Date.now,
  });

  // Routes are registered after listening because, with PORT=0, the origins (and so the CSP)
  // depend on the port; no request is served before this synchronous continuation ends.
  const socket = await listen(app, config.host, config.port);
  const port = uws.us_socket_local_port(socket);
  const origins = config.allowedOrigins ?? [...devOrigins(config.host, port, scheme), ...(options.extraOrigins?.(port) ?? [])];
  const allowed = new Set(origins);
  const headers = securityHeaders({ origins, https: servedOverHttps(config, tls) });
  const addresses = new ClientAddressResolver(config.trustedProxies);
  registerSignalingRoute(app, signaling, { isAllowedOrigin: (origin) => allowed.has(origin), addresses }, headers, config.idleTimeoutSeconds);
  registerLanInfoRoute(app, headers, options.lanInfo?.(port));
  registerHttpRoutes(app, assets, headers);

  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const urls = [`${scheme}://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`];
  return {
    port,
    urls,
    signaling,
    close() {
      uws.us_listen_socket_close(socket);
      signaling.shutdown();
    },
  };
}
