// Thin adapter from uWS WebSocket callbacks to Signaling: origin and IP checks at upgrade, nothing else.
import type { HttpRequest, HttpResponse, TemplatedApp, WebSocket } from 'uWebSockets.js';
import {
  CLOSE,
  IDLE_TIMEOUT_SECONDS,
  MAX_BACKPRESSURE_BYTES,
  MAX_FRAME_BYTES,
  isRoomId,
} from '../protocol/index.js';
import type { Connection, Signaling } from './signaling.js';
import type { HeaderList } from './http.js';

/**
 * uWS's own cap, above the protocol limit: frames between the two are read whole and closed with a
 * clean 1009; only beyond this does uWS cut the connection without a close frame.
 */
const UWS_HARD_FRAME_CAP_BYTES = 2 * MAX_FRAME_BYTES;

/** The uWS pub/sub topic of a room's members. */
const topicOf = (room: string): string => `room/${room}`;

/** uWS send() result meaning the frame was dropped because the consumer is over maxBackpressure. */
const SEND_DROPPED = 2;

function refuseUpgrade(res: HttpResponse, status: string, text: string, security: HeaderList): void {
  res.cork(() => {
    res.writeStatus(status);
    for (const [name, value] of security) res.writeHeader(name, value);
    res.writeHeader('Content-Type', 'text/plain; charset=utf-8');
    res.writeHeader('Cache-Control', 'no-store');
    res.end(text);
  });
}

/** Mutable per-socket state. uWS copies the user data object at upgrade, so it is nested one level. */
interface Holder {
  conn: Connection | undefined;
  ws: WebSocket<UserData> | undefined;
}
interface UserData {
  readonly holder: Holder;
}

/** Registers `/ws/:room`. `isAllowedOrigin` is the exact-match origin check. */
export function registerSignalingRoute(
  app: TemplatedApp,
  signaling: Signaling,
  isAllowedOrigin: (origin: string) => boolean,
  security: HeaderList,
): void {
  app.ws<UserData>('/ws/:room', {
    compression: 0,
    maxPayloadLength: UWS_HARD_FRAME_CAP_BYTES,
    maxBackpressure: MAX_BACKPRESSURE_BYTES,
    closeOnBackpressureLimit: 1,
    idleTimeout: IDLE_TIMEOUT_SECONDS,
    sendPingsAutomatically: true,

    upgrade(res: HttpResponse, req: HttpRequest, context) {
      // Everything from req must be read before returning: uWS reuses it afterwards.
      const origin = req.getHeader('origin');
      const roomId = req.getParameter(0);
      const key = req.getHeader('sec-websocket-key');
      const protocol = req.getHeader('sec-websocket-protocol');
      const extensions = req.getHeader('sec-websocket-extensions');
      const ip = Buffer.from(res.getRemoteAddressAsText()).toString();

      if (!isAllowedOrigin(origin)) return refuseUpgrade(res, '403 Forbidden', 'origin not allowed\n', security);
      if (!isRoomId(roomId)) return refuseUpgrade(res, '404 Not Found', 'no such endpoint\n', security);
      if (!signaling.ipLimits.canOpen(ip)) return refuseUpgrade(res, '429 Too Many Requests', 'too many connections\n', security);

      const holder: Holder = { conn: undefined, ws: undefined };
      const outlet = {
        send(frame: string) {
          const ws = holder.ws;
          if (!ws || holder.conn?.done) return;
          if (ws.send(frame, false, false) === SEND_DROPPED) ws.end(CLOSE.slowConsumer.code, CLOSE.slowConsumer.reason);
        },
        subscribe(room: string) {
          holder.ws?.subscribe(topicOf(room));
        },
        publish(room: string, frame: string) {
          const ws = holder.ws;
          if (!ws || holder.conn?.done) return;
          ws.publish(topicOf(room), frame, false, false);
        },
        close(code: number, reason: string) {
          const ws = holder.ws;
          if (!ws || holder.conn?.done) return;
          // Outside a uWS callback (timers, signals) nothing is corked: cork so the close frame is flushed.
          ws.cork(() => ws.end(code, reason));
        },
      };
      holder.conn = signaling.newConnection(ip, roomId, outlet);
      res.upgrade({ holder }, key, protocol, extensions, context);
    },

    open(ws) {
      const holder = ws.getUserData().holder;
      holder.ws = ws;
      signaling.opened(holder.conn!);
    },

    message(ws, message, isBinary) {
      const conn = ws.getUserData().holder.conn!;
      if (message.byteLength > MAX_FRAME_BYTES) return ws.end(CLOSE.tooBig.code, CLOSE.tooBig.reason);
      return signaling.message(conn, isBinary ? undefined : Buffer.from(message).toString('utf8'));
    },

    close(ws) {
      const holder = ws.getUserData().holder;
      const conn = holder.conn!;
      holder.ws = undefined;
      signaling.closed(conn);
    },
  });
}
