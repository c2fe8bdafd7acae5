// The LAN server's QR link (address + certificate fingerprint) and how the in-app scanner classifies it.
import { describe, expect, it } from 'vitest';
import { formatLanLink, parseLanFingerprint } from '../../protocol/lan-link.js';
import { classifyScan } from '../../app/scan/classify.js';

const FINGERPRINT = Array.from({ length: 32 }, (_, i) => ((i * 9) & 255).toString(16).padStart(2, '0').toUpperCase()).join(':');

describe('LAN server link', () => {
  it('puts the fingerprint as 64 hex digits in the fragment of the server URL and reads it back', () => {
    const link = formatLanLink('https://192.168.1.20:8790', FINGERPRINT);
    expect(link).toBe(`https://192.168.1.20:8790/#lan=${FINGERPRINT.replace(/:/g, '')}`);
    expect(parseLanFingerprint(new URL(link).hash)).toBe(FINGERPRINT);
    expect(formatLanLink('https://laptop.local:8790/', FINGERPRINT.toLowerCase())).toBe(link.replace('192.168.1.20', 'laptop.local'));
  });

  it('reads nothing from a fragment that is not exactly lan= and 32 bytes of hex', () => {
    const hex = FINGERPRINT.replace(/:/g, '');
    for (const hash of ['', `#lan=${hex.slice(2)}`, `#lan=${hex}00`, `#lan=${hex.slice(2)}zz`, `#/join/${hex}`, `#LAN=${hex}`]) {
      expect(parseLanFingerprint(hash)).toBeUndefined();
    }
  });

  it('is classified by the scanner as a LAN server with its origin and fingerprint', () => {
    expect(classifyScan(formatLanLink('https://192.168.1.20:8790', FINGERPRINT))).toEqual({
      kind: 'lan-server',
      origin: 'https://192.168.1.20:8790',
      fingerprint: FINGERPRINT,
    });
  });

  it('is not a LAN server link over http, with a path, query or credentials, or without the fingerprint', () => {
    const hex = FINGERPRINT.replace(/:/g, '');
    for (const text of [
      `http://192.168.1.20:8790/#lan=${hex}`,
      `https://192.168.1.20:8790/x#lan=${hex}`,
      `https://192.168.1.20:8790/?a=1#lan=${hex}`,
      `https://user@192.168.1.20:8790/#lan=${hex}`,
      'https://192.168.1.20:8790/',
      `https://192.168.1.20:8790/#lan=${hex.slice(1)}`,
    ]) {
      expect(classifyScan(text)).toEqual({ kind: 'not-securecall' });
    }
  });
});
