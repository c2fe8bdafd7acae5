// A participant's avatar: initials from the name and a hue from the key fingerprint, so two people with look-alike names still look different.

/** Initials shown for someone with no name. */
export const NO_NAME_INITIALS = '?';

/** Splits text into what a reader sees as characters (an accented letter or an emoji stays whole). */
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Up to two initials: the first characters of the first two words ("Анна Петрова" → "АП"), else of the one word. */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/u).filter((w) => w !== '');
  const letters = words.slice(0, 2).map((w) => graphemes.segment(w)[Symbol.iterator]().next().value?.segment ?? '');
  return letters.join('').toLocaleUpperCase() || NO_NAME_INITIALS;
}

/** A hue (0-359 degrees) from the first 16 bits of the fingerprint's hex digits (spaces ignored); 0 without any. */
export function hueOf(fingerprintHex: string): number {
  const digits = fingerprintHex.replace(/[^0-9a-f]/giu, '').slice(0, 4);
  return digits === '' ? 0 : parseInt(digits, 16) % 360;
}
