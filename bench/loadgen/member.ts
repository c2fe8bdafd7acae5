// One generated room member over `ws`: admission, invites, peers, and a cheap path for timed relay frames.
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { parseServerMessage, type ServerToClient } from '../../protocol/index.js';
import type { Histogram } from '../lib/histogram.js';

/** How long any single protocol step may take before the generator gives up on it, in ms. */
export const STEP_TIMEOUT_MS = 15_000;

/** Counters one worker keeps for its measurement window. */
export interface Tally {
  sent: number;
  /** Recipients the server should have delivered to: 1 per unicast, members − 1 per broadcast. */
  offered: number;
  delivered: number;
  floodDelivered: number;
  /** Frames that failed parseServerMessage (verify mode checks every frame). */
  malformed: number;
  errors: Record<string, number>;
  closes: Record<string, number>;
  readonly latency: Histogram;
}

export function newTally(latency: Histogram): Tally {
  return { sent: 0, offered: 0, delivered: 0, floodDelivered: 0, malformed: 0, errors: {}, closes: {}, latency };
}

export function resetTally(tally: Tally): void {
  tally.sent = 0;
  tally.offered = 0;
  tally.delivered = 0;
  tally.floodDelivered = 0;
  tally.malformed = 0;
  tally.errors = {};
  tally.closes = {};
  tally.latency.reset();
}

const RELAY_PREFIX = Buffer.from('{"t":"relay"');
const DATA_KEY = Buffer.from('"data":"');
const PIPE = 0x7c;

type Waiter = { t: ServerToClient['t']; resolve: (msg: ServerToClient) => void; reject: (error: Error) => void };

/** A connected member (or would-be member) with its peers and anti-replay clock. */
export class Member {
  you = '';
  resume = '';
  readonly peers = new Set<string>();
  peerList: string[] = [];
  private ts = Date.now();
  private waiters: Waiter[] = [];
  readonly closed: Promise<number>;

  private constructor(
    readonly ws: WebSocket,
    private readonly tally: Tally,
    private readonly verify: boolean,
  ) {
    ws.on('message', (data: Buffer) => this.onFrame(data));
    ws.on('error', () => undefined);
    this.closed = new Promise((resolve) =>
      ws.once('close', (code: number) => {
        tally.closes[code] = (tally.closes[code] ?? 0) + 1;
        for (const w of this.waiters) w.reject(new Error(`closed with ${code} while waiting for ${w.t}`));
        this.waiters = [];
        resolve(code);
      }),
    );
  }

  /** Opens `url` from `localAddress`; rejects on refusal or after STEP_TIMEOUT_MS. */
  static connect(url: string, origin: string, localAddress: string, tally: Tally, verify: boolean): Promise<Member> {
    const ws = new WebSocket(url, { origin, localAddress, perMessageDeflate: false, skipUTF8Validation: !verify, handshakeTimeout: STEP_TIMEOUT_MS });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new Member(ws, tally, verify)));
      ws.once('unexpected-response', (_req, res) => {
        reject(new Error(`upgrade refused with HTTP ${res.statusCode ?? 0}`));
        ws.terminate();
      });
      ws.once('error', reject);
    });
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  nextTs(): number {
    this.ts = Math.max(this.ts + 1, Date.now());
    return this.ts;
  }

  /** Sends a control message with a fresh ts. */
  sendControl(msg: Record<string, unknown>): void {
    this.ws.send(JSON.stringify({ ...msg, ts: this.nextTs() }));
  }

  /** Sends one timed envelope of `size` characters to `to`; `flood` marks it as not timed. */
  sendEnvelope(to: string, size: number, padding: string, flood = false): void {
    const head = flood ? 'F|' : `${performance.now().toFixed(3)}|`;
    const data = head + padding.slice(0, Math.max(1, size - head.length));
    this.ws.send(`{"t":"send","ts":${this.nextTs()},"to":"${to}","data":"${data}"}`);
  }

  /** Resolves with the next message of type `t`; an `error` message rejects instead. */
  next<T extends ServerToClient['t']>(t: T): Promise<Extract<ServerToClient, { t: T }>> {
    if (!this.open) return Promise.reject(new Error(`socket not open while waiting for ${t}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${t}`)), STEP_TIMEOUT_MS);
      this.waiters.push({
        t,
        resolve: (msg) => {
          clearTimeout(timer);
          resolve(msg as Extract<ServerToClient, { t: T }>);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
    });
  }

  terminate(): void {
    this.ws.terminate();
  }

  private onFrame(data: Buffer): void {
    if (data.length > RELAY_PREFIX.length && data.compare(RELAY_PREFIX, 0, RELAY_PREFIX.length, 0, RELAY_PREFIX.length) === 0) {
      if (this.verify && !parseServerMessage(data.toString('utf8')).ok) this.tally.malformed += 1;
      return this.onRelay(data);
    }
    const parsed = parseServerMessage(data.toString('utf8'));
    if (!parsed.ok) {
      this.tally.malformed += 1;
      return;
    }
    this.onControl(parsed.msg);
  }

  private onRelay(data: Buffer): void {
    const start = data.indexOf(DATA_KEY) + DATA_KEY.length;
    const end = data.indexOf(PIPE, start);
    if (data[start] === 0x46) {
      this.tally.floodDelivered += 1;
      return;
    }
    const sentAt = Number(data.toString('latin1', start, end));
    this.tally.delivered += 1;
    if (Number.isFinite(sentAt)) this.tally.latency.record(performance.now() - sentAt);
    else this.tally.malformed += 1;
  }

  private onControl(msg: ServerToClient): void {
    switch (msg.t) {
      case 'welcome':
        this.you = msg.you;
        this.resume = msg.resume;
        for (const peer of msg.members) this.peers.add(peer);
        this.peerList = [...this.peers];
        break;
      case 'peer-joined':
        this.peers.add(msg.peer);
        this.peerList = [...this.peers];
        break;
      case 'peer-left':
        this.peers.delete(msg.peer);
        this.peerList = [...this.peers];
        break;
      case 'error':
        this.tally.errors[msg.code] = (this.tally.errors[msg.code] ?? 0) + 1;
        break;
      default:
        break;
    }
    const index = this.waiters.findIndex((w) => w.t === msg.t || msg.t === 'error');
    if (index < 0) return;
    const [waiter] = this.waiters.splice(index, 1);
    if (msg.t === 'error') waiter!.reject(new Error(`server error ${msg.code} while waiting for ${waiter!.t}`));
    else waiter!.resolve(msg);
  }
}
