// Owns the running Call for a component: re-renders on changes and ends the call when the host goes away.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Call } from '../call/call.js';
import { setCallActive } from '../pwa/call-activity.js';

/** Holds at most one call; `hostDisconnected` leaves it so nothing outlives the view. */
export class CallController implements ReactiveController {
  private current: Call | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  get call(): Call | undefined {
    return this.current;
  }

  /** Takes ownership of `call`. */
  adopt(call: Call): void {
    this.release();
    this.current = call;
    this.unsubscribe = call.onChange(() => {
      if (call.snapshot.phase === 'ended') setCallActive(false);
      this.host.requestUpdate();
    });
    setCallActive(true);
    this.host.requestUpdate();
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    const call = this.current;
    this.release();
    void call?.leave();
  }

  private release(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.current = undefined;
    setCallActive(false);
  }
}
