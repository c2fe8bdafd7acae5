// Pooled random ids: the right length and alphabet, never repeated across pool refills.
import { describe, expect, it } from 'vitest';
import { RANDOM_POOL_BYTES, RandomPool } from '../../server/random-ids.js';

describe('RandomPool', () => {
  it('hands out distinct base64url ids of the asked length across several refills', () => {
    const pool = new RandomPool();
    const ids = new Set<string>();
    const count = Math.ceil((5 * RANDOM_POOL_BYTES) / 9);
    for (let i = 0; i < count; i++) {
      const id = pool.base64url(9);
      expect(id).toMatch(/^[A-Za-z0-9_-]{12}$/);
      ids.add(id);
    }
    expect(ids.size).toBe(count);
  });

  it('refills when the rest of the pool is shorter than asked, and serves a whole pool at once', () => {
    const pool = new RandomPool();
    const first = pool.base64url(RANDOM_POOL_BYTES - 1);
    const next = pool.base64url(2);
    expect(Buffer.from(next, 'base64url')).toHaveLength(2);
    expect(Buffer.from(pool.base64url(RANDOM_POOL_BYTES), 'base64url')).toHaveLength(RANDOM_POOL_BYTES);
    expect(first).not.toBe(pool.base64url(RANDOM_POOL_BYTES - 1));
  });

  it('refuses more than a pool at once', () => {
    expect(() => new RandomPool().base64url(RANDOM_POOL_BYTES + 1)).toThrow(RangeError);
  });
});
