// The twin's adapter from `ws` events to Signaling: the same checks the uWS adapter makes, on the `ws` stack.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import {
  CLOSE,
  IDLE_TIMEOUT_SECONDS,
  MAX_BACKPRESSURE_BYTES,
  MAX_FRAME_BYTES,
  isRoomId,
} from '../../protocol/index.js';
import type { Outlet } from '../../server/rooms.js';
import type { Connection, Signaling } from '../../server/signaling.js';

/** Same hard cap as the uWS adapter: frames between MAX_FRAME_BYTES and this get a clean 1009. */
const HARD_FRAME_CAP_BYTES = 2 * MAX_FRAME_BYTES;

/** uWS pings before its idle timeout; the twin sweeps at half of it and drops sockets silent for a whole one. */
const HEARTBEAT_MS = (IDLE_TIMEOUT_SECONDS * 1000) / 2;

const ROUTE = /^\/ws\/([^/?]*)(?:\?.*)?$/;

interface Holder {
  conn: Connection | undefined;
  ws: WebSocket | undefined;
  /** The room this connection receives broadcasts of, once admitted. */
  topic: string | undefined;
  /** Heard from since the last heartbeat sweep. */
  alive: boolean;
}

function refuse(socket: Duplex, status: string, text: string): void {
  socket.end(
    `HTTP/1.1 ${status}\r\nContent-Type: text/plain; charset=utf-8\r\nCache-Control: no-store\r\n` +
      `Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
  );
}

/** One socket's outlet: a class like ours, so both servers hold one object per connection for it. */
class TwinOutlet implements Outlet {
  constructor(
    private readonly holder: Holder,
    private readonly topics: Map<string, Set<Holder>>,
    private readonly deliver: (holder: Holder, frame: string) => void,
    private readonly unsubscribe: (holder: Holder) => void,
  ) {}

  send(frame: string): void {
    this.deliver(this.holder, frame);
  }

  subscribe(room: string): void {
    this.unsubscribe(this.holder);
    this.holder.topic = room;
    const members = this.topics.get(room) ?? new Set<Holder>();
    members.add(this.holder);
    this.topics.set(room, members);
  }

  publish(room: string, frame: string): void {
    for (const other of this.topics.get(room) ?? []) if (other !== this.holder) this.deliver(other, frame);
  }

  close(code: number, reason: string): void {
    const ws = this.holder.ws;
    if (!ws || this.holder.conn?.done || ws.readyState !== WebSocket.OPEN) return;
    ws.close(code, reason);
  }
}

/** Serves `/ws/:room` on an http server's upgrade event; returns a stop function for the heartbeat. */
export function attachSignaling(
  signaling: Signaling,
  isAllowedOrigin: (origin: string) => boolean,
): { onUpgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void; stop: () => void } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: HARD_FRAME_CAP_BYTES, perMessageDeflate: false, clientTracking: false });
  const holders = new Set<Holder>();
  // `ws` has no pub/sub: the twin keeps each room's subscribers itself and fans out in JavaScript.
  const topics = new Map<string, Set<Holder>>();

  const deliver = (holder: Holder, frame: string): void => {
    const ws = holder.ws;
    if (!ws || holder.conn?.done || ws.readyState !== WebSocket.OPEN) return;
    ws.send(frame);
    if (ws.bufferedAmount > MAX_BACKPRESSURE_BYTES) ws.close(CLOSE.slowConsumer.code, CLOSE.slowConsumer.reason);
  };
  const unsubscribe = (holder: Holder): void => {
    if (holder.topic === undefined) return;
    const members = topics.get(holder.topic);
    members?.delete(holder);
    if (members?.size === 0) topics.delete(holder.topic);
    holder.topic = undefined;
  };

  const heartbeat = setInterval(() => {
    for (const holder of holders) {
      if (!holder.alive) holder.ws?.terminate();
      else {
        holder.alive = false;
        holder.ws?.ping();
      }
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const origin = req.headers.origin ?? '';
    const roomId = ROUTE.exec(req.url ?? '')?.[1];
    const ip = req.socket.remoteAddress ?? '';
    if (!isAllowedOrigin(origin)) return refuse(socket, '403 Forbidden', 'origin not allowed\n');
    if (roomId === undefined || !isRoomId(roomId)) return refuse(socket, '404 Not Found', 'no such endpoint\n');
    if (!signaling.ipLimits.canOpen(ip)) return refuse(socket, '429 Too Many Requests', 'too many connections\n');

    const holder: Holder = { conn: undefined, ws: undefined, topic: undefined, alive: true };
    const outlet = new TwinOutlet(holder, topics, deliver, unsubscribe);
    holder.conn = signaling.newConnection(ip, roomId, outlet);

    wss.handleUpgrade(req, socket, head, (ws) => {
      holder.ws = ws;
      holders.add(holder);
      signaling.opened(holder.conn!);
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        holder.alive = true;
        if (data.byteLength > MAX_FRAME_BYTES) return ws.close(CLOSE.tooBig.code, CLOSE.tooBig.reason);
        return signaling.message(holder.conn!, isBinary ? undefined : data.toString('utf8'));
      });
      ws.on('pong', () => (holder.alive = true));
      ws.on('error', () => ws.terminate());
      ws.once('close', () => {
        holders.delete(holder);
        unsubscribe(holder);
        holder.ws = undefined;
        signaling.closed(holder.conn!);
      });
    });
  }

  return {
    onUpgrade,
    stop() {
      clearInterval(heartbeat);
    },
  };
}
