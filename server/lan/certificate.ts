// The LAN-mode TLS certificate: a self-signed P-256 certificate kept in DATA_DIR, reused while it still fits.
import { X509Certificate, createHash, createPrivateKey, createPublicKey, randomBytes, webcrypto, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { BlockList, isIPv6 } from 'node:net';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import type { LanNames } from './addresses.js';

// tests/ compile this file with the DOM lib too, where Node's webcrypto type differs from DOM's Crypto.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- needed under the DOM lib, not under server/'s
x509.cryptoProvider.set(webcrypto as unknown as ReturnType<typeof x509.cryptoProvider.get>);

/** How long a generated certificate is valid, in days. */
export const CERT_VALIDITY_DAYS = 365;

/** A certificate with fewer days than this left is re-issued at start-up. */
export const CERT_RENEW_BEFORE_DAYS = 30;

/** How far before "now" a new certificate starts, in hours: phones whose clocks run behind still accept it. */
export const CERT_BACKDATE_HOURS = 24;

/** Most names (DNS and IP together) one certificate lists; older names are dropped first beyond this. */
export const MAX_CERT_NAMES = 64;

/** Only the owner may read the private key. */
const KEY_FILE_MODE = 0o600;
const DATA_DIR_MODE = 0o700;
const DAY_MS = 24 * 60 * 60 * 1000;
const EC_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

/** The certificate the LAN server uses and what clients need to recognise it. */
export interface LanCertificate {
  readonly certFile: string;
  readonly keyFile: string;
  /** SHA-256 of the certificate (DER), "AB:CD:…". */
  readonly fingerprint: string;
  /** base64 SHA-256 of the SubjectPublicKeyInfo: what Chromium's --ignore-certificate-errors-spki-list takes. */
  readonly spkiSha256: string;
  readonly names: LanNames;
  /** Why the certificate was (re)issued at this start; undefined when the stored one was reused. */
  readonly issued: 'new' | 'expiring' | 'names changed' | undefined;
}

/** Fingerprint and SPKI hash of a PEM certificate. */
export function describeCertificate(certPem: string | Buffer): { fingerprint: string; spkiSha256: string } {
  const cert = new X509Certificate(certPem);
  const spki = cert.publicKey.export({ type: 'spki', format: 'der' });
  return { fingerprint: cert.fingerprint256, spkiSha256: createHash('sha256').update(spki).digest('base64') };
}

/** The DNS names and IP addresses in a certificate's subjectAltName. */
export function certificateNamesOf(certPem: string | Buffer): LanNames {
  const cert = new x509.X509Certificate(certPem.toString());
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
  const dns: string[] = [];
  const ips: string[] = [];
  for (const name of san?.names.items ?? []) {
    if (name.type === 'dns') dns.push(name.value.toLowerCase());
    else if (name.type === 'ip') ips.push(name.value);
  }
  return { dns, ips };
}

/** True when every wanted name is listed in `have` (IP addresses compared by value, not spelling). */
export function coversNames(have: LanNames, wanted: LanNames): boolean {
  const ips = new BlockList();
  for (const ip of have.ips) {
    try {
      ips.addAddress(ip, isIPv6(ip) ? 'ipv6' : 'ipv4');
    } catch {
      // A name the parser cannot read covers nothing.
    }
  }
  const dns = new Set(have.dns);
  return wanted.dns.every((n) => dns.has(n)) && wanted.ips.every((ip) => ips.check(ip, isIPv6(ip) ? 'ipv6' : 'ipv4'));
}

/** `wanted` first, then the old certificate's other names, at most MAX_CERT_NAMES in all. */
function mergeNames(wanted: LanNames, old: LanNames): LanNames {
  const oldDns = old.dns.filter((n) => !wanted.dns.includes(n));
  const oldIps = old.ips.filter((ip) => !coversNames({ dns: [], ips: wanted.ips }, { dns: [], ips: [ip] }));
  const room = Math.max(0, MAX_CERT_NAMES - wanted.dns.length - wanted.ips.length);
  const keepDns = oldDns.slice(0, room);
  const keepIps = oldIps.slice(0, room - keepDns.length);
  return { dns: [...wanted.dns, ...keepDns], ips: [...wanted.ips, ...keepIps] };
}

async function issue(key: KeyObject, names: LanNames, now: Date): Promise<string> {
  const privateKey = await webcrypto.subtle.importKey('pkcs8', key.export({ type: 'pkcs8', format: 'der' }), EC_ALGORITHM, false, ['sign']);
  const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  const publicKey = await webcrypto.subtle.importKey('spki', spki, EC_ALGORITHM, true, ['verify']);
  const serial = randomBytes(16);
  serial[0]! &= 0x7f; // serial numbers are positive (RFC 5280 4.1.2.2)
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial.toString('hex'),
    name: 'CN=SecureCall LAN',
    notBefore: new Date(now.getTime() - CERT_BACKDATE_HOURS * 60 * 60 * 1000),
    notAfter: new Date(now.getTime() + CERT_VALIDITY_DAYS * DAY_MS),
    // Without the DOM lib (server/), @peculiar/x509's CryptoKeyPair does not resolve, so this type is an error type.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- the cast only bridges Node's and DOM's CryptoKey
    keys: { privateKey, publicKey } as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]['keys'],
    signingAlgorithm: EC_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        ...names.dns.map((value) => ({ type: 'dns' as const, value })),
        ...names.ips.map((value) => ({ type: 'ip' as const, value })),
      ]),
      await x509.SubjectKeyIdentifierExtension.create(publicKey),
    ],
  });
  return cert.toString('pem');
}

