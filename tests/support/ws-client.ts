// A real WebSocket test client (the `ws` library) that queues frames so tests can await them.
import WebSocket from 'ws';
import type { ServerToClient } from '../../protocol/index.js';

export interface Closed {
  readonly code: number;
  readonly reason: string;
}

/** A connected client with helpers to send stamped messages and await replies. */
export class TestClient {
  private readonly inbox: string[] = [];
  private waiters: Array<() => void> = [];
  private ts = Date.now();
  readonly closed: Promise<Closed>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data, isBinary) => {
      this.inbox.push(isBinary ? '<binary>' : data.toString());
      this.wake();
    });
    this.closed = new Promise((resolve) => socket.once('close', (code, reason) => {
      this.wake();
      resolve({ code, reason: reason.toString() });
    }));
  }

  /** Opens `url` with `origin` and resolves once open; rejects with the HTTP status if the upgrade is refused. */
  static connect(url: string, origin: string | undefined, options: WebSocket.ClientOptions = {}): Promise<TestClient> {
    const socket = new WebSocket(url, { ...(origin === undefined ? {} : { origin }), perMessageDeflate: false, ...options });
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new TestClient(socket)));
      socket.once('unexpected-response', (_req, res) => {
        reject(new UpgradeRefused(res.statusCode ?? 0));
        socket.terminate();
      });
      socket.once('error', reject);
    });
  }

  /** Next strictly increasing `ts`. */
  nextTs(): number {
    this.ts += 1;
    return this.ts;
  }

  /** Sends `msg` with a fresh `ts` unless it carries one. */
  send(msg: Record<string, unknown>): number {
    const ts = typeof msg['ts'] === 'number' ? msg['ts'] : this.nextTs();
    this.socket.send(JSON.stringify({ ...msg, ts }));
    return ts;
  }

  sendRaw(frame: string | Buffer, binary = false): void {
    this.socket.send(frame, { binary });
  }

  /** Resolves with the next server message, parsed; rejects if the socket closes first. */
  async next(timeoutMs = 5000): Promise<ServerToClient> {
    const deadline = Date.now() + timeoutMs;
    while (this.inbox.length === 0) {
      if (this.socket.readyState === WebSocket.CLOSED) throw new Error('socket closed while waiting for a message');
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error('timed out waiting for a message');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return JSON.parse(this.inbox.shift()!) as ServerToClient;
  }

  /** The next message of type `t`, skipping others. */
  async nextOf<T extends ServerToClient['t']>(t: T, timeoutMs = 5000): Promise<Extract<ServerToClient, { t: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const msg = await this.next(Math.max(1, deadline - Date.now()));
      if (msg.t === t) return msg as Extract<ServerToClient, { t: T }>;
    }
  }

  /** Messages received and not yet consumed. */
  pending(): string[] {
    return [...this.inbox];
  }

  close(): void {
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) this.socket.terminate();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

export class UpgradeRefused extends Error {
  constructor(readonly status: number) {
    super(`upgrade refused with HTTP ${status}`);
  }
}
