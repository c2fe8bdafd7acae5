// The relay's Signaling in process: fake outlets standing in for uWS sockets, driven by vitest's fake clock.
import { createHash, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, vi } from 'vitest';
import {
  ADMISSION_DEADLINE_MS,
  RATE_BURST_MESSAGES,
  RATE_MESSAGES_PER_SECOND,
  RELAY_BURST_BYTES,
  RELAY_BYTES_PER_SECOND,
  RESUME_GRACE_MS,
  type RoomId,
  type ServerToClient,
  type WelcomeMessage,
} from '../../protocol/index.js';
import { limitKey } from '../../server/client-address.js';
import { loadConfig } from '../../server/config.js';
import type { Outlet } from '../../server/rooms.js';
import { ResumeCredentials } from '../../server/resume-credentials.js';
import { Signaling, type Connection } from '../../server/signaling.js';

export const randomRoomId = (): RoomId => randomBytes(16).toString('base64url');
export const randomToken = (): string => randomBytes(32).toString('base64url');
export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('base64url');

/** How a fake socket was closed by the server. */
export interface Closed {
  readonly code: number;
  readonly reason: string;
}

/**
 * One client connection: the server side is an Outlet as the uWS adapter implements it (sends
 * stop once the connection is done; a server close runs `Signaling.closed` as uWS's close callback
 * does), the client side sends stamped messages and reads what arrived.
 */
export class FakeSocket implements Outlet {
  readonly conn: Connection;
  /** Frames the server sent to this socket and the test has not taken yet, parsed. */
  readonly inbox: ServerToClient[] = [];
  closed: Closed | undefined;
  private ts = Date.now();
  private open = true;

  constructor(
    private readonly relay: FakeRelay,
    ip: string,
    roomId: RoomId,
  ) {
    // As the uWS adapter does: every per-address limit counts under the address's key (IPv6 by /64).
    this.conn = relay.signaling.newConnection(limitKey(ip), roomId, this);
  }

  send(frame: string): void {
    if (this.open && !this.conn.done) this.inbox.push(JSON.parse(frame) as ServerToClient);
  }

  close(code: number, reason: string): void {
    if (!this.open || this.conn.done) return;
    this.closed = { code, reason };
    this.end();
  }

  subscribe(room: RoomId): void {
    this.relay.topic(room).add(this);
  }

  publish(room: RoomId, frame: string): void {
    if (this.conn.done) return;
    for (const other of this.relay.topic(room)) if (other !== this) other.send(frame);
  }

  /** Sends `msg` from the client with a fresh, increasing `ts` unless it carries one; returns the ts. */
  say(msg: Record<string, unknown>): number {
    const ts = typeof msg['ts'] === 'number' ? msg['ts'] : this.nextTs();
    this.relay.signaling.message(this.conn, JSON.stringify({ ...msg, ts }));
    return ts;
  }

  /** Sends a raw text frame (undefined: a binary frame, as the adapter reports one). */
  sayRaw(frame: string | undefined): void {
    this.relay.signaling.message(this.conn, frame);
  }

  nextTs(): number {
    this.ts = Math.max(this.ts + 1, Date.now());
    return this.ts;
  }

  /** Takes the oldest unread message; fails the test when there is none. */
  take(): ServerToClient {
    const msg = this.inbox.shift();
    if (msg === undefined) throw new Error('no message from the server');
    return msg;
  }

  /** Takes messages up to and including the first of type `t`; fails when none arrived. */
  takeOf<T extends ServerToClient['t']>(t: T): Extract<ServerToClient, { t: T }> {
    const at = this.inbox.findIndex((m) => m.t === t);
    if (at < 0) throw new Error(`no "${t}" among ${JSON.stringify(this.inbox.map((m) => m.t))}`);
    return this.inbox.splice(0, at + 1)[at] as Extract<ServerToClient, { t: T }>;
  }

  /** The types of the messages not yet taken. */
  unread(): string[] {
    return this.inbox.map((m) => m.t);
  }

  /** The client drops the connection (the server sees a close it did not ask for). */
  drop(): void {
    if (this.open) this.end();
  }

  private end(): void {
    this.open = false;
    for (const topic of this.relay.topics.values()) topic.delete(this);
    this.relay.signaling.closed(this.conn);
  }
}

/** A member as the relay admitted it. */
export interface FakeMember {
  readonly socket: FakeSocket;
  readonly welcome: WelcomeMessage;
}

export interface FakeRelayOptions {
  readonly env?: Record<string, string>;
  readonly admissionDeadlineMs?: number;
  readonly resumeGraceMs?: number;
}

