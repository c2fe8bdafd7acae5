// Per-member relay byte budget: a token bucket in bytes, so a few huge envelopes cannot crowd others off the relay.
import { RELAY_BURST_BYTES, RELAY_BYTES_PER_SECOND, type Recipient } from '../protocol/index.js';

/**
 * What relaying one envelope costs, in bytes: its `data` length once per recipient. `members` is
 * the room's size, the sender included.
 */
export function relayCost(dataLength: number, to: Recipient, members: number): number {
  return to === '*' ? dataLength * Math.max(0, members - 1) : dataLength;
}

/** One member's byte bucket: RELAY_BYTES_PER_SECOND sustained, RELAY_BURST_BYTES at once. */
export class ByteBudget {
  private bytes = RELAY_BURST_BYTES;

  constructor(private updatedAt: number) {}

  /** Spends `cost` bytes if the bucket holds them; a refused envelope costs nothing. */
  spend(cost: number, now: number): boolean {
    const elapsed = Math.max(0, now - this.updatedAt) / 1000;
    this.bytes = Math.min(RELAY_BURST_BYTES, this.bytes + elapsed * RELAY_BYTES_PER_SECOND);
    this.updatedAt = now;
    if (cost > this.bytes) return false;
    this.bytes -= cost;
    return true;
  }
}
