// The server-less call's payload codec and SDP template: round trips at the limits, and every refusal.
import fc from 'fast-check';
import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { base64urlDecode, base64urlEncode } from '../../app/crypto/base64url.js';
import {
  DIRECT_PREFIX,
  MAX_CANDIDATES,
  PayloadError,
  decodeDirectPayload,
  encodeDirectPayload,
  type DirectCandidate,
  type DirectPayload,
} from '../../app/direct/payload.js';
import { hostCandidates, opusPayloadType, payloadFromLocalDescription, remoteDescription } from '../../app/direct/sdp.js';
import { classifyScan } from '../../app/scan/classify.js';
import { qrLuma, Y4M_HEIGHT, Y4M_WIDTH } from '../support/y4m.js';

const FINGERPRINT = Uint8Array.from({ length: 32 }, (_, i) => i * 7);
const BASE: DirectPayload = {
  role: 'offer',
  setup: 'actpass',
  ufrag: 'T8Fc',
  pwd: 'XN+iospyv4vNKpux0OGqjA2x',
  fingerprint: FINGERPRINT,
  candidates: [{ address: '192.168.1.23', port: 54_321, protocol: 'udp' }],
};

/** A complete local offer as Chromium 14x writes it (max-bundle, gathering complete), trimmed of codecs. */
const CHROMIUM_OFFER = [
  'v=0',
  'o=- 2505848946450742412 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0 1',
  'm=audio 52695 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126',
  'c=IN IP4 127.0.0.1',
  'a=candidate:2158211659 1 udp 2122194687 127.0.0.1 52695 typ host generation 0 network-id 3 network-cost 50',
  'a=candidate:782118343 1 udp 2122063615 192.0.2.2 54723 typ host generation 0 network-id 1',
  'a=candidate:2914674320 1 udp 2122267903 ::1 38358 typ host generation 0 network-id 4 network-cost 50',
  'a=candidate:703349111 1 udp 2122134271 fd00::2 42191 typ host generation 0 network-id 2',
  'a=candidate:4268511443 1 tcp 1518214911 127.0.0.1 9 typ host tcptype active generation 0 network-id 3 network-cost 50',
  'a=candidate:1 1 udp 1686052607 203.0.113.9 40000 typ srflx raddr 192.0.2.2 rport 54723',
  'a=ice-ufrag:T8Fc',
  'a=ice-pwd:XN+iospyv4vNKpux0OGqjA2x',
  'a=ice-options:trickle',
  'a=fingerprint:sha-256 5D:51:05:92:5D:38:1B:58:90:6E:6C:75:A6:2E:A0:64:26:3A:F4:18:F0:D4:69:16:45:91:CD:FE:91:28:23:E5',
  'a=setup:actpass',
  'a=mid:0',
  'a=rtpmap:109 opus/48000/2',
  'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
  'a=mid:1',
  '',
].join('\r\n');

async function refusal(text: string): Promise<string> {
  try {
    await decodeDirectPayload(text);
    return 'accepted';
  } catch (error) {
    return error instanceof PayloadError ? error.code : `other: ${String(error)}`;
  }
}

const candidate: fc.Arbitrary<DirectCandidate> = fc.record({
  address: fc.oneof(
    fc.ipV4(),
    fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 }).map((g) => g.map((x) => x.toString(16)).join(':')),
    fc.uuid({ version: 4 }).map((u) => `${u}.local`),
  ),
  port: fc.integer({ min: 1, max: 65_535 }),
  protocol: fc.constantFrom('udp' as const, 'tcp' as const),
});

