// Admission through a real server process: create, single-use invites, full rooms, resume credentials, the operator key and TURN credentials.
// The timed rules (invite expiry, invite cap, grace period, creation window) are tests/unit/relay-rules and relay-resume.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE, MAX_ROOM_MEMBERS, RESUME_CREDENTIAL_TTL_MS, TURN_CREDENTIAL_TTL_SECONDS } from '../../protocol/index.js';
import { connect, createRoom, join, mintInvite, randomRoomId, randomToken, roomOf, tokenHash } from '../support/relay.js';
import { TEST_SERVER_SECRET, startServerProcess, type ServerProcess } from '../support/server-process.js';

/** The grace period the test server is started with, so welcome can be checked against it. */
const RESUME_GRACE_MS = 1500;

let server: ServerProcess;

/**
 * A fresh server for the enclosing describe block: its tests create rooms, and creation is limited
 * per address per minute (each block stays under that limit).
 */
function freshServerPerBlock(): void {
  beforeAll(async () => {
    server = await startServerProcess({ RESUME_GRACE_MS: String(RESUME_GRACE_MS) });
  });
  afterAll(async () => {
    await server?.stop();
  });
}

describe('create', () => {
  freshServerPerBlock();

  it('welcomes the creator with a peer id, no members, a resume credential, limits and an ICE config', async () => {
    const { client, welcome, roomId } = await createRoom(server);
    expect(welcome.room).toBe(roomId);
    expect(welcome.you).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(welcome.members).toEqual([]);
    expect(welcome.resume).toMatch(/^[A-Za-z0-9_-]{51}$/);
    expect(welcome.limits.resumeTtlMs).toBe(RESUME_CREDENTIAL_TTL_MS);
    expect(welcome.resumed).toBe(false);
    expect(welcome.limits.maxRoomMembers).toBe(MAX_ROOM_MEMBERS);
    expect(welcome.ice).toEqual({ iceServers: [], iceTransportPolicy: 'all' });
    client.close();
  });

  it('refuses a room id that exists with room_exists and close 4003', async () => {
    const first = await createRoom(server);
    const second = await connect(server, first.roomId);
    second.send({ t: 'create' });
    expect(await second.next()).toMatchObject({ t: 'error', code: 'room_exists' });
    expect((await second.closed).code).toBe(CLOSE.admissionRefused.code);
    first.client.close();
  });

  it('closes a connection that sends nothing within the admission deadline with 4001, once the deadline has passed', async () => {
    // A server of its own whose deadline (TEST_ADMISSION_DEADLINE_MS) is short: ADMISSION_DEADLINE_MS itself is
    // tests/unit/relay-rules.test.ts's, to the millisecond.
    const deadlineMs = 1_000;
    const quick = await startServerProcess({ TEST_ADMISSION_DEADLINE_MS: String(deadlineMs) });
    try {
      const openedAt = Date.now();
      const idle = await connect(quick, randomRoomId());
      expect(await idle.closed).toEqual({ code: CLOSE.admissionTimeout.code, reason: CLOSE.admissionTimeout.reason });
      expect(Date.now() - openedAt).toBeGreaterThanOrEqual(deadlineMs);
    } finally {
      await quick.stop();
    }
  }, 20_000);

  it('answers not_admitted to member messages before admission', async () => {
    const client = await connect(server, randomRoomId());
    client.send({ t: 'send', to: '*', data: 'x' });
    expect(await client.next()).toMatchObject({ t: 'error', code: 'not_admitted' });
    client.close();
  });

  it('answers already_admitted to a second admission on one connection', async () => {
    const { client } = await createRoom(server);
    client.send({ t: 'create' });
    expect(await client.next()).toMatchObject({ t: 'error', code: 'already_admitted' });
    client.close();
  });
});

