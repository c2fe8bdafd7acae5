// This origin's relay-only pin: once a server required TURN relay, an ICE config that stops requiring it is refused.
import type { IceConfig } from '../../protocol/messages.js';

/** localStorage key of the pin; '1' once this origin has required relay. */
export const RELAY_PIN_STORAGE_KEY = 'securecall.relayOnly';

/** Where the pin is kept: this origin's localStorage unless replaced in tests. */
export interface RelayPinStore {
  read(): boolean;
  write(): void;
}

/** The pin in this origin's localStorage; storage that throws (private mode) keeps nothing. */
const deviceRelayPinStore: RelayPinStore = {
  read() {
    try {
      return localStorage.getItem(RELAY_PIN_STORAGE_KEY) === '1';
    } catch {
      // Expected: storage disabled; the pin then lasts as long as the page (RelayPin keeps it in memory).
      return false;
    }
  },
  write() {
    try {
      localStorage.setItem(RELAY_PIN_STORAGE_KEY, '1');
    } catch {
      // Expected: storage disabled; the in-memory pin still holds for this page.
    }
  },
};

/** A server stopped requiring relay after this origin had required it. */
export class RelayDowngradeError extends Error {
  override readonly name = 'RelayDowngradeError';
  constructor() {
    super('the server no longer requires relay-only ICE');
  }
}

/**
 * Relay-only, once seen, is for good on this origin: a hostile or compromised server that stops
 * saying `relay` would otherwise let peers learn each other's IP addresses.
 */
export class RelayPin {
  private pinned: boolean;

  constructor(private readonly store: RelayPinStore = deviceRelayPinStore) {
    this.pinned = store.read();
  }

  /** True when this origin has required relay before. */
  get required(): boolean {
    return this.pinned || this.store.read();
  }

  /** Pins relay-only if `ice` requires it; false when `ice` drops a relay-only this origin already required. */
  accepts(ice: IceConfig): boolean {
    if (ice.iceTransportPolicy === 'relay') {
      this.pinned = true;
      this.store.write();
      return true;
    }
    return !this.required;
  }
}
