// The scanner's, QR code's and identity setting's user-visible strings, in English and Russian.
import { defineStrings } from '../i18n/table.js';

const en = {
  scannerTitle: 'Scan a QR code',
  scannerHint: 'Point the camera at the QR code.',
  scannerStarting: 'Starting the camera…',
  scannerClose: 'Close scanner',
  scannerSwitchCamera: 'Switch camera',
  scannerTorchOn: 'Turn on the light',
  scannerTorchOff: 'Turn off the light',
  scannerVideoLabel: 'Camera picture',
  scannerPasteLabel: 'Or paste the invite link',
  scannerPastePlaceholder: 'https://…/#/join/…',
  scannerPasteSubmit: 'Use link',
  scannerRetry: 'Try again',
  scanErrorPermission:
    'The camera is blocked for this site. Allow the camera in your browser’s site settings and try again, or paste the link below.',
  scanErrorNoCamera: 'No camera was found on this device. Paste the link below instead.',
  scanErrorBusy: 'The camera is being used by another app. Close it and try again.',
  scanErrorUnsupported: 'This browser cannot use the camera here. Paste the link below instead.',
  scanNotSecureCall: 'This QR code is not from SecureCall.',
  scanFoundInvite: 'Invite found.',
  scanFoundFingerprint: 'Fingerprint code found.',
  scanWantInvite: 'This is a fingerprint code, not an invite. Ask for the invite QR code.',
  scanWantFingerprint: 'This is an invite, not a fingerprint code. Open “Verify” on the other phone.',
  qrAlt: 'QR code',
  identityKeepLabel: 'Keep my identity on this device',
  identityKeepOff:
    'Off: every call gets a new identity, so nobody can link your calls together. You verify people again in each call.',
  identityKeepOn:
    'On: this device keeps one identity key (it cannot be copied out) and remembers the people you verified, and warns you when someone you verified shows up with a different key. Your calls can then be linked to each other.',
  identityForgotten: 'Identity and verified contacts erased from this device.',
  identityUnavailable: 'This browser cannot store keys here (private mode?). Each call will use a new identity.',
  verifyShowMine: 'Let the other person scan your code:',
  verifyMyQrAlt: 'My fingerprint QR code for this call',
  verifyScan: 'Scan their code',
  verifyScanFor: 'Scanning the code of {name}',
  verifyMatch: '{name} is verified: their code matches the key this call received.',
  verifyMismatch:
    'Warning: the code of {name} does NOT match the key this call received. Someone may be intercepting the call. {name} was not marked verified.',
  verifyWrongRoom: 'This fingerprint code is from another call, not this one. Ask {name} to open “Verify” in this call.',
  verifyWrongVersion: 'This fingerprint code is from a different version of SecureCall. Ask {name} to update the app, or compare the safety number aloud.',
  verifyUnreadable: 'This fingerprint code is damaged and cannot be checked. Try again.',
  verifyRemembered: 'Verified before on this device',
  verifiedMark: 'Verified',
  inviteShare: 'Share',
  invitePending: 'Invites',
  inviteExpiresAt: 'expires {time}',
  inviteStatePending: 'waiting',
  inviteStateUsed: 'used',
  inviteStateRevoked: 'withdrawn',
  inviteStateExpired: 'expired',
  inviteRevoke: 'Withdraw',
  joinScanTitle: 'Join a call',
  joinOtherServer: 'This invite is for another server, {origin}. Open it there:',
};

type ScanStrings = Record<keyof typeof en, string>;

