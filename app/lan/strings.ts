// The LAN banner's user-visible strings, in English and Russian.
import { defineStrings } from '../i18n/table.js';

const en = {
  heading: 'On this network',
  openThis: 'Others on this Wi-Fi open:',
  qrAlt: 'QR code of',
  certificate: 'Certificate SHA-256 — the browser warns that it is self-signed; continue only if it shows this fingerprint:',
  privacy: 'On a LAN call, voice goes directly between devices: the people in the call can see each other’s local IP address.',
} as const;

type LanStringKey = keyof typeof en;

const ru: Record<LanStringKey, string> = {
  heading: 'В этой сети',
  openThis: 'Остальные в этой Wi-Fi-сети открывают:',
  qrAlt: 'QR-код адреса',
  certificate: 'SHA-256 сертификата — браузер предупредит, что он самоподписанный; продолжайте, только если видите этот отпечаток:',
  privacy: 'В звонке по локальной сети голос идёт напрямую между устройствами: участники видят локальные IP-адреса друг друга.',
};

/** The current language's LAN banner string. */
export const { t: lt } = defineStrings<LanStringKey>({ en, ru });
