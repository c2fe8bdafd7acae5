// Caps how often the discovery responder answers: per source address and in total.
import { WindowCounter } from '../rate-limit.js';

/** Replies one source address may get per second; probes beyond it are dropped silently. */
export const REPLIES_PER_SOURCE_PER_SECOND = 5;

/** Replies the responder sends per second in all, whatever the sources claim to be (they can be spoofed). */
export const REPLIES_PER_SECOND_TOTAL = 50;

/** Source addresses tracked at once; a flood of new addresses is refused rather than grow the table. */
export const MAX_TRACKED_SOURCES = 4096;

const WINDOW_MS = 1000;

/** Decides, per probe, whether the responder may answer it now. */
export class ReplyLimiter {
  private readonly perSource = new WindowCounter<string>(WINDOW_MS);
  private readonly total = new WindowCounter<'all'>(WINDOW_MS);
  private lastSweep = 0;

  /** Counts one reply to `source` and says whether it is within the limits. */
  allow(source: string, now: number): boolean {
    if (now - this.lastSweep >= WINDOW_MS) {
      this.perSource.sweep(now);
      this.lastSweep = now;
    }
    if (this.perSource.size >= MAX_TRACKED_SOURCES) return false;
    if (this.perSource.hit(source, now) > REPLIES_PER_SOURCE_PER_SECOND) return false;
    return this.total.hit('all', now) <= REPLIES_PER_SECOND_TOTAL;
  }
}
