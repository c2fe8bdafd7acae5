// What happened between two call snapshots that people should hear about: who joined, who left, which messages arrived.
import type { CallSnapshot } from '../call/call.js';

/** One thing worth a sound and an announcement. */
export type CallEvent =
  | { readonly kind: 'joined'; readonly name: string }
  | { readonly kind: 'left'; readonly name: string }
  | { readonly kind: 'message'; readonly name: string; readonly text: string };

/** The parts of a snapshot the comparison reads. */
export type EventSource = Pick<CallSnapshot, 'participants' | 'chat'>;

/**
 * Joins, leaves and others' new chat lines from `before` to `after`, in that order. Names are as
 * the snapshot has them ('' for someone who gave none); my own messages are not events.
 */
export function callEvents(before: EventSource, after: EventSource): CallEvent[] {
  const events: CallEvent[] = [];
  const had = new Map(before.participants.map((p) => [p.id, p.name]));
  const has = new Set(after.participants.map((p) => p.id));
  for (const p of after.participants) if (!had.has(p.id)) events.push({ kind: 'joined', name: p.name });
  for (const [id, name] of had) if (!has.has(id)) events.push({ kind: 'left', name });
  const lastSeen = before.chat.at(-1)?.id ?? 0;
  for (const entry of after.chat) {
    if (entry.id > lastSeen && !entry.mine && entry.text !== undefined) events.push({ kind: 'message', name: entry.name, text: entry.text });
  }
  return events;
}
