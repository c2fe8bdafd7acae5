// SDP authentication: fingerprint extraction, MAC over fingerprints and parties, DTLS certificate matching.
import { describe, expect, it } from 'vitest';
import { certificateMatches, CryptoError, sdpFingerprints, signSdp, verifySdp, type SdpContext } from '../../../app/crypto/index.js';
import { ALICE, BOB, CAROL, OTHER_ROOM, pair, ROOM } from './helpers.js';

const FP_A = '8F:4E:2B:11:7D:C6:E3:95:02:AA:49:5F:0E:B1:7C:3D:64:98:21:F0:DA:6B:C8:13:57:09:E4:2F:BB:70:1A:CE';
const FP_B = '11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00';

function sdp(sessionFp: string | null, mediaFps: readonly string[]): string {
  const lines = ['v=0', 'o=- 4611731400430051336 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'a=group:BUNDLE 0'];
  if (sessionFp !== null) lines.push(`a=fingerprint:${sessionFp}`);
  lines.push('m=audio 9 UDP/TLS/RTP/SAVPF 111', 'c=IN IP4 0.0.0.0', 'a=setup:actpass', 'a=mid:0');
  for (const fp of mediaFps) lines.push(`a=fingerprint:${fp}`);
  lines.push('a=rtpmap:111 opus/48000/2', '');
  return lines.join('\r\n');
}

const offer: SdpContext = { room: ROOM, from: ALICE, to: BOB, type: 'offer' };

describe('sdpFingerprints', () => {
  it('collects session and media level, normalised, deduplicated and sorted', () => {
    const fps = sdpFingerprints(sdp(`SHA-256 ${FP_A.toLowerCase()}`, [`sha-256 ${FP_A}`, `sha-256 ${FP_B}`]));
    expect(fps.map((f) => [f.algorithm, Buffer.from(f.value).toString('hex')])).toEqual([
      ['sha-256', FP_B.replaceAll(':', '').toLowerCase()],
      ['sha-256', FP_A.replaceAll(':', '').toLowerCase()],
    ]);
  });

  it('keeps algorithms WebCrypto cannot hash, so the MAC covers them too', () => {
    expect(sdpFingerprints(sdp(null, ['sha-1 01:02:03:04:05:06:07:08:09:0A:0B:0C:0D:0E:0F:10:11:12:13:14'])).map((f) => f.algorithm)).toEqual(['sha-1']);
  });

  it.each(['sha-256 8F:4E', 'sha-256 8F4E2B', 'sha-256', 'sha-256 ZZ:11'])('throws malformed-sdp for a=fingerprint:%s', (value) => {
    expect(() => sdpFingerprints(sdp(null, [value]))).toThrow(CryptoError);
  });

  it('returns nothing for an SDP without fingerprints', () => {
    expect(sdpFingerprints(sdp(null, []))).toEqual([]);
  });
});

describe('signSdp/verifySdp', () => {
  it('verifies on the receiving side, in both directions', async () => {
    const { a, b } = await pair();
    const text = sdp(null, [`sha-256 ${FP_A}`]);
    expect(await verifySdp(b, offer, text, await signSdp(a, offer, text))).toBe(true);
    const answer: SdpContext = { room: ROOM, from: BOB, to: ALICE, type: 'answer' };
    expect(await verifySdp(a, answer, text, await signSdp(b, answer, text))).toBe(true);
  });

  it('ignores everything in the SDP but the fingerprints (lines may be reordered or changed by the browser)', async () => {
    const { a, b } = await pair();
    const mac = await signSdp(a, offer, sdp(`sha-256 ${FP_A}`, []));
    expect(await verifySdp(b, offer, sdp(null, [`sha-256 ${FP_A.toLowerCase()}`]).replace('opus', 'OPUS'), mac)).toBe(true);
  });

  it('refuses a swapped, added or removed fingerprint', async () => {
    const { a, b } = await pair();
    const mac = await signSdp(a, offer, sdp(null, [`sha-256 ${FP_A}`]));
    expect(await verifySdp(b, offer, sdp(null, [`sha-256 ${FP_B}`]), mac)).toBe(false);
    expect(await verifySdp(b, offer, sdp(null, [`sha-256 ${FP_A}`, `sha-256 ${FP_B}`]), mac)).toBe(false);
    expect(await verifySdp(b, offer, sdp(null, [`sha-1 01:02:03:04:05:06:07:08:09:0A:0B:0C:0D:0E:0F:10:11:12:13:14`, `sha-256 ${FP_A}`]), mac)).toBe(false);
    expect(await verifySdp(b, offer, sdp(null, []), mac)).toBe(false);
  });

  it.each([
    ['room', { ...offer, room: OTHER_ROOM }],
    ['sender', { ...offer, from: CAROL }],
    ['recipient', { ...offer, to: CAROL }],
    ['type', { ...offer, type: 'answer' as const }],
  ])('refuses a MAC checked against another %s', async (_field, context) => {
    const { a, b } = await pair();
    const text = sdp(null, [`sha-256 ${FP_A}`]);
    expect(await verifySdp(b, context, text, await signSdp(a, offer, text))).toBe(false);
  });

  it('refuses a MAC from another pair, a malformed MAC, and a malformed SDP, returning false', async () => {
    const first = await pair();
    const second = await pair();
    const text = sdp(null, [`sha-256 ${FP_A}`]);
    const mac = await signSdp(first.a, offer, text);
    expect(await verifySdp(second.b, offer, text, mac)).toBe(false);
    expect(await verifySdp(first.b, offer, text, mac.slice(0, -2))).toBe(false);
    expect(await verifySdp(first.b, offer, text, '***')).toBe(false);
    expect(await verifySdp(first.b, offer, sdp(null, ['sha-256 8F']), mac)).toBe(false);
  });

  it('refuses to sign an SDP without fingerprints', async () => {
    const { a } = await pair();
    await expect(signSdp(a, offer, sdp(null, []))).rejects.toMatchObject({ code: 'malformed-sdp' });
  });
});

describe('certificateMatches', () => {
  const der = Uint8Array.from({ length: 700 }, (_, i) => (i * 31) & 255);
  async function line(alg: 'sha-256' | 'sha-384' | 'sha-512', bytes: Uint8Array<ArrayBuffer>): Promise<string> {
    const digest = new Uint8Array(await crypto.subtle.digest(alg.toUpperCase(), bytes));
    return `${alg} ${Array.from(digest, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':')}`;
  }

  it.each(['sha-256', 'sha-384', 'sha-512'] as const)('matches a certificate against its %s fingerprint', async (alg) => {
    expect(await certificateMatches(der, sdpFingerprints(sdp(null, [await line(alg, der)])))).toBe(true);
  });

  it('refuses another certificate, and fingerprints in unsupported algorithms', async () => {
    const fps = sdpFingerprints(sdp(null, [await line('sha-256', der)]));
    expect(await certificateMatches(der.slice(1), fps)).toBe(false);
    expect(await certificateMatches(der, sdpFingerprints(sdp(null, ['sha-1 01:02:03:04:05:06:07:08:09:0A:0B:0C:0D:0E:0F:10:11:12:13:14'])))).toBe(false);
    expect(await certificateMatches(der, [])).toBe(false);
  });

  it('accepts when any one of several fingerprints matches', async () => {
    const fps = sdpFingerprints(sdp(`sha-256 ${FP_A}`, [await line('sha-512', der)]));
    expect(await certificateMatches(der.buffer, fps)).toBe(true);
  });
});