describe('direct payload codec', () => {
  it('round-trips any payload with 1 to 8 IPv4, IPv6 or mDNS candidates', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('offer' as const, 'answer' as const),
        fc.constantFrom('actpass' as const, 'active' as const, 'passive' as const),
        fc.array(candidate, { minLength: 1, maxLength: MAX_CANDIDATES }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        async (role, setup, candidates, fingerprint) => {
          const payload: DirectPayload = { ...BASE, role, setup, candidates, fingerprint };
          const decoded = await decodeDirectPayload(await encodeDirectPayload(payload));
          expect(decoded).toEqual({ ...payload, fingerprint: Uint8Array.from(fingerprint) });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('writes IPv6 in full, which SDP accepts, and keeps the address', async () => {
    const text = await encodeDirectPayload({ ...BASE, candidates: [{ address: '::1', port: 9, protocol: 'udp' }, { address: 'fd00::2', port: 10, protocol: 'tcp' }] });
    expect((await decodeDirectPayload(text)).candidates).toEqual([
      { address: '0:0:0:0:0:0:0:1', port: 9, protocol: 'udp' },
      { address: 'fd00:0:0:0:0:0:0:2', port: 10, protocol: 'tcp' },
    ]);
  });

  it('refuses to encode what it cannot carry: no candidate, nine, a bad credential or fingerprint', async () => {
    await expect(encodeDirectPayload({ ...BASE, candidates: [] })).rejects.toThrow(RangeError);
    await expect(encodeDirectPayload({ ...BASE, candidates: Array(MAX_CANDIDATES + 1).fill(BASE.candidates[0]) })).rejects.toThrow(RangeError);
    await expect(encodeDirectPayload({ ...BASE, ufrag: 'a b c d' })).rejects.toThrow(RangeError);
    await expect(encodeDirectPayload({ ...BASE, pwd: 'short' })).rejects.toThrow(RangeError);
    await expect(encodeDirectPayload({ ...BASE, fingerprint: FINGERPRINT.subarray(1) })).rejects.toThrow(RangeError);
    await expect(encodeDirectPayload({ ...BASE, candidates: [{ address: 'host.example', port: 1, protocol: 'udp' }] })).rejects.toThrow(RangeError);
  });

  it('calls any other first byte another version, before checking anything else', async () => {
    const bytes = base64urlDecode((await encodeDirectPayload(BASE)).slice(DIRECT_PREFIX.length));
    bytes[0] = 2;
    expect(await refusal(DIRECT_PREFIX + base64urlEncode(bytes))).toBe('other-version');
    expect(await refusal(`${DIRECT_PREFIX}Ag`)).toBe('other-version');
  });

  it('calls a flipped bit anywhere, a truncation, trailing bytes or bad base64url damaged', async () => {
    const text = await encodeDirectPayload(BASE);
    const bytes = base64urlDecode(text.slice(DIRECT_PREFIX.length));
    for (let i = 1; i < bytes.length; i++) {
      const copy = Uint8Array.from(bytes);
      copy[i]! ^= 0x10;
      expect(await refusal(DIRECT_PREFIX + base64urlEncode(copy))).toBe('damaged');
    }
    expect(await refusal(text.slice(0, -3))).toBe('damaged');
    expect(await refusal(`${text}AA`)).toBe('damaged');
    expect(await refusal(`${text.slice(0, -1)}*`)).toBe('damaged');
    expect(await refusal(DIRECT_PREFIX)).toBe('damaged');
    expect(await refusal(DIRECT_PREFIX + 'A'.repeat(600))).toBe('damaged');
    expect(await refusal('https://call.example.org/')).toBe('not-direct');
  });

  it('is a QR that jsQR reads back exactly from the fake camera picture, and the scanner routes it as direct', async () => {
    const text = await encodeDirectPayload({ ...BASE, candidates: Array(4).fill(0).map((_, i) => ({ address: `fd00::${i + 1}`, port: 50_000 + i, protocol: 'udp' as const })) });
    const luma = qrLuma(text);
    const rgba = new Uint8ClampedArray(luma.length * 4);
    luma.forEach((v, i) => rgba.fill(v, i * 4, i * 4 + 3).fill(255, i * 4 + 3, i * 4 + 4));
    expect(jsQR(rgba, Y4M_WIDTH, Y4M_HEIGHT)?.data).toBe(text);
    expect(classifyScan(text)).toEqual({ kind: 'direct', text });
  });
});

describe('direct SDP template', () => {
  it('takes credentials, SHA-256 fingerprint, setup and only host UDP and passive TCP candidates from a Chromium offer', () => {
    const payload = payloadFromLocalDescription(CHROMIUM_OFFER, 'offer');
    expect(payload).toMatchObject({ role: 'offer', setup: 'actpass', ufrag: 'T8Fc', pwd: 'XN+iospyv4vNKpux0OGqjA2x' });
    expect(Array.from(payload.fingerprint.subarray(0, 3))).toEqual([0x5d, 0x51, 0x05]);
    expect(payload.candidates.map((c) => c.address)).toEqual(['127.0.0.1', '192.0.2.2', '::1', 'fd00::2']);
    expect(hostCandidates(CHROMIUM_OFFER.replace(/tcptype active/, 'tcptype passive')).at(-1)).toEqual({ address: '127.0.0.1', port: 9, protocol: 'tcp' });
    expect(opusPayloadType(CHROMIUM_OFFER)).toBe(109);
  });

  it('refuses a description without host candidates', () => {
    expect(() => payloadFromLocalDescription(CHROMIUM_OFFER.replace(/^a=candidate:.*typ host.*\r\n/gm, ''), 'offer')).toThrow(/no-candidates/);
  });

  it('rebuilds a bundled Opus + DataChannel description with the payload’s fields and end-of-candidates', () => {
    const { type, sdp } = remoteDescription({ ...BASE, role: 'answer', setup: 'active' }, 109);
    expect(type).toBe('answer');
    const lines = sdp!.split('\r\n');
    expect(lines).toContain('a=group:BUNDLE 0 1');
    expect(lines).toContain('m=audio 9 UDP/TLS/RTP/SAVPF 109');
    expect(lines).toContain('a=rtpmap:109 opus/48000/2');
    expect(lines).toContain('m=application 9 UDP/DTLS/SCTP webrtc-datachannel');
    expect(lines.filter((l) => l === 'a=setup:active')).toHaveLength(2);
    expect(lines.filter((l) => l === 'a=ice-ufrag:T8Fc')).toHaveLength(2);
    expect(lines).toContain(`a=fingerprint:sha-256 ${Array.from(FINGERPRINT, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':')}`);
    expect(lines.filter((l) => l.startsWith('a=candidate:'))).toEqual(['a=candidate:1 1 udp 2130706431 192.168.1.23 54321 typ host']);
    expect(lines).toContain('a=end-of-candidates');
  });
});
