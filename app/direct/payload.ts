// The server-less call's QR payload: a versioned binary codec (ICE credentials, DTLS fingerprint, host candidates) in base64url text.
import { base64urlDecode, base64urlEncode } from '../crypto/base64url.js';

/** The payload layout this app writes and reads; anything else is refused as another version. */
export const DIRECT_PAYLOAD_VERSION = 1;
/** What every direct-call QR text starts with: tells it apart from invites and fingerprint codes. */
export const DIRECT_PREFIX = 'SCD:';
/** SHA-256 DTLS certificate fingerprint, in bytes. */
export const FINGERPRINT_BYTES = 32;
/** Bytes of SHA-256 over the rest of the payload that end it: catches a damaged paste or a misread. */
export const CHECK_BYTES = 4;
/** Most candidates one payload carries (4 bits in the header; more would only grow the QR). */
export const MAX_CANDIDATES = 8;
/** Shortest ICE ufrag RFC 8839 allows, in characters. */
const MIN_UFRAG_CHARS = 4;
/** Shortest ICE password RFC 8839 allows, in characters. */
const MIN_PWD_CHARS = 22;
/** Longest ufrag or password carried, in characters (browsers use 4–16 and 22–32). */
export const MAX_ICE_CREDENTIAL_CHARS = 64;
/** Longest payload text accepted, in characters: the largest valid payload fits with room to spare. */
export const MAX_PAYLOAD_TEXT_CHARS = 512;
/** Bytes of an mDNS candidate name's UUID (`<uuid>.local`). */
const UUID_BYTES = 16;
/** The characters RFC 8839 allows in ufrag and password (ice-char). */
const ICE_CHARS = /^[A-Za-z0-9+/]+$/;

/** Which half of the exchange a payload is. */
export type DirectRole = 'offer' | 'answer';
/** The DTLS role (RFC 4145 a=setup) the sender declared. */
export type DtlsSetup = 'actpass' | 'active' | 'passive';

/** One host candidate: an IP address or an mDNS name, a port, and UDP or passive TCP. */
export interface DirectCandidate {
  /** Dotted IPv4, IPv6 as the browser wrote it, or `<uuid>.local`. */
  readonly address: string;
  readonly port: number;
  readonly protocol: 'udp' | 'tcp';
}

/** Everything one side tells the other; the rest of the SDP comes from the shared template. */
export interface DirectPayload {
  readonly role: DirectRole;
  readonly setup: DtlsSetup;
  readonly ufrag: string;
  readonly pwd: string;
  /** Raw SHA-256 of the sender's DTLS certificate. */
  readonly fingerprint: Uint8Array;
  readonly candidates: readonly DirectCandidate[];
}

/** Why a scanned text was refused. */
export type PayloadErrorCode = 'not-direct' | 'other-version' | 'damaged';

/** A payload that cannot be used, with the reason the UI explains. */
export class PayloadError extends Error {
  constructor(readonly code: PayloadErrorCode) {
    super(`direct-call payload refused: ${code}`);
    this.name = 'PayloadError';
  }
}

const SETUPS: readonly DtlsSetup[] = ['actpass', 'active', 'passive'];
/** Address kinds in a candidate's first byte (bits 7–6). */
const KIND_IPV4 = 0;
const KIND_IPV6 = 1;
const KIND_MDNS = 2;
/** Protocol bit in a candidate's first byte: set for passive TCP. */
const TCP_BIT = 0x20;

/** Whether `text` claims to be a direct-call payload (what the scanner routes on). */
export function isDirectPayloadText(text: string): boolean {
  return text.startsWith(DIRECT_PREFIX);
}

function ipv4Bytes(address: string): Uint8Array | undefined {
  const parts = address.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return Uint8Array.from(parts.map(Number));
}

function ipv6Bytes(address: string): Uint8Array | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(address)) return undefined;
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string | undefined): number[] | undefined => {
    if (part === undefined || part === '') return [];
    const out: number[] = [];
    for (const g of part.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...new Array<number>(missing).fill(0), ...tail];
  const out = new Uint8Array(16);
  all.forEach((g, i) => {
    out[2 * i] = g >>> 8;
    out[2 * i + 1] = g & 255;
  });
  return out;
}

function ipv6Text(bytes: Uint8Array): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return groups.join(':');
}

