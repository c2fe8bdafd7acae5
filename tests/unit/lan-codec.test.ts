// The discovery codec: round trips at the limits, malformed input refused, and no reply larger than its probe.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CHALLENGE_BYTES,
  COOKIE_BYTES,
  FINGERPRINT_BYTES,
  HEADER_BYTES,
  MAX_NAME_BYTES,
  MAX_PROBE_BYTES,
  MAX_REPLY_URLS,
  MAX_URL_BYTES,
  MIN_PROBE_BYTES,
  NONCE_BYTES,
  PROBE_BYTES,
  decodeChallenge,
  decodeProbe,
  decodeReply,
  encodeChallenge,
  encodeProbe,
  encodeReply,
  fingerprintBytes,
  fingerprintText,
  type ReplyContent,
} from '../../server/lan/discovery-codec.js';

const nonce = Uint8Array.from({ length: NONCE_BYTES }, (_, i) => i + 1);
const fingerprint = Uint8Array.from({ length: FINGERPRINT_BYTES }, (_, i) => 255 - i);
const content: ReplyContent = {
  name: 'kitchen-laptop',
  urls: ['https://192.168.1.20:8790', 'https://kitchen-laptop.local:8790'],
  fingerprint,
};

/** A reply with as much in it as the format allows: the hardest case for the size rule. */
const biggest: ReplyContent = {
  name: 'n'.repeat(200),
  urls: Array.from({ length: MAX_REPLY_URLS + 4 }, (_, i) => `https://${String(i).padStart(3, '0')}${'h'.repeat(MAX_URL_BYTES - 20)}:8790`),
  fingerprint,
};

describe('probe', () => {
  it('round-trips at every allowed length, with the default at PROBE_BYTES', () => {
    expect(encodeProbe(nonce).length).toBe(PROBE_BYTES);
    for (const length of [MIN_PROBE_BYTES, PROBE_BYTES, MAX_PROBE_BYTES]) {
      const probe = decodeProbe(encodeProbe(nonce, length));
      expect(probe?.length).toBe(length);
      expect(probe?.nonce).toEqual(nonce);
    }
  });

  it('round-trips any nonce', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: NONCE_BYTES, maxLength: NONCE_BYTES }), fc.integer({ min: MIN_PROBE_BYTES, max: MAX_PROBE_BYTES }), (n, length) => {
        expect(decodeProbe(encodeProbe(n, length))?.nonce).toEqual(n);
      }),
    );
  });

  it('starts with the magic "SCLD", version 1, type 1 and zero padding', () => {
    const probe = encodeProbe(nonce);
    expect(Array.from(probe.subarray(0, 8))).toEqual([0x53, 0x43, 0x4c, 0x44, 1, 1, 0, 0]);
    expect(probe.subarray(8, HEADER_BYTES)).toEqual(nonce);
    expect(probe.subarray(HEADER_BYTES).every((b) => b === 0)).toBe(true);
  });

  it('refuses to encode a probe outside the allowed lengths or with a short nonce', () => {
    expect(() => encodeProbe(nonce, MIN_PROBE_BYTES - 1)).toThrow(RangeError);
    expect(() => encodeProbe(nonce, MAX_PROBE_BYTES + 1)).toThrow(RangeError);
    expect(() => encodeProbe(nonce.subarray(1))).toThrow(RangeError);
  });

  it('decodes nothing from truncated, oversized or altered probes', () => {
    const good = encodeProbe(nonce);
    const altered = (at: number, value: number) => {
      const copy = good.slice();
      copy[at] = value;
      return copy;
    };
    const bad: Array<[string, Uint8Array]> = [
      ['empty', new Uint8Array(0)],
      ['header only', good.subarray(0, HEADER_BYTES)],
      ['one byte short of the minimum', encodeProbe(nonce, MIN_PROBE_BYTES).subarray(0, MIN_PROBE_BYTES - 1)],
      ['one byte over the maximum', new Uint8Array(MAX_PROBE_BYTES + 1).fill(0).map((_, i) => good[i] ?? 0)],
      ['wrong magic', altered(0, 0x54)],
      ['version 2', altered(4, 2)],
      ['type reply', altered(5, 2)],
      ['reserved byte set', altered(6, 1)],
      ['unknown flag', altered(7, 2)],
      ['non-zero padding', altered(PROBE_BYTES - 1, 1)],
    ];
    for (const [what, bytes] of bad) expect(decodeProbe(bytes), what).toBeUndefined();
  });

  it('decodes nothing from random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: MAX_PROBE_BYTES + 8 }), (bytes) => {
        expect(decodeProbe(bytes)).toBeUndefined();
      }),
    );
  });

  it('carries a challenge cookie after the nonce when asked, and none otherwise', () => {
    const cookie = Uint8Array.from({ length: COOKIE_BYTES }, (_, i) => 100 + i);
    const probe = encodeProbe(nonce, MIN_PROBE_BYTES, cookie);
    expect(probe[7]).toBe(1);
    expect(probe.subarray(HEADER_BYTES, HEADER_BYTES + COOKIE_BYTES)).toEqual(cookie);
    expect(decodeProbe(probe)).toEqual({ nonce, length: MIN_PROBE_BYTES, cookie });
    expect(decodeProbe(encodeProbe(nonce))?.cookie).toBeUndefined();
    const padded = probe.slice();
    padded[HEADER_BYTES + COOKIE_BYTES] = 1;
    expect(decodeProbe(padded), 'non-zero padding after the cookie').toBeUndefined();
    expect(() => encodeProbe(nonce, PROBE_BYTES, cookie.subarray(1))).toThrow(RangeError);
  });
});

