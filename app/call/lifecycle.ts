// The call's phase and why it ended: losing the server never ends a call that still carries audio.
import type { SignalingState } from '../signaling/client.js';

/**
 * Lifecycle of the call. 'reconnecting': the server is unreachable and being retried; the
 * connections to the others go on. 'detached': the server no longer holds this seat, the
 * connections still carry audio, and the call lasts while they do.
 */
export type CallPhase = 'live' | 'reconnecting' | 'detached' | 'ended';

/** Why the call ended: this member left, or the server gave the seat up and no connection was left. */
export type EndReason = 'left' | 'seat-gone';

/** What the lifecycle reacts to. */
export type LifecycleEvent =
  | { readonly kind: 'signaling'; readonly state: SignalingState }
  /** Whether any connection to another participant is up, read after each stats poll. */
  | { readonly kind: 'connections'; readonly anyConnected: boolean }
  | { readonly kind: 'leave' };

/** A phase, and the reason when it is 'ended'. */
export interface PhaseState {
  readonly phase: CallPhase;
  readonly endReason: EndReason | undefined;
}

/**
 * The next phase. Signaling going away only ever means 'reconnecting'; a final 'closed' (the
 * seat refused or taken over) means 'detached' while any connection is up, and the end once
 * none is. Leaving ends at once. Nothing leaves 'ended'.
 */
export function nextPhase(now: PhaseState, event: LifecycleEvent, anyConnected: boolean): PhaseState {
  if (now.phase === 'ended') return now;
  switch (event.kind) {
    case 'leave':
      return { phase: 'ended', endReason: 'left' };
    case 'signaling':
      if (event.state === 'open') return { phase: 'live', endReason: undefined };
      if (event.state === 'reconnecting') return { phase: 'reconnecting', endReason: undefined };
      if (event.state === 'closed') return anyConnected ? { phase: 'detached', endReason: undefined } : { phase: 'ended', endReason: 'seat-gone' };
      return now;
    case 'connections':
      return now.phase === 'detached' && !event.anyConnected ? { phase: 'ended', endReason: 'seat-gone' } : now;
  }
}

/** Holds the phase; `ended` runs once, when the phase first becomes 'ended'. */
export class Lifecycle {
  private current: PhaseState = { phase: 'live', endReason: undefined };

  constructor(
    private readonly anyConnected: () => boolean,
    private readonly transitioned: (from: CallPhase, to: PhaseState) => void,
  ) {}

  /** The phase now. */
  get phase(): CallPhase {
    return this.current.phase;
  }

  /** Why the call ended, once it has. */
  get endReason(): EndReason | undefined {
    return this.current.endReason;
  }

  /** Whether the call is over. */
  get ended(): boolean {
    return this.current.phase === 'ended';
  }

  /** Applies an event; tells `transitioned` when the phase changed. */
  apply(event: LifecycleEvent): void {
    const from = this.current.phase;
    const next = nextPhase(this.current, event, this.anyConnected());
    if (next.phase === from) return;
    this.current = next;
    this.transitioned(from, next);
  }
}
