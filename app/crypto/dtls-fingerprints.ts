// DTLS certificate fingerprints: extraction from SDP (RFC 8122 a=fingerprint) and matching a remote certificate.
import { constantTimeEqual, toBytes, toHex, type BytesLike } from './bytes.js';
import { CryptoError } from './errors.js';

/** One `a=fingerprint` value, normalised: lower-case algorithm, raw digest bytes. */
export interface DtlsFingerprint {
  readonly algorithm: string;
  readonly value: Uint8Array<ArrayBuffer>;
}

const DIGESTS: ReadonlyMap<string, { readonly name: string; readonly bytes: number }> = new Map([
  ['sha-256', { name: 'SHA-256', bytes: 32 }],
  ['sha-384', { name: 'SHA-384', bytes: 48 }],
  ['sha-512', { name: 'SHA-512', bytes: 64 }],
]);

const LINE = /^a=fingerprint:([!#$%&'*+\-.^_`{|}~0-9A-Za-z]+) +([0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2})*) *$/;

/**
 * Every distinct fingerprint in an SDP, session and media level alike, sorted canonically.
 * Algorithms WebCrypto cannot hash (e.g. sha-1) are kept so the SDP MAC still covers them
 * and an attacker cannot slip in an unauthenticated one. A malformed fingerprint line
 * throws `malformed-sdp` instead of being skipped.
 */
export function sdpFingerprints(sdp: string): DtlsFingerprint[] {
  const seen = new Map<string, DtlsFingerprint>();
  for (const rawLine of sdp.split(/\r?\n/)) {
    if (!rawLine.toLowerCase().startsWith('a=fingerprint:')) continue;
    const match = LINE.exec(rawLine.trimEnd());
    if (match === null) throw new CryptoError('malformed-sdp', 'malformed a=fingerprint line');
    const algorithm = match[1]!.toLowerCase();
    const value = Uint8Array.from(match[2]!.split(':'), (h) => parseInt(h, 16));
    const digest = DIGESTS.get(algorithm);
    if (digest !== undefined && digest.bytes !== value.length) {
      throw new CryptoError('malformed-sdp', `${algorithm} fingerprint must be ${digest.bytes} bytes`);
    }
    seen.set(`${algorithm} ${toHex(value)}`, { algorithm, value });
  }
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, fp]) => fp);
}

/**
 * True if the remote DTLS certificate (DER, from `RTCDtlsTransport.getRemoteCertificates()`)
 * hashes to one of the fingerprints, each hashed with the algorithm its line names.
 * Fingerprints in algorithms WebCrypto lacks are ignored; if none is usable the answer is false.
 */
export async function certificateMatches(der: BytesLike, fingerprints: readonly DtlsFingerprint[]): Promise<boolean> {
  const cert = toBytes(der);
  const digests = new Map<string, Uint8Array>();
  let matched = false;
  for (const fp of fingerprints) {
    const digest = DIGESTS.get(fp.algorithm);
    if (digest === undefined) continue;
    let hashed = digests.get(digest.name);
    if (hashed === undefined) {
      hashed = new Uint8Array(await globalThis.crypto.subtle.digest(digest.name, cert));
      digests.set(digest.name, hashed);
    }
    if (constantTimeEqual(hashed, fp.value)) matched = true;
  }
  return matched;
}
