// Byte helpers: concatenation, big-endian integers, length-prefixed strings, hex, UTF-8, constant-time compare.
import { CryptoError } from './errors.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Largest value a u32 field holds. */
export const U32_MAX = 0xffff_ffff;

/** Joins byte arrays into one new array. */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** UTF-8 encodes a string. */
export function utf8Encode(text: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(text);
}

/** Decodes UTF-8, throwing `invalid-encoding` on malformed input. */
export function utf8Decode(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch (cause) {
    throw new CryptoError('invalid-encoding', 'bytes are not valid UTF-8', { cause });
  }
}

/** Encodes `value` (0..2^32-1) as 4 big-endian bytes. */
export function u32be(value: number): Uint8Array<ArrayBuffer> {
  if (!Number.isInteger(value) || value < 0 || value > U32_MAX) {
    throw new CryptoError('invalid-length', `u32 out of range: ${value}`);
  }
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value, false);
  return out;
}

/** Reads a big-endian u32 at `offset`. */
export function readU32be(bytes: Uint8Array, offset: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(offset, false);
}

/**
 * Encodes a string as a 1-byte length then its UTF-8 bytes, so that concatenated fields
 * can never be re-split differently (e.g. room "ab"+peer "c" vs room "a"+peer "bc").
 */
export function lengthPrefixed(text: string): Uint8Array<ArrayBuffer> {
  const bytes = utf8Encode(text);
  if (bytes.length > 255) throw new CryptoError('too-large', 'length-prefixed field over 255 bytes');
  return concatBytes(Uint8Array.of(bytes.length), bytes);
}

/** Lower-case hex of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/** Parses an even-length hex string (either case); throws `invalid-encoding` otherwise. */
export function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw new CryptoError('invalid-encoding', 'not a hex string');
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * Compares two byte arrays in time that depends only on their lengths, so a mismatch
 * position never leaks through timing. Lengths are public and compared first.
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** Orders byte arrays lexicographically (shorter prefix first); used for canonical key ordering. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** Bytes as callers may hold them: an ArrayBuffer or any view (Uint8Array, DataView, ...). */
export type BytesLike = ArrayBuffer | ArrayBufferView;

/** Copies bytes into a fresh Uint8Array backed by its own ArrayBuffer (WebCrypto's input type). */
export function toBytes(source: BytesLike): Uint8Array<ArrayBuffer> {
  if (source instanceof ArrayBuffer) return new Uint8Array(source.slice(0));
  const out = new Uint8Array(source.byteLength);
  out.set(new Uint8Array(source.buffer, source.byteOffset, source.byteLength));
  return out;
}

/** `crypto.getRandomValues` into a new array of `length` bytes. */
export function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  return globalThis.crypto.getRandomValues(new Uint8Array(length));
}
