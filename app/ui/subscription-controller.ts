// A ReactiveController that re-renders its host whenever an app-wide store (locale, installer, updates, diagnostics) announces a change.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Subscribes while the host is connected, unsubscribes when it disconnects. */
export class SubscriptionController implements ReactiveController {
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly subscribe: (listener: () => void) => () => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.unsubscribe = this.subscribe(() => this.host.requestUpdate());
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }
}
