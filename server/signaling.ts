// The relay's behaviour: admission, invites, envelopes and every limit, independent of uWS.
import { createHash, timingSafeEqual } from 'node:crypto';
import {
  BAD_MESSAGES_BEFORE_CLOSE,
  CLOSE,
  FAILED_ACCESS_KEY_WINDOW_MS,
  LIMITS,
  MAX_FAILED_ACCESS_KEYS_PER_IP,
  MAX_ROOMS_CREATED_PER_IP_PER_MINUTE,
  MAX_TS_LEAD_MS,
  RATE_BURST_MESSAGES,
  RATE_MESSAGES_PER_SECOND,
  RATE_VIOLATIONS_BEFORE_CLOSE,
  parseClientMessage,
  type ClientToServer,
  type ErrorCode,
  type Limits,
  type RoomId,
  type ServerToClient,
} from '../protocol/index.js';
import { ByteBudget, relayCost } from './byte-budget.js';
import type { Config } from './config.js';
import { IpConnectionLimits } from './ip-limits.js';
import { TokenBucket, WindowCounter } from './rate-limit.js';
import { RESUME_RENEW_INTERVAL_MS, type ResumeCredentials } from './resume-credentials.js';
import { relayFrame } from './relay-frame.js';
import { RoomRegistry, type Member, type Outlet, type Room } from './rooms.js';
import { currentTurnCredential, iceConfigFor, issuesTurn, turnRenewIntervalMs } from './turn.js';

/** Window over which rate-limit violations are counted before a close, in ms. */
const VIOLATION_WINDOW_MS = 10_000;
/** Window of the per-IP room-creation limit, in ms. */
const CREATE_WINDOW_MS = 60_000;

/** Per-connection state; the socket adapter keeps it with its socket (uWS: on the outlet in the user data). */
export interface Connection {
  /** The key this connection counts under in every per-address limit (client-address.ts limitKey). */
  readonly address: string;
  readonly roomId: RoomId;
  readonly outlet: Outlet;
  readonly bucket: TokenBucket;
  /** Relay bytes this member may still cost (server/byte-budget.ts). */
  readonly bytes: ByteBudget;
  room: Room | undefined;
  member: Member | undefined;
  lastTs: number;
  tsOffset: number | undefined;
  violationWindowStart: number;
  violations: number;
  badMessages: number;
  admissionTimer: ReturnType<typeof setTimeout> | undefined;
  /** Set once this connection has been closed or replaced; later events are ignored. */
  done: boolean;
}

export interface SignalingOptions {
  readonly admissionDeadlineMs: number;
  readonly resumeGraceMs: number;
  readonly credentials: ResumeCredentials;
  readonly now: () => number;
}

const constantTimeEquals = (a: string, b: string): boolean =>
  timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());

/** All relay logic; the uWS adapter in ws-adapter.ts only translates callbacks into these calls. */
export class Signaling {
  readonly registry: RoomRegistry;
  readonly ipLimits = new IpConnectionLimits();
  private readonly creations = new WindowCounter<string>(CREATE_WINDOW_MS);
  private readonly wrongKeys = new WindowCounter<string>(FAILED_ACCESS_KEY_WINDOW_MS);
  private readonly connections = new Set<Connection>();
  private readonly sweeper: ReturnType<typeof setInterval>;
  private readonly renewer: ReturnType<typeof setInterval>;
  private readonly turnRenewer: ReturnType<typeof setInterval> | undefined;
  /** The limits every welcome carries: the same for every member, so built once. */
  private readonly limits: Limits;

