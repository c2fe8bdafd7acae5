// The LAN discovery wire format: pure encoders and decoders for the probe and its reply (layouts in docs/lan.md).

/** "SCLD": SecureCall LAN Discovery. */
export const DISCOVERY_MAGIC = Uint8Array.of(0x53, 0x43, 0x4c, 0x44);

/** The only protocol version this code speaks; other versions are ignored. */
export const DISCOVERY_VERSION = 1;

/** Message type byte of a probe. */
export const TYPE_PROBE = 1;

/** Message type byte of a reply. */
export const TYPE_REPLY = 2;

/** Message type byte of a challenge: the cookie a prober must send back to get a reply. */
export const TYPE_CHALLENGE = 3;

/** Byte 7 of a probe that carries a cookie after its nonce. */
export const PROBE_HAS_COOKIE = 1;

/** Bytes of a challenge cookie. */
export const COOKIE_BYTES = 16;

/** Total bytes of a challenge: the header and the cookie, far smaller than any probe. */
export const CHALLENGE_BYTES = 8 + 16 + COOKIE_BYTES;

/** Random bytes a probe carries and its reply echoes. */
export const NONCE_BYTES = 16;

/** Bytes of the certificate's SHA-256 fingerprint in a reply. */
export const FINGERPRINT_BYTES = 32;

/** Magic, version, type, two bytes of reserved/count, nonce: the header both messages share. */
export const HEADER_BYTES = 8 + NONCE_BYTES;

/** Shortest probe a responder answers, in bytes; shorter ones are treated as truncated. */
export const MIN_PROBE_BYTES = 256;

/** Longest probe a responder answers, in bytes: fits one datagram on the IPv6 minimum MTU (1280). */
export const MAX_PROBE_BYTES = 1200;

/** Size the discover client pads its probes to, in bytes: the room it gives the reply. */
export const PROBE_BYTES = 1024;

/** Longest server name in a reply, in UTF-8 bytes; longer names are cut at a character boundary. */
export const MAX_NAME_BYTES = 63;

/** Longest URL in a reply, in bytes (its length is one byte). */
export const MAX_URL_BYTES = 255;

/** Most URLs one reply lists. */
export const MAX_REPLY_URLS = 16;

const REPLY_FIXED_BYTES = HEADER_BYTES + FINGERPRINT_BYTES + 1;

/** A decoded probe. */
export interface Probe {
  readonly nonce: Uint8Array;
  /** The probe's total length: the most bytes its reply may take. */
  readonly length: number;
  /** The cookie of a challenge this prober received, when it sends one back. */
  readonly cookie: Uint8Array | undefined;
}

/** A decoded challenge. */
export interface Challenge {
  readonly nonce: Uint8Array;
  readonly cookie: Uint8Array;
}

/** What a reply says about one server. */
export interface ReplyContent {
  readonly name: string;
  /** Where the app is served, most useful first; the encoder keeps as many as fit. */
  readonly urls: readonly string[];
  /** SHA-256 of the server's TLS certificate (DER). */
  readonly fingerprint: Uint8Array;
}

/** A decoded reply. */
export interface Reply extends ReplyContent {
  readonly nonce: Uint8Array;
}

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function writeHeader(out: Uint8Array, type: number, byte7: number, nonce: Uint8Array): void {
  out.set(DISCOVERY_MAGIC, 0);
  out[4] = DISCOVERY_VERSION;
  out[5] = type;
  out[6] = 0;
  out[7] = byte7;
  out.set(nonce, 8);
}

function hasHeader(bytes: Uint8Array, type: number): boolean {
  if (bytes.length < HEADER_BYTES) return false;
  for (let i = 0; i < DISCOVERY_MAGIC.length; i++) if (bytes[i] !== DISCOVERY_MAGIC[i]) return false;
  return bytes[4] === DISCOVERY_VERSION && bytes[5] === type && bytes[6] === 0;
}

/** A probe of `length` bytes (header, the cookie when answering a challenge, then zero padding). */
export function encodeProbe(nonce: Uint8Array, length: number = PROBE_BYTES, cookie?: Uint8Array): Uint8Array {
  if (nonce.length !== NONCE_BYTES) throw new RangeError(`nonce must be ${NONCE_BYTES} bytes`);
  if (cookie !== undefined && cookie.length !== COOKIE_BYTES) throw new RangeError(`cookie must be ${COOKIE_BYTES} bytes`);
  if (!Number.isInteger(length) || length < MIN_PROBE_BYTES || length > MAX_PROBE_BYTES) {
    throw new RangeError(`probe length must be ${MIN_PROBE_BYTES}..${MAX_PROBE_BYTES} bytes`);
  }
  const out = new Uint8Array(length);
  writeHeader(out, TYPE_PROBE, cookie ? PROBE_HAS_COOKIE : 0, nonce);
  if (cookie) out.set(cookie, HEADER_BYTES);
  return out;
}

/**
 * The probe in `bytes`, or undefined for anything malformed (wrong size, magic, version, type,
 * non-zero reserved byte, unknown flags, or non-zero padding).
 */
export function decodeProbe(bytes: Uint8Array): Probe | undefined {
  if (bytes.length < MIN_PROBE_BYTES || bytes.length > MAX_PROBE_BYTES) return undefined;
  if (!hasHeader(bytes, TYPE_PROBE) || (bytes[7] !== 0 && bytes[7] !== PROBE_HAS_COOKIE)) return undefined;
  const paddingFrom = bytes[7] === PROBE_HAS_COOKIE ? HEADER_BYTES + COOKIE_BYTES : HEADER_BYTES;
  for (let i = paddingFrom; i < bytes.length; i++) if (bytes[i] !== 0) return undefined;
  const cookie = bytes[7] === PROBE_HAS_COOKIE ? bytes.slice(HEADER_BYTES, paddingFrom) : undefined;
  return { nonce: bytes.slice(8, HEADER_BYTES), length: bytes.length, cookie };
}

