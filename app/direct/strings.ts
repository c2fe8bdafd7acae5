// The server-less call's user-visible strings, in English and Russian.
import { defineStrings } from '../i18n/table.js';

const en = {
  directHome: 'Call without a server',
  directTitle: 'Call without a server',
  directIntro:
    'For two phones on the same Wi-Fi, with no internet and no server. One phone shows a code, the other scans it and shows its own code back. Scanning each other’s code in person is what makes the call verified.',
  directStartCaller: 'Show my code first',
  directStartCallee: 'Scan their code',
  directBack: 'Back',
  directPreparing: 'Preparing the code… (finding this phone’s addresses on the network)',
  directShowOffer: 'Step 1 of 2: let the other phone scan this code.',
  directScanAnswer: 'Step 2 of 2: scan the code the other phone shows now',
  directOfferAlt: 'Code to start a call without a server',
  directAnswerAlt: 'Code that answers the call',
  directScanOfferHint: 'Scan the code on the other phone (it chose “Show my code first”).',
  directScanAnswerHint: 'Scan the code the other phone shows after it scanned yours.',
  directShowAnswer: 'Let the other phone scan this code to finish connecting.',
  directConnecting: 'Connecting to the other phone…',
  directPeerName: 'Other phone',
  directVerifiedNote: 'Verified in person: the code you scanned carries this phone’s certificate fingerprint, and the connection presented exactly that certificate.',
  directHangUp: 'Hang up',
  directEnded: 'The call has ended.',
  directErrorDamaged: 'This code is damaged or incomplete. Scan it again.',
  directErrorVersion: 'This code comes from a different version of SecureCall. Update the app on both phones and start again.',
  directErrorNotDirect: 'This is not a code for a call without a server.',
  directErrorWantOffer: 'This code answers a call; it is not a call to join. On the other phone choose “Scan their code”, or choose “Show my code first” here.',
  directErrorWantAnswer: 'This is a code to start a call, not an answer. Scan the code the other phone shows after it scanned yours.',
  directErrorMicrophone: 'The microphone is not available. Allow it for SecureCall and try again.',
  directErrorNoNetwork: 'This phone has no usable network address. Connect both phones to the same Wi-Fi and try again.',
  directErrorUnreachable: 'The other phone could not be reached. Both phones must be on the same Wi-Fi, and that network must let devices talk to each other (guest networks often do not).',
  directErrorLost: 'The connection to the other phone was lost.',
  directErrorIncompatible: 'This browser could not use the other phone’s code. Update SecureCall on both phones and try again.',
  directSecurityMismatch:
    'Security warning: the other device did not present the certificate from the code you scanned. Someone may be trying to intercept the call. The call was refused.',
} as const;

/** A key of the server-less call's strings. */
export type DirectStringKey = keyof typeof en;

const ru: Record<DirectStringKey, string> = {
  directHome: 'Звонок без сервера',
  directTitle: 'Звонок без сервера',
  directIntro:
    'Для двух телефонов в одной сети Wi-Fi, без интернета и без сервера. Один телефон показывает код, другой сканирует его и показывает свой код в ответ. Взаимное сканирование кодов при встрече и делает звонок проверенным.',
  directStartCaller: 'Сначала показать мой код',
  directStartCallee: 'Сканировать его код',
  directBack: 'Назад',
  directPreparing: 'Готовим код… (ищем адреса этого телефона в сети)',
  directShowOffer: 'Шаг 1 из 2: дайте другому телефону отсканировать этот код.',
  directScanAnswer: 'Шаг 2 из 2: отсканируйте код, который теперь показывает другой телефон',
  directOfferAlt: 'Код для звонка без сервера',
  directAnswerAlt: 'Код ответа на звонок',
  directScanOfferHint: 'Отсканируйте код на другом телефоне (там выбрали «Сначала показать мой код»).',
  directScanAnswerHint: 'Отсканируйте код, который другой телефон показал после того, как отсканировал ваш.',
  directShowAnswer: 'Дайте другому телефону отсканировать этот код, чтобы завершить соединение.',
  directConnecting: 'Соединяемся с другим телефоном…',
  directPeerName: 'Другой телефон',
  directVerifiedNote: 'Проверено при встрече: отсканированный код содержит отпечаток сертификата этого телефона, и соединение предъявило именно этот сертификат.',
  directHangUp: 'Завершить',
  directEnded: 'Звонок завершён.',
  directErrorDamaged: 'Код повреждён или неполон. Отсканируйте его ещё раз.',
  directErrorVersion: 'Этот код от другой версии SecureCall. Обновите приложение на обоих телефонах и начните заново.',
  directErrorNotDirect: 'Это не код для звонка без сервера.',
  directErrorWantOffer: 'Этот код — ответ на звонок, а не приглашение. На другом телефоне выберите «Сканировать его код» или здесь выберите «Сначала показать мой код».',
  directErrorWantAnswer: 'Это код для начала звонка, а не ответ. Отсканируйте код, который другой телефон показал после того, как отсканировал ваш.',
  directErrorMicrophone: 'Микрофон недоступен. Разрешите его для SecureCall и попробуйте снова.',
  directErrorNoNetwork: 'У телефона нет подходящего сетевого адреса. Подключите оба телефона к одной сети Wi-Fi и попробуйте снова.',
  directErrorUnreachable: 'Не удалось связаться с другим телефоном. Оба телефона должны быть в одной сети Wi-Fi, и эта сеть должна позволять устройствам связываться друг с другом (гостевые сети часто не позволяют).',
  directErrorLost: 'Соединение с другим телефоном потеряно.',
  directErrorIncompatible: 'Этот браузер не смог использовать код другого телефона. Обновите SecureCall на обоих телефонах и попробуйте снова.',
  directSecurityMismatch:
    'Предупреждение о безопасности: другое устройство предъявило не тот сертификат, что в отсканированном коде. Возможно, звонок пытаются перехватить. Звонок отклонён.',
};

/** The current language's server-less call string. */
export const { t: dt } = defineStrings<DirectStringKey>({ en, ru });
