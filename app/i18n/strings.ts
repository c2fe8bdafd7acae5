// Every user-visible string, in English and Russian.

export const LANGUAGES = ['en', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];

const en = {
  appName: 'SecureCall',
  tagline: 'Private voice calls for 2–10 people. No accounts. End-to-end encrypted.',
  newCall: 'New call',
  join: 'Join',
  language: 'Language',
  home: 'Home',
} as const;

export type StringKey = keyof typeof en;

const ru: Record<StringKey, string> = {
  appName: 'SecureCall',
  tagline: 'Приватные голосовые звонки на 2–10 человек. Без аккаунтов. Сквозное шифрование.',
  newCall: 'Новый звонок',
  join: 'Присоединиться',
  language: 'Язык',
  home: 'Главная',
};

export const STRINGS: Readonly<Record<Language, Readonly<Record<StringKey, string>>>> = { en, ru };
