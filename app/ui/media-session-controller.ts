// Media Session while in a call: what the phone's lock screen and notification show, and its microphone and hang-up buttons.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { diagnostics } from '../diagnostics/sink.js';

/** What the lock screen shows and what its buttons do. */
export interface MediaSessionState {
  readonly title: string;
  readonly subtitle: string;
  readonly muted: boolean;
  readonly toggleMicrophone: () => void;
  readonly hangUp: () => void;
}

/** Action names Chromium knows for calls; older TypeScript DOM types lack some of them. */
type CallAction = 'togglemicrophone' | 'hangup';
type CallMediaSession = Omit<MediaSession, 'setActionHandler'> & {
  setActionHandler(action: CallAction, handler: (() => void) | null): void;
  setMicrophoneActive?(active: boolean): Promise<void> | void;
};

/** Calls' Media Session actions: the microphone toggle and hang-up. */
const CALL_ACTIONS: readonly CallAction[] = ['togglemicrophone', 'hangup'];

/** Publishes the call to the Media Session while `state` is set and the host is connected; clears it after. */
export class MediaSessionController implements ReactiveController {
  private current: MediaSessionState | undefined;
  private installed = false;

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** The call's state now; undefined when there is no call (clears the lock screen). */
  set state(state: MediaSessionState | undefined) {
    this.current = state;
    const session = this.session();
    if (session === undefined) return;
    if (state === undefined) {
      this.clear(session);
      return;
    }
    session.metadata = new MediaMetadata({ title: state.title, artist: state.subtitle });
    // Named for what they do: an unknown action name throws in browsers that lack it.
    if (!this.installed) {
      for (const action of CALL_ACTIONS) {
        try {
          session.setActionHandler(action, () => (action === 'hangup' ? this.current?.hangUp() : this.current?.toggleMicrophone()));
        } catch {
          // Expected: this browser has no such action (TypeError); the other one may still work.
        }
      }
      this.installed = true;
    }
    void Promise.resolve(session.setMicrophoneActive?.(!state.muted)).catch(diagnostics.reportAs('ui', 'media-session-microphone-failed'));
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    const session = this.session();
    if (session) this.clear(session);
  }

  private session(): CallMediaSession | undefined {
    return 'mediaSession' in navigator && typeof MediaMetadata !== 'undefined' ? (navigator.mediaSession as unknown as CallMediaSession) : undefined;
  }

  private clear(session: CallMediaSession): void {
    session.metadata = null;
    if (!this.installed) return;
    for (const action of CALL_ACTIONS) {
      try {
        session.setActionHandler(action, null);
      } catch {
        // Expected: this browser has no such action; nothing was installed for it.
      }
    }
    this.installed = false;
  }
}
