// Audio watchdog: notices stalled inbound audio or a silent microphone and picks the next repair step.

/** Consecutive stalled readings before a repair step is taken. */
export const STALLED_READINGS_BEFORE_REPAIR = 2;

/** Repairs for a remote track that is connected but receives nothing, in the order they are tried. */
export type RemoteRepair = 'reattach' | 'ice-restart';
/** Repairs for my microphone, in the order they are tried. */
export type LocalRepair = 'reacquire-mic' | 'ice-restart';

/**
 * Watches one counter that should keep growing while a connection is up (packets received
 * from a peer, or packets my microphone sent). Each run of stalled readings escalates one
 * step along `ladder`; any progress resets it.
 */
export class StallLadder<Step extends string> {
  private last = -1;
  private stalled = 0;
  private step = 0;

  constructor(private readonly ladder: readonly Step[]) {}

  /** Feeds one reading; returns the repair to try now, if any. */
  observe(active: boolean, counter: number): Step | undefined {
    if (!active) {
      this.stalled = 0;
      return undefined;
    }
    if (counter > this.last) {
      this.last = counter;
      this.stalled = 0;
      this.step = 0;
      return undefined;
    }
    this.stalled += 1;
    if (this.stalled < STALLED_READINGS_BEFORE_REPAIR) return undefined;
    this.stalled = 0;
    const repair = this.ladder[Math.min(this.step, this.ladder.length - 1)];
    this.step += 1;
    return repair;
  }

  /** Forgets progress, e.g. after the watched thing was replaced. */
  reset(): void {
    this.last = -1;
    this.stalled = 0;
  }
}

/** Ladder for one remote peer's audio. */
export function remoteAudioWatchdog(): StallLadder<RemoteRepair> {
  return new StallLadder<RemoteRepair>(['reattach', 'ice-restart']);
}

/** Ladder for my microphone's outbound audio. */
export function localAudioWatchdog(): StallLadder<LocalRepair> {
  return new StallLadder<LocalRepair>(['reacquire-mic', 'ice-restart']);
}
