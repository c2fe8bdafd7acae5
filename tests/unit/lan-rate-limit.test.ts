// The discovery reply limits: per source per second, in total, and a bounded table of sources.
import { describe, expect, it } from 'vitest';
import { MAX_TRACKED_SOURCES, REPLIES_PER_SECOND_TOTAL, REPLIES_PER_SOURCE_PER_SECOND, ReplyLimiter } from '../../server/lan/reply-limiter.js';

function allowed(limiter: ReplyLimiter, source: string, count: number, now: number): number {
  let n = 0;
  for (let i = 0; i < count; i++) if (limiter.allow(source, now)) n++;
  return n;
}

describe('ReplyLimiter', () => {
  it(`answers one source at most ${REPLIES_PER_SOURCE_PER_SECOND} times a second, then again in the next second`, () => {
    const limiter = new ReplyLimiter();
    expect(allowed(limiter, '192.168.1.30', 100, 1000)).toBe(REPLIES_PER_SOURCE_PER_SECOND);
    expect(allowed(limiter, '192.168.1.30', 100, 1999)).toBe(0);
    expect(allowed(limiter, '192.168.1.31', 1, 1999)).toBe(1);
    expect(allowed(limiter, '192.168.1.30', 100, 2000)).toBe(REPLIES_PER_SOURCE_PER_SECOND);
  });

  it(`sends at most ${REPLIES_PER_SECOND_TOTAL} replies a second in all, whatever the sources`, () => {
    const limiter = new ReplyLimiter();
    let n = 0;
    for (let i = 0; i < 1000; i++) if (limiter.allow(`10.0.${i >> 8}.${i & 255}`, 5000)) n++;
    expect(n).toBe(REPLIES_PER_SECOND_TOTAL);
  });

  it('refuses new sources beyond MAX_TRACKED_SOURCES until old windows end', () => {
    const limiter = new ReplyLimiter();
    for (let i = 0; i < MAX_TRACKED_SOURCES; i++) limiter.allow(`src-${i}`, 0);
    expect(limiter.allow('one-more', 10)).toBe(false);
    expect(limiter.allow('one-more', 1000)).toBe(true);
  });
});
