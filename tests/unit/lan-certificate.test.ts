// The LAN certificate: P-256, the right names, a private key file, reuse across starts and re-issue rules.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LanNames } from '../../server/lan/addresses.js';
import {
  CERT_RENEW_BEFORE_DAYS,
  CERT_VALIDITY_DAYS,
  MAX_CERT_NAMES,
  certificateNamesOf,
  coversNames,
  loadOrCreateCertificate,
} from '../../server/lan/certificate.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const home: LanNames = { dns: ['laptop', 'laptop.local', 'localhost'], ips: ['192.168.1.20', 'fd00::20', '127.0.0.1'] };
const office: LanNames = { dns: ['laptop', 'laptop.local', 'localhost'], ips: ['10.0.0.5', '127.0.0.1'] };

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sc-lan-cert-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('loadOrCreateCertificate', () => {
  it('creates a self-signed P-256 certificate whose SANs list every name, with a 0600 key', async () => {
    const cert = await loadOrCreateCertificate(dir, home);
    expect(cert.issued).toBe('new');
    const x509 = new X509Certificate(readFileSync(cert.certFile));
    expect(x509.publicKey.asymmetricKeyType).toBe('ec');
    expect(x509.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(x509.verify(x509.publicKey)).toBe(true);
    expect(x509.checkPrivateKey(createPrivateKey(readFileSync(cert.keyFile)))).toBe(true);
    expect(x509.ca).toBe(false);
    expect(x509.subjectAltName).toBe('DNS:laptop, DNS:laptop.local, DNS:localhost, IP Address:192.168.1.20, IP Address:FD00:0:0:0:0:0:0:20, IP Address:127.0.0.1');
    expect(x509.checkIP('192.168.1.20')).toBe('192.168.1.20');
    expect(x509.checkHost('laptop.local')).toBe('laptop.local');
    expect(cert.fingerprint).toBe(x509.fingerprint256);
    expect(statSync(cert.keyFile).mode & 0o777).toBe(0o600);
    const validDays = (Date.parse(x509.validTo) - Date.now()) / DAY_MS;
    expect(validDays).toBeGreaterThan(CERT_VALIDITY_DAYS - 1);
    expect(validDays).toBeLessThanOrEqual(CERT_VALIDITY_DAYS);
  });

  it('reuses the stored certificate while it covers the names: same fingerprint', async () => {
    const first = await loadOrCreateCertificate(dir, home);
    const second = await loadOrCreateCertificate(dir, { dns: ['localhost'], ips: ['127.0.0.1', 'fd00:0::20'] });
    expect(second.issued).toBeUndefined();
    expect(second.fingerprint).toBe(first.fingerprint);
  });

  it('re-issues with the same key when the addresses change, keeping the old names after the new', async () => {
    const first = await loadOrCreateCertificate(dir, home);
    const moved = await loadOrCreateCertificate(dir, office);
    expect(moved.issued).toBe('names changed');
    expect(moved.fingerprint).not.toBe(first.fingerprint);
    expect(moved.spkiSha256).toBe(first.spkiSha256);
    expect(certificateNamesOf(readFileSync(moved.certFile)).ips.slice(0, 2)).toEqual(['10.0.0.5', '127.0.0.1']);
    expect(coversNames(certificateNamesOf(readFileSync(moved.certFile)), home)).toBe(true);
    const back = await loadOrCreateCertificate(dir, home);
    expect(back.issued).toBeUndefined();
    expect(back.fingerprint).toBe(moved.fingerprint);
  });

  it('renews a certificate with fewer than CERT_RENEW_BEFORE_DAYS left', async () => {
    const first = await loadOrCreateCertificate(dir, home);
    const later = new Date(Date.now() + (CERT_VALIDITY_DAYS - CERT_RENEW_BEFORE_DAYS + 1) * DAY_MS);
    const renewed = await loadOrCreateCertificate(dir, home, later);
    expect(renewed.issued).toBe('expiring');
    expect(renewed.spkiSha256).toBe(first.spkiSha256);
    expect(Date.parse(new X509Certificate(readFileSync(renewed.certFile)).validTo)).toBeGreaterThan(later.getTime() + (CERT_VALIDITY_DAYS - 1) * DAY_MS);
  });

  it('never lists more than MAX_CERT_NAMES names, dropping old ones first', async () => {
    await loadOrCreateCertificate(dir, { dns: ['localhost'], ips: Array.from({ length: 40 }, (_, i) => `10.1.0.${i + 1}`) });
    const next = await loadOrCreateCertificate(dir, { dns: ['localhost'], ips: Array.from({ length: 40 }, (_, i) => `10.2.0.${i + 1}`) });
    const names = certificateNamesOf(readFileSync(next.certFile));
    expect(names.dns.length + names.ips.length).toBe(MAX_CERT_NAMES);
    expect(names.ips.slice(0, 40)).toEqual(Array.from({ length: 40 }, (_, i) => `10.2.0.${i + 1}`));
  });

  it('replaces a corrupt certificate, makes a new key when the key is unreadable, and tightens a loose key mode', async () => {
    const first = await loadOrCreateCertificate(dir, home);
    writeFileSync(first.certFile, 'not a certificate');
    const replaced = await loadOrCreateCertificate(dir, home);
    expect(replaced.issued).toBe('new');
    expect(replaced.spkiSha256).toBe(first.spkiSha256);

    chmodSync(replaced.keyFile, 0o644);
    expect((await loadOrCreateCertificate(dir, home)).issued).toBeUndefined();
    expect(statSync(replaced.keyFile).mode & 0o777).toBe(0o600);

    writeFileSync(replaced.keyFile, 'garbage');
    const rekeyed = await loadOrCreateCertificate(dir, home);
    expect(rekeyed.issued).toBe('new');
    expect(rekeyed.spkiSha256).not.toBe(first.spkiSha256);
  });
});

describe('coversNames', () => {
  it('compares IP addresses by value and DNS names exactly', () => {
    expect(coversNames({ dns: ['a.local'], ips: ['FD00:0:0:0:0:0:0:20'] }, { dns: ['a.local'], ips: ['fd00::20'] })).toBe(true);
    expect(coversNames({ dns: ['a.local'], ips: [] }, { dns: ['b.local'], ips: [] })).toBe(false);
    expect(coversNames({ dns: [], ips: ['10.0.0.1'] }, { dns: [], ips: ['10.0.0.2'] })).toBe(false);
  });
});
