// Challenge cookies: valid only for the address, port and nonce they were issued to, and only for a while.
import { describe, expect, it } from 'vitest';
import { COOKIE_BYTES, NONCE_BYTES } from '../../server/lan/discovery-codec.js';
import { COOKIE_EPOCH_MS, ProbeCookies } from '../../server/lan/probe-cookies.js';

const nonce = Uint8Array.from({ length: NONCE_BYTES }, (_, i) => i);
const otherNonce = Uint8Array.from({ length: NONCE_BYTES }, (_, i) => i + 1);

describe('ProbeCookies', () => {
  it('accepts its cookie from the same address, port and nonce', () => {
    const cookies = new ProbeCookies(() => 5_000);
    const cookie = cookies.issue('192.168.1.7', 40000, nonce);
    expect(cookie).toHaveLength(COOKIE_BYTES);
    expect(cookies.verify('192.168.1.7', 40000, nonce, cookie)).toBe(true);
  });

  it('refuses it from another address, port or nonce, and a cookie of another process', () => {
    const cookies = new ProbeCookies(() => 5_000);
    const cookie = cookies.issue('192.168.1.7', 40000, nonce);
    expect(cookies.verify('192.168.1.8', 40000, nonce, cookie)).toBe(false);
    expect(cookies.verify('192.168.1.7', 40001, nonce, cookie)).toBe(false);
    expect(cookies.verify('192.168.1.7', 40000, otherNonce, cookie)).toBe(false);
    expect(new ProbeCookies(() => 5_000).verify('192.168.1.7', 40000, nonce, cookie)).toBe(false);
    expect(cookies.verify('192.168.1.7', 40000, nonce, cookie.subarray(1))).toBe(false);
  });

  it('keeps a cookie valid into the next epoch and no longer', () => {
    let now = COOKIE_EPOCH_MS - 1;
    const cookies = new ProbeCookies(() => now);
    const cookie = cookies.issue('10.0.0.2', 50000, nonce);
    now = 2 * COOKIE_EPOCH_MS - 1;
    expect(cookies.verify('10.0.0.2', 50000, nonce, cookie)).toBe(true);
    now = 2 * COOKIE_EPOCH_MS;
    expect(cookies.verify('10.0.0.2', 50000, nonce, cookie)).toBe(false);
  });
});
