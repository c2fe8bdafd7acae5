// LAN mode start-up: the certificate, the origins and /lan.json for the server, then the banner and the discovery responder.
import { readFileSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import type { Config } from '../config.js';
import type { ServerOptions } from '../server.js';
import { certificateNames, lanOrigins, lanUrls, type Interfaces } from './addresses.js';
import { certificateNamesOf, describeCertificate, loadOrCreateCertificate, type LanCertificate } from './certificate.js';
import { fingerprintBytes } from './discovery-codec.js';
import type { LanInfo } from './lan-info-route.js';
import { startDiscoveryResponder, type DiscoveryResponder } from './responder.js';
import { formatLanLink } from '../../protocol/lan-link.js';
import { terminalQr } from './terminal-qr.js';

/** What main needs to run LAN mode. */
export interface LanMode {
  /** TLS files, extra origins and /lan.json for startServer. */
  readonly serverOptions: ServerOptions;
  /** Once the server listens on `port`: prints the URLs, fingerprint and QR, and starts discovery. */
  start(port: number): Promise<DiscoveryResponder>;
}

/** The machine as LAN mode sees it; tests pass their own. */
export interface Machine {
  readonly interfaces: Interfaces;
  readonly hostname: string;
}

function certificateNotice(cert: LanCertificate, dataDir: string): string {
  switch (cert.issued) {
    case 'new':
      return `Created a self-signed certificate in ${dataDir}`;
    case 'expiring':
      return `Renewed the certificate in ${dataDir} (it was about to expire)`;
    case 'names changed':
      return `Re-issued the certificate in ${dataDir} for this machine's current addresses (same key)`;
    case undefined:
      return `Using the certificate in ${dataDir}`;
  }
}

/** Prepares LAN mode: TLS_CERT/TLS_KEY when set, else the generated certificate in DATA_DIR. */
export async function prepareLanMode(config: Config, machine: Machine = { interfaces: networkInterfaces(), hostname: hostname() }): Promise<LanMode> {
  const wanted = certificateNames(machine.interfaces, machine.hostname);
  let notice: string;
  let described: { fingerprint: string; spkiSha256: string };
  let serverOptionsTls: ServerOptions['tls'];
  let names = wanted;
  if (config.tls) {
    const pem = readFileSync(config.tls.certFile);
    described = describeCertificate(pem);
    names = certificateNamesOf(pem);
    notice = `Using the certificate from TLS_CERT`;
  } else {
    const cert = await loadOrCreateCertificate(config.dataDir, wanted);
    described = cert;
    serverOptionsTls = { cert: cert.certFile, key: cert.keyFile };
    notice = certificateNotice(cert, config.dataDir);
  }

  const info = (port: number): LanInfo => ({
    name: machine.hostname,
    urls: lanUrls(config.host, port, machine.interfaces, machine.hostname),
    fingerprint: described.fingerprint,
  });

  return {
    serverOptions: {
      ...(serverOptionsTls ? { tls: serverOptionsTls } : {}),
      extraOrigins: (port) => lanOrigins(names, port),
      lanInfo: info,
    },
    async start(port) {
      const { name, urls, fingerprint } = info(port);
      const responder = await startDiscoveryResponder({
        host: config.host,
        port: config.discoveryPort,
        content: { name, urls, fingerprint: fingerprintBytes(fingerprint) },
      });
      const lines = [
        '',
        'SecureCall LAN mode: on a phone or laptop on this network, open',
        ...urls.map((url) => `  ${url}`),
        `Certificate SHA-256 fingerprint: ${fingerprint}`,
        `${notice}. Browsers warn about a self-signed certificate: check that the fingerprint matches, then continue.`,
        `Others can find this server with \`npm run discover\`.`,
        `Scan to open ${urls[0]!}:`,
        await terminalQr(formatLanLink(urls[0]!, fingerprint)),
        `LAN discovery on udp port ${responder.port}`,
      ];
      console.log(lines.join('\n'));
      return responder;
    },
  };
}
