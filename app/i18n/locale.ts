// The current language: picked from the browser, switchable, and observable by components.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { LANGUAGES, STRINGS, type Language, type StringKey } from './strings.js';

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

  t(key: StringKey): string {
    return STRINGS[this.current][key];
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** The app-wide locale. */
export const locale = new Locale();

/** Re-renders its host whenever the language changes. */
export class LocaleController implements ReactiveController {
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    this.unsubscribe = locale.subscribe(() => this.host.requestUpdate());
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }
}

/** Shorthand for the current language's string. */
export const t = (key: StringKey): string => locale.t(key);

/** A string with `{name}`-style placeholders filled in. */
export const tf = (key: StringKey, values: Readonly<Record<string, string>>): string =>
  locale.t(key).replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