describe('challenge', () => {
  const cookie = Uint8Array.from({ length: COOKIE_BYTES }, (_, i) => 200 + i);

  it('round-trips nonce and cookie, and is far smaller than the smallest probe', () => {
    const bytes = encodeChallenge(nonce, cookie);
    expect(bytes.length).toBe(CHALLENGE_BYTES);
    expect(CHALLENGE_BYTES * 6).toBeLessThan(MIN_PROBE_BYTES);
    expect(Array.from(bytes.subarray(0, 8))).toEqual([0x53, 0x43, 0x4c, 0x44, 1, 3, 0, 0]);
    expect(decodeChallenge(bytes)).toEqual({ nonce, cookie });
  });

  it('is never taken for a probe or a reply, nor they for it', () => {
    const bytes = encodeChallenge(nonce, cookie);
    expect(decodeProbe(bytes)).toBeUndefined();
    expect(decodeReply(bytes)).toBeUndefined();
    expect(decodeChallenge(encodeProbe(nonce))).toBeUndefined();
    expect(decodeChallenge(encodeReply(content, nonce, PROBE_BYTES)!)).toBeUndefined();
  });

  it('decodes nothing from truncated, extended or altered challenges', () => {
    const good = encodeChallenge(nonce, cookie);
    const altered = (at: number, value: number) => {
      const copy = good.slice();
      copy[at] = value;
      return copy;
    };
    for (let cut = 0; cut < good.length; cut++) expect(decodeChallenge(good.subarray(0, cut)), `cut at ${cut}`).toBeUndefined();
    expect(decodeChallenge(Uint8Array.from([...good, 0]))).toBeUndefined();
    expect(decodeChallenge(altered(4, 2))).toBeUndefined();
    expect(decodeChallenge(altered(6, 1))).toBeUndefined();
    expect(decodeChallenge(altered(7, 1))).toBeUndefined();
  });
});