/** Writes through a temporary file and a rename, so a crash never leaves half a file behind. */
function writeAtomically(path: string, data: string, mode: number): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, data, { mode });
  chmodSync(temp, mode);
  renameSync(temp, path);
}

/** The stored P-256 key, or undefined when there is none or it is not a P-256 key. */
function readKey(keyFile: string): KeyObject | undefined {
  if (!existsSync(keyFile)) return undefined;
  try {
    const key = createPrivateKey(readFileSync(keyFile));
    return key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1' ? key : undefined;
  } catch {
    return undefined;
  }
}

/** The stored certificate when it parses and belongs to `key`. */
function readCertificate(certFile: string, key: KeyObject): X509Certificate | undefined {
  if (!existsSync(certFile)) return undefined;
  try {
    const cert = new X509Certificate(readFileSync(certFile));
    return cert.checkPrivateKey(key) ? cert : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The certificate for this start, in `dataDir` (cert.pem, key.pem). The stored one is reused while
 * it has more than CERT_RENEW_BEFORE_DAYS left and covers every name in `wanted`; otherwise it is
 * re-issued with the same key pair, listing the new names and then the old ones, so a laptop that
 * moves between networks soon carries one certificate that covers them all. A missing or unreadable
 * key gets a fresh P-256 key pair.
 */
export async function loadOrCreateCertificate(dataDir: string, wanted: LanNames, now: Date = new Date()): Promise<LanCertificate> {
  mkdirSync(dataDir, { recursive: true, mode: DATA_DIR_MODE });
  const certFile = join(dataDir, 'cert.pem');
  const keyFile = join(dataDir, 'key.pem');

  let key = readKey(keyFile);
  if (key && (statSync(keyFile).mode & 0o077) !== 0) chmodSync(keyFile, KEY_FILE_MODE);
  const stored = key && readCertificate(certFile, key);

  let issued: LanCertificate['issued'];
  let names = wanted;
  if (!key || !stored) {
    issued = 'new';
  } else {
    const old = certificateNamesOf(stored.toString());
    const daysLeft = (Date.parse(stored.validTo) - now.getTime()) / DAY_MS;
    if (daysLeft < CERT_RENEW_BEFORE_DAYS || Date.parse(stored.validFrom) > now.getTime()) issued = 'expiring';
    else if (!coversNames(old, wanted)) issued = 'names changed';
    names = issued === undefined ? old : mergeNames(wanted, old);
  }

  if (issued !== undefined) {
    if (!key) {
      const fresh = await webcrypto.subtle.generateKey(EC_ALGORITHM, true, ['sign', 'verify']);
      const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', fresh.privateKey));
      key = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
      writeAtomically(keyFile, key.export({ type: 'pkcs8', format: 'pem' }).toString(), KEY_FILE_MODE);
    }
    writeAtomically(certFile, await issue(key, names, now), 0o644);
  }
  return { certFile, keyFile, ...describeCertificate(readFileSync(certFile)), names, issued };
}
