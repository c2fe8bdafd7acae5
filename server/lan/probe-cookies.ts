// Stateless cookies that prove a prober receives datagrams at the address it probes from.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { COOKIE_BYTES } from './discovery-codec.js';

/** How long one cookie key is used, in ms; a cookie stays valid for this to twice this long. */
export const COOKIE_EPOCH_MS = 10_000;

/**
 * Issues and checks challenge cookies: HMAC-SHA256 under a random per-process key over the epoch,
 * the prober's address and port and the probe's nonce, cut to COOKIE_BYTES. Only whoever receives
 * datagrams at that address and port learns the cookie, so a probe with a forged source address
 * can never carry a valid one. Nothing is stored per prober.
 */
export class ProbeCookies {
  private readonly key = randomBytes(32);

  constructor(private readonly now: () => number = Date.now) {}

  issue(address: string, port: number, nonce: Uint8Array): Uint8Array {
    return this.cookie(Math.floor(this.now() / COOKIE_EPOCH_MS), address, port, nonce);
  }

  /** True when `cookie` was issued to this address, port and nonce in this epoch or the one before. */
  verify(address: string, port: number, nonce: Uint8Array, cookie: Uint8Array): boolean {
    if (cookie.length !== COOKIE_BYTES) return false;
    const epoch = Math.floor(this.now() / COOKIE_EPOCH_MS);
    return [epoch, epoch - 1].some((e) => timingSafeEqual(this.cookie(e, address, port, nonce), cookie));
  }

  private cookie(epoch: number, address: string, port: number, nonce: Uint8Array): Uint8Array {
    return createHmac('sha256', this.key).update(`${epoch}\0${address}\0${port}\0`).update(nonce).digest().subarray(0, COOKIE_BYTES);
  }
}
