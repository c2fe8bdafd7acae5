// Display names: invisible and reordering characters removed, bounded in grapheme clusters, look-alikes detected.
import { describe, expect, it } from 'vitest';
import { looksLikeAny, nameSkeleton } from '../../app/call/look-alike.js';
import { cleanDisplayName, MAX_DISPLAY_NAME_CODE_UNITS, MAX_DISPLAY_NAME_GRAPHEMES, parsePayload } from '../../app/signaling/payloads.js';

const graphemes = (s: string): number => [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(s)].length;

describe('cleanDisplayName', () => {
  it.each([
    ['a right-to-left override', 'Ann\u202Egnp.exe', 'Anngnp.exe'],
    ['bidi isolates and marks', '\u2067Bob\u2069\u200F', 'Bob'],
    ['zero-width space, joiner and non-joiner', 'Bo\u200Bb\u200C\u200D', 'Bob'],
    ['a byte order mark and soft hyphen', '\uFEFFCar\u00ADol', 'Carol'],
    ['tag characters', 'Eve\u{E0041}\u{E0042}', 'Eve'],
    ['line and paragraph separators', 'Dan\u2028\u2029ny', 'Danny'],
    ['C0 and C1 controls', ' Ann\u0000\u0007\u0085 ', 'Ann'],
    ['private use characters', 'Zoe\uE000', 'Zoe'],
  ])('removes %s', (_what, input, expected) => {
    expect(cleanDisplayName(input)).toBe(expected);
  });

  it('collapses any spacing to one space and composes to NFC', () => {
    expect(cleanDisplayName('Mary\u3000\t\u00A0 Ann')).toBe('Mary Ann');
    expect(cleanDisplayName('Jose\u0301')).toBe('Jos\u00E9');
  });

  it(`caps at ${MAX_DISPLAY_NAME_GRAPHEMES} grapheme clusters, never splitting one`, () => {
    const flags = cleanDisplayName('\u{1F1EB}\u{1F1F7}'.repeat(60));
    expect(graphemes(flags)).toBe(MAX_DISPLAY_NAME_GRAPHEMES);
    expect(flags).toBe('\u{1F1EB}\u{1F1F7}'.repeat(MAX_DISPLAY_NAME_GRAPHEMES));
    // Letters with two accents that have no composed form: 3 code units a cluster.
    const accented = cleanDisplayName('q\u0307\u0323'.repeat(60));
    expect(graphemes(accented)).toBe(MAX_DISPLAY_NAME_GRAPHEMES);
  });

  it(`caps a cluster stacked with combining marks at ${MAX_DISPLAY_NAME_CODE_UNITS} code units`, () => {
    const zalgo = `Bob a${'\u0300\u0301\u0302'.repeat(100)}`;
    expect(cleanDisplayName(zalgo)).toBe('Bob');
    expect(cleanDisplayName(`Bob ${'x\u0300'.repeat(70)}`).length).toBeLessThanOrEqual(MAX_DISPLAY_NAME_CODE_UNITS);
  });

  it('applies to every name received in a hello', () => {
    const key = Buffer.from(new Uint8Array(65).fill(4)).toString('base64url');
    expect(parsePayload('hello', { key, name: 'Al\u202Eice\u200B' })).toMatchObject({ payload: { name: 'Alice' } });
  });
});

describe('look-alike names', () => {
  it.each([
    ['Bob', 'B0b'],
    ['Bob', 'bob'],
    ['Bob', '\u0412\u043Eb'],
    ['Bob', 'B\u00F3b'],
    ['Alice', 'AIice'],
    ['Alice', 'A l i c e'],
    ['modem', 'rnodern'],
  ])('%s looks like %s', (a, b) => {
    expect(nameSkeleton(a)).toBe(nameSkeleton(b));
    expect(looksLikeAny(b, ['Carol', a])).toBe(true);
  });

  it('different names and the empty name do not look alike', () => {
    expect(looksLikeAny('Alice', ['Bob', 'Carol', ''])).toBe(false);
    expect(looksLikeAny('', ['', 'Bob'])).toBe(false);
  });
});
