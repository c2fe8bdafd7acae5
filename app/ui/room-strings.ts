// The room size picker's and room lock's user-visible strings, in English and Russian.
import { defineStrings } from '../i18n/table.js';

const en = {
  sizeLabel: 'People in the call, at most',
  sizeHint: 'You included. Nobody more gets in, even with an invite.',
  lockedStatus: 'Locked: nobody new can join. Invites still work once it is unlocked.',
  openStatus: 'Open to invites.',
  sizeStatus: 'At most {size} people.',
  lock: 'Lock the call',
  unlock: 'Unlock the call',
} as const;

type RoomStringKey = keyof typeof en;

const ru: Record<RoomStringKey, string> = {
  sizeLabel: 'Участников в звонке, не больше',
  sizeHint: 'Включая вас. Больше никто не войдёт, даже по приглашению.',
  lockedStatus: 'Закрыт: новые участники не могут войти. Приглашения снова заработают, когда его откроют.',
  openStatus: 'Открыт для приглашённых.',
  sizeStatus: 'Не больше {size} человек.',
  lock: 'Закрыть звонок',
  unlock: 'Открыть звонок',
};

/** The current language's room string, and one with {placeholders} filled. */
export const { t: rt, tf: rtf } = defineStrings<RoomStringKey>({ en, ru });
