// Second-round hardening rules in process on a fake clock: no room-existence oracle, access-key guessing, the relay byte budget, TURN credential lifetimes, room size and lock.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CLOSE,
  FAILED_ACCESS_KEY_WINDOW_MS,
  MAX_ENVELOPE_DATA_CHARS,
  MAX_FAILED_ACCESS_KEYS_PER_IP,
  RATE_VIOLATIONS_BEFORE_CLOSE,
  RELAY_BURST_BYTES,
  RELAY_BYTES_PER_SECOND,
  TURN_CREDENTIAL_TTL_SECONDS,
  type IceConfig,
} from '../../protocol/index.js';
import { randomRoomId, randomToken, useFakeRelay } from '../support/fake-relay.js';

const KEY = 'operator-key-for-tests-0123';

const fake = useFakeRelay();

/** What the server answered an admission attempt on a fresh connection: the frames and the close. */
function attempt(roomId: string, msg: Record<string, unknown>, ip = '127.0.0.1'): { frames: unknown[]; closed: unknown } {
  const socket = fake.relay.connect(roomId, ip);
  socket.say(msg);
  return { frames: socket.inbox.map(({ ...frame }) => ({ ...frame, ts: undefined })), closed: socket.closed };
}

describe('no room-existence oracle', () => {
  it('answers a join to a room that does not exist exactly as a join with a wrong token to one that does', () => {
    const [creator] = fake.roomOf(1);
    const roomId = creator!.welcome.room;
    const missing = attempt(randomRoomId(), { t: 'join', token: randomToken() });
    const wrongToken = attempt(roomId, { t: 'join', token: randomToken() });
    expect(missing).toEqual(wrongToken);
    expect(missing).toEqual({ frames: [{ t: 'error', code: 'bad_token', ts: undefined }], closed: CLOSE.admissionRefused });
  });

  it('answers a forged resume the same whether the room exists or not', () => {
    const [creator] = fake.roomOf(1);
    const roomId = creator!.welcome.room;
    const forged = { t: 'resume', peer: creator!.welcome.you, secret: 'A'.repeat(51) };
    const missing = attempt(randomRoomId(), forged);
    const existing = attempt(roomId, forged);
    expect(missing).toEqual(existing);
    expect(missing).toEqual({ frames: [{ t: 'error', code: 'bad_resume', ts: undefined }], closed: CLOSE.admissionRefused });
  });
});

describe('operator access-key guessing', () => {
  beforeEach(() => {
    fake.restart({ env: { ROOM_TOKEN: KEY } });
  });

  it(`refuses every create from an address after ${MAX_FAILED_ACCESS_KEYS_PER_IP} wrong keys, even the right key, until the window is over; other addresses are untouched`, () => {
    for (let i = 0; i < MAX_FAILED_ACCESS_KEYS_PER_IP; i++) {
      expect(attempt(randomRoomId(), { t: 'create', key: `guess-${i}` }, '192.0.2.7').frames).toMatchObject([{ code: 'bad_access_key' }]);
    }
    const limited = attempt(randomRoomId(), { t: 'create', key: KEY }, '192.0.2.7');
    expect(limited).toMatchObject({ frames: [{ t: 'error', code: 'access_key_limited' }], closed: CLOSE.admissionRefused });
    expect(fake.relay.createRoom(randomRoomId(), '192.0.2.8', KEY).welcome.t).toBe('welcome');
    vi.advanceTimersByTime(FAILED_ACCESS_KEY_WINDOW_MS - 1);
    expect(attempt(randomRoomId(), { t: 'create', key: KEY }, '192.0.2.7').frames).toMatchObject([{ code: 'access_key_limited' }]);
    vi.advanceTimersByTime(1);
    expect(fake.relay.createRoom(randomRoomId(), '192.0.2.7', KEY).welcome.t).toBe('welcome');
  });

  it('counts a whole IPv6 /64 as one address, and a create without any key not as a guess', () => {
    for (let i = 0; i < MAX_FAILED_ACCESS_KEYS_PER_IP * 2; i++) {
      expect(attempt(randomRoomId(), { t: 'create' }, '2001:db8:1:2::9').frames).toMatchObject([{ code: 'bad_access_key' }]);
    }
    for (let i = 0; i < MAX_FAILED_ACCESS_KEYS_PER_IP; i++) {
      attempt(randomRoomId(), { t: 'create', key: `guess-${i}` }, `2001:db8:1:2::${(i + 1).toString(16)}`);
    }
    expect(attempt(randomRoomId(), { t: 'create', key: KEY }, '2001:db8:1:2:ffff::1').frames).toMatchObject([{ code: 'access_key_limited' }]);
    expect(fake.relay.createRoom(randomRoomId(), '2001:db8:1:3::1', KEY).welcome.t).toBe('welcome');
  });

  it('forgets an address once its window is swept', () => {
    attempt(randomRoomId(), { t: 'create', key: 'wrong' }, '192.0.2.9');
    expect(fake.relay.signaling.stats().accessKeyLimiters).toBe(1);
    vi.advanceTimersByTime(FAILED_ACCESS_KEY_WINDOW_MS + 60_000);
    expect(fake.relay.signaling.stats().accessKeyLimiters).toBe(0);
  });
});