/** A challenge to the probe with `nonce`: send this cookie back in a probe to get the reply. */
export function encodeChallenge(nonce: Uint8Array, cookie: Uint8Array): Uint8Array {
  if (nonce.length !== NONCE_BYTES) throw new RangeError(`nonce must be ${NONCE_BYTES} bytes`);
  if (cookie.length !== COOKIE_BYTES) throw new RangeError(`cookie must be ${COOKIE_BYTES} bytes`);
  const out = new Uint8Array(CHALLENGE_BYTES);
  writeHeader(out, TYPE_CHALLENGE, 0, nonce);
  out.set(cookie, HEADER_BYTES);
  return out;
}

/** The challenge in `bytes`, or undefined for anything else. */
export function decodeChallenge(bytes: Uint8Array): Challenge | undefined {
  if (bytes.length !== CHALLENGE_BYTES || !hasHeader(bytes, TYPE_CHALLENGE) || bytes[7] !== 0) return undefined;
  return { nonce: bytes.slice(8, HEADER_BYTES), cookie: bytes.slice(HEADER_BYTES) };
}

/** The longest prefix of `text` that is at most `maxBytes` in UTF-8, cut between code points. */
function utf8Prefix(text: string, maxBytes: number): Uint8Array {
  const out: number[] = [];
  for (const char of text) {
    const encoded = utf8.encode(char);
    if (out.length + encoded.length > maxBytes) break;
    out.push(...encoded);
  }
  return Uint8Array.from(out);
}

/** Printable ASCII only: what a URL in a reply may contain. */
function isPrintableAscii(bytes: Uint8Array): boolean {
  return bytes.every((b) => b > 0x20 && b < 0x7f);
}

/**
 * A reply to a probe with `nonce`, at most `maxBytes` long: URLs that do not fit are left out, in
 * order. Undefined when not even one URL fits, so the caller stays silent rather than send more
 * than it was asked with.
 */
export function encodeReply(content: ReplyContent, nonce: Uint8Array, maxBytes: number): Uint8Array | undefined {
  if (nonce.length !== NONCE_BYTES) throw new RangeError(`nonce must be ${NONCE_BYTES} bytes`);
  if (content.fingerprint.length !== FINGERPRINT_BYTES) throw new RangeError(`fingerprint must be ${FINGERPRINT_BYTES} bytes`);
  const name = utf8Prefix(content.name, MAX_NAME_BYTES);
  const urls: Uint8Array[] = [];
  let size = REPLY_FIXED_BYTES + name.length;
  for (const url of content.urls) {
    const bytes = utf8.encode(url);
    if (bytes.length > MAX_URL_BYTES || !isPrintableAscii(bytes)) continue;
    if (urls.length === MAX_REPLY_URLS || size + 1 + bytes.length > maxBytes) break;
    urls.push(bytes);
    size += 1 + bytes.length;
  }
  if (urls.length === 0) return undefined;

  const out = new Uint8Array(size);
  writeHeader(out, TYPE_REPLY, urls.length, nonce);
  out.set(content.fingerprint, HEADER_BYTES);
  let at = HEADER_BYTES + FINGERPRINT_BYTES;
  out[at++] = name.length;
  out.set(name, at);
  at += name.length;
  for (const url of urls) {
    out[at++] = url.length;
    out.set(url, at);
    at += url.length;
  }
  return out;
}

/** The reply in `bytes`, or undefined for anything malformed, with trailing bytes, or listing a non-https URL. */
export function decodeReply(bytes: Uint8Array): Reply | undefined {
  if (!hasHeader(bytes, TYPE_REPLY)) return undefined;
  const count = bytes[7]!;
  if (count === 0 || count > MAX_REPLY_URLS || bytes.length < REPLY_FIXED_BYTES) return undefined;
  const nonce = bytes.slice(8, HEADER_BYTES);
  const fingerprint = bytes.slice(HEADER_BYTES, HEADER_BYTES + FINGERPRINT_BYTES);
  let at = HEADER_BYTES + FINGERPRINT_BYTES;
  const nameLength = bytes[at++]!;
  if (nameLength > MAX_NAME_BYTES || at + nameLength > bytes.length) return undefined;
  let name: string;
  try {
    name = strictUtf8.decode(bytes.subarray(at, at + nameLength));
  } catch {
    return undefined;
  }
  at += nameLength;
  const urls: string[] = [];
  for (let i = 0; i < count; i++) {
    if (at >= bytes.length) return undefined;
    const length = bytes[at++]!;
    const raw = bytes.subarray(at, at + length);
    if (length === 0 || raw.length !== length || !isPrintableAscii(raw)) return undefined;
    const url = String.fromCharCode(...raw);
    if (!URL.canParse(url) || new URL(url).protocol !== 'https:') return undefined;
    urls.push(url);
    at += length;
  }
  if (at !== bytes.length) return undefined;
  return { nonce, name, urls, fingerprint };
}

/** "AB:CD:…": the form browsers and `openssl x509 -fingerprint` show. */
export function fingerprintText(fingerprint: Uint8Array): string {
  return Array.from(fingerprint, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
}

/** The 32 bytes of an "AB:CD:…" SHA-256 fingerprint; throws on anything else. */
export function fingerprintBytes(text: string): Uint8Array {
  if (!/^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){31}$/.test(text)) throw new RangeError('not a colon-separated SHA-256 fingerprint');
  return Uint8Array.from(text.split(':'), (pair) => parseInt(pair, 16));
}
