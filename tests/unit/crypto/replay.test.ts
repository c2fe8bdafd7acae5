// Replay window: strictly increasing counters per sender, never accepted twice.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReplayWindow } from '../../../app/crypto/index.js';

describe('ReplayWindow', () => {
  it('accepts a first counter of 0 and then only higher ones', () => {
    const w = new ReplayWindow();
    expect(w.accept('a', 0)).toBe(true);
    expect(w.accept('a', 0)).toBe(false);
    expect(w.accept('a', 5)).toBe(true);
    expect(w.accept('a', 3)).toBe(false);
    expect(w.highest('a')).toBe(5);
  });

  it('keeps senders independent', () => {
    const w = new ReplayWindow();
    expect(w.accept('a', 9)).toBe(true);
    expect(w.accept('b', 1)).toBe(true);
    expect(w.isFresh('a', 9)).toBe(false);
  });

  it('never accepts a counter twice, and accepts exactly the running maxima', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.nat({ max: 50 })), { maxLength: 200 }), (events) => {
        const w = new ReplayWindow();
        const accepted = new Set<string>();
        const max = new Map<string, number>();
        for (const [sender, counter] of events) {
          const expected = counter > (max.get(sender) ?? -1);
          const ok = w.accept(sender, counter);
          expect(ok).toBe(expected);
          if (ok) {
            expect(accepted.has(`${sender}:${counter}`)).toBe(false);
            accepted.add(`${sender}:${counter}`);
            max.set(sender, counter);
          }
        }
      }),
    );
  });
});