/** A Signaling with the server's real defaults, its clock vitest's (fake) Date.now. */
export class FakeRelay {
  readonly signaling: Signaling;
  readonly topics = new Map<RoomId, Set<FakeSocket>>();

  constructor(options: FakeRelayOptions = {}) {
    this.signaling = new Signaling(loadConfig(options.env ?? {}, []), {
      admissionDeadlineMs: options.admissionDeadlineMs ?? ADMISSION_DEADLINE_MS,
      resumeGraceMs: options.resumeGraceMs ?? RESUME_GRACE_MS,
      credentials: new ResumeCredentials(randomBytes(32)),
      now: () => Date.now(),
    });
  }

  topic(room: RoomId): Set<FakeSocket> {
    let members = this.topics.get(room);
    if (members === undefined) this.topics.set(room, (members = new Set()));
    return members;
  }

  /** Opens a connection to `roomId` from `ip`, as the adapter does after a successful upgrade. */
  connect(roomId: RoomId, ip = '127.0.0.1'): FakeSocket {
    const socket = new FakeSocket(this, ip, roomId);
    this.signaling.opened(socket.conn);
    return socket;
  }

  /** Creates a room and returns its creator. */
  createRoom(roomId = randomRoomId(), ip = '127.0.0.1', key?: string): FakeMember & { roomId: RoomId } {
    const socket = this.connect(roomId, ip);
    socket.say(key === undefined ? { t: 'create' } : { t: 'create', key });
    return { socket, welcome: socket.takeOf('welcome'), roomId };
  }

  /** Registers a fresh invite through `member` for `ttl` seconds and returns its token. */
  mintInvite(member: FakeMember, ttl = 600): string {
    const token = randomToken();
    member.socket.say({ t: 'invite', hash: tokenHash(token), ttl });
    const invited = member.socket.takeOf('invited');
    if (invited.hash !== tokenHash(token)) throw new Error('invited answered another hash');
    return token;
  }

  /** Joins `roomId` with `token` and returns the new member. */
  join(roomId: RoomId, token: string, ip = '127.0.0.1'): FakeMember {
    const socket = this.connect(roomId, ip);
    socket.say({ t: 'join', token });
    return { socket, welcome: socket.takeOf('welcome') };
  }

  /** Stops the relay's timers (call in afterEach). */
  shutdown(): void {
    this.signaling.shutdown();
  }
}

/** When every test of a file starts on the fake clock: a fixed date, so expiries read the same in every run. */
const FAKE_CLOCK_START = new Date('2026-01-01T00:00:00Z');
/** How long an emptied message or byte bucket takes to be full again, in ms. */
const BUCKETS_FULL_MS = Math.ceil(Math.max(RATE_BURST_MESSAGES / RATE_MESSAGES_PER_SECOND, RELAY_BURST_BYTES / RELAY_BYTES_PER_SECOND) * 1000);

/** A test file's relay, from useFakeRelay. */
export interface FakeRelayKit {
  /** This test's relay. */
  readonly relay: FakeRelay;
  /** Shuts this test's relay down and puts one with `options` in its place (shut down after the test too). */
  restart(options?: FakeRelayOptions): FakeRelay;
  /**
   * A room of `size` members, creator first, each joining a bucket refill after the last (as a
   * paced client would); every notice so far taken and every message and byte bucket full again.
   */
  roomOf(size: number): FakeMember[];
}

/** Registers beforeEach/afterEach that give each test of the file a fresh FakeRelay with `options` on vitest's fake clock. */
export function useFakeRelay(options: FakeRelayOptions = {}): FakeRelayKit {
  let current: FakeRelay | undefined;
  beforeEach(() => {
    vi.useFakeTimers({ now: FAKE_CLOCK_START });
    current = new FakeRelay(options);
  });
  afterEach(() => {
    current?.shutdown();
    current = undefined;
    vi.useRealTimers();
  });
  const kit: FakeRelayKit = {
    get relay() {
      if (current === undefined) throw new Error('the fake relay exists only inside a test');
      return current;
    },
    restart(next = {}) {
      kit.relay.shutdown();
      current = new FakeRelay(next);
      return current;
    },
    roomOf(size) {
      const relay = kit.relay;
      const creator = relay.createRoom();
      const members: FakeMember[] = [creator];
      for (let i = 1; i < size; i++) {
        vi.advanceTimersByTime(1000 / RATE_MESSAGES_PER_SECOND);
        members.push(relay.join(creator.roomId, relay.mintInvite(creator)));
      }
      for (const m of members) m.socket.inbox.length = 0;
      vi.advanceTimersByTime(BUCKETS_FULL_MS);
      return members;
    },
  };
  return kit;
}
