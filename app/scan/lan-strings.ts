// What the home scanner says about a LAN server's QR code, in English and Russian.
import { defineStrings } from '../i18n/table.js';

const en = {
  lanServerFound: 'A SecureCall server on this network: {origin}.',
  lanServerFingerprint: 'Its certificate fingerprint (SHA-256):',
  lanServerCompare:
    'Check that the server’s terminal shows the same fingerprint. Your browser will warn that the certificate is self-signed; continue only if the certificate it shows has this fingerprint. Open:',
} as const;

type LanServerStringKey = keyof typeof en;

const ru: Record<LanServerStringKey, string> = {
  lanServerFound: 'Сервер SecureCall в этой сети: {origin}.',
  lanServerFingerprint: 'Отпечаток его сертификата (SHA-256):',
  lanServerCompare:
    'Проверьте, что в терминале сервера показан тот же отпечаток. Браузер предупредит, что сертификат самоподписанный; продолжайте, только если у показанного сертификата этот отпечаток. Открыть:',
};

/** The current language's LAN-server string (`lst`), and with `{name}`-style placeholders filled in (`lstf`). */
export const { t: lst, tf: lstf } = defineStrings<LanServerStringKey>({ en, ru });
