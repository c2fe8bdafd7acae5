// The install, update, offline and About strings, in English and Russian.
import { defineStrings } from '../i18n/table.js';

const en = {
  updateAvailable: 'A new version is available',
  reload: 'Reload',
  updateAfterCall: 'A new version is ready; it will be offered when the call ends.',
  offline: 'You are offline. The app works; calls need a connection to the server (or the LAN server), except “Call without a server” on a shared Wi-Fi.',
  installApp: 'Install app',
  iosHint: 'To install: tap Share, then “Add to Home Screen”.',
  about: 'About',
  version: 'Version',
  aboutText: 'Private voice calls for 2–10 people. No accounts; the server relays only ciphertext.',
} as const;

type PwaStringKey = keyof typeof en;

const ru: Record<PwaStringKey, string> = {
  updateAvailable: 'Доступна новая версия',
  reload: 'Перезагрузить',
  updateAfterCall: 'Новая версия готова; её предложат после звонка.',
  offline: 'Нет сети. Приложение работает; для звонков нужно подключение к серверу (или к серверу в локальной сети), кроме «Звонка без сервера» в общей сети Wi-Fi.',
  installApp: 'Установить приложение',
  iosHint: 'Чтобы установить: нажмите «Поделиться», затем «На экран «Домой»».',
  about: 'О приложении',
  version: 'Версия',
  aboutText: 'Частные голосовые звонки на 2–10 человек. Без аккаунтов; сервер пересылает только шифротекст.',
};

/** The current language's install/update/offline/About string. */
export const { t: pt } = defineStrings<PwaStringKey>({ en, ru });
