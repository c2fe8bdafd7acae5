// Opus parameters for a mesh of up to ten: discontinuous transmission and longer packets, asked of the remote encoder.

/** Packet duration asked of the peer's Opus encoder, in milliseconds: fewer packets per second per pair. */
export const OPUS_PTIME_MS = 40;

/**
 * Adds `usedtx=1` to the Opus fmtp line and an `a=ptime` to the audio section of an SDP I send.
 * These are receiver preferences: the peer's encoder sends me less during silence (DTX still
 * sends a comfort-noise packet every 400 ms, so the watchdog sees packets) and in 40 ms packets.
 * In a full mesh every page encodes, encrypts and relays one stream per peer, so packet count
 * is what limits ten people on a small machine. The DTLS fingerprints, which the SDP MAC
 * covers, are untouched.
 */
export function tuneOpus(sdp: string): string {
  const pt = /^a=rtpmap:(\d+) opus\/48000/im.exec(sdp)?.[1];
  if (pt === undefined) return sdp;
  const lines = sdp.split('\r\n');
  const out: string[] = [];
  let inAudio = false;
  let sawPtime = false;
  for (const line of lines) {
    if (line.startsWith('m=')) {
      if (inAudio && !sawPtime) out.push(`a=ptime:${OPUS_PTIME_MS}`);
      inAudio = line.startsWith('m=audio');
      sawPtime = false;
    }
    if (inAudio && line.startsWith('a=ptime:')) sawPtime = true;
    if (line.startsWith(`a=fmtp:${pt} `) && !/usedtx=/.test(line)) {
      out.push(`${line};usedtx=1`);
      continue;
    }
    out.push(line);
  }
  // An audio section that ends the SDP (the trailing empty line follows it).
  if (inAudio && !sawPtime) {
    const last = out.length > 0 && out[out.length - 1] === '' ? out.length - 1 : out.length;
    out.splice(last, 0, `a=ptime:${OPUS_PTIME_MS}`);
  }
  return out.join('\r\n');
}
