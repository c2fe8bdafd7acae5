// The one string mechanism: each feature's table, looked up in the current language, with placeholders.
import { describe, expect, it } from 'vitest';
import { LANGUAGES, preferredLanguage, type Language } from '../../app/i18n/locale.js';
import { defineStrings, fill } from '../../app/i18n/table.js';

describe('defineStrings', () => {
  it('looks strings up in the language current at call time', () => {
    let language: Language = 'en';
    const { t } = defineStrings({ en: { hello: 'Hello' }, ru: { hello: 'Привет' } }, () => language);
    expect(t('hello')).toBe('Hello');
    language = 'ru';
    expect(t('hello')).toBe('Привет');
  });

  it('fills {name} placeholders and leaves unknown ones as they are', () => {
    const { tf } = defineStrings({ en: { greet: 'Hi {name}, {missing}' }, ru: { greet: 'Привет, {name}' } }, () => 'en');
    expect(tf('greet', { name: 'Bob' })).toBe('Hi Bob, {missing}');
    expect(fill('{a}{a}', { a: 'x' })).toBe('xx');
  });

  it('picks the first preferred language SecureCall speaks, else English', () => {
    expect(preferredLanguage(['de-DE', 'ru-RU', 'en'])).toBe('ru');
    expect(preferredLanguage(['fr'])).toBe('en');
    expect(LANGUAGES).toEqual(['en', 'ru']);
  });
});