describe('reply', () => {
  it('round-trips name, URLs, fingerprint and nonce', () => {
    const bytes = encodeReply(content, nonce, PROBE_BYTES)!;
    expect(decodeReply(bytes)).toEqual({ ...content, nonce });
  });

  it('carries the URL count in byte 7 and the fingerprint right after the header', () => {
    const bytes = encodeReply(content, nonce, PROBE_BYTES)!;
    expect(Array.from(bytes.subarray(0, 8))).toEqual([0x53, 0x43, 0x4c, 0x44, 1, 2, 0, 2]);
    expect(bytes.subarray(HEADER_BYTES, HEADER_BYTES + FINGERPRINT_BYTES)).toEqual(fingerprint);
  });

  it('is never longer than the probe that asked, for every probe length', () => {
    for (let length = 0; length <= MAX_PROBE_BYTES + 100; length++) {
      for (const c of [content, biggest]) {
        const reply = encodeReply(c, nonce, length);
        if (reply) {
          expect(reply.length).toBeLessThanOrEqual(length);
          expect(decodeReply(reply)).toBeDefined();
        }
      }
    }
  });

  it('leaves out the URLs that do not fit, in order, and stays silent when none fits', () => {
    const oneUrl = HEADER_BYTES + FINGERPRINT_BYTES + 1 + content.name.length + 1 + content.urls[0]!.length;
    expect(decodeReply(encodeReply(content, nonce, oneUrl)!)?.urls).toEqual([content.urls[0]]);
    expect(encodeReply(content, nonce, oneUrl - 1)).toBeUndefined();
    expect(decodeReply(encodeReply(biggest, nonce, MAX_PROBE_BYTES)!)!.urls.length).toBe(4);
  });

  it('cuts a long name at a character boundary, within MAX_NAME_BYTES', () => {
    const name = 'ж'.repeat(40); // two bytes each
    const reply = decodeReply(encodeReply({ ...content, name }, nonce, PROBE_BYTES)!)!;
    expect(reply.name).toBe('ж'.repeat(Math.floor(MAX_NAME_BYTES / 2)));
  });

  it('lists at most MAX_REPLY_URLS and skips URLs that are too long or not printable ASCII', () => {
    const urls = ['https://ok.local:1', `https://${'x'.repeat(MAX_URL_BYTES)}`, 'https://ünï.local:1', ...Array.from({ length: 20 }, (_, i) => `https://h${i}:1`)];
    const reply = decodeReply(encodeReply({ ...content, urls }, nonce, MAX_PROBE_BYTES)!)!;
    expect(reply.urls[0]).toBe('https://ok.local:1');
    expect(reply.urls).toHaveLength(MAX_REPLY_URLS);
    expect(reply.urls.some((u) => u.includes('xxx') || u.includes('ü'))).toBe(false);
  });

  it('decodes nothing from truncated, extended or altered replies', () => {
    const good = encodeReply(content, nonce, PROBE_BYTES)!;
    const altered = (at: number, value: number) => {
      const copy = good.slice();
      copy[at] = value;
      return copy;
    };
    const nameAt = HEADER_BYTES + FINGERPRINT_BYTES;
    const urlAt = nameAt + 1 + content.name.length;
    const bad: Array<[string, Uint8Array]> = [
      ['every truncation', good.subarray(0, good.length - 1)],
      ['trailing byte', Uint8Array.from([...good, 0])],
      ['a probe', encodeProbe(nonce)],
      ['zero URLs', altered(7, 0)],
      ['more URLs than present', altered(7, 3)],
      ['too many URLs', altered(7, MAX_REPLY_URLS + 1)],
      ['name longer than allowed', altered(nameAt, MAX_NAME_BYTES + 1)],
      ['invalid UTF-8 in the name', altered(nameAt + 1, 0xff)],
      ['empty URL', altered(urlAt, 0)],
      ['http URL', encodeReply({ ...content, urls: ['http://192.168.1.20:8790'] }, nonce, PROBE_BYTES)!],
      ['control character in a URL', altered(urlAt + 3, 0x0a)],
    ];
    for (const [what, bytes] of bad) expect(decodeReply(bytes), what).toBeUndefined();
    for (let cut = 0; cut < good.length; cut++) expect(decodeReply(good.subarray(0, cut)), `cut at ${cut}`).toBeUndefined();
  });

  it('decodes nothing from random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 600 }), (bytes) => {
        expect(decodeReply(bytes)).toBeUndefined();
      }),
    );
  });
});

describe('fingerprint text', () => {
  it('round-trips as upper-case hex pairs joined by colons', () => {
    const text = fingerprintText(fingerprint);
    expect(text).toMatch(/^FF:FE:FD(:[0-9A-F]{2}){29}$/);
    expect(fingerprintBytes(text)).toEqual(fingerprint);
    expect(() => fingerprintBytes('AB:CD')).toThrow(RangeError);
  });
});
