// The LAN server's QR link: its URL with the certificate's SHA-256 fingerprint in the fragment, shared by server and app.

/** What follows `#` in a LAN server link: `lan=` and the fingerprint as 64 hex digits. */
export const LAN_FRAGMENT_PREFIX = '#lan=';
/** Bytes of the SHA-256 certificate fingerprint. */
const FINGERPRINT_BYTES = 32;

/**
 * `https://HOST:PORT/#lan=HEX`: the address to open, and the fingerprint the browser's certificate
 * warning must show. The fragment never reaches the server. `fingerprint` is colon-separated hex.
 */
export function formatLanLink(url: string, fingerprint: string): string {
  const base = url.endsWith('/') ? url : `${url}/`;
  return `${base}${LAN_FRAGMENT_PREFIX}${fingerprint.replace(/:/g, '').toUpperCase()}`;
}

/** The fingerprint of a LAN link's fragment as colon-separated upper-case hex, or undefined. */
export function parseLanFingerprint(hash: string): string | undefined {
  if (!hash.startsWith(LAN_FRAGMENT_PREFIX)) return undefined;
  const hex = hash.slice(LAN_FRAGMENT_PREFIX.length);
  if (!new RegExp(`^[0-9a-fA-F]{${FINGERPRINT_BYTES * 2}}$`).test(hex)) return undefined;
  return hex.toUpperCase().match(/.{2}/g)!.join(':');
}
