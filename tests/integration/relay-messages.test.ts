// Relaying: envelopes reach exactly their recipients byte for byte, and stale or replayed ts are refused.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ENVELOPE_DATA_CHARS, MAX_TS_LEAD_MS } from '../../protocol/index.js';
import { createRoom, roomOf, type Member } from '../support/relay.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

let server: ServerProcess;
let members: Member[];

beforeAll(async () => {
  server = await startServerProcess();
  ({ members } = await roomOf(server, 4));
});
afterAll(async () => {
  for (const m of members) m.client.close();
  await server.stop();
});

const idOf = (m: Member) => m.welcome.you;

describe('relay', () => {
  it('forwards an envelope to one member only, with the sender id added and data unchanged', async () => {
    const [a, b, c, d] = members as [Member, Member, Member, Member];
    const data = randomBytes(3000).toString('base64url');
    a.client.send({ t: 'send', to: idOf(c), data });
    expect(await c.client.next()).toEqual({ t: 'relay', from: idOf(a), data });
    // A marker broadcast proves b and d received nothing before it.
    a.client.send({ t: 'send', to: '*', data: 'marker' });
    for (const other of [b, d]) expect(await other.client.next()).toEqual({ t: 'relay', from: idOf(a), data: 'marker' });
    expect(await c.client.next()).toEqual({ t: 'relay', from: idOf(a), data: 'marker' });
  });

  it('broadcasts to every other member and never back to the sender', async () => {
    const [a, b, c, d] = members as [Member, Member, Member, Member];
    b.client.send({ t: 'send', to: '*', data: 'hello-all' });
    for (const other of [a, c, d]) expect(await other.client.next()).toEqual({ t: 'relay', from: idOf(b), data: 'hello-all' });
    b.client.send({ t: 'send', to: idOf(a), data: 'after' });
    expect(await a.client.next()).toEqual({ t: 'relay', from: idOf(b), data: 'after' });
    expect(b.client.pending()).toEqual([]);
  });

  it('relays the largest allowed envelope and arbitrary Unicode byte for byte', async () => {
    const [a, b] = members as [Member, Member];
    const big = 'Z'.repeat(MAX_ENVELOPE_DATA_CHARS);
    a.client.send({ t: 'send', to: idOf(b), data: big });
    expect(await b.client.next()).toEqual({ t: 'relay', from: idOf(a), data: big });
    const unicode = 'ключ🔐\u2028"\\\u0000end';
    a.client.send({ t: 'send', to: idOf(b), data: unicode });
    expect(await b.client.next()).toEqual({ t: 'relay', from: idOf(a), data: unicode });
  });

  it('answers unknown_peer for a recipient not in the room, or oneself', async () => {
    const [a] = members as [Member];
    const outsider = await createRoom(server);
    for (const to of [idOf(outsider), idOf(a)]) {
      const ts = a.client.send({ t: 'send', to, data: 'x' });
      expect(await a.client.next()).toEqual({ t: 'error', code: 'unknown_peer', ts });
    }
    outsider.client.close();
  });
});

describe('anti-replay ts', () => {
  it('refuses a duplicate, a smaller and a far-future ts with replay, and accepts the next one', async () => {
    const [, , , d] = members as [Member, Member, Member, Member];
    const ts = d.client.send({ t: 'send', to: '*', data: 'first' });
    for (const bad of [ts, ts - 1, ts + MAX_TS_LEAD_MS + 60_000]) {
      d.client.send({ t: 'send', to: '*', data: 'replayed', ts: bad });
      expect(await d.client.nextOf('error')).toEqual({ t: 'error', code: 'replay', ts: bad });
    }
    for (const m of members.slice(0, 3)) {
      expect(await m.client.next()).toMatchObject({ data: 'first' });
    }
    d.client.send({ t: 'send', to: '*', data: 'fresh' });
    for (const m of members.slice(0, 3)) expect(await m.client.next()).toMatchObject({ data: 'fresh' });
  });
});
