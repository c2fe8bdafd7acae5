// Random public identifiers (peer ids, TURN username salts) cut from a pooled CSPRNG buffer.
import { randomFillSync } from 'node:crypto';

/**
 * Bytes fetched from the CSPRNG at once, in bytes. One `randomBytes` call costs several µs
 * (an OpenSSL call and a getpid), as much as the rest of an admission's own code; one refill
 * serves about 450 peer ids. Node's own `randomUUID` pools the same way.
 */
export const RANDOM_POOL_BYTES = 4096;

/**
 * Hands out bytes of one CSPRNG buffer in order and refills it when it runs out. For values that
 * are random but not secret (every member sees a peer id; a TURN username travels in the clear):
 * bytes already handed out stay in memory until the next refill overwrites them.
 */
export class RandomPool {
  private readonly pool = Buffer.allocUnsafeSlow(RANDOM_POOL_BYTES);
  /** Next unused byte; starts past the end so the first call fills the pool. */
  private next = RANDOM_POOL_BYTES;

  /** `bytes` (at most RANDOM_POOL_BYTES) fresh random bytes as base64url. */
  base64url(bytes: number): string {
    if (bytes > RANDOM_POOL_BYTES) throw new RangeError(`at most ${RANDOM_POOL_BYTES} bytes at once`);
    if (this.next + bytes > RANDOM_POOL_BYTES) {
      randomFillSync(this.pool);
      this.next = 0;
    }
    const start = this.next;
    this.next += bytes;
    return this.pool.toString('base64url', start, this.next);
  }
}

/** The process's pool: one buffer shared by every caller, like Node's own UUID pool. */
const shared = new RandomPool();

/** `bytes` fresh random bytes as base64url, from the shared pool. */
export function randomBase64url(bytes: number): string {
  return shared.base64url(bytes);
}
