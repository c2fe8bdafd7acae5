// On the real server: a member flooding large envelopes meets the byte budget while the others keep talking; access-key guessing and room size are enforced over real sockets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE, MAX_ENVELOPE_DATA_CHARS, MAX_FAILED_ACCESS_KEYS_PER_IP } from '../../protocol/index.js';
import { connect, createRoom, join, mintInvite, randomRoomId } from '../support/relay.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

const ROOM_TOKEN = 'operator-key-for-budget-tests';
/** The flood of issue 18: 20 envelopes a second of the largest size, to everyone. */
const FLOOD_PER_SECOND = 20;
/** Pause between the others' rounds of messages, in ms: well under the 20 messages/s rate. */
const ROUND_MS = 100;
/** Rounds the others talk at most: 15 s, far longer than the budget lets a flood last. */
const MAX_ROUNDS = 150;

let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess({ ROOM_TOKEN });
});
afterAll(async () => {
  await server.stop();
});

describe('relay byte budget', () => {
  it('answers byte_limited to a member sending 20 largest envelopes/s to everyone and then closes it; every message between the others arrives', async () => {
    const { members } = await roomOfWithKey(4);
    const [flooder, x, y, z] = members as [Member, Member, Member, Member];
    const big = 'f'.repeat(MAX_ENVELOPE_DATA_CHARS);
    const flood = setInterval(() => {
      if (flooder.client.socket.readyState === 1) flooder.client.send({ t: 'send', to: '*', data: big });
    }, 1000 / FLOOD_PER_SECOND);
    try {
      // The others keep talking, paced under the message rate, until the flooder is gone and a
      // little after (or for MAX_ROUNDS, without a budget the flood never ends).
      let flooderClosed = false;
      void flooder.client.closed.then(() => (flooderClosed = true));
      let afterClose = 0;
      for (let round = 0; round < MAX_ROUNDS && afterClose < 5; round++) {
        x.client.send({ t: 'send', to: y.welcome.you, data: `ping${round}` });
        z.client.send({ t: 'send', to: '*', data: `hello${round}` });
        expect(await nextFrom(y, x.welcome.you)).toBe(`ping${round}`);
        expect(await nextFrom(x, z.welcome.you)).toBe(`hello${round}`);
        expect(await nextFrom(y, z.welcome.you)).toBe(`hello${round}`);
        if (flooderClosed) afterClose += 1;
        await new Promise((resolve) => setTimeout(resolve, ROUND_MS));
      }
      expect(flooderClosed).toBe(true);
      expect(await flooder.client.closed).toEqual({ code: CLOSE.byteFlood.code, reason: CLOSE.byteFlood.reason });
      const errors = flooder.client.pending().map((f) => JSON.parse(f) as { t: string; code?: string }).filter((m) => m.t === 'error');
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.every((e) => e.code === 'byte_limited')).toBe(true);
      for (const m of [x, y, z]) expect(m.client.socket.readyState).toBe(1);
    } finally {
      clearInterval(flood);
      for (const m of members) m.client.close();
    }
  }, 60_000);
});

describe('room size', () => {
  it('refuses a third member of a room of 2 with room_full, and the same invite admits once a seat is free', async () => {
    const client = await connect(server, randomRoomId());
    client.send({ t: 'create', key: ROOM_TOKEN, size: 2 });
    const welcome = await client.nextOf('welcome');
    expect(welcome.settings).toEqual({ size: 2, locked: false });
    const creator = { client, welcome };
    const guest = await join(server, welcome.room, await mintInvite(creator));
    const token = await mintInvite(creator);
    const third = await connect(server, welcome.room);
    third.send({ t: 'join', token });
    expect(await third.next()).toMatchObject({ t: 'error', code: 'room_full' });
    guest.client.send({ t: 'leave' });
    await creator.client.nextOf('peer-left');
    const later = await join(server, welcome.room, token);
    expect(later.welcome.members).toEqual([welcome.you]);
    for (const c of [creator.client, later.client]) c.close();
  });
});

// Last in the file: the lockout it provokes refuses every later create from 127.0.0.1 on this server.
describe('operator access key', () => {
  it(`refuses create with access_key_limited after ${MAX_FAILED_ACCESS_KEYS_PER_IP} wrong keys from one address, the right key included`, async () => {
    for (let i = 0; i < MAX_FAILED_ACCESS_KEYS_PER_IP; i++) {
      const c = await connect(server, randomRoomId());
      c.send({ t: 'create', key: `wrong-${i}` });
      expect(await c.next()).toMatchObject({ t: 'error', code: 'bad_access_key' });
      expect((await c.closed).code).toBe(CLOSE.admissionRefused.code);
    }
    const c = await connect(server, randomRoomId());
    c.send({ t: 'create', key: ROOM_TOKEN });
    expect(await c.next()).toMatchObject({ t: 'error', code: 'access_key_limited' });
    expect((await c.closed).code).toBe(CLOSE.admissionRefused.code);
  });
});

type Member = Awaited<ReturnType<typeof join>>;

/** The next relay from `from` that `member` receives, skipping the flood and notices. */
async function nextFrom(member: Member, from: string): Promise<string> {
  for (;;) {
    const msg = await member.client.next(10_000);
    if (msg.t === 'relay' && msg.from === from) return msg.data;
  }
}

/** roomOf on a server that requires the operator key. */
async function roomOfWithKey(size: number): Promise<{ members: Member[] }> {
  const creator = await createRoom(server, randomRoomId(), ROOM_TOKEN);
  const members: Member[] = [creator];
  for (let i = 1; i < size; i++) {
    const joined = await join(server, creator.roomId, await mintInvite(creator));
    for (const m of members) await m.client.nextOf('peer-joined');
    members.push(joined);
  }
  return { members };
}