describe('relay byte budget', () => {
  const big = 'x'.repeat(MAX_ENVELOPE_DATA_CHARS);

  it('refuses a member flooding 20 largest envelopes/s to everyone with byte_limited, then closes it; the others keep relaying', () => {
    const [flooder, a, b, c] = fake.roomOf(4);
    const others = [a!, b!, c!];
    let refused = 0;
    let delivered = 0;
    for (let tick = 0; tick < 20 * 10 && !flooder!.socket.closed; tick++) {
      vi.advanceTimersByTime(1000 / 20);
      const ts = flooder!.socket.say({ t: 'send', to: '*', data: big });
      const errors = flooder!.socket.inbox.filter((m) => m.t === 'error');
      flooder!.socket.inbox.length = 0;
      for (const error of errors) expect(error).toEqual({ t: 'error', code: 'byte_limited', ts });
      refused += errors.length;
      // Each other member says one small thing each tick, and everyone else hears it.
      const speaker = others[tick % others.length]!;
      speaker.socket.say({ t: 'send', to: '*', data: `hi-${tick}` });
      for (const listener of others) {
        if (listener === speaker) continue;
        const heard = listener.socket.inbox.filter((m) => m.t === 'relay' && m.data === `hi-${tick}`);
        expect(heard).toHaveLength(1);
        delivered += 1;
      }
      for (const m of others) m.socket.inbox.length = 0;
    }
    expect(refused).toBe(RATE_VIOLATIONS_BEFORE_CLOSE - 1);
    expect(flooder!.socket.closed).toEqual(CLOSE.byteFlood);
    for (const m of others) expect(m.socket.closed).toBeUndefined();
    expect(delivered).toBeGreaterThan(0);
  });

  it(`lets a burst of ${RELAY_BURST_BYTES} bytes through at once and refills ${RELAY_BYTES_PER_SECOND} bytes/s`, () => {
    const [sender, receiver] = fake.roomOf(2);
    const chunk = 'y'.repeat(RELAY_BURST_BYTES / 18);
    for (let i = 0; i < 18; i++) {
      sender!.socket.say({ t: 'send', to: receiver!.welcome.you, data: chunk });
      expect(sender!.socket.unread()).toEqual([]);
    }
    sender!.socket.say({ t: 'send', to: '*', data: 'z' });
    expect(sender!.socket.take()).toMatchObject({ t: 'error', code: 'byte_limited' });
    vi.advanceTimersByTime(Math.ceil((chunk.length / RELAY_BYTES_PER_SECOND) * 1000));
    sender!.socket.say({ t: 'send', to: receiver!.welcome.you, data: chunk });
    expect(sender!.socket.unread()).toEqual([]);
    expect(receiver!.socket.inbox.filter((m) => m.t === 'relay')).toHaveLength(19);
  });

  it('counts a broadcast once per recipient: two largest broadcasts to nine empty the bucket, to one they do not', () => {
    const full = fake.roomOf(10)[0]!;
    const pair = fake.roomOf(2)[0]!;
    for (const sender of [full, pair]) {
      sender.socket.say({ t: 'send', to: '*', data: big });
      sender.socket.say({ t: 'send', to: '*', data: big });
      sender.socket.inbox.length = 0;
    }
    full.socket.say({ t: 'send', to: '*', data: big });
    expect(full.socket.take()).toMatchObject({ t: 'error', code: 'byte_limited' });
    pair.socket.say({ t: 'send', to: '*', data: big });
    expect(pair.socket.unread()).toEqual([]);
  });
});

