// The relay-only pin: relay once required on this origin stays required, across page loads (the store) and within one (memory).
import { describe, expect, it } from 'vitest';
import { RelayPin, type RelayPinStore } from '../../app/call/relay-pin.js';
import type { IceConfig } from '../../protocol/messages.js';

const RELAY: IceConfig = { iceServers: [{ urls: ['turn:127.0.0.1:3478'], username: 'u', credential: 'c' }], iceTransportPolicy: 'relay' };
const ALL: IceConfig = { iceServers: [{ urls: ['stun:127.0.0.1:3478'] }], iceTransportPolicy: 'all' };

/** A store like localStorage; `broken` stands for storage that throws (private mode) and keeps nothing. */
function memoryStore(broken = false): RelayPinStore & { value: boolean } {
  return {
    value: false,
    read() {
      return !broken && this.value;
    },
    write() {
      if (!broken) this.value = true;
    },
  };
}

describe('relay-only pin', () => {
  it('accepts any policy on an origin that never required relay', () => {
    const store = memoryStore();
    expect(new RelayPin(store).accepts(ALL)).toBe(true);
    expect(store.value).toBe(false);
  });

  it('pins on the first relay config and refuses a later config without it, in this page and in the next', () => {
    const store = memoryStore();
    const page = new RelayPin(store);
    expect(page.accepts(RELAY)).toBe(true);
    expect(store.value).toBe(true);
    expect(page.accepts(ALL)).toBe(false);
    const nextPage = new RelayPin(store);
    expect(nextPage.required).toBe(true);
    expect(nextPage.accepts(ALL)).toBe(false);
    expect(nextPage.accepts(RELAY)).toBe(true);
  });

  it('still refuses within the page when storage keeps nothing', () => {
    const page = new RelayPin(memoryStore(true));
    expect(page.accepts(RELAY)).toBe(true);
    expect(page.accepts(ALL)).toBe(false);
  });
});
