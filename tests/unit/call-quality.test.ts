// When a tile marks a connection as bad: loss share per stats interval and round-trip time over the named thresholds.
import { describe, expect, it } from 'vitest';
import { BAD_LOSS_FRACTION, BAD_ROUND_TRIP_MS, isBadConnection, MIN_PACKETS_FOR_LOSS } from '../../app/call/quality.js';

const sample = (packetsReceived: number, packetsLost: number, roundTripMs?: number) => ({ packetsReceived, packetsLost, roundTripMs });

describe('connection quality', () => {
  it('is fine with little loss and a short round trip', () => {
    expect(isBadConnection(sample(1000, 10, 50), sample(1100, 12, 60))).toBe(false);
  });

  it('is bad when an interval loses more than the threshold share, judged on the interval, not the whole call', () => {
    expect(isBadConnection(sample(10_000, 0), sample(10_090, 10))).toBe(true);
    // Past loss no longer counts once the interval is clean.
    expect(isBadConnection(sample(10_090, 500), sample(10_190, 500))).toBe(false);
    expect(BAD_LOSS_FRACTION).toBe(0.05);
  });

  it('is bad when the round trip is over the threshold', () => {
    expect(isBadConnection(sample(0, 0), sample(100, 0, BAD_ROUND_TRIP_MS + 1))).toBe(true);
    expect(isBadConnection(sample(0, 0), sample(100, 0, BAD_ROUND_TRIP_MS))).toBe(false);
  });

  it('needs enough packets before judging loss, and starts afresh when counters reset', () => {
    expect(isBadConnection(undefined, sample(MIN_PACKETS_FOR_LOSS - 2, 1))).toBe(false);
    expect(isBadConnection(sample(5000, 100), sample(90, 10))).toBe(true);
  });
});
