// Keeps the screen awake while a call runs (Screen Wake Lock), re-taking the lock when the page is shown again.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { diagnostics, errorNameOf } from '../diagnostics/sink.js';

/** True where the browser offers a screen wake lock. */
export function wakeLockSupported(): boolean {
  return 'wakeLock' in navigator;
}

/** Holds a screen wake lock while `active` is true and the host is connected. */
export class WakeLockController implements ReactiveController {
  private sentinel: WakeLockSentinel | undefined;
  private wanted = false;
  private readonly onVisibility = (): void => {
    // Browsers drop the lock when the page is hidden; take it again on return.
    if (document.visibilityState === 'visible' && this.wanted) void this.acquire();
  };

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Asks for (true) or gives up (false) the lock. */
  set active(value: boolean) {
    if (value === this.wanted) return;
    this.wanted = value;
    if (value) void this.acquire();
    else this.releaseLock();
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.wanted = false;
    this.releaseLock();
  }

  private async acquire(): Promise<void> {
    if (!wakeLockSupported() || this.sentinel) return;
    try {
      const sentinel = await navigator.wakeLock.request('screen');
      if (!this.wanted) {
        await sentinel.release();
        return;
      }
      this.sentinel = sentinel;
      sentinel.addEventListener('release', () => {
        if (this.sentinel === sentinel) this.sentinel = undefined;
      });
    } catch (error) {
      // Expected: refused (NotAllowedError: page hidden or battery saver); the call works without it.
      if (errorNameOf(error) !== 'NotAllowedError') diagnostics.report('ui', 'wake-lock-failed', error);
    }
  }

  private releaseLock(): void {
    const sentinel = this.sentinel;
    this.sentinel = undefined;
    void sentinel?.release().catch(diagnostics.reportAs('ui', 'wake-lock-release-failed'));
  }
}
