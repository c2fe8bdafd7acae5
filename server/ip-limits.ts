// Per-address caps on open and not-yet-admitted connections, checked before the upgrade; keys come from client-address.ts limitKey.
import { MAX_OPEN_CONNECTIONS_PER_IP, MAX_PENDING_CONNECTIONS_PER_IP } from '../protocol/index.js';

interface Counts {
  open: number;
  pending: number;
}

/** Tracks connections per client address (IPv6 by /64); entries vanish when their counts reach zero. */
export class IpConnectionLimits {
  private readonly byIp = new Map<string, Counts>();

  constructor(
    private readonly maxOpen = MAX_OPEN_CONNECTIONS_PER_IP,
    private readonly maxPending = MAX_PENDING_CONNECTIONS_PER_IP,
  ) {}

  /** True if `ip` may open one more (pending) connection. */
  canOpen(ip: string): boolean {
    const counts = this.byIp.get(ip);
    return !counts || (counts.open < this.maxOpen && counts.pending < this.maxPending);
  }

  opened(ip: string): void {
    const counts = this.byIp.get(ip) ?? { open: 0, pending: 0 };
    counts.open += 1;
    counts.pending += 1;
    this.byIp.set(ip, counts);
  }

  admitted(ip: string): void {
    const counts = this.byIp.get(ip);
    if (counts) counts.pending -= 1;
  }

  closed(ip: string, wasAdmitted: boolean): void {
    const counts = this.byIp.get(ip);
    if (!counts) return;
    counts.open -= 1;
    if (!wasAdmitted) counts.pending -= 1;
    if (counts.open <= 0) this.byIp.delete(ip);
  }

  get trackedAddresses(): number {
    return this.byIp.size;
  }
}
