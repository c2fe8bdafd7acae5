// Tracks whether the browser has a network, for components that tell the user calls need one.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Re-renders its host when the browser goes online or offline. */
export class OnlineController implements ReactiveController {
  /** The browser's belief: false means certainly offline, true means maybe online. */
  online = navigator.onLine;

  private readonly update = (): void => {
    this.online = navigator.onLine;
    this.host.requestUpdate();
  };

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    this.online = navigator.onLine;
    window.addEventListener('online', this.update);
    window.addEventListener('offline', this.update);
  }

  hostDisconnected(): void {
    window.removeEventListener('online', this.update);
    window.removeEventListener('offline', this.update);
  }
}
