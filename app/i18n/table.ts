// The one way strings are looked up: each feature defines its table in every language and gets t/tf for it.
import { locale, type Language } from './locale.js';

/** A feature's strings: the same keys in every language (English defines them). */
export type StringTable<K extends string> = Readonly<Record<Language, Readonly<Record<K, string>>>>;

/** Lookups in one feature's table, in the current language. */
export interface Strings<K extends string> {
  /** The current language's string. */
  readonly t: (key: K) => string;
  /** The current language's string with `{name}`-style placeholders filled in (unknown ones left as they are). */
  readonly tf: (key: K, values: Readonly<Record<string, string>>) => string;
}

/** Fills `{name}` placeholders in `text` from `values`. */
export function fill(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/**
 * Lookups for `table`, reading the language at call time (components re-render on a change
 * through ScElement). `language` is injectable for tests.
 */
export function defineStrings<K extends string>(table: StringTable<K>, language: () => Language = () => locale.language): Strings<K> {
  const t = (key: K): string => table[language()][key];
  return { t, tf: (key, values) => fill(t(key), values) };
}
