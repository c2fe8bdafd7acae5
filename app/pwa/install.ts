// Whether and how this browser can install the app: the deferred beforeinstallprompt, or the iOS hint.

/** Chromium's install prompt event (not in TypeScript's DOM library). */
interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
  readonly userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

type Listener = () => void;

/**
 * True for iPhone, iPod and iPad (iPadOS reports itself as a Mac with a touch screen): there the
 * only way to install is Safari's Share → Add to Home Screen, which no event announces.
 */
export function isIos(userAgent: string, maxTouchPoints: number): boolean {
  if (/\b(iPhone|iPad|iPod)\b/.test(userAgent)) return true;
  return /\bMacintosh\b/.test(userAgent) && maxTouchPoints > 1;
}

/** True when the page already runs as an installed app. */
export function isStandalone(): boolean {
  const iosStandalone = (navigator as { standalone?: boolean }).standalone === true;
  return iosStandalone || window.matchMedia('(display-mode: standalone)').matches;
}

class Installer {
  private deferred: BeforeInstallPromptEvent | undefined;
  private installed = false;
  private readonly listeners = new Set<Listener>();

  /** Starts listening; the browser fires beforeinstallprompt early, so this runs at boot. */
  listen(): void {
    window.addEventListener('beforeinstallprompt', (event) => {
      // Keep the browser's own mini-infobar away and offer our button instead.
      event.preventDefault();
      this.deferred = event as BeforeInstallPromptEvent;
      this.changed();
    });
    window.addEventListener('appinstalled', () => {
      this.deferred = undefined;
      this.installed = true;
      this.changed();
    });
  }

  /** True while the browser offers installation through our button. */
  get canPrompt(): boolean {
    return this.deferred !== undefined;
  }

  /** True when the iOS Add to Home Screen hint applies. */
  get needsIosHint(): boolean {
    return !this.installed && isIos(navigator.userAgent, navigator.maxTouchPoints) && !isStandalone();
  }

  /** Shows the browser's install dialog; the event can be used once only. */
  async prompt(): Promise<void> {
    const event = this.deferred;
    if (!event) return;
    this.deferred = undefined;
    this.changed();
    await event.prompt();
    await event.userChoice;
  }

  /** Calls `listener` on every change; returns the function that stops it. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

/** The app-wide installer. */
export const installer = new Installer();
