// Replay window shared by signaling and chat: per sender, each counter must exceed the last accepted one.

/**
 * Remembers the highest authenticated counter per sender. Strictly increasing is enough
 * because both transports (the relay's WebSocket and a reliable, ordered DataChannel)
 * deliver one sender's messages in order; anything at or below the mark is a replay or a
 * reordering an attacker caused. Signaling senders are never forgotten, so a departed peer's
 * old messages cannot be replayed later under the same id; chat forgets only stale streams.
 */
export class ReplayWindow {
  readonly #highest = new Map<string, number>();

  /** True if `counter` would be accepted from `sender` now (does not record it). */
  isFresh(sender: string, counter: number): boolean {
    const last = this.#highest.get(sender);
    return last === undefined || counter > last;
  }

  /**
   * Records `counter` for `sender` if it is fresh and reports whether it was. Call only
   * after the message authenticated, so forged counters cannot burn the window.
   */
  accept(sender: string, counter: number): boolean {
    if (!this.isFresh(sender, counter)) return false;
    this.#highest.set(sender, counter);
    return true;
  }

  /** Drops what is known about `sender` (a chat stream that will not be used again). */
  forget(sender: string): void {
    this.#highest.delete(sender);
  }

  /** Highest counter accepted from `sender`, if any. */
  highest(sender: string): number | undefined {
    return this.#highest.get(sender);
  }
}