const ru: ScanStrings = {
  scannerTitle: 'Сканировать QR-код',
  scannerHint: 'Наведите камеру на QR-код.',
  scannerStarting: 'Включаем камеру…',
  scannerClose: 'Закрыть сканер',
  scannerSwitchCamera: 'Сменить камеру',
  scannerTorchOn: 'Включить подсветку',
  scannerTorchOff: 'Выключить подсветку',
  scannerVideoLabel: 'Изображение с камеры',
  scannerPasteLabel: 'Или вставьте ссылку-приглашение',
  scannerPastePlaceholder: 'https://…/#/join/…',
  scannerPasteSubmit: 'Открыть ссылку',
  scannerRetry: 'Попробовать снова',
  scanErrorPermission:
    'Камера для этого сайта заблокирована. Разрешите камеру в настройках сайта в браузере и попробуйте снова или вставьте ссылку ниже.',
  scanErrorNoCamera: 'На этом устройстве нет камеры. Вставьте ссылку ниже.',
  scanErrorBusy: 'Камерой пользуется другое приложение. Закройте его и попробуйте снова.',
  scanErrorUnsupported: 'Этот браузер не может использовать камеру здесь. Вставьте ссылку ниже.',
  scanNotSecureCall: 'Этот QR-код не от SecureCall.',
  scanFoundInvite: 'Приглашение найдено.',
  scanFoundFingerprint: 'Код отпечатка найден.',
  scanWantInvite: 'Это код отпечатка, а не приглашение. Попросите QR-код приглашения.',
  scanWantFingerprint: 'Это приглашение, а не код отпечатка. Откройте «Проверить» на другом телефоне.',
  qrAlt: 'QR-код',
  identityKeepLabel: 'Хранить мою личность на этом устройстве',
  identityKeepOff:
    'Выключено: в каждом звонке новая личность, поэтому ваши звонки нельзя связать между собой. Собеседников придётся проверять в каждом звонке заново.',
  identityKeepOn:
    'Включено: устройство хранит один ключ личности (его нельзя скопировать) и помнит проверенных людей, а если проверенный человек придёт с другим ключом, вы увидите предупреждение. Зато ваши звонки можно связать между собой.',
  identityForgotten: 'Личность и проверенные контакты удалены с этого устройства.',
  identityUnavailable: 'Этот браузер не может хранить ключи здесь (приватный режим?). В каждом звонке будет новая личность.',
  verifyShowMine: 'Дайте собеседнику отсканировать ваш код:',
  verifyMyQrAlt: 'QR-код моего отпечатка для этого звонка',
  verifyScan: 'Сканировать его код',
  verifyScanFor: 'Сканируем код: {name}',
  verifyMatch: '{name}: проверено — код совпадает с ключом, полученным в этом звонке.',
  verifyMismatch:
    'Внимание: код {name} НЕ совпадает с ключом, полученным в этом звонке. Возможно, звонок перехватывают. Отметка о проверке не поставлена.',
  verifyWrongRoom: 'Этот код отпечатка из другого звонка, не из этого. Попросите {name} открыть «Проверить» в этом звонке.',
  verifyWrongVersion: 'Этот код отпечатка от другой версии SecureCall. Попросите {name} обновить приложение или сравните код безопасности вслух.',
  verifyUnreadable: 'Код отпечатка повреждён, проверить его нельзя. Попробуйте ещё раз.',
  verifyRemembered: 'Уже проверен на этом устройстве',
  verifiedMark: 'Проверен',
  inviteShare: 'Поделиться',
  invitePending: 'Приглашения',
  inviteExpiresAt: 'истекает в {time}',
  inviteStatePending: 'ждёт',
  inviteStateUsed: 'использовано',
  inviteStateRevoked: 'отозвано',
  inviteStateExpired: 'истекло',
  inviteRevoke: 'Отозвать',
  joinScanTitle: 'Присоединиться к звонку',
  joinOtherServer: 'Это приглашение для другого сервера, {origin}. Откройте его там:',
};

/** A key of the scanner's strings. */
export type ScanStringKey = keyof typeof en;

/** The current language's scanner string (`st`), and with `{name}`-style placeholders filled in (`stf`). */
export const { t: st, tf: stf } = defineStrings<ScanStringKey>({ en, ru });
