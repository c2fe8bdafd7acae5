// Reading getStats: the selected candidate pair's types and the audio packet counters.

/** ICE candidate types as getStats names them. */
export type CandidateType = 'host' | 'srflx' | 'prflx' | 'relay';

/** What one peer connection reports about its path and audio. */
export interface LinkStats {
  /** Local and remote candidate types of the selected pair, when there is one. */
  readonly localType: CandidateType | undefined;
  readonly remoteType: CandidateType | undefined;
  readonly roundTripMs: number | undefined;
  readonly packetsReceived: number;
  /** Audio packets lost on the way to me (cumulative, as the receiver counts them). */
  readonly packetsLost: number;
  readonly packetsSent: number;
  readonly audioLevel: number;
}

/** Summarises `pc.getStats()`; counters are 0 when no audio stream exists yet. */
export async function readLinkStats(pc: RTCPeerConnection): Promise<LinkStats> {
  const report = await pc.getStats();
  let pairId: string | undefined;
  let packetsReceived = 0;
  let packetsLost = 0;
  let packetsSent = 0;
  let audioLevel = 0;
  report.forEach((s: { type: string; [key: string]: unknown }) => {
    if (s.type === 'transport' && typeof s['selectedCandidatePairId'] === 'string') pairId = s['selectedCandidatePairId'];
    if (s.type === 'inbound-rtp' && s['kind'] === 'audio') {
      packetsReceived += Number(s['packetsReceived'] ?? 0);
      packetsLost += Math.max(0, Number(s['packetsLost'] ?? 0));
      audioLevel = Math.max(audioLevel, Number(s['audioLevel'] ?? 0));
    }
    if (s.type === 'outbound-rtp' && s['kind'] === 'audio') packetsSent += Number(s['packetsSent'] ?? 0);
  });
  // Some browsers mark the pair instead of naming it on the transport.
  if (pairId === undefined) {
    report.forEach((s: { type: string; [key: string]: unknown }) => {
      if (s.type === 'candidate-pair' && s['selected'] === true) pairId = String(s['id']);
    });
  }
  const pair = pairId === undefined ? undefined : (report.get(pairId) as Record<string, unknown> | undefined);
  const typeOf = (id: unknown): CandidateType | undefined => {
    const candidate = typeof id === 'string' ? (report.get(id) as Record<string, unknown> | undefined) : undefined;
    const type = candidate?.['candidateType'];
    return type === 'host' || type === 'srflx' || type === 'prflx' || type === 'relay' ? type : undefined;
  };
  const rtt = pair?.['currentRoundTripTime'];
  return {
    localType: typeOf(pair?.['localCandidateId']),
    remoteType: typeOf(pair?.['remoteCandidateId']),
    roundTripMs: typeof rtt === 'number' ? Math.round(rtt * 1000) : undefined,
    packetsReceived,
    packetsLost,
    packetsSent,
    audioLevel,
  };
}

/** The `typ` of an ICE candidate line, or undefined when it has none. */
export function candidateTypeOf(candidate: string): string | undefined {
  return / typ ([a-z]+)/.exec(candidate)?.[1];
}

/** Removes `a=candidate` lines that are not relay candidates; reports whether any were removed. */
export function stripNonRelayCandidates(sdp: string): { sdp: string; removed: number } {
  let removed = 0;
  const lines = sdp.split('\r\n').filter((line) => {
    if (!line.startsWith('a=candidate:')) return true;
    if (candidateTypeOf(line) === 'relay') return true;
    removed += 1;
    return false;
  });
  return { sdp: lines.join('\r\n'), removed };
}
