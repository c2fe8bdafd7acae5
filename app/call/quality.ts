// Connection quality from getStats: bad when audio packets are being lost or the round trip is long, judged per stats read.

/** Share of a read interval's audio packets lost above which the connection counts as bad (5 %). */
export const BAD_LOSS_FRACTION = 0.05;
/** Round-trip time above which the connection counts as bad, in milliseconds. */
export const BAD_ROUND_TRIP_MS = 400;
/** Packets an interval must have (received plus lost) before its loss share means anything. */
export const MIN_PACKETS_FOR_LOSS = 20;

/** The counters one stats read gives for a connection. */
export interface QualitySample {
  readonly packetsReceived: number;
  readonly packetsLost: number;
  readonly roundTripMs: number | undefined;
}

/**
 * Whether the connection is bad from `previous` to `next` (cumulative counters of two reads):
 * the interval lost more than BAD_LOSS_FRACTION of its packets, or the round trip exceeds
 * BAD_ROUND_TRIP_MS. Counters that went down (a new connection) start afresh.
 */
export function isBadConnection(previous: QualitySample | undefined, next: QualitySample): boolean {
  if (next.roundTripMs !== undefined && next.roundTripMs > BAD_ROUND_TRIP_MS) return true;
  const reset = previous === undefined || next.packetsReceived < previous.packetsReceived || next.packetsLost < previous.packetsLost;
  const received = next.packetsReceived - (reset ? 0 : previous.packetsReceived);
  const lost = next.packetsLost - (reset ? 0 : previous.packetsLost);
  const total = received + lost;
  return total >= MIN_PACKETS_FOR_LOSS && lost / total > BAD_LOSS_FRACTION;
}
