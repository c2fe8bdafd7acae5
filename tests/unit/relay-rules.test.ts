// The relay's timed rules to the millisecond, in process on a fake clock: admission deadline, rate limits, invite expiry, creation limits, replay window.
import { describe, expect, it, vi } from 'vitest';
import {
  ADMISSION_DEADLINE_MS,
  BAD_MESSAGES_BEFORE_CLOSE,
  CLOSE,
  MAX_INVITES_PER_ROOM,
  MAX_ROOM_MEMBERS,
  MAX_ROOMS_CREATED_PER_IP_PER_MINUTE,
  MAX_TS_LEAD_MS,
  MIN_INVITE_TTL_SECONDS,
  RATE_BURST_MESSAGES,
  RATE_MESSAGES_PER_SECOND,
  RATE_VIOLATIONS_BEFORE_CLOSE,
} from '../../protocol/index.js';
import { randomRoomId, randomToken, tokenHash, type FakeMember, useFakeRelay } from '../support/fake-relay.js';

/** One token-bucket refill, in ms. */
const REFILL_MS = 1000 / RATE_MESSAGES_PER_SECOND;
/** server/signaling.ts: the window over which rate-limit violations are counted, in ms. */
const VIOLATION_WINDOW_MS = 10_000;
/** server/signaling.ts: the window of the per-address creation limit, in ms. */
const CREATE_WINDOW_MS = 60_000;

const fake = useFakeRelay();

describe('admission deadline', () => {
  it(`closes a connection that sends nothing with 4001 at exactly ${ADMISSION_DEADLINE_MS} ms, not a millisecond before`, () => {
    const idle = fake.relay.connect(randomRoomId());
    vi.advanceTimersByTime(ADMISSION_DEADLINE_MS - 1);
    expect(idle.closed).toBeUndefined();
    vi.advanceTimersByTime(1);
    expect(idle.closed).toEqual(CLOSE.admissionTimeout);
    expect(fake.relay.signaling.stats()).toMatchObject({ connections: 0, addresses: 0 });
  });

  it('does not close a connection admitted in time, nor one still sending only member messages before it', () => {
    const { socket } = fake.relay.createRoom();
    vi.advanceTimersByTime(ADMISSION_DEADLINE_MS * 3);
    expect(socket.closed).toBeUndefined();
    const waiting = fake.relay.connect(randomRoomId());
    waiting.say({ t: 'send', to: '*', data: 'x' });
    expect(waiting.take()).toMatchObject({ t: 'error', code: 'not_admitted' });
    vi.advanceTimersByTime(ADMISSION_DEADLINE_MS);
    expect(waiting.closed).toEqual(CLOSE.admissionTimeout);
  });

  it('leaves no timer behind for a connection that closed before its deadline', () => {
    const gone = fake.relay.connect(randomRoomId());
    gone.drop();
    // Only the relay's own two intervals remain: the sweeper and the credential renewer.
    expect(vi.getTimerCount()).toBe(2);
  });
});