describe('single-use invites', () => {
  freshServerPerBlock();

  it('admits a registered token once, tells members it was used, and refuses its reuse', async () => {
    const creator = await createRoom(server);
    const token = await mintInvite(creator);
    const guest = await join(server, creator.roomId, token);
    expect(guest.welcome.members).toEqual([creator.welcome.you]);
    expect(await creator.client.nextOf('invite-used')).toEqual({ t: 'invite-used', hash: tokenHash(token) });
    expect(await creator.client.nextOf('peer-joined')).toEqual({ t: 'peer-joined', peer: guest.welcome.you });

    const again = await connect(server, creator.roomId);
    again.send({ t: 'join', token });
    expect(await again.next()).toMatchObject({ t: 'error', code: 'bad_token' });
    expect((await again.closed).code).toBe(4003);
    creator.client.close();
    guest.client.close();
  });

  it('lets exactly one of two concurrent joins with one token in', async () => {
    const creator = await createRoom(server);
    const token = await mintInvite(creator);
    const [a, b] = await Promise.all([connect(server, creator.roomId), connect(server, creator.roomId)]);
    a.send({ t: 'join', token });
    b.send({ t: 'join', token });
    const results = await Promise.all([a.next(), b.next()]);
    expect(results.map((r) => r.t).sort()).toEqual(['error', 'welcome']);
    expect(results.find((r) => r.t === 'error')).toMatchObject({ code: 'bad_token' });
    for (const c of [creator.client, a, b]) c.close();
  });

  it('refuses unknown tokens, tokens for another room and joins to rooms that do not exist alike: bad_token and close 4003', async () => {
    const one = await createRoom(server);
    const two = await createRoom(server);
    const token = await mintInvite(one);
    for (const [room, tok, code] of [
      [one.roomId, randomToken(), 'bad_token'],
      [two.roomId, token, 'bad_token'],
      [randomRoomId(), token, 'bad_token'],
    ] as const) {
      const c = await connect(server, room);
      const ts = c.send({ t: 'join', token: tok });
      expect(await c.next()).toEqual({ t: 'error', code, ts });
      expect(await c.closed).toEqual({ code: CLOSE.admissionRefused.code, reason: CLOSE.admissionRefused.reason });
      expect(c.pending()).toEqual([]);
    }
    expect((await join(server, one.roomId, token)).welcome.t).toBe('welcome');
    one.client.close();
    two.client.close();
  });


  it('revokes an invite: members are told, the token stops working, revoking twice is bad_invite', async () => {
    const creator = await createRoom(server);
    const token = await mintInvite(creator);
    creator.client.send({ t: 'revoke', hash: tokenHash(token) });
    expect(await creator.client.next()).toEqual({ t: 'revoked', hash: tokenHash(token) });
    const late = await connect(server, creator.roomId);
    late.send({ t: 'join', token });
    expect(await late.next()).toMatchObject({ t: 'error', code: 'bad_token' });
    creator.client.send({ t: 'revoke', hash: tokenHash(token) });
    expect(await creator.client.next()).toMatchObject({ t: 'error', code: 'bad_invite' });
    creator.client.close();
  });


  it(`refuses the ${MAX_ROOM_MEMBERS + 1}th member with room_full without burning the token`, async () => {
    const { roomId, members } = await roomOf(server, MAX_ROOM_MEMBERS);
    const token = await mintInvite(members[0]!);
    const eleventh = await connect(server, roomId);
    eleventh.send({ t: 'join', token });
    expect(await eleventh.next()).toMatchObject({ t: 'error', code: 'room_full' });
    members[9]!.client.send({ t: 'leave' });
    await members[0]!.client.nextOf('peer-left');
    const admitted = await join(server, roomId, token);
    expect(admitted.welcome.members).toHaveLength(MAX_ROOM_MEMBERS - 1);
    for (const m of [...members, admitted]) m.client.close();
  }, 30_000);
});

describe('resume', () => {
  freshServerPerBlock();

  it('gives a dropped member its seat back with the same id and a fresh credential; the used one is retired', async () => {
    const creator = await createRoom(server);
    const guest = await join(server, creator.roomId, await mintInvite(creator));
    await creator.client.nextOf('peer-joined');
    guest.client.close();
    await guest.client.closed;

    const back = await connect(server, creator.roomId);
    back.send({ t: 'resume', peer: guest.welcome.you, secret: guest.welcome.resume });
    const welcome = await back.nextOf('welcome');
    expect(welcome).toMatchObject({ you: guest.welcome.you, resumed: true, members: [creator.welcome.you] });
    // RESUME_GRACE_MS reaches the relay (its timing is tests/unit/relay-resume.test.ts's).
    expect(welcome.limits.resumeGraceMs).toBe(RESUME_GRACE_MS);
    expect(welcome.restored).toBeUndefined();
    expect(welcome.resume).not.toBe(guest.welcome.resume);

    back.send({ t: 'send', to: creator.welcome.you, data: 'still-here' });
    expect(await creator.client.next()).toEqual({ t: 'relay', from: guest.welcome.you, data: 'still-here' });

    const stale = await connect(server, creator.roomId);
    stale.send({ t: 'resume', peer: guest.welcome.you, secret: guest.welcome.resume });
    expect(await stale.next()).toMatchObject({ t: 'error', code: 'bad_resume' });
    expect((await stale.closed).code).toBe(CLOSE.admissionRefused.code);
    for (const c of [creator.client, back]) c.close();
  });

  it('refuses a forged or altered credential with bad_resume and close 4003', async () => {
    const creator = await createRoom(server);
    const forged = Buffer.from(creator.welcome.resume, 'base64url');
    forged[forged.length - 1]! ^= 1;
    for (const secret of [forged.toString('base64url'), 'A'.repeat(51)]) {
      const client = await connect(server, creator.roomId);
      client.send({ t: 'resume', peer: creator.welcome.you, secret });
      expect(await client.next()).toMatchObject({ t: 'error', code: 'bad_resume' });
      expect((await client.closed).code).toBe(CLOSE.admissionRefused.code);
    }
    // Another room's credential does not open this one.
    const other = await createRoom(server);
    const client = await connect(server, creator.roomId);
    client.send({ t: 'resume', peer: other.welcome.you, secret: other.welcome.resume });
    expect(await client.next()).toMatchObject({ t: 'error', code: 'bad_resume' });
    for (const c of [creator.client, other.client, client]) c.close();
  });

  it('keeps leave final: the credential of a member who left is refused on this node', async () => {
    const creator = await createRoom(server);
    const guest = await join(server, creator.roomId, await mintInvite(creator));
    await creator.client.nextOf('peer-joined');
    guest.client.send({ t: 'leave' });
    expect((await guest.client.closed).code).toBe(CLOSE.normal.code);
    const back = await connect(server, creator.roomId);
    back.send({ t: 'resume', peer: guest.welcome.you, secret: guest.welcome.resume });
    expect(await back.next()).toMatchObject({ t: 'error', code: 'bad_resume' });
    creator.client.close();
  });

  it('refuses the last member who left even though the room itself is gone', async () => {
    const creator = await createRoom(server);
    creator.client.send({ t: 'leave' });
    await creator.client.closed;
    const refused = await connect(server, creator.roomId);
    refused.send({ t: 'resume', peer: creator.welcome.you, secret: creator.welcome.resume });
    expect(await refused.next()).toMatchObject({ t: 'error', code: 'bad_resume' });
  });

  it('closes the previous connection with 4005 when a member resumes on a new one', async () => {
    const creator = await createRoom(server);
    const second = await connect(server, creator.roomId);
    second.send({ t: 'resume', peer: creator.welcome.you, secret: creator.welcome.resume });
    await second.nextOf('welcome');
    expect((await creator.client.closed).code).toBe(CLOSE.replaced.code);
    second.close();
  });
});

