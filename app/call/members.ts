// Who the server says is in the room: every admitted member, identified by a hello or not yet.
import type { PeerId } from '../../protocol/messages.js';

/**
 * A member the server admitted that has not sent a hello for this long is shown with a warning,
 * in milliseconds: it holds the room key, so it reads every later joiner's name and identity key.
 */
export const UNIDENTIFIED_WARNING_MS = 10_000;

/** An admitted member with no hello yet, as the UI shows it. */
export interface PendingMember {
  readonly id: PeerId;
  /** Still unidentified UNIDENTIFIED_WARNING_MS after the server announced it. */
  readonly unidentified: boolean;
}

/**
 * The server's roster as this member last heard it (welcome, peer-joined, peer-left, and the
 * `from` of every relayed envelope, which the server stamps). The call shows each of these: those
 * that said hello as participants, the others as pending, so nobody admitted is invisible.
 */
export class ServerMembers {
  /** Peer id → when it was first announced (performance.now()). */
  private readonly since = new Map<PeerId, number>();
  private readonly timers = new Map<PeerId, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly changed: () => void,
    signal: AbortSignal,
  ) {
    signal.addEventListener('abort', () => this.clear(), { once: true });
  }

  /** The welcome's member list replaces what was known (a resume may have missed departures). */
  reset(members: readonly PeerId[]): void {
    for (const id of [...this.since.keys()]) if (!members.includes(id)) this.remove(id);
    for (const id of members) this.add(id);
  }

  /** The server announced `id` (or relayed something from it). */
  add(id: PeerId): void {
    if (this.since.has(id)) return;
    this.since.set(id, performance.now());
    // One emit when the warning becomes due; the view reads `pending` afresh.
    this.timers.set(
      id,
      setTimeout(() => {
        this.timers.delete(id);
        this.changed();
      }, UNIDENTIFIED_WARNING_MS),
    );
    this.changed();
  }

  /** `id` left (peer-left or bye). */
  remove(id: PeerId): void {
    if (!this.since.delete(id)) return;
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
    this.changed();
  }

  /** Whether the server counts `id` as a member. */
  has(id: PeerId): boolean {
    return this.since.has(id);
  }

  /** Members with no hello yet: those `identified` does not know, in announcement order. */
  pending(identified: (id: PeerId) => boolean, now = performance.now()): PendingMember[] {
    const out: PendingMember[] = [];
    for (const [id, at] of this.since) if (!identified(id)) out.push({ id, unidentified: now - at >= UNIDENTIFIED_WARNING_MS });
    return out;
  }

  private clear(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.since.clear();
  }
}
