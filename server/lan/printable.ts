// Makes a name from the network safe to print: no terminal escapes, bidi overrides or invisible characters.

/**
 * Control (C0, C1, DEL), format (bidi overrides, zero-width), line/paragraph separators, private-use
 * and unassigned code points: anything a terminal may act on or that may hide what is shown.
 */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}]+/gu;

/** Shown in place of each run of unsafe characters, so a tampered name looks tampered. */
export const REPLACEMENT = '\uFFFD';

/** `text` with every run of unsafe characters replaced by one U+FFFD. */
export function printable(text: string): string {
  return text.replace(UNSAFE, REPLACEMENT);
}
