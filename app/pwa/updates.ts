// A new version of the app that is ready to run, and the user's "Reload" that switches to it.
import { isCallActive } from './call-activity.js';

type Listener = () => void;

class Updates {
  private apply: (() => void) | undefined;
  private readonly listeners = new Set<Listener>();

  /** True once a new version waits for the user's Reload. */
  get available(): boolean {
    return this.apply !== undefined;
  }

  /** Announces a ready version; `apply` activates it and reloads the page. */
  offer(apply: () => void): void {
    this.apply = apply;
    for (const listener of this.listeners) listener();
  }

  /** Switches to the new version unless a call is running; returns whether it did. */
  reload(): boolean {
    if (!this.apply || isCallActive()) return false;
    this.apply();
    return true;
  }

  /** Calls `listener` whenever availability changes; returns the function that stops it. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}

/** The app-wide update state, fed by the service worker registration. */
export const updates = new Updates();
