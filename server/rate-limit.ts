// Token bucket and fixed-window counters for the server's anti-flood limits.

/** A token bucket: `ratePerSecond` sustained, `burst` at once. */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.updatedAt = now;
  }

  /** Takes one token if there is one. */
  take(now: number): boolean {
    const elapsed = Math.max(0, now - this.updatedAt) / 1000;
    this.tokens = Math.min(this.burst, this.tokens + elapsed * this.ratePerSecond);
    this.updatedAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** Counts events per key in fixed windows; entries of past windows are swept away. */
export class WindowCounter<K> {
  private readonly counts = new Map<K, { windowStart: number; count: number }>();

  constructor(private readonly windowMs: number) {}

  /** Adds one event for `key` and returns the count in the current window. */
  hit(key: K, now: number): number {
    const entry = this.counts.get(key);
    if (!entry || now - entry.windowStart >= this.windowMs) {
      this.counts.set(key, { windowStart: now, count: 1 });
      return 1;
    }
    entry.count += 1;
    return entry.count;
  }

  /** The count for `key` in the current window, without adding one. */
  count(key: K, now: number): number {
    const entry = this.counts.get(key);
    return !entry || now - entry.windowStart >= this.windowMs ? 0 : entry.count;
  }

  /** Drops every entry whose window has ended. */
  sweep(now: number): void {
    for (const [key, entry] of this.counts) {
      if (now - entry.windowStart >= this.windowMs) this.counts.delete(key);
    }
  }

  get size(): number {
    return this.counts.size;
  }
}