describe('rate limit', () => {
  it(`takes a burst of ${RATE_BURST_MESSAGES}, answers rate_limited to the next, and refills one message per ${REFILL_MS} ms`, () => {
    const [a, b] = fake.roomOf(2) as [FakeMember, FakeMember];
    for (let i = 0; i < RATE_BURST_MESSAGES; i++) a.socket.say({ t: 'send', to: b.welcome.you, data: `m${i}` });
    expect(b.socket.inbox).toHaveLength(RATE_BURST_MESSAGES);
    expect(a.socket.unread()).toEqual([]);
    a.socket.say({ t: 'send', to: b.welcome.you, data: 'over' });
    expect(a.socket.take()).toEqual({ t: 'error', code: 'rate_limited' });
    vi.advanceTimersByTime(REFILL_MS - 1);
    a.socket.say({ t: 'send', to: b.welcome.you, data: 'still over' });
    expect(a.socket.take()).toEqual({ t: 'error', code: 'rate_limited' });
    vi.advanceTimersByTime(REFILL_MS);
    a.socket.say({ t: 'send', to: b.welcome.you, data: 'refilled' });
    expect(a.socket.unread()).toEqual([]);
    expect(b.socket.inbox.at(-1)).toEqual({ t: 'relay', from: a.welcome.you, data: 'refilled' });
  });

  it(`keeps relaying at the sustained rate of ${RATE_MESSAGES_PER_SECOND}/s for a minute without one refusal`, () => {
    const [a, b] = fake.roomOf(2) as [FakeMember, FakeMember];
    for (let i = 0; i < 60 * RATE_MESSAGES_PER_SECOND; i++) {
      vi.advanceTimersByTime(REFILL_MS);
      a.socket.say({ t: 'send', to: b.welcome.you, data: `m${i}` });
    }
    // Within a minute the relay also renews everyone's resume credential; nothing else arrives.
    expect(a.socket.unread().filter((t) => t !== 'resume-renewed')).toEqual([]);
    expect(b.socket.inbox.filter((m) => m.t === 'relay')).toHaveLength(60 * RATE_MESSAGES_PER_SECOND);
  });

  it(`closes with 1008 at the ${RATE_VIOLATIONS_BEFORE_CLOSE}th violation inside ${VIOLATION_WINDOW_MS} ms, and the others keep relaying`, () => {
    const [a, b, c] = fake.roomOf(3) as [FakeMember, FakeMember, FakeMember];
    for (let i = 0; i < RATE_BURST_MESSAGES; i++) a.socket.say({ t: 'send', to: '*', data: 'f' });
    for (let i = 1; i < RATE_VIOLATIONS_BEFORE_CLOSE; i++) a.socket.say({ t: 'send', to: '*', data: 'f' });
    expect(a.socket.closed).toBeUndefined();
    expect(a.socket.unread()).toEqual(Array(RATE_VIOLATIONS_BEFORE_CLOSE - 1).fill('error'));
    a.socket.say({ t: 'send', to: '*', data: 'f' });
    expect(a.socket.closed).toEqual(CLOSE.flood);
    b.socket.inbox.length = 0;
    c.socket.inbox.length = 0;
    b.socket.say({ t: 'send', to: c.welcome.you, data: 'unaffected' });
    expect(c.socket.take()).toEqual({ t: 'relay', from: b.welcome.you, data: 'unaffected' });
  });

  it('counts violations per window: the same number spread over two windows does not close', () => {
    const [a] = fake.roomOf(2) as [FakeMember];
    for (let i = 0; i < RATE_BURST_MESSAGES; i++) a.socket.say({ t: 'send', to: '*', data: 'f' });
    for (let i = 1; i < RATE_VIOLATIONS_BEFORE_CLOSE; i++) a.socket.say({ t: 'send', to: '*', data: 'f' });
    vi.advanceTimersByTime(VIOLATION_WINDOW_MS);
    // The bucket refilled meanwhile: empty it again, then violate as often once more.
    for (let i = 0; i < RATE_BURST_MESSAGES; i++) a.socket.say({ t: 'send', to: '*', data: 'f' });
    for (let i = 1; i < RATE_VIOLATIONS_BEFORE_CLOSE; i++) a.socket.say({ t: 'send', to: '*', data: 'f' });
    expect(a.socket.closed).toBeUndefined();
  });
});

describe('malformed input', () => {
  it(`answers bad_message to binary, non-JSON and unknown types, and closes with 1008 at the ${BAD_MESSAGES_BEFORE_CLOSE}th`, () => {
    const { socket } = fake.relay.createRoom();
    socket.sayRaw(undefined);
    socket.sayRaw('not json');
    socket.sayRaw(JSON.stringify({ t: 'teleport', ts: socket.nextTs() }));
    socket.sayRaw(`{"t":"leave","ts":${socket.nextTs()},"__proto__":{"x":1}}`);
    expect(socket.inbox.map((m) => (m.t === 'error' ? m.code : m.t))).toEqual(Array(BAD_MESSAGES_BEFORE_CLOSE - 1).fill('bad_message'));
    expect(socket.closed).toBeUndefined();
    socket.sayRaw('{"t":');
    expect(socket.closed).toEqual(CLOSE.badMessages);
  });
});

