// The current language: picked from the browser, switchable, and observable by components.

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

type Listener = () => void;

class Locale {
  private current: Language = preferredLanguage(globalThis.navigator?.languages ?? []);
  private readonly listeners = new Set<Listener>();

  get language(): Language {
    return this.current;
  }

  set language(language: Language) {
    if (language === this.current) return;
    this.current = language;
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
