// What the user should hear about (notices) and the chat lines, each a bounded list in memory.
import type { PeerId } from '../../protocol/messages.js';
import type { ChatRejection } from '../crypto/chat.js';

/** Chat entries kept in memory. */
export const MAX_CHAT_ENTRIES = 500;
/** Notices kept for the UI. */
export const MAX_NOTICES = 6;
/** How long an ordinary notice shows before it goes by itself, in milliseconds; security warnings stay until dismissed. */
export const NOTICE_LIFETIME_MS = 12_000;

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
  | 'rate-limited'
  | 'relay-downgrade'
  | 'no-room-key';

/** Notices about the call's security: they stay until the person dismisses them. */
export const SECURITY_NOTICES: ReadonlySet<NoticeKind> = new Set<NoticeKind>([
  'security-sdp-mac',
  'security-dtls-certificate',
  'identity-changed',
  'verified-key-changed',
  'remembered-key-changed',
  'returned-key-changed',
  'invite-key-mismatch',
  'names-alike',
  'non-relay',
  'relay-downgrade',
]);

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

/**
 * The last MAX_NOTICES notices; `changed` runs after each change. An ordinary notice goes by
 * itself after NOTICE_LIFETIME_MS; a security warning stays until dismissed.
 */
export class NoticeLog {
  private entries: Notice[] = [];
  private nextId = 1;
  private readonly timers = new Map<number, ReturnType<typeof setTimeout>>();

  constructor(private readonly changed: () => void) {}

  /** Adds a notice, dropping the oldest beyond MAX_NOTICES. */
  add(kind: NoticeKind, name?: string): void {
    const id = this.nextId++;
    this.entries.push({ id, kind, name });
    if (!SECURITY_NOTICES.has(kind)) this.timers.set(id, setTimeout(() => this.dismiss(id), NOTICE_LIFETIME_MS));
    while (this.entries.length > MAX_NOTICES) this.forget(this.entries[0]?.id);
    this.changed();
  }

  /** Removes the notice with this id (the person dismissed it, or its time is up). */
  dismiss(id: number): void {
    if (!this.entries.some((n) => n.id === id)) return;
    this.forget(id);
    this.changed();
  }

  /** Cancels every expiry timer (the call ended). */
  stop(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  /** A copy for a snapshot. */
  list(): Notice[] {
    return [...this.entries];
  }

  private forget(id: number | undefined): void {
    if (id === undefined) return;
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
    this.entries = this.entries.filter((n) => n.id !== id);
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