describe('replay window', () => {
  it('refuses a duplicate, a smaller and a ts past the lead; the lead moves with the clock', () => {
    const a = fake.relay.connect(randomRoomId());
    // The first ts fixes the connection's clock offset: here zero.
    a.say({ t: 'create', ts: Date.now() });
    const creator = { socket: a, welcome: a.takeOf('welcome') };
    const b = fake.relay.join(a.conn.roomId, fake.relay.mintInvite(creator));
    a.takeOf('peer-joined');
    const ts = a.say({ t: 'send', to: '*', data: 'first' });
    for (const bad of [ts, ts - 1, Date.now() + MAX_TS_LEAD_MS + 1]) {
      a.say({ t: 'send', to: '*', data: 'replayed', ts: bad });
      expect(a.take()).toEqual({ t: 'error', code: 'replay', ts: bad });
    }
    a.say({ t: 'send', to: '*', data: 'at the lead', ts: Date.now() + MAX_TS_LEAD_MS });
    vi.advanceTimersByTime(1000);
    a.say({ t: 'send', to: '*', data: 'a second later', ts: Date.now() + MAX_TS_LEAD_MS });
    expect(a.unread()).toEqual([]);
    expect(b.socket.inbox.map((m) => (m.t === 'relay' ? m.data : m.t))).toEqual(['first', 'at the lead', 'a second later']);
  });
});

describe('invite expiry', () => {
  it(`admits with a ${MIN_INVITE_TTL_SECONDS} s invite up to its last millisecond and refuses it at expiry`, () => {
    const creator = fake.relay.createRoom();
    const early = fake.relay.mintInvite(creator, MIN_INVITE_TTL_SECONDS);
    const late = fake.relay.mintInvite(creator, MIN_INVITE_TTL_SECONDS);
    vi.advanceTimersByTime(MIN_INVITE_TTL_SECONDS * 1000 - 1);
    expect(fake.relay.join(creator.roomId, early).welcome.resumed).toBe(false);
    vi.advanceTimersByTime(1);
    const refused = fake.relay.connect(creator.roomId);
    refused.say({ t: 'join', token: late });
    expect(refused.take()).toMatchObject({ t: 'error', code: 'bad_token' });
    expect(refused.closed).toEqual(CLOSE.admissionRefused);
  });

  it('answers invite with its expiry in epoch ms, and the sweep forgets expired invites', () => {
    const creator = fake.relay.createRoom();
    const hash = tokenHash(randomToken());
    creator.socket.say({ t: 'invite', hash, ttl: 60 });
    expect(creator.socket.take()).toEqual({ t: 'invited', hash, expires: Date.now() + 60_000 });
    expect(fake.relay.signaling.stats().invites).toBe(1);
    vi.advanceTimersByTime(60_000 + CREATE_WINDOW_MS / 4);
    expect(fake.relay.signaling.stats().invites).toBe(0);
  });

  it(`holds at most ${MAX_INVITES_PER_ROOM} unused invites; an expired one frees its place`, () => {
    const creator = fake.relay.createRoom();
    const invite = (ttl: number): string => {
      vi.advanceTimersByTime(REFILL_MS);
      creator.socket.say({ t: 'invite', hash: tokenHash(randomToken()), ttl });
      const reply = creator.socket.take();
      return reply.t === 'error' ? reply.code : reply.t;
    };
    expect(invite(MIN_INVITE_TTL_SECONDS)).toBe('invited');
    for (let i = 1; i < MAX_INVITES_PER_ROOM; i++) expect(invite(600)).toBe('invited');
    expect(invite(600)).toBe('too_many_invites');
    vi.advanceTimersByTime(MIN_INVITE_TTL_SECONDS * 1000);
    expect(invite(600)).toBe('invited');
    expect(invite(600)).toBe('too_many_invites');
  });

  it(`refuses the ${MAX_ROOM_MEMBERS + 1}th member with room_full without burning the token`, () => {
    const members = fake.roomOf(MAX_ROOM_MEMBERS);
    const roomId = members[0]!.welcome.room;
    const token = fake.relay.mintInvite(members[0]!);
    const eleventh = fake.relay.connect(roomId);
    eleventh.say({ t: 'join', token });
    expect(eleventh.take()).toMatchObject({ t: 'error', code: 'room_full' });
    members[9]!.socket.say({ t: 'leave' });
    expect(members[0]!.socket.takeOf('peer-left').peer).toBe(members[9]!.welcome.you);
    expect(fake.relay.join(roomId, token).welcome.members).toHaveLength(MAX_ROOM_MEMBERS - 1);
  });
});

