// Client-side token bucket that keeps outbound frames under the relay's rate limit, queueing the rest.
import { RATE_BURST_MESSAGES, RATE_MESSAGES_PER_SECOND } from '../../protocol/limits.js';

/** Fraction of the server's sustained rate this client allows itself, leaving room for clock skew. */
export const PACING_HEADROOM = 0.8;
/**
 * Fraction of the server's burst this client spends at once. Frames paced on a starved page can
 * still reach the server together (the browser's network process writes them when it gets to run),
 * so half the burst stays in reserve for that.
 */
export const BURST_SHARE = 0.5;
/** After the server says `rate_limited`, this client sends nothing for this long, in milliseconds. */
export const BACK_OFF_MS = 1_000;

/**
 * Releases queued items no faster than the server accepts them. Items wait in order; `drain`
 * is called for each one that may go now, and a timer wakes the queue when tokens refill.
 */
export class Pacer<T> {
  private tokens: number;
  private last: number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly queue: T[] = [];
  private readonly rate: number;
  private readonly burst: number;

  constructor(
    private readonly drain: (item: T) => boolean,
    private readonly now: () => number = () => performance.now(),
    messagesPerSecond = RATE_MESSAGES_PER_SECOND,
    burstMessages = RATE_BURST_MESSAGES,
  ) {
    this.rate = messagesPerSecond * PACING_HEADROOM;
    this.burst = Math.max(1, Math.floor(burstMessages * BURST_SHARE));
    this.tokens = this.burst;
    this.last = this.now();
  }

  /** Items still waiting. */
  get pending(): number {
    return this.queue.length;
  }

  /** Queues `item` and sends whatever the budget allows. */
  push(item: T): void {
    this.queue.push(item);
    this.flush();
  }

  /** Tries to send queued items now (e.g. after the socket reopened). */
  flush(): void {
    this.refill();
    while (this.queue.length > 0 && this.tokens >= 1) {
      // `drain` says false when the socket cannot take it; keep the item and wait for the next flush.
      if (!this.drain(this.queue[0]!)) return;
      this.queue.shift();
      this.tokens -= 1;
    }
    if (this.queue.length > 0 && this.timer === undefined) {
      const wait = Math.ceil(((1 - this.tokens) / this.rate) * 1000);
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, Math.max(wait, 1));
    }
  }

  /** The server dropped a frame for exceeding its rate: spend nothing for BACK_OFF_MS, then resume at the paced rate. */
  backOff(): void {
    this.refill();
    this.tokens = -(BACK_OFF_MS / 1000) * this.rate;
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.flush();
  }

  /** Drops everything queued and stops the timer. */
  clear(): void {
    this.queue.length = 0;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
  }
}