/** The TURN username's expiry (epoch s) and the username itself, from an ICE config. */
function turnOf(ice: IceConfig): { username: string; expires: number } {
  const username = ice.iceServers.find((server) => server.username !== undefined)?.username ?? '';
  return { username, expires: Number(username.split(':')[0]) };
}

describe('TURN credentials', () => {
  const TURN_ENV = { TURN_URLS: 'turn:127.0.0.1:3478', TURN_SECRET: 'turn-secret-for-tests' };
  const TTL_MS = TURN_CREDENTIAL_TTL_SECONDS * 1000;

  beforeEach(() => {
    fake.restart({ env: TURN_ENV });
  });

  it(`hands out credentials that expire within ${TURN_CREDENTIAL_TTL_SECONDS} s (at most 10 minutes)`, () => {
    const { welcome } = fake.relay.createRoom();
    expect(TURN_CREDENTIAL_TTL_SECONDS).toBeLessThanOrEqual(600);
    expect(turnOf(welcome.ice).expires).toBe(Math.floor(Date.now() / 1000) + TURN_CREDENTIAL_TTL_SECONDS);
  });

  it('renews them over the live connection once half their lifetime has gone, to every connected member, and never to one who left', () => {
    // The renewal sweep runs every quarter lifetime from the relay's start, which is when these credentials were issued.
    const issued = Date.now();
    const [creator, stays, leaves] = fake.roomOf(3);
    leaves!.socket.say({ t: 'leave' });
    vi.advanceTimersByTime(issued + TTL_MS / 2 - 1 - Date.now());
    expect(creator!.socket.unread()).not.toContain('ice-renewed');
    vi.advanceTimersByTime(TTL_MS / 4 + 1);
    for (const member of [creator!, stays!]) {
      const renewed = member.socket.takeOf('ice-renewed');
      expect(turnOf(renewed.ice).username).not.toBe(turnOf(member.welcome.ice).username);
      expect(turnOf(renewed.ice).expires * 1000).toBeGreaterThan(issued + TTL_MS);
      expect(renewed.ice.iceTransportPolicy).toBe(member.welcome.ice.iceTransportPolicy);
    }
    expect(leaves!.socket.unread()).not.toContain('ice-renewed');
    vi.advanceTimersByTime(TTL_MS * 3);
    const renewals = creator!.socket.inbox.filter((m) => m.t === 'ice-renewed');
    expect(renewals.length).toBeGreaterThanOrEqual(3);
  });

  it('gives a member away in its grace period no renewal, and a resume inside the validity window the same credential, however often', () => {
    const [creator, guest] = fake.roomOf(2);
    const first = turnOf(guest!.welcome.ice).username;
    let resume = guest!.welcome.resume;
    let socket = guest!.socket;
    for (let i = 0; i < 20; i++) {
      socket.drop();
      vi.advanceTimersByTime(1000);
      socket = fake.relay.connect(creator!.welcome.room);
      socket.say({ t: 'resume', peer: guest!.welcome.you, secret: resume });
      expect(socket.unread()).toEqual(['welcome']);
      const welcome = socket.takeOf('welcome');
      expect(turnOf(welcome.ice).username).toBe(first);
      resume = welcome.resume;
    }
    socket.drop();
    // Past half the TURN lifetime since it was issued, still inside the resume credential's five minutes.
    vi.advanceTimersByTime(TTL_MS / 2 - 1000);
    expect(socket.unread()).not.toContain('ice-renewed');
    const back = fake.relay.connect(creator!.welcome.room);
    back.say({ t: 'resume', peer: guest!.welcome.you, secret: resume });
    expect(turnOf(back.takeOf('welcome').ice).username).not.toBe(first);
  });

  it('hands out none on a server without TURN, and runs no renewal timer there', () => {
    fake.restart();
    expect(fake.relay.createRoom().welcome.ice.iceServers).toEqual([]);
  });
});

