// What the user should hear about (notices) and the chat lines, each a bounded list in memory.
import type { PeerId } from '../../protocol/messages.js';
import type { ChatRejection } from '../crypto/chat.js';

/** Chat entries kept in memory. */
export const MAX_CHAT_ENTRIES = 500;
/** Notices kept for the UI. */
export const MAX_NOTICES = 6;

/** Things the call did or noticed that the user should hear about. */
export type NoticeKind =
  | 'reattached'
  | 'mic-reacquired'
  | 'ice-restart'
  | 'security-sdp-mac'
  | 'security-dtls-certificate'
  | 'identity-changed'
  | 'verified-key-changed'
  | 'remembered-key-changed'
  | 'returned-key-changed'
  | 'invite-key-mismatch'
  | 'names-alike'
  | 'non-relay'
  | 'mic-failed'
  | 'reconnected'
  | 'rate-limited';

/** A notice with the participant it concerns. */
export interface Notice {
  readonly id: number;
  readonly kind: NoticeKind;
  readonly name: string | undefined;
}

/** One line of chat: text, or a warning instead of a message that failed. */
export interface ChatEntry {
  readonly id: number;
  readonly from: PeerId;
  readonly mine: boolean;
  readonly name: string;
  readonly text: string | undefined;
  readonly warning: ChatRejection | undefined;
  readonly at: number;
}

/** The last MAX_NOTICES notices; `changed` runs after each. */
export class NoticeLog {
  private readonly entries: Notice[] = [];
  private nextId = 1;

  constructor(private readonly changed: () => void) {}

  /** Adds a notice, dropping the oldest beyond MAX_NOTICES. */
  add(kind: NoticeKind, name?: string): void {
    this.entries.push({ id: this.nextId++, kind, name });
    if (this.entries.length > MAX_NOTICES) this.entries.shift();
    this.changed();
  }

  /** A copy for a snapshot. */
  list(): Notice[] {
    return [...this.entries];
  }
}

/** The last MAX_CHAT_ENTRIES chat lines; `changed` runs after each. */
export class ChatLog {
  private readonly entries: ChatEntry[] = [];
  private nextId = 1;

  constructor(private readonly changed: () => void) {}

  /** Adds a line stamped now, dropping the oldest beyond MAX_CHAT_ENTRIES. */
  add(entry: Omit<ChatEntry, 'id' | 'at'>): void {
    this.entries.push({ ...entry, id: this.nextId++, at: Date.now() });
    if (this.entries.length > MAX_CHAT_ENTRIES) this.entries.shift();
    this.changed();
  }

  /** A copy for a snapshot. */
  list(): ChatEntry[] {
    return [...this.entries];
  }
}
