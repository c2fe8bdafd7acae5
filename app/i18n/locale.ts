// The current language: the one chosen on this device before, else picked from the browser; switchable, remembered, and observable by components.

/** The languages SecureCall speaks; every string table has all of them. */
export const LANGUAGES = ['en', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The first of the browser's preferred languages that SecureCall speaks, else English. */
export function preferredLanguage(preferences: readonly string[]): Language {
  for (const tag of preferences) {
    const base = tag.toLowerCase().split('-')[0];
    const match = LANGUAGES.find((lang) => lang === base);
    if (match) return match;
  }
  return 'en';
}

/** localStorage key of the language chosen on this device; absent until someone picks one. */
export const LANGUAGE_STORAGE_KEY = 'securecall.language';

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    // Expected: some browsers throw on access when storage is disabled; the browser's preference applies.
    return undefined;
  }
}

/** The language chosen on this device before, if it is one SecureCall speaks. */
export function savedLanguage(store: Pick<Storage, 'getItem'> | undefined = storage()): Language | undefined {
  const saved = store?.getItem(LANGUAGE_STORAGE_KEY);
  return LANGUAGES.find((lang) => lang === saved);
}

type Listener = () => void;

class Locale {
  private current: Language = savedLanguage() ?? preferredLanguage(globalThis.navigator?.languages ?? []);
  private readonly listeners = new Set<Listener>();

  get language(): Language {
    return this.current;
  }

  /** Switches the language and remembers the choice on this device. */
  set language(language: Language) {
    if (language === this.current) return;
    this.current = language;
    try {
      storage()?.setItem(LANGUAGE_STORAGE_KEY, language);
    } catch {
      // Expected: storage full or refused (private mode); the choice lasts for this page only.
    }
    document.documentElement.lang = language;
    for (const listener of this.listeners) listener();
  }

  /** Calls `listener` after every language change; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** The app-wide locale. */
export const locale = new Locale();
