// Fingerprints for people: full and short forms, pairwise safety number, room safety code, QR payload checks.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  base64urlDecode,
  base64urlEncode,
  checkFingerprintQr,
  encodeFingerprintQr,
  fingerprintOf,
  generateIdentity,
  QR_PAYLOAD_BYTES,
  QR_PREFIX,
  ROOM_CODE_GROUPS,
  ROOM_CODE_ITERATIONS,
  roomSafetyCode,
  safetyNumber,
  shortFingerprint,
} from '../../../app/crypto/index.js';
import { OTHER_ROOM, ROOM } from './helpers.js';

const keys = await Promise.all(Array.from({ length: 4 }, async () => (await generateIdentity()).publicRaw));
const [k0, k1, k2, k3] = keys as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];

describe('fingerprintOf and shortFingerprint', () => {
  it('is SHA-256 of the raw key, shown as 4 groups of 4 upper-case hex digits', async () => {
    const fp = await fingerprintOf(k0);
    expect(fp).toEqual(new Uint8Array(await crypto.subtle.digest('SHA-256', Uint8Array.from(k0))));
    expect(shortFingerprint(fp)).toMatch(/^[0-9A-F]{4} [0-9A-F]{4} [0-9A-F]{4} [0-9A-F]{4}$/);
    expect(shortFingerprint(Uint8Array.of(0xab, 0xcd, 0xef, 0x01, 0x23, 0x45, 0x67, 0x89, 0xff))).toBe('ABCD EF01 2345 6789');
  });

  it('refuses a key that is not a 65-byte uncompressed point', async () => {
    await expect(fingerprintOf(k0.slice(1))).rejects.toMatchObject({ code: 'invalid-public-key' });
  });
});

describe('safetyNumber', () => {
  it('is 12 groups of 5 digits, identical whoever computes it', async () => {
    const ab = await safetyNumber(k0, k1);
    expect(ab).toMatch(/^\d{5}( \d{5}){11}$/);
    expect(await safetyNumber(k1, k0)).toBe(ab);
  });

  it('is symmetric for any pair of keys and differs between pairs', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...keys), fc.constantFrom(...keys), async (x, y) => {
        expect(await safetyNumber(x, y)).toBe(await safetyNumber(y, x));
      }),
      { numRuns: 20 },
    );
    expect(await safetyNumber(k0, k1)).not.toBe(await safetyNumber(k0, k2));
  });
});

describe('roomSafetyCode', () => {
  it('is 6 groups of 5 digits, independent of member order', async () => {
    const code = await roomSafetyCode(ROOM, [k0, k1, k2]);
    expect(code).toMatch(/^\d{5}( \d{5}){5}$/);
    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray([k0, k1, k2], { minLength: 3, maxLength: 3 }), async (order) => {
        expect(await roomSafetyCode(ROOM, order)).toBe(code);
      }),
      { numRuns: 5 },
    );
  });

  it('is PBKDF2-SHA256 with 2^16 iterations, salted with the room id, over the count and the sorted keys', async () => {
    const sorted = [k0, k1, k2].map((k) => Buffer.from(k)).sort(Buffer.compare);
    const password = await crypto.subtle.importKey('raw', Buffer.concat([Buffer.of(3), ...sorted]), 'PBKDF2', false, ['deriveBits']);
    const salt = Buffer.concat([Buffer.from('SecureCall v2 room safety code'), Buffer.of(ROOM.length), Buffer.from(ROOM)]);
    const bits = Buffer.from(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: 65_536 }, password, 240));
    const expected = Array.from({ length: 6 }, (_, i) => String(bits.readUIntBE(i * 5, 5) % 100_000).padStart(5, '0')).join(' ');
    expect(ROOM_CODE_ITERATIONS).toBe(65_536);
    expect(ROOM_CODE_GROUPS).toBe(6);
    expect(await roomSafetyCode(ROOM, [k2, k0, k1])).toBe(expected);
  });

  it('changes when any single key changes, when the member count changes, and with the room', async () => {
    const members = [k0, k1, k2];
    const code = await roomSafetyCode(ROOM, members);
    const variants = await Promise.all([
      // Each single key replaced by another.
      ...members.map((_, i) => roomSafetyCode(ROOM, members.map((k, j) => (i === j ? k3 : k)))),
      // One more member, one fewer, and the same key counted twice.
      roomSafetyCode(ROOM, [...members, k3]),
      roomSafetyCode(ROOM, [k0, k1]),
      roomSafetyCode(ROOM, [k0, k1, k2, k2]),
      roomSafetyCode(OTHER_ROOM, members),
    ]);
    for (const other of variants) expect(other).not.toBe(code);
    expect(new Set(variants).size).toBe(variants.length);
  });
});

describe('fingerprint QR', () => {
  it('encodes as the prefix plus 49 bytes in base64url and checks as a match', async () => {
    const fp = await fingerprintOf(k0);
    const text = await encodeFingerprintQr(ROOM, fp);
    expect(text.startsWith(QR_PREFIX)).toBe(true);
    const payload = base64urlDecode(text.slice(QR_PREFIX.length));
    expect(payload.length).toBe(QR_PAYLOAD_BYTES);
    expect(payload[0]).toBe(1);
    expect(payload.slice(17)).toEqual(fp);
    expect(await checkFingerprintQr(text, ROOM, fp)).toBe('match');
  });

  it('reports each failure distinctly', async () => {
    const fp = await fingerprintOf(k0);
    const text = await encodeFingerprintQr(ROOM, fp);
    const payload = base64urlDecode(text.slice(QR_PREFIX.length));
    const v2 = Uint8Array.from(payload);
    v2[0] = 2;
    expect(await checkFingerprintQr('https://example.com/', ROOM, fp)).toBe('not-a-fingerprint');
    expect(await checkFingerprintQr(`${QR_PREFIX}!!`, ROOM, fp)).toBe('not-a-fingerprint');
    expect(await checkFingerprintQr(QR_PREFIX, ROOM, fp)).toBe('not-a-fingerprint');
    expect(await checkFingerprintQr(text.slice(0, -4), ROOM, fp)).toBe('not-a-fingerprint');
    expect(await checkFingerprintQr(QR_PREFIX + base64urlEncode(v2), ROOM, fp)).toBe('wrong-version');
    expect(await checkFingerprintQr(text, OTHER_ROOM, fp)).toBe('wrong-room');
    expect(await checkFingerprintQr(text, ROOM, await fingerprintOf(k1))).toBe('key-mismatch');
  });

  it('reports key-mismatch for any single-bit change in the fingerprint part', async () => {
    const fp = await fingerprintOf(k0);
    const payload = base64urlDecode((await encodeFingerprintQr(ROOM, fp)).slice(QR_PREFIX.length));
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 255 }), async (bit) => {
        const changed = Uint8Array.from(payload);
        changed[17 + (bit >> 3)]! ^= 1 << (bit & 7);
        expect(await checkFingerprintQr(QR_PREFIX + base64urlEncode(changed), ROOM, fp)).toBe('key-mismatch');
      }),
      { numRuns: 50 },
    );
  });

  it('refuses to encode a fingerprint that is not 32 bytes', async () => {
    await expect(encodeFingerprintQr(ROOM, new Uint8Array(31))).rejects.toMatchObject({ code: 'invalid-length' });
  });
});
