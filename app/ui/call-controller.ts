// Owns the running Call for a component: re-renders on changes, asks before the tab closes mid-call, and ends the call when the host goes away.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Call } from '../call/call.js';
import { setCallActive } from '../pwa/call-activity.js';
import { SEAT_LOCK_NAME } from '../rejoin/store.js';

/**
 * Holds at most one call; `hostDisconnected` leaves it so nothing outlives the view. While the
 * call lasts, closing or reloading the tab asks first (beforeunload), and the network coming
 * back tells the call at once instead of waiting out its reconnect backoff.
 */
export class CallController implements ReactiveController {
  private current: Call | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly onBeforeUnload = (event: BeforeUnloadEvent): void => {
    if (this.current === undefined || this.current.snapshot.phase === 'ended') return;
    // The browser shows its own wording. preventDefault() is the standard; browsers before it
    // (Chromium < 119) only prompt when returnValue is set.
    event.preventDefault();
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- older browsers need it, see above
    event.returnValue = '';
  };
  private readonly onOnline = (): void => this.current?.networkChanged();
  private releaseSeat: (() => void) | undefined;

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
      if (call.snapshot.phase === 'ended') this.unguard();
      this.host.requestUpdate();
    });
    setCallActive(true);
    window.addEventListener('beforeunload', this.onBeforeUnload);
    window.addEventListener('online', this.onOnline);
    // Held until the call ends, so another tab does not take this seat over on start.
    void navigator.locks
      ?.request(SEAT_LOCK_NAME, () => new Promise<void>((resolve) => (this.releaseSeat = resolve)))
      .catch(() => undefined);
    this.host.requestUpdate();
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    const call = this.current;
    this.release();
    void call?.leave();
  }

  private unguard(): void {
    this.releaseSeat?.();
    this.releaseSeat = undefined;
    setCallActive(false);
    window.removeEventListener('beforeunload', this.onBeforeUnload);
    window.removeEventListener('online', this.onOnline);
  }

  private release(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.current = undefined;
    this.unguard();
  }
}
