// Pure classification of decoded QR text: a SecureCall invite link, a fingerprint QR, or something else.
import { QR_PREFIX } from '../crypto/qr.js';
import { isDirectPayloadText } from '../direct/payload.js';
import { parseLanFingerprint } from '../../protocol/lan-link.js';
import { parseInvite, type Invite } from '../invite/link.js';

/** Longest QR text considered at all; a SecureCall code is far shorter (an invite link is under 200). */
export const MAX_SCAN_TEXT_CHARS = 2048;

/** Hosts where a plain-http invite is accepted: a developer's own machine. */
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

/** What a scanned or pasted text turned out to be. */
export type ScanResult =
  | {
      readonly kind: 'invite';
      readonly invite: Invite;
      /** The origin the invite belongs to, e.g. https://call.example.org. */
      readonly origin: string;
    }
  | {
      readonly kind: 'fingerprint';
      /** The QR text as scanned, for checkFingerprintQr against a participant's key. */
      readonly text: string;
    }
  | {
      readonly kind: 'direct';
      /** A server-less call's offer or answer, for DirectCall to decode and judge. */
      readonly text: string;
    }
  | {
      readonly kind: 'lan-server';
      /** The LAN server's origin, e.g. https://192.168.1.20:8790. */
      readonly origin: string;
      /** Its certificate's SHA-256 fingerprint, colon-separated hex, to compare with its terminal. */
      readonly fingerprint: string;
    }
  | { readonly kind: 'not-securecall' };

const NOT_SECURECALL: ScanResult = Object.freeze({ kind: 'not-securecall' });

/** `new URL` without throwing (URL.canParse is missing from Safari before 17). */
function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    // Expected: scanned text that is not a URL.
    return undefined;
  }
}

function inviteOrigin(url: URL): string | undefined {
  if (url.username !== '' || url.password !== '') return undefined;
  if (url.pathname !== '/' || url.search !== '') return undefined;
  if (url.protocol === 'https:') return url.origin;
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return url.origin;
  return undefined;
}

/**
 * Classifies `text`. An invite must be a whole link `https://HOST/#/join/ROOM.TOKEN.SECRET`
 * (http only on localhost): no credentials, path or query that could dress up another site.
 * A fingerprint QR is recognised by its prefix only; checkFingerprintQr judges version, room and key.
 * So is a server-less call's code; DirectCall judges it. A LAN server's QR is its https origin
 * with `#lan=` and the certificate fingerprint (protocol/lan-link.ts).
 */
export function classifyScan(text: string): ScanResult {
  if (text.length === 0 || text.length > MAX_SCAN_TEXT_CHARS) return NOT_SECURECALL;
  if (text.startsWith(QR_PREFIX)) return { kind: 'fingerprint', text };
  if (isDirectPayloadText(text)) return { kind: 'direct', text };
  const trimmed = text.trim();
  if (/\s/.test(trimmed)) return NOT_SECURECALL;
  const url = parseUrl(trimmed);
  if (url === undefined) return NOT_SECURECALL;
  const origin = inviteOrigin(url);
  if (origin === undefined) return NOT_SECURECALL;
  const lanFingerprint = url.protocol === 'https:' ? parseLanFingerprint(url.hash) : undefined;
  if (lanFingerprint !== undefined) return { kind: 'lan-server', origin, fingerprint: lanFingerprint };
  if (!url.hash.startsWith('#/join/')) return NOT_SECURECALL;
  const invite = parseInvite(url.hash);
  return invite === undefined ? NOT_SECURECALL : { kind: 'invite', invite, origin };
}
