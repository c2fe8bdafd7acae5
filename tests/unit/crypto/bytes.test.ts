// Byte helpers: strict base64url, constant-time compare, UTF-8, big-endian integers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64urlDecode, base64urlEncode, constantTimeEqual, CryptoError, utf8Decode } from '../../../app/crypto/index.js';
import { compareBytes, fromHex, readU32be, u32be } from '../../../app/crypto/bytes.js';

describe('base64url', () => {
  it('round-trips any bytes and matches Node’s encoder', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = base64urlEncode(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64url'));
        expect(base64urlDecode(text)).toEqual(Uint8Array.from(bytes));
      }),
    );
  });

  it.each(['A', 'AAAAA', 'AA==', 'AB+/', 'a b', 'é', 'AB', 'AAB'])('refuses %j (padding, foreign chars, bad length, non-zero tail bits)', (text) => {
    expect(() => base64urlDecode(text)).toThrow(CryptoError);
  });

  it('decodes the empty string to no bytes', () => {
    expect(base64urlDecode('')).toEqual(new Uint8Array(0));
  });
});

describe('constantTimeEqual', () => {
  it('agrees with element-wise equality', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 }), (a, b) => {
        expect(constantTimeEqual(a, b)).toBe(Buffer.from(a).equals(Buffer.from(b)));
        expect(constantTimeEqual(a, Uint8Array.from(a))).toBe(true);
      }),
    );
  });
});

describe('integers, hex, ordering, UTF-8', () => {
  it.each([0, 1, 0xffff_ffff])('u32 %i round-trips', (n) => {
    expect(readU32be(u32be(n), 0)).toBe(n);
  });
  it.each([-1, 2 ** 32, 1.5])('u32 refuses %d', (n) => {
    expect(() => u32be(n)).toThrow(CryptoError);
  });
  it('parses hex and refuses odd or foreign input', () => {
    expect(fromHex('00fFa0')).toEqual(Uint8Array.of(0, 255, 160));
    expect(() => fromHex('abc')).toThrow(CryptoError);
    expect(() => fromHex('zz')).toThrow(CryptoError);
  });
  it('orders bytes lexicographically', () => {
    expect(compareBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBeLessThan(0);
    expect(compareBytes(Uint8Array.of(1), Uint8Array.of(1, 0))).toBeLessThan(0);
    expect(compareBytes(Uint8Array.of(2), Uint8Array.of(1, 9))).toBeGreaterThan(0);
  });
  it('refuses malformed UTF-8 with invalid-encoding', () => {
    expect(() => utf8Decode(Uint8Array.of(0xff))).toThrow(CryptoError);
  });
});