  constructor(
    private readonly config: Config,
    private readonly options: SignalingOptions,
  ) {
    this.registry = new RoomRegistry(options.resumeGraceMs);
    this.limits = { ...LIMITS, resumeGraceMs: options.resumeGraceMs, resumeTtlMs: options.credentials.ttlMs };
    this.sweeper = setInterval(() => this.sweep(), CREATE_WINDOW_MS / 4);
    this.sweeper.unref();
    // One timer for every member, not one each: an idle connection must stay cheap.
    this.renewer = setInterval(() => this.renewCredentials(), RESUME_RENEW_INTERVAL_MS);
    this.renewer.unref();
    if (issuesTurn(config)) {
      this.turnRenewer = setInterval(() => this.renewTurn(), turnRenewIntervalMs(config));
      this.turnRenewer.unref();
    }
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Counts of everything the relay holds, for the SIGUSR2 stats line and leak tests. */
  stats(): { connections: number; rooms: number; invites: number; departed: number; addresses: number; createLimiters: number; accessKeyLimiters: number } {
    return {
      connections: this.connections.size,
      rooms: this.registry.roomCount,
      invites: this.registry.inviteCount,
      departed: this.registry.departedCount,
      addresses: this.ipLimits.trackedAddresses,
      createLimiters: this.creations.size,
      accessKeyLimiters: this.wrongKeys.size,
    };
  }

  /** Fresh connection state; call `opened` once the socket exists. */
  newConnection(address: string, roomId: RoomId, outlet: Outlet): Connection {
    const now = this.options.now();
    return {
      address,
      roomId,
      outlet,
      bucket: new TokenBucket(RATE_MESSAGES_PER_SECOND, RATE_BURST_MESSAGES, now),
      bytes: new ByteBudget(now),
      room: undefined,
      member: undefined,
      lastTs: 0,
      tsOffset: undefined,
      violationWindowStart: now,
      violations: 0,
      badMessages: 0,
      admissionTimer: undefined,
      done: false,
    };
  }

  opened(conn: Connection): void {
    this.connections.add(conn);
    this.ipLimits.opened(conn.address);
    conn.admissionTimer = setTimeout(() => {
      if (!conn.member) this.close(conn, CLOSE.admissionTimeout);
    }, this.options.admissionDeadlineMs);
  }

  /** Handles one frame; never throws for any input. */
  message(conn: Connection, frame: string | undefined): void {
    if (conn.done) return;
    const now = this.options.now();
    if (!conn.bucket.take(now)) return this.rateLimited(conn, now, 'rate_limited', undefined, CLOSE.flood);
    if (frame === undefined) return this.badMessage(conn, undefined);
    const parsed = parseClientMessage(frame);
    if (!parsed.ok) return this.badMessage(conn, parsed.ts);
    const msg = parsed.msg;
    if (!this.acceptTs(conn, msg.ts, now)) return this.error(conn, 'replay', msg.ts);
    if (!conn.member) return this.admit(conn, msg, now);
    return this.memberMessage(conn, msg, now);
  }

  /** The socket closed (by either side). */
  closed(conn: Connection): void {
    clearTimeout(conn.admissionTimer);
    conn.admissionTimer = undefined;
    if (this.connections.delete(conn)) this.ipLimits.closed(conn.address, conn.member !== undefined);
    const { room, member } = conn;
    conn.done = true;
    // A member who left (or was replaced) is no longer this connection's to mark away.
    if (!room || !member || member.outlet !== conn.outlet || room.members.get(member.id) !== member) return;
    this.registry.markAway(room, member, () => this.broadcast(room, { t: 'peer-left', peer: member.id }, undefined));
  }

  /** Closes every connection with 1001 and stops timers. */
  shutdown(): void {
    clearInterval(this.sweeper);
    clearInterval(this.renewer);
    clearInterval(this.turnRenewer);
    for (const conn of [...this.connections]) this.close(conn, CLOSE.shutdown);
    this.registry.clear();
  }

  private sweep(): void {
    const now = this.options.now();
    this.registry.sweep(now);
    this.creations.sweep(now);
    this.wrongKeys.sweep(now);
  }

  /** Sends every connected member a fresh credential, long before the one it holds runs out. */
  private renewCredentials(): void {
    const now = this.options.now();
    for (const room of this.registry.all()) {
      for (const member of room.members.values()) {
        if (member.outlet) this.send(member.outlet, { t: 'resume-renewed', resume: this.issueCredential(room, member, now, true) });
      }
    }
  }

  /**
   * Sends every connected member whose TURN credential is past half its lifetime a fresh one. Away
   * and departed members get none: a member's last credential dies at most one lifetime after it
   * was last connected.
   */
  private renewTurn(): void {
    const now = this.options.now();
    for (const room of this.registry.all()) {
      for (const member of room.members.values()) {
        if (!member.outlet) continue;
        const turn = currentTurnCredential(this.config, member.turn, now);
        if (turn === member.turn) continue;
        member.turn = turn;
        this.send(member.outlet, { t: 'ice-renewed', ice: iceConfigFor(this.config, turn) });
      }
    }
  }

  /** A fresh credential; a renewal keeps the previous one valid here, any other issue retires all earlier ones. */
  private issueCredential(room: Room, member: Member, now: number, renewal: boolean): string {
    const expires = now + this.options.credentials.ttlMs;
    member.oldestAccepted = renewal ? member.credentialExpires : expires;
    member.credentialExpires = expires;
    return this.options.credentials.issue(room.id, member.id, member.credentialExpires);
  }

  private acceptTs(conn: Connection, ts: number, now: number): boolean {
    if (ts <= conn.lastTs) return false;
    if (conn.tsOffset === undefined) conn.tsOffset = ts - now;
    else if (ts > now + conn.tsOffset + MAX_TS_LEAD_MS) return false;
    conn.lastTs = ts;
    return true;
  }

  private admit(conn: Connection, msg: ClientToServer, now: number): void {
    switch (msg.t) {
      case 'create': {
        const required = this.config.roomToken;
        if (required !== undefined) {
          // Past the limit the key is not even compared: a guesser learns nothing more from here.
          if (this.wrongKeys.count(conn.address, now) >= MAX_FAILED_ACCESS_KEYS_PER_IP) return this.refuse(conn, 'access_key_limited', msg.ts);
          if (msg.key === undefined) return this.refuse(conn, 'bad_access_key', msg.ts);
          if (!constantTimeEquals(msg.key, required)) {
            this.wrongKeys.hit(conn.address, now);
            return this.refuse(conn, 'bad_access_key', msg.ts);
          }
        }
        if (this.creations.hit(conn.address, now) > MAX_ROOMS_CREATED_PER_IP_PER_MINUTE) return this.refuse(conn, 'create_limited', msg.ts);
        const created = this.registry.create(conn.roomId, conn.outlet, msg.size);
        if (!created) return this.refuse(conn, 'room_exists', msg.ts);
        return this.welcome(conn, created.room, created.member, false, now);
      }
      case 'join': {
        const joined = this.registry.join(conn.roomId, msg.token, conn.outlet, now);
        if (typeof joined === 'string') return this.refuse(conn, joined, msg.ts);
        // Subscribed first so the notice can go out through the room's publish (see notifyOthers).
        conn.outlet.subscribe(joined.room.id);
        this.notifyOthers(conn, joined.room, { t: 'invite-used', hash: joined.hash });
        return this.welcome(conn, joined.room, joined.member, false, now);
      }
      case 'resume': {
        const expires = this.options.credentials.verify(conn.roomId, msg.peer, msg.secret, now);
        if (expires === undefined) return this.refuse(conn, 'bad_resume', msg.ts);
        const resumed = this.registry.resume(conn.roomId, msg.peer, expires, conn.outlet, now);
        if (typeof resumed === 'string') return this.refuse(conn, resumed, msg.ts);
        if (resumed.replaced) resumed.replaced.close(CLOSE.replaced.code, CLOSE.replaced.reason);
        return this.welcome(conn, resumed.room, resumed.member, true, now, resumed.restored);
      }
      default:
        return this.error(conn, 'not_admitted', msg.ts);
    }
  }

  private welcome(conn: Connection, room: Room, member: Member, resumed: boolean, now: number, restored = false): void {
    clearTimeout(conn.admissionTimer);
    // A cleared Timeout is still an object; an idle member should not keep one.
    conn.admissionTimer = undefined;
    conn.room = room;
    conn.member = member;
    conn.outlet.subscribe(room.id);
    this.ipLimits.admitted(conn.address);
    const members = [...room.members.keys()].filter((id) => id !== member.id);
    const resume = this.issueCredential(room, member, now, false);
    // A resume while the held TURN credential is fresh gets the same one: resuming mints nothing.
    member.turn = currentTurnCredential(this.config, member.turn, now);
    const ice = iceConfigFor(this.config, member.turn);
    const settings = { size: room.size, locked: room.locked };
    this.send(conn.outlet, { t: 'welcome', room: room.id, you: member.id, members, resume, resumed, ...(restored ? { restored } : {}), limits: this.limits, ice, settings });
    if (!resumed) this.notifyOthers(conn, room, { t: 'peer-joined', peer: member.id });
  }

  private memberMessage(conn: Connection, msg: ClientToServer, now: number): void {
    const room = conn.room!;
    const member = conn.member!;
    switch (msg.t) {
      case 'send': {
        if (!conn.bytes.spend(relayCost(msg.data.length, msg.to, room.members.size), now)) return this.rateLimited(conn, now, 'byte_limited', msg.ts, CLOSE.byteFlood);
        const frame = relayFrame(member.id, msg);
        // Fan-out goes through the stack's publish (uWS does it in C++, batched per socket). Unicast
        // is a plain send: a topic per member would batch it too, but costs ~570 B per idle
        // connection, and signaling is idle most of a call (docs/benchmarks.md).
        if (msg.to === '*') return conn.outlet.publish(room.id, frame);
        const target = room.members.get(msg.to);
        if (!target || target === member) return this.error(conn, 'unknown_peer', msg.ts);
        target.outlet?.send(frame);
        return;
      }
      case 'invite': {
        const expires = now + msg.ttl * 1000;
        if (!this.registry.addInvite(room, msg.hash, expires, now)) return this.error(conn, 'too_many_invites', msg.ts);
        return this.send(conn.outlet, { t: 'invited', hash: msg.hash, expires });
      }
      case 'revoke': {
        if (!this.registry.revokeInvite(room, msg.hash)) return this.error(conn, 'bad_invite', msg.ts);
        return this.broadcast(room, { t: 'revoked', hash: msg.hash }, undefined);
      }
      case 'settings': {
        room.size = msg.size;
        room.locked = msg.locked;
        return this.broadcast(room, { t: 'settings', size: room.size, locked: room.locked }, undefined);
      }
      case 'leave': {
        this.registry.remove(room, member);
        this.broadcast(room, { t: 'peer-left', peer: member.id }, member);
        return this.close(conn, CLOSE.normal);
      }
      default:
        return this.error(conn, 'already_admitted', msg.ts);
    }
  }

  /** A message dropped for a rate: the error, and a close once such drops pile up within a window. */
  private rateLimited(conn: Connection, now: number, code: ErrorCode, ts: number | undefined, close: { readonly code: number; readonly reason: string }): void {
    if (now - conn.violationWindowStart >= VIOLATION_WINDOW_MS) {
      conn.violationWindowStart = now;
      conn.violations = 0;
    }
    conn.violations += 1;
    if (conn.violations >= RATE_VIOLATIONS_BEFORE_CLOSE) return this.close(conn, close);
    this.error(conn, code, ts);
  }

  private badMessage(conn: Connection, ts: number | undefined): void {
    conn.badMessages += 1;
    if (conn.badMessages >= BAD_MESSAGES_BEFORE_CLOSE) return this.close(conn, CLOSE.badMessages);
    this.error(conn, 'bad_message', ts);
  }

  /** An admission failure: the error, then a close, so one connection cannot guess tokens. */
  private refuse(conn: Connection, code: ErrorCode, ts: number): void {
    this.error(conn, code, ts);
    this.close(conn, CLOSE.admissionRefused);
  }

  private error(conn: Connection, code: ErrorCode, ts: number | undefined): void {
    this.send(conn.outlet, ts === undefined ? { t: 'error', code } : { t: 'error', code, ts });
  }

  private send(outlet: Outlet, msg: ServerToClient): void {
    outlet.send(JSON.stringify(msg));
  }

  /**
   * Tells every other connected member of `room` through the stack's publish, which uWS queues and
   * writes once per member per event-loop iteration: during a join storm the notices of many joins
   * share one write instead of one each. `conn` must be subscribed to the room.
   */
  private notifyOthers(conn: Connection, room: Room, msg: ServerToClient): void {
    conn.outlet.publish(room.id, JSON.stringify(msg));
  }

  private broadcast(room: Room, msg: ServerToClient, except: Member | undefined): void {
    const frame = JSON.stringify(msg);
    for (const member of room.members.values()) if (member !== except) member.outlet?.send(frame);
  }

  private close(conn: Connection, how: { readonly code: number; readonly reason: string }): void {
    if (conn.done) return;
    conn.outlet.close(how.code, how.reason);
  }
}
