// Names that look alike: a skeleton per name (Unicode confusables, case, accents and spacing folded) compared between people.
import unhomoglyph from 'unhomoglyph';

const COMBINING_MARKS = /\p{M}/gu;
const SPACING = /[\s\p{Zs}]+/gu;

/**
 * What a name looks like, for comparison only (not for display): confusable characters mapped
 * to their Unicode (UTS #39) prototype, case and accents folded, spacing dropped. Two names with
 * the same skeleton are easy to mistake for each other: "Bob", "B0b", "bob" and "Воb" (Cyrillic)
 * all share one. The empty name has the empty skeleton and looks like nobody.
 */
export function nameSkeleton(name: string): string {
  // Mapped both before and after lowercasing: '0' maps to 'O', which must then meet 'o'.
  return unhomoglyph(unhomoglyph(name.normalize('NFD')).toLowerCase().replace(COMBINING_MARKS, '').replace(SPACING, ''));
}

/** Whether `name` looks like any of `others` (an empty name never does). */
export function looksLikeAny(name: string, others: readonly string[]): boolean {
  const skeleton = nameSkeleton(name);
  return skeleton !== '' && others.some((other) => nameSkeleton(other) === skeleton);
}
