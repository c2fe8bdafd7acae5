// `node --import tsx bench/byte-flood.ts`: the others' relay latency while one member sends 20 largest envelopes/s to everyone (issue 18's flood), against a quiet room.
import { createHash, randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { MAX_ENVELOPE_DATA_CHARS, type ServerToClient } from '../protocol/index.js';
import { Histogram } from './lib/histogram.js';
import { machine } from './lib/proc.js';
import { startBenchServer } from './lib/servers.js';

/** Envelopes per second the flooder sends, each of the largest size, to everyone. */
const FLOOD_PER_SECOND = 20;
/** Pings per second between two of the others while latency is measured. */
const PINGS_PER_SECOND = 10;

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '8' }, members: { type: 'string', default: '4' } } });
const SECONDS = Number(values.seconds);
const MEMBERS = Number(values.members);

/** One protocol client over `ws`, with the frames it got. */
class Client {
  readonly frames: ServerToClient[] = [];
  closed: { code: number; reason: string } | undefined;
  private ts = Date.now();
  private listeners: Array<(msg: ServerToClient) => void> = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString()) as ServerToClient;
      this.frames.push(msg);
      for (const listener of this.listeners) listener(msg);
    });
    ws.on('close', (code, reason) => (this.closed = { code, reason: reason.toString() }));
  }

  static open(url: string, origin: string): Promise<Client> {
    const ws = new WebSocket(url, { origin, perMessageDeflate: false });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new Client(ws)));
      ws.once('error', reject);
    });
  }

  send(msg: Record<string, unknown>): void {
    this.ts = Math.max(this.ts + 1, Date.now());
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify({ ...msg, ts: this.ts }));
  }

  next<T extends ServerToClient['t']>(t: T): Promise<Extract<ServerToClient, { t: T }>> {
    return new Promise((resolve) => {
      const listener = (msg: ServerToClient): void => {
        if (msg.t !== t) return;
        this.listeners = this.listeners.filter((l) => l !== listener);
        resolve(msg as Extract<ServerToClient, { t: T }>);
      };
      this.listeners.push(listener);
    });
  }

  onMessage(listener: (msg: ServerToClient) => void): void {
    this.listeners.push(listener);
  }
}

/** A room of MEMBERS clients on `url`; returns them with their peer ids. */
async function room(wsUrl: string, origin: string): Promise<Array<{ client: Client; id: string }>> {
  const roomId = randomBytes(16).toString('base64url');
  const url = `${wsUrl}/ws/${roomId}`;
  const creator = await Client.open(url, origin);
  const created = creator.next('welcome');
  creator.send({ t: 'create' });
  const members = [{ client: creator, id: (await created).you }];
  for (let i = 1; i < MEMBERS; i++) {
    const token = randomBytes(32).toString('base64url');
    const invited = creator.next('invited');
    creator.send({ t: 'invite', hash: createHash('sha256').update(token).digest('base64url'), ttl: 600 });
    await invited;
    const client = await Client.open(url, origin);
    const welcome = client.next('welcome');
    client.send({ t: 'join', token });
    members.push({ client, id: (await welcome).you });
  }
  return members;
}

/** Pings from `from` to `to` at PINGS_PER_SECOND for SECONDS; every round trip through the relay into the histogram. */
async function measure(from: Client, to: { client: Client; id: string }, histogram: Histogram): Promise<number> {
  const sentAt = new Map<string, number>();
  to.client.onMessage((msg) => {
    if (msg.t !== 'relay' || !sentAt.has(msg.data)) return;
    histogram.record(performance.now() - sentAt.get(msg.data)!);
    sentAt.delete(msg.data);
  });
  for (let i = 0; i < SECONDS * PINGS_PER_SECOND; i++) {
    const data = `ping-${i}`;
    sentAt.set(data, performance.now());
    from.send({ t: 'send', to: to.id, data });
    await new Promise((resolve) => setTimeout(resolve, 1000 / PINGS_PER_SECOND));
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
  return sentAt.size;
}

const format = (h: Histogram): string => `p50 ${h.percentile(50).toFixed(1)} ms · p99 ${h.percentile(99).toFixed(1)} ms · max ${h.max.toFixed(1)} ms (${h.count} pings)`;

const server = await startBenchServer('uws');
try {
  const quiet = new Histogram();
  const quietRoom = await room(server.wsUrl, server.origin);
  const quietLost = await measure(quietRoom[1]!.client, quietRoom[2]!, quiet);

  const flooded = new Histogram();
  const floodRoom = await room(server.wsUrl, server.origin);
  const flooder = floodRoom[0]!.client;
  const big = 'f'.repeat(MAX_ENVELOPE_DATA_CHARS);
  const started = performance.now();
  let closedAfter: number | undefined;
  const flood = setInterval(() => {
    if (flooder.closed) {
      closedAfter ??= performance.now() - started;
      return;
    }
    flooder.send({ t: 'send', to: '*', data: big });
  }, 1000 / FLOOD_PER_SECOND);
  const floodLost = await measure(floodRoom[1]!.client, floodRoom[2]!, flooded);
  clearInterval(flood);
  const refusals = flooder.frames.filter((f) => f.t === 'error' && f.code === 'byte_limited').length;
  const othersClosed = floodRoom.slice(1).filter((m) => m.client.closed).length;

  console.log(`machine: ${JSON.stringify(machine())}`);
  console.log(`room of ${MEMBERS}, ${SECONDS} s of ${PINGS_PER_SECOND} pings/s between two members`);
  console.log(`quiet:   ${format(quiet)}, lost ${quietLost}`);
  console.log(`flooded: ${format(flooded)}, lost ${floodLost}`);
  console.log(`flooder: ${refusals} byte_limited, closed ${flooder.closed ? `${flooder.closed.code} "${flooder.closed.reason}" after ${(closedAfter ?? 0).toFixed(0)} ms` : 'never'}; others closed: ${othersClosed}`);
  for (const m of [...quietRoom, ...floodRoom]) m.client.ws.close();
} finally {
  await server.stop();
}
