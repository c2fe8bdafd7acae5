// Names from discovery replies are printed to a terminal: nothing in them may act on it.
import { describe, expect, it } from 'vitest';
import { REPLACEMENT, printable } from '../../server/lan/printable.js';

describe('printable', () => {
  it('keeps ordinary names in any script', () => {
    expect(printable('kitchen-laptop')).toBe('kitchen-laptop');
    expect(printable('Ноутбук на кухне 🎧')).toBe('Ноутбук на кухне 🎧');
  });

  it('replaces terminal escape sequences, C1 controls and DEL', () => {
    const hostile = 'a\u001b]0;pwned\u0007b\u001b[2Jc\u009b31md\u007f';
    const shown = printable(hostile);
    expect(shown).not.toMatch(/\p{Cc}/u);
    expect(shown).toBe(`a${REPLACEMENT}]0;pwned${REPLACEMENT}b${REPLACEMENT}[2Jc${REPLACEMENT}31md${REPLACEMENT}`);
  });

  it('replaces bidi overrides, zero-width characters and line separators', () => {
    expect(printable('safe\u202Egnp.exe')).toBe(`safe${REPLACEMENT}gnp.exe`);
    expect(printable('pay\u200Bpal\u2066x\u2069')).toBe(`pay${REPLACEMENT}pal${REPLACEMENT}x${REPLACEMENT}`);
    expect(printable('one\u2028two\nthree')).toBe(`one${REPLACEMENT}two${REPLACEMENT}three`);
  });
});
