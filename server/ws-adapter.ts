// Thin adapter from uWS WebSocket callbacks to Signaling: origin and address checks at upgrade, nothing else.
import type { HttpRequest, HttpResponse, TemplatedApp, WebSocket } from 'uWebSockets.js';
import {
  CLOSE,
  MAX_BACKPRESSURE_BYTES,
  MAX_FRAME_BYTES,
  isRoomId,
} from '../protocol/index.js';
import { limitKey, type ClientAddressResolver } from './client-address.js';
import type { Outlet } from './rooms.js';
import type { Connection, Signaling } from './signaling.js';
import type { HeaderList } from './http.js';

/**
 * uWS's own cap, above the protocol limit: frames between the two are read whole and closed with a
 * clean 1009; only beyond this does uWS cut the connection without a close frame.
 */
const UWS_HARD_FRAME_CAP_BYTES = 2 * MAX_FRAME_BYTES;

/** The uWS pub/sub topic of a room's members. */
const roomTopic = (room: string): string => `room/${room}`;

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

/**
 * One socket's outlet and per-socket state. uWS copies the user data object at upgrade, so the
 * socket is set on this object once it opens. A class, not closures, so an idle connection costs
 * one object.
 */
class UwsOutlet implements Outlet {
  conn: Connection | undefined;
  ws: WebSocket<UserData> | undefined;

  /** True while frames may go out: the socket is open and the connection not finished. */
  private get live(): WebSocket<UserData> | undefined {
    return this.conn?.done ? undefined : this.ws;
  }

  send(frame: string): void {
    const ws = this.live;
    if (ws && ws.send(frame, false, false) === SEND_DROPPED) ws.end(CLOSE.slowConsumer.code, CLOSE.slowConsumer.reason);
  }

  subscribe(room: string): void {
    this.ws?.subscribe(roomTopic(room));
  }

  publish(room: string, frame: string): void {
    this.live?.publish(roomTopic(room), frame, false, false);
  }

  close(code: number, reason: string): void {
    const ws = this.live;
    // Outside a uWS callback (timers, signals) nothing is corked: cork so the close frame is flushed.
    ws?.cork(() => ws.end(code, reason));
  }
}

interface UserData {
  readonly outlet: UwsOutlet;
}

/** What the upgrade checks: the exact-match origin test, and who the client is behind a proxy. */
export interface UpgradePolicy {
  readonly isAllowedOrigin: (origin: string) => boolean;
  readonly addresses: ClientAddressResolver;
}

const text = (bytes: ArrayBuffer): string => Buffer.from(bytes).toString();

/** Registers `/ws/:room`; a connection silent for `idleTimeoutSeconds` (config: IDLE_TIMEOUT_SECONDS) is closed. */
export function registerSignalingRoute(app: TemplatedApp, signaling: Signaling, policy: UpgradePolicy, security: HeaderList, idleTimeoutSeconds: number): void {
  app.ws<UserData>('/ws/:room', {
    compression: 0,
    maxPayloadLength: UWS_HARD_FRAME_CAP_BYTES,
    maxBackpressure: MAX_BACKPRESSURE_BYTES,
    closeOnBackpressureLimit: 1,
    idleTimeout: idleTimeoutSeconds,
    sendPingsAutomatically: true,

    upgrade(res: HttpResponse, req: HttpRequest, context): void {
      // Everything from req must be read before returning: uWS reuses it afterwards.
      const origin = req.getHeader('origin');
      const roomId = req.getParameter(0);
      const key = req.getHeader('sec-websocket-key');
      const protocol = req.getHeader('sec-websocket-protocol');
      const extensions = req.getHeader('sec-websocket-extensions');
      const peer = text(res.getRemoteAddressAsText());
      // Without a trusted proxy what a proxy would say is not even read: every upgrade passes here.
      const client = policy.addresses.trustsProxies
        ? policy.addresses.resolve(peer, req.getHeader('x-forwarded-for'), text(res.getProxiedRemoteAddressAsText()))
        : peer;
      const address = limitKey(client);

      if (!policy.isAllowedOrigin(origin)) return refuseUpgrade(res, '403 Forbidden', 'origin not allowed\n', security);
      if (!isRoomId(roomId)) return refuseUpgrade(res, '404 Not Found', 'no such endpoint\n', security);
      if (!signaling.ipLimits.canOpen(address)) return refuseUpgrade(res, '429 Too Many Requests', 'too many connections\n', security);

      const outlet = new UwsOutlet();
      outlet.conn = signaling.newConnection(address, roomId, outlet);
      res.upgrade({ outlet }, key, protocol, extensions, context);
    },

    open(ws) {
      const outlet = ws.getUserData().outlet;
      outlet.ws = ws;
      signaling.opened(outlet.conn!);
    },

    message(ws, message, isBinary): void {
      const conn = ws.getUserData().outlet.conn!;
      if (message.byteLength > MAX_FRAME_BYTES) return ws.end(CLOSE.tooBig.code, CLOSE.tooBig.reason);
      return signaling.message(conn, isBinary ? undefined : Buffer.from(message).toString('utf8'));
    },

    close(ws) {
      const outlet = ws.getUserData().outlet;
      outlet.ws = undefined;
      signaling.closed(outlet.conn!);
    },
  });
}
