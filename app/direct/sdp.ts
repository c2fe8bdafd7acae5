// The server-less call's SDP: what a payload takes from a local description, and the fixed template that rebuilds the remote one.
import { sdpFingerprints } from '../crypto/dtls-fingerprints.js';
import { FINGERPRINT_BYTES, MAX_CANDIDATES, isEncodableCandidate, type DirectCandidate, type DirectPayload, type DirectRole } from './payload.js';

/** The RTP payload type of Opus in the template's offer (what Chromium and Safari use). */
export const TEMPLATE_OPUS_PAYLOAD_TYPE = 111;
/** The SCTP port of the DataChannel m-line (RFC 8841's default). */
const SCTP_PORT = 5000;
/** Largest DataChannel message either side promises to take, in bytes (Chromium's value). */
const MAX_MESSAGE_BYTES = 262_144;
/** The media identifiers of the template's two m-lines, in order. */
const AUDIO_MID = '0';
const DATA_MID = '1';
/** ICE type preference of a host candidate (RFC 8445 §5.1.2.2). */
const HOST_TYPE_PREFERENCE = 126;
/** Highest ICE local preference; each later candidate gets one less. */
const TOP_LOCAL_PREFERENCE = 65_535;

/** Why a local description cannot become a payload. */
export class LocalDescriptionError extends Error {
  constructor(readonly code: 'no-candidates' | 'unsupported-description') {
    super(`local description unusable for a direct call: ${code}`);
    this.name = 'LocalDescriptionError';
  }
}

function attribute(sdp: string, name: string): string | undefined {
  const match = new RegExp(`^a=${name}:(.+)$`, 'm').exec(sdp);
  return match?.[1]?.trim();
}

/** The host candidates of `sdp` the payload can carry: UDP and passive TCP, each address and port once, UDP first. */
export function hostCandidates(sdp: string): DirectCandidate[] {
  const seen = new Set<string>();
  const out: DirectCandidate[] = [];
  for (const line of sdp.split(/\r?\n/)) {
    if (!line.startsWith('a=candidate:')) continue;
    const fields = line.slice('a=candidate:'.length).trim().split(/\s+/);
    const [, component, transport, , address, port, typ, type] = fields;
    if (component !== '1' || typ !== 'typ' || type !== 'host' || address === undefined) continue;
    const protocol = transport?.toLowerCase();
    if (protocol === 'tcp' && fields[fields.indexOf('tcptype') + 1] !== 'passive') continue;
    if (protocol !== 'udp' && protocol !== 'tcp') continue;
    const candidate: DirectCandidate = { address, port: Number(port), protocol };
    const key = `${protocol} ${address} ${port}`;
    if (seen.has(key) || !isEncodableCandidate(candidate)) continue;
    seen.add(key);
    out.push(candidate);
  }
  return [...out.filter((c) => c.protocol === 'udp'), ...out.filter((c) => c.protocol === 'tcp')].slice(0, MAX_CANDIDATES);
}

/**
 * The payload for a complete local description (gathering finished). Throws LocalDescriptionError
 * when it lacks a SHA-256 fingerprint, ICE credentials or any host candidate.
 */
export function payloadFromLocalDescription(sdp: string, role: DirectRole): DirectPayload {
  const ufrag = attribute(sdp, 'ice-ufrag');
  const pwd = attribute(sdp, 'ice-pwd');
  const setup = attribute(sdp, 'setup');
  const fingerprint = sdpFingerprints(sdp).find((fp) => fp.algorithm === 'sha-256' && fp.value.length === FINGERPRINT_BYTES);
  if (ufrag === undefined || pwd === undefined || fingerprint === undefined || (setup !== 'actpass' && setup !== 'active' && setup !== 'passive')) {
    throw new LocalDescriptionError('unsupported-description');
  }
  const candidates = hostCandidates(sdp);
  if (candidates.length === 0) throw new LocalDescriptionError('no-candidates');
  return { role, setup: setup, ufrag, pwd, fingerprint: fingerprint.value, candidates };
}

/** The RTP payload type the local offer gave Opus, so the rebuilt answer uses the same. */
export function opusPayloadType(localOffer: string): number {
  const match = /^a=rtpmap:(\d+) opus\/48000\/2/im.exec(localOffer);
  return match ? Number(match[1]) : TEMPLATE_OPUS_PAYLOAD_TYPE;
}

function fingerprintLine(fingerprint: Uint8Array): string {
  return `a=fingerprint:sha-256 ${Array.from(fingerprint, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':')}`;
}

function candidateLine(candidate: DirectCandidate, index: number): string {
  const priority = HOST_TYPE_PREFERENCE * 2 ** 24 + (TOP_LOCAL_PREFERENCE - index) * 2 ** 8 + (256 - 1);
  const tcp = candidate.protocol === 'tcp' ? ' tcptype passive' : '';
  return `a=candidate:${index + 1} 1 ${candidate.protocol} ${priority} ${candidate.address} ${candidate.port} typ host${tcp}`;
}

/**
 * The full remote description for `payload`: one Opus audio m-line and one DataChannel m-line,
 * bundled, with the payload's ICE credentials, fingerprint, setup role and host candidates, and
 * end-of-candidates (the sender finished gathering before it showed its QR).
 */
export function remoteDescription(payload: DirectPayload, opusType = TEMPLATE_OPUS_PAYLOAD_TYPE): RTCSessionDescriptionInit {
  const transport = [`a=ice-ufrag:${payload.ufrag}`, `a=ice-pwd:${payload.pwd}`, fingerprintLine(payload.fingerprint), `a=setup:${payload.setup}`];
  const lines = [
    'v=0',
    'o=- 1 2 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    `a=group:BUNDLE ${AUDIO_MID} ${DATA_MID}`,
    `m=audio 9 UDP/TLS/RTP/SAVPF ${opusType}`,
    'c=IN IP4 0.0.0.0',
    'a=rtcp:9 IN IP4 0.0.0.0',
    ...transport,
    `a=mid:${AUDIO_MID}`,
    'a=sendrecv',
    'a=rtcp-mux',
    `a=rtpmap:${opusType} opus/48000/2`,
    `a=fmtp:${opusType} minptime=10;useinbandfec=1`,
    ...payload.candidates.map(candidateLine),
    'a=end-of-candidates',
    'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
    'c=IN IP4 0.0.0.0',
    ...transport,
    `a=mid:${DATA_MID}`,
    `a=sctp-port:${SCTP_PORT}`,
    `a=max-message-size:${MAX_MESSAGE_BYTES}`,
  ];
  return { type: payload.role, sdp: `${lines.join('\r\n')}\r\n` };
}