function uuidBytes(address: string): Uint8Array | undefined {
  const match = /^([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\.local$/.exec(address);
  if (!match) return undefined;
  const hex = match.slice(1).join('');
  return Uint8Array.from({ length: UUID_BYTES }, (_, i) => parseInt(hex.slice(2 * i, 2 * i + 2), 16));
}

function uuidText(bytes: Uint8Array): string {
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}.local`;
}

/** The address as (kind, bytes), or undefined when it is none of IPv4, IPv6 or an mDNS UUID name. */
function addressBytes(address: string): { kind: number; bytes: Uint8Array } | undefined {
  const v4 = ipv4Bytes(address);
  if (v4) return { kind: KIND_IPV4, bytes: v4 };
  const v6 = ipv6Bytes(address);
  if (v6) return { kind: KIND_IPV6, bytes: v6 };
  const uuid = uuidBytes(address);
  return uuid ? { kind: KIND_MDNS, bytes: uuid } : undefined;
}

/** Whether the payload codec can carry this candidate (IPv4, IPv6 or mDNS; a real port). */
export function isEncodableCandidate(candidate: DirectCandidate): boolean {
  return addressBytes(candidate.address) !== undefined && Number.isInteger(candidate.port) && candidate.port > 0 && candidate.port < 65536;
}

function credential(value: string, min: number): Uint8Array {
  if (value.length < min || value.length > MAX_ICE_CREDENTIAL_CHARS || !ICE_CHARS.test(value)) {
    throw new RangeError('ICE credential outside what the payload carries');
  }
  return new TextEncoder().encode(value);
}

async function check(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)).subarray(0, CHECK_BYTES);
}

/**
 * Encodes `payload` as QR text: `SCD:` + base64url of the bytes laid out in docs/direct-call.md.
 * Throws RangeError when a field cannot be carried (no candidate, too many, bad credential).
 */
export async function encodeDirectPayload(payload: DirectPayload): Promise<string> {
  const { candidates } = payload;
  if (candidates.length === 0 || candidates.length > MAX_CANDIDATES) throw new RangeError('a payload carries 1 to 8 candidates');
  if (payload.fingerprint.length !== FINGERPRINT_BYTES) throw new RangeError('fingerprint must be 32 bytes of SHA-256');
  const ufrag = credential(payload.ufrag, MIN_UFRAG_CHARS);
  const pwd = credential(payload.pwd, MIN_PWD_CHARS);
  const parts: number[] = [
    DIRECT_PAYLOAD_VERSION,
    ((payload.role === 'answer' ? 1 : 0) << 7) | (SETUPS.indexOf(payload.setup) << 5) | candidates.length,
    ufrag.length,
    ...ufrag,
    pwd.length,
    ...pwd,
    ...payload.fingerprint,
  ];
  for (const candidate of candidates) {
    const address = addressBytes(candidate.address);
    if (!address || !isEncodableCandidate(candidate)) throw new RangeError('candidate the payload cannot carry');
    parts.push((address.kind << 6) | (candidate.protocol === 'tcp' ? TCP_BIT : 0), ...address.bytes, candidate.port >>> 8, candidate.port & 255);
  }
  const body = Uint8Array.from(parts);
  const bytes = new Uint8Array(body.length + CHECK_BYTES);
  bytes.set(body);
  bytes.set(await check(body), body.length);
  return DIRECT_PREFIX + base64urlEncode(bytes);
}

/** Reads bytes in order; running past the end is damage. */
class Reader {
  private offset = 0;
  constructor(private readonly bytes: Uint8Array) {}
  byte(): number {
    const b = this.bytes[this.offset++];
    if (b === undefined) throw new PayloadError('damaged');
    return b;
  }
  take(length: number): Uint8Array {
    if (this.offset + length > this.bytes.length) throw new PayloadError('damaged');
    const out = this.bytes.slice(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }
  get done(): boolean {
    return this.offset === this.bytes.length;
  }
}

function readCredential(reader: Reader, min: number): string {
  const length = reader.byte();
  if (length < min || length > MAX_ICE_CREDENTIAL_CHARS) throw new PayloadError('damaged');
  const value = new TextDecoder().decode(reader.take(length));
  if (!ICE_CHARS.test(value)) throw new PayloadError('damaged');
  return value;
}

function readCandidate(reader: Reader): DirectCandidate {
  const head = reader.byte();
  const kind = head >>> 6;
  if ((head & ~(0xc0 | TCP_BIT)) !== 0 || kind > KIND_MDNS) throw new PayloadError('damaged');
  const bytes = reader.take(kind === KIND_IPV4 ? 4 : 16);
  const port = (reader.byte() << 8) | reader.byte();
  if (port === 0) throw new PayloadError('damaged');
  const address = kind === KIND_IPV4 ? bytes.join('.') : kind === KIND_IPV6 ? ipv6Text(bytes) : uuidText(bytes);
  return { address, port, protocol: head & TCP_BIT ? 'tcp' : 'udp' };
}

/**
 * Decodes QR text into a payload. Throws PayloadError: 'not-direct' (no `SCD:` prefix),
 * 'other-version' (a layout this app does not know), 'damaged' (bad encoding, check mismatch,
 * impossible field or trailing bytes).
 */
export async function decodeDirectPayload(text: string): Promise<DirectPayload> {
  if (!isDirectPayloadText(text)) throw new PayloadError('not-direct');
  if (text.length > MAX_PAYLOAD_TEXT_CHARS) throw new PayloadError('damaged');
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = base64urlDecode(text.slice(DIRECT_PREFIX.length));
  } catch {
    throw new PayloadError('damaged');
  }
  if (bytes.length === 0) throw new PayloadError('damaged');
  // The version comes first so a newer layout is named as such rather than called damaged.
  if (bytes[0] !== DIRECT_PAYLOAD_VERSION) throw new PayloadError('other-version');
  if (bytes.length <= CHECK_BYTES) throw new PayloadError('damaged');
  const body = bytes.slice(0, bytes.length - CHECK_BYTES);
  const expected = await check(body);
  if (!expected.every((b, i) => b === bytes[body.length + i])) throw new PayloadError('damaged');
  const reader = new Reader(body);
  reader.byte();
  const flags = reader.byte();
  const setup = SETUPS[(flags >>> 5) & 3];
  const count = flags & 15;
  if (setup === undefined || (flags & 0x10) !== 0 || count === 0 || count > MAX_CANDIDATES) throw new PayloadError('damaged');
  const ufrag = readCredential(reader, MIN_UFRAG_CHARS);
  const pwd = readCredential(reader, MIN_PWD_CHARS);
  const fingerprint = reader.take(FINGERPRINT_BYTES);
  const candidates = Array.from({ length: count }, () => readCandidate(reader));
  if (!reader.done) throw new PayloadError('damaged');
  return { role: flags & 0x80 ? 'answer' : 'offer', setup, ufrag, pwd, fingerprint, candidates };
}
