// What the call screen announces and plays a sound for: joins, leaves and others' chat lines between two snapshots.
import { describe, expect, it } from 'vitest';
import type { ChatEntry, ParticipantView } from '../../app/call/call.js';
import { callEvents, type EventSource } from '../../app/ui/call-events.js';

const person = (id: string, name: string) => ({ id, name }) as ParticipantView;
const line = (id: number, name: string, text: string | undefined, mine = false) =>
  ({ id, from: name, mine, name, text, warning: text === undefined ? 'tampered' : undefined, at: 0 }) as ChatEntry;
const source = (participants: ParticipantView[], chat: ChatEntry[]): EventSource => ({ participants, chat });

describe('call events', () => {
  it('finds who joined and who left', () => {
    const before = source([person('a', 'Ann'), person('b', 'Bob')], []);
    const after = source([person('a', 'Ann'), person('c', '')], []);
    expect(callEvents(before, after)).toEqual([
      { kind: 'joined', name: '' },
      { kind: 'left', name: 'Bob' },
    ]);
  });

  it('finds the others\' new messages, not mine, not warnings, not ones seen before', () => {
    const before = source([], [line(1, 'Ann', 'old')]);
    const after = source([], [line(1, 'Ann', 'old'), line(2, 'Me', 'mine', true), line(3, 'Bob', undefined), line(4, 'Bob', 'hi')]);
    expect(callEvents(before, after)).toEqual([{ kind: 'message', name: 'Bob', text: 'hi' }]);
  });

  it('finds nothing when nothing changed', () => {
    const same = source([person('a', 'Ann')], [line(1, 'Ann', 'x')]);
    expect(callEvents(same, same)).toEqual([]);
  });
});