describe('room creation limit', () => {
  it(`lets one address create ${MAX_ROOMS_CREATED_PER_IP_PER_MINUTE} rooms a minute, refuses the next until the minute is over, and leaves other addresses alone`, () => {
    for (let i = 0; i < MAX_ROOMS_CREATED_PER_IP_PER_MINUTE; i++) fake.relay.createRoom(randomRoomId(), '192.0.2.1').socket.drop();
    const refused = fake.relay.connect(randomRoomId(), '192.0.2.1');
    refused.say({ t: 'create' });
    expect(refused.take()).toMatchObject({ t: 'error', code: 'create_limited' });
    expect(refused.closed).toEqual(CLOSE.admissionRefused);
    expect(fake.relay.createRoom(randomRoomId(), '192.0.2.2').welcome.t).toBe('welcome');
    vi.advanceTimersByTime(CREATE_WINDOW_MS - 1);
    const stillRefused = fake.relay.connect(randomRoomId(), '192.0.2.1');
    stillRefused.say({ t: 'create' });
    expect(stillRefused.take()).toMatchObject({ code: 'create_limited' });
    vi.advanceTimersByTime(1);
    expect(fake.relay.createRoom(randomRoomId(), '192.0.2.1').welcome.t).toBe('welcome');
  });

  it('refuses create without the operator key or with a wrong one, and accepts the right one', () => {
    const KEY = 'operator-key-for-tests-0123';
    fake.restart({ env: { ROOM_TOKEN: KEY } });
    for (const key of [undefined, 'wrong-key', `${KEY}x`, KEY.slice(0, -1)]) {
      const c = fake.relay.connect(randomRoomId());
      c.say(key === undefined ? { t: 'create' } : { t: 'create', key });
      expect(c.take()).toMatchObject({ t: 'error', code: 'bad_access_key' });
      expect(c.closed).toEqual(CLOSE.admissionRefused);
    }
    expect(fake.relay.createRoom(randomRoomId(), '127.0.0.1', KEY).welcome.t).toBe('welcome');
  });
});

describe('bounded state', () => {
  it('thousands of join/leave cycles, some dropped and left to their grace period, leave zero rooms, invites, connections and addresses', () => {
    const ROOMS = 10;
    const CYCLES = 200;
    const GRACE_MS = 1000;
    fake.restart({ resumeGraceMs: GRACE_MS });
    for (let r = 0; r < ROOMS; r++) {
      const creator = fake.relay.createRoom(randomRoomId(), `127.0.1.${r + 1}`);
      for (let cycle = 0; cycle < CYCLES; cycle++) {
        // Paced as a client would be; dropped seats (one in four) free up after the grace period.
        vi.advanceTimersByTime(2 * REFILL_MS);
        if (cycle % 10 === 0) fake.relay.mintInvite(creator);
        const guest = fake.relay.join(creator.roomId, fake.relay.mintInvite(creator), `127.0.2.${r + 1}`);
        if (cycle % 4 === 0) guest.socket.drop();
        else guest.socket.say({ t: 'leave' });
      }
      creator.socket.say({ t: 'leave' });
    }
    vi.advanceTimersByTime(GRACE_MS);
    expect(fake.relay.signaling.stats()).toMatchObject({ connections: 0, rooms: 0, invites: 0, addresses: 0 });
  });
});