describe('operator access key', () => {
  const KEY = 'operator-key-for-tests-0123';
  let guarded: ServerProcess;
  beforeAll(async () => {
    guarded = await startServerProcess({ ROOM_TOKEN: KEY });
  });
  afterAll(async () => {
    await guarded.stop();
  });

  it('refuses create without the key or with a wrong one, and accepts the right one', async () => {
    for (const key of [undefined, 'wrong-key', `${KEY}x`, KEY.slice(0, -1)]) {
      const c = await connect(guarded, randomRoomId());
      c.send(key === undefined ? { t: 'create' } : { t: 'create', key });
      expect(await c.next()).toMatchObject({ t: 'error', code: 'bad_access_key' });
      expect((await c.closed).code).toBe(4003);
    }
    const ok = await createRoom(guarded, randomRoomId(), KEY);
    expect(ok.welcome.t).toBe('welcome');
    ok.client.close();
  });
});

describe('ICE configuration in welcome', () => {
  const SECRET = 'turn-shared-secret';

  it('hands admitted members TURN REST credentials signed with TURN_SECRET', async () => {
    const turned = await startServerProcess({ TURN_URLS: 'turn:127.0.0.1:3478?transport=udp', TURN_SECRET: SECRET, STUN_URLS: 'stun:127.0.0.1:3478' });
    try {
      const { client, welcome } = await createRoom(turned);
      expect(welcome.ice.iceTransportPolicy).toBe('all');
      const turn = welcome.ice.iceServers.find((s) => s.urls.some((u) => u.startsWith('turn:')))!;
      const [expiry] = turn.username!.split(':');
      // Short-lived: at most TURN_CREDENTIAL_TTL_SECONDS (10 min), renewed over the live connection.
      expect(Number(expiry)).toBeGreaterThan(Date.now() / 1000);
      expect(Number(expiry)).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + TURN_CREDENTIAL_TTL_SECONDS);
      expect(turn.credential).toBe(createHmac('sha1', SECRET).update(turn.username!).digest('base64'));
      expect(welcome.ice.iceServers.some((s) => s.urls.includes('stun:127.0.0.1:3478'))).toBe(true);
      client.close();
    } finally {
      await turned.stop();
    }
  });

  it('in production is relay-only with no STUN', async () => {
    const port = 40000 + Math.floor(Math.random() * 20000);
    const prod = await startServerProcess({
      PORT: String(port),
      PROD: '1',
      ROOM_TOKEN: 'operator-key-for-tests-0123',
      ALLOWED_ORIGINS: `http://127.0.0.1:${port}`,
      TURN_URLS: 'turn:127.0.0.1:3478',
      TURN_SECRET: SECRET,
      STUN_URLS: 'stun:127.0.0.1:3478',
      SERVER_SECRET: TEST_SERVER_SECRET,
    });
    try {
      const { client, welcome } = await createRoom(prod, randomRoomId(), 'operator-key-for-tests-0123');
      expect(welcome.ice.iceTransportPolicy).toBe('relay');
      expect(welcome.ice.iceServers.flatMap((s) => s.urls)).toEqual(['turn:127.0.0.1:3478']);
      client.close();
    } finally {
      await prod.stop();
    }
  });
});