describe('room size and lock', () => {
  it('admits no more than the size its creator chose; a refused invite is not spent and works once someone leaves', () => {
    const creator = fake.relay.connect(randomRoomId());
    creator.say({ t: 'create', size: 2 });
    const welcome = creator.takeOf('welcome');
    expect(welcome.settings).toEqual({ size: 2, locked: false });
    const owner = { socket: creator, welcome };
    const guest = fake.relay.join(welcome.room, fake.relay.mintInvite(owner));
    vi.advanceTimersByTime(1000);
    const token = fake.relay.mintInvite(owner);
    expect(attempt(welcome.room, { t: 'join', token })).toMatchObject({ frames: [{ t: 'error', code: 'room_full' }], closed: CLOSE.admissionRefused });
    guest.socket.say({ t: 'leave' });
    expect(fake.relay.join(welcome.room, token).welcome.settings).toEqual({ size: 2, locked: false });
  });

  it('lets any member lock and unlock at any time; everyone is told; a locked room refuses a valid invite with room_locked and keeps it', () => {
    const [creator, guest] = fake.roomOf(2);
    const token = fake.relay.mintInvite(creator!);
    guest!.socket.say({ t: 'settings', size: 10, locked: true });
    for (const m of [creator!, guest!]) expect(m.socket.takeOf('settings')).toEqual({ t: 'settings', size: 10, locked: true });
    expect(attempt(creator!.welcome.room, { t: 'join', token })).toMatchObject({ frames: [{ t: 'error', code: 'room_locked' }], closed: CLOSE.admissionRefused });
    // A wrong token still learns nothing about the room, locked or not.
    expect(attempt(creator!.welcome.room, { t: 'join', token: randomToken() }).frames).toMatchObject([{ code: 'bad_token' }]);
    creator!.socket.say({ t: 'settings', size: 10, locked: false });
    expect(guest!.socket.takeOf('settings')).toEqual({ t: 'settings', size: 10, locked: false });
    const third = fake.relay.join(creator!.welcome.room, token);
    expect(third.welcome.settings).toEqual({ size: 10, locked: false });
  });

  it('keeps a member its seat in a locked room across a resume', () => {
    const [creator, guest] = fake.roomOf(2);
    creator!.socket.say({ t: 'settings', size: 2, locked: true });
    guest!.socket.drop();
    const back = fake.relay.connect(creator!.welcome.room);
    back.say({ t: 'resume', peer: guest!.welcome.you, secret: guest!.welcome.resume });
    expect(back.takeOf('welcome')).toMatchObject({ resumed: true, settings: { size: 2, locked: true } });
  });

  it('refuses a size outside 2 to 10 as a bad message', () => {
    const [creator] = fake.roomOf(1);
    creator!.socket.say({ t: 'settings', size: 11, locked: false });
    expect(creator!.socket.takeOf('error')).toMatchObject({ code: 'bad_message' });
  });
});
