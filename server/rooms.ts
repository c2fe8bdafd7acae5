// The room registry: members, their seats during a resume grace period, and single-use invite hashes.
import { hash } from 'node:crypto';
import { MAX_INVITES_PER_ROOM, MAX_ROOM_MEMBERS, PEER_ID_CHARS, type PeerId, type RoomId } from '../protocol/index.js';
import { randomBase64url } from './random-ids.js';
import type { TurnCredential } from './turn.js';

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
  /** Expiry of the latest resume credential handed to this member, epoch ms. */
  credentialExpires: number;
  /**
   * Credentials of this member expiring before this are refused while this node holds the seat:
   * a resume retires the credential it used, a renewal keeps the one before it for a lost frame.
   */
  oldestAccepted: number;
  awayTimer: ReturnType<typeof setTimeout> | undefined;
  /** The TURN credential last handed to this member; a resume gets it back while it is fresh. */
  turn: TurnCredential | undefined;
}

export interface Room {
  readonly id: RoomId;
  /** Most members admitted by invite, chosen at creation (MAX_ROOM_MEMBERS unless chosen). */
  size: number;
  /** A locked room admits nobody new by invite; members who have a seat keep it. */
  locked: boolean;
  readonly members: Map<PeerId, Member>;
  /** SHA-256(token) in base64url → expiry, epoch ms. */
  readonly invites: Map<string, number>;
}

/**
 * Why a join was refused. A room that does not exist is `bad_token` too: the refusal must not tell
 * whoever holds no valid invite whether a room id is in use.
 */
export type JoinRefusal = 'room_full' | 'room_locked' | 'bad_token';
export type ResumeRefusal = 'room_full' | 'bad_resume';

/** A resume that got its seat: `restored` when this node did not hold it and re-created it. */
export interface Resumed {
  readonly room: Room;
  readonly member: Member;
  readonly replaced: Outlet | undefined;
  readonly restored: boolean;
}

/** SHA-256 as base64url: a string costs an idle member far less than a Buffer. */
const sha256 = (value: string): string => hash('sha256', value, 'base64url');

/** Random bytes behind a peer id: base64url carries 3 bytes in 4 characters. */
const PEER_ID_BYTES = (PEER_ID_CHARS * 3) / 4;

const departureKey = (room: RoomId, peer: PeerId): string => `${room}/${peer}`;

function newPeerId(room: Room): PeerId {
  for (;;) {
    const id = randomBase64url(PEER_ID_BYTES);
    if (!room.members.has(id)) return id;
  }
}

/**
 * Rooms by id. Nothing here survives a restart; empty rooms are deleted at once. Members who left
 * or whose grace ran out are remembered until their last credential expires, so this node refuses
 * their resume even though the credential itself is still authentic.
 */
export class RoomRegistry {
  private readonly rooms = new Map<RoomId, Room>();
  /** `room/peer` of members gone for good → expiry of their last credential, epoch ms. */
  private readonly departed = new Map<string, number>();

  constructor(private readonly resumeGraceMs: number) {}

  get roomCount(): number {
    return this.rooms.size;
  }

  get departedCount(): number {
    return this.departed.size;
  }

  get inviteCount(): number {
    let count = 0;
    for (const room of this.rooms.values()) count += room.invites.size;
    return count;
  }

  get(id: RoomId): Room | undefined {
    return this.rooms.get(id);
  }

  /** Creates the room of `size` with its first member, or undefined if the id is taken. */
  create(id: RoomId, outlet: Outlet, size = MAX_ROOM_MEMBERS): { room: Room; member: Member } | undefined {
    if (this.rooms.has(id)) return undefined;
    const room = this.newRoom(id);
    room.size = size;
    return { room, member: this.seat(room, newPeerId(room), outlet) };
  }

  /**
   * Admits with an invite token; the token's hash is deleted in the same step. A full or locked
   * room keeps it, so the invite works once there is room again. Full and locked are only told to
   * a valid token's holder.
   */
  join(id: RoomId, token: string, outlet: Outlet, now: number): { room: Room; member: Member; hash: string } | JoinRefusal {
    const room = this.rooms.get(id);
    // Hashed either way, so a missing room is not answered measurably sooner than a wrong token.
    const hash = sha256(token);
    const expires = room?.invites.get(hash);
    if (!room || expires === undefined || expires <= now) return 'bad_token';
    if (room.members.size >= room.size) return 'room_full';
    if (room.locked) return 'room_locked';
    room.invites.delete(hash);
    return { room, hash, member: this.seat(room, newPeerId(room), outlet) };
  }

  /**
   * Gives `peer`, whose credential the caller has verified, its seat back. A seat this node holds
   * is handed over (the outlet it replaces is returned); a peer this node saw leave is refused; a
   * room or seat this node does not hold (restart, failover, or a grace period that ran out while
   * the member was away) is re-created with the same peer id.
   */
  resume(id: RoomId, peer: PeerId, credentialExpires: number, outlet: Outlet, now: number): Resumed | ResumeRefusal {
    const gone = this.departed.get(departureKey(id, peer));
    if (gone !== undefined && gone > now) return 'bad_resume';
    const room = this.rooms.get(id) ?? this.newRoom(id);
    const member = room.members.get(peer);
    if (!member) {
      if (room.members.size >= MAX_ROOM_MEMBERS) return 'room_full';
      return { room, member: this.seat(room, peer, outlet), replaced: undefined, restored: true };
    }
    if (credentialExpires < member.oldestAccepted) return 'bad_resume';
    clearTimeout(member.awayTimer);
    member.awayTimer = undefined;
    const replaced = member.outlet;
    member.outlet = outlet;
    return { room, member, replaced, restored: false };
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
      if (room.members.get(member.id) !== member) return;
      // Not final: the member's credential still brings it back, as it would after a restart.
      this.remove(room, member, false);
      onGone();
    }, this.resumeGraceMs);
  }

  /**
   * Removes a member at once (it left, or its grace ran out); after a `leave` (`final`) its resume
   * is refused until its last credential expires. An empty room goes with its invites.
   */
  remove(room: Room, member: Member, final = true): void {
    clearTimeout(member.awayTimer);
    if (room.members.get(member.id) !== member) return;
    room.members.delete(member.id);
    if (final) this.departed.set(departureKey(room.id, member.id), member.credentialExpires);
    // By object, not by id: a newer room may hold the id by now.
    if (room.members.size === 0 && this.rooms.get(room.id) === room) this.rooms.delete(room.id);
  }

  /** Deletes expired invites everywhere, and departures whose credentials can no longer be used. */
  sweep(now: number): void {
    for (const room of this.rooms.values()) this.dropExpiredInvites(room, now);
    for (const [key, expires] of this.departed) if (expires <= now) this.departed.delete(key);
  }

  /** Every room, for the credential renewal sweep. */
  all(): IterableIterator<Room> {
    return this.rooms.values();
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
    this.departed.clear();
  }

  private dropExpiredInvites(room: Room, now: number): void {
    for (const [hash, expires] of room.invites) if (expires <= now) room.invites.delete(hash);
  }

  private newRoom(id: RoomId): Room {
    const room: Room = { id, size: MAX_ROOM_MEMBERS, locked: false, members: new Map(), invites: new Map() };
    this.rooms.set(id, room);
    return room;
  }

  private seat(room: Room, id: PeerId, outlet: Outlet): Member {
    const member: Member = { id, outlet, credentialExpires: 0, oldestAccepted: 0, awayTimer: undefined, turn: undefined };
    room.members.set(member.id, member);
    return member;
  }
}
