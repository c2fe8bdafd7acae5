// The room registry: members, their seats during a resume grace period, and single-use invite hashes.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { MAX_INVITES_PER_ROOM, MAX_ROOM_MEMBERS, type PeerId, type RoomId } from '../protocol/index.js';

/** Where a member's frames go; the uWS adapter implements it. */
export interface Outlet {
  send(frame: string): void;
  close(code: number, reason: string): void;
  /** From now on, receive what other members publish to `room` (until this connection closes). */
  subscribe(room: RoomId): void;
  /** Sends `frame` to every other connection subscribed to `room`. */
  publish(room: RoomId, frame: string): void;
}

export interface Member {
  readonly id: PeerId;
  /** undefined while the member is away (dropped connection inside the resume grace period). */
  outlet: Outlet | undefined;
  /** SHA-256 of the current resume secret, base64url. */
  resumeHash: string;
  awayTimer: ReturnType<typeof setTimeout> | undefined;
}

export interface Room {
  readonly id: RoomId;
  readonly members: Map<PeerId, Member>;
  /** SHA-256(token) in base64url → expiry, epoch ms. */
  readonly invites: Map<string, number>;
}

export type JoinRefusal = 'no_room' | 'room_full' | 'bad_token';
export type ResumeRefusal = 'no_room' | 'bad_resume';

/** SHA-256 as base64url: a string costs an idle member far less than a Buffer. */
const sha256 = (value: string): string => createHash('sha256').update(value).digest('base64url');

const hashesEqual = (a: string, b: string): boolean => timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** A fresh random secret (32 bytes) and its hash. */
function newSecret(): { secret: string; hash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { secret, hash: sha256(secret) };
}

function newPeerId(room: Room): PeerId {
  for (;;) {
    const id = randomBytes(9).toString('base64url');
    if (!room.members.has(id)) return id;
  }
}

/** Rooms by id. Nothing here survives a restart; empty rooms are deleted at once. */
export class RoomRegistry {
  private readonly rooms = new Map<RoomId, Room>();

  constructor(private readonly resumeGraceMs: number) {}

  get roomCount(): number {
    return this.rooms.size;
  }

  get inviteCount(): number {
    let count = 0;
    for (const room of this.rooms.values()) count += room.invites.size;
    return count;
  }

  get(id: RoomId): Room | undefined {
    return this.rooms.get(id);
  }

  /** Creates the room with its first member, or undefined if the id is taken. */
  create(id: RoomId, outlet: Outlet): { room: Room; member: Member; resume: string } | undefined {
    if (this.rooms.has(id)) return undefined;
    const room: Room = { id, members: new Map(), invites: new Map() };
    this.rooms.set(id, room);
    return { room, ...this.seat(room, outlet) };
  }

  /** Admits with an invite token; the token's hash is deleted in the same step. A full room keeps it. */
  join(id: RoomId, token: string, outlet: Outlet, now: number): { room: Room; member: Member; resume: string; hash: string } | JoinRefusal {
    const room = this.rooms.get(id);
    if (!room) return 'no_room';
    const hash = sha256(token);
    const expires = room.invites.get(hash);
    if (expires === undefined || expires <= now) return 'bad_token';
    if (room.members.size >= MAX_ROOM_MEMBERS) return 'room_full';
    room.invites.delete(hash);
    return { room, hash, ...this.seat(room, outlet) };
  }

  /** Gives a member back its seat; the resume secret is rotated. Returns the outlet it replaced. */
  resume(id: RoomId, peer: PeerId, secret: string, outlet: Outlet): { room: Room; member: Member; resume: string; replaced: Outlet | undefined } | ResumeRefusal {
    const room = this.rooms.get(id);
    if (!room) return 'no_room';
    const member = room.members.get(peer);
    if (!member || !hashesEqual(member.resumeHash, sha256(secret))) return 'bad_resume';
    clearTimeout(member.awayTimer);
    member.awayTimer = undefined;
    const replaced = member.outlet;
    member.outlet = outlet;
    const fresh = newSecret();
    member.resumeHash = fresh.hash;
    return { room, member, resume: fresh.secret, replaced };
  }

  /** Registers an invite hash; false when the room already holds the maximum. */
  addInvite(room: Room, hash: string, expires: number, now: number): boolean {
    this.dropExpiredInvites(room, now);
    if (!room.invites.has(hash) && room.invites.size >= MAX_INVITES_PER_ROOM) return false;
    room.invites.set(hash, expires);
    return true;
  }

  revokeInvite(room: Room, hash: string): boolean {
    return room.invites.delete(hash);
  }

  /**
   * The member's connection dropped: keep the seat for the grace period, then call `onGone`.
   * `onGone` runs after the member has been removed (and the room deleted if it emptied).
   */
  markAway(room: Room, member: Member, onGone: () => void): void {
    member.outlet = undefined;
    member.awayTimer = setTimeout(() => {
      this.remove(room, member);
      onGone();
    }, this.resumeGraceMs);
  }

  /** Removes a member at once; an empty room goes with its invites and resume secrets. */
  remove(room: Room, member: Member): void {
    clearTimeout(member.awayTimer);
    room.members.delete(member.id);
    if (room.members.size === 0) this.rooms.delete(room.id);
  }

  /** Deletes expired invites everywhere. */
  sweep(now: number): void {
    for (const room of this.rooms.values()) this.dropExpiredInvites(room, now);
  }

  /** Every connected outlet, for shutdown. */
  *outlets(): IterableIterator<Outlet> {
    for (const room of this.rooms.values()) {
      for (const member of room.members.values()) if (member.outlet) yield member.outlet;
    }
  }

  /** Clears every grace timer and forgets every room (shutdown). */
  clear(): void {
    for (const room of this.rooms.values()) for (const member of room.members.values()) clearTimeout(member.awayTimer);
    this.rooms.clear();
  }

  private dropExpiredInvites(room: Room, now: number): void {
    for (const [hash, expires] of room.invites) if (expires <= now) room.invites.delete(hash);
  }

  private seat(room: Room, outlet: Outlet): { member: Member; resume: string } {
    const { secret, hash } = newSecret();
    const member: Member = { id: newPeerId(room), outlet, resumeHash: hash, awayTimer: undefined };
    room.members.set(member.id, member);
    return { member, resume: secret };
  }
}
