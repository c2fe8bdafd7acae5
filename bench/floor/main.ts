// The floor: bare uWS doing only the relay's socket work (upgrade, welcome, notices, forwarding), for `npm run bench -- --target`.
import { createHash } from 'node:crypto';
import uWS from 'uWebSockets.js';
import { LIMITS, MAX_FRAME_BYTES, MAX_BACKPRESSURE_BYTES, IDLE_TIMEOUT_SECONDS, PEER_ID_CHARS, RESUME_CREDENTIAL_CHARS } from '../../protocol/index.js';

/*
 * Not a server to deploy: it checks no origin, token, rate, size or timestamp and validates nothing
 * beyond finding the fields it forwards. It answers what the load generator sends (create, invite,
 * join, send) with frames of the same kinds and sizes as the real server's, writes them through the
 * same uWS calls (send, subscribe, publish) with the same socket options, and so shows what uWS and
 * the kernel cost on a machine with no relay logic at all.
 */

interface Seat {
  readonly room: string;
  id: string | undefined;
}

/** A fixed stand-in for a resume credential: the right length, never checked. */
const RESUME = 'r'.repeat(RESUME_CREDENTIAL_CHARS);
const ICE = { iceServers: [], iceTransportPolicy: 'all' };
const SETTINGS = { size: 10, locked: false };
const SEND_HEAD = '{"t":"send",';
const TO_KEY = '"to":"';
const DATA_KEY = '"data":"';

const rooms = new Map<string, Map<string, uWS.WebSocket<Seat>>>();
let issued = 0;
const newPeerId = (): string => String(issued++).padStart(PEER_ID_CHARS, 'A');
const text = (bytes: ArrayBuffer): string => Buffer.from(bytes).toString();

/** Forwards a send as a relay frame: `to` and `data` found by indexOf, nothing checked. */
function forward(ws: uWS.WebSocket<Seat>, seat: Seat, frame: string): void {
  const toAt = frame.indexOf(TO_KEY) + TO_KEY.length;
  const to = frame.slice(toAt, frame.indexOf('"', toAt));
  const dataAt = frame.indexOf(DATA_KEY) + DATA_KEY.length;
  const relay = `{"t":"relay","from":"${seat.id}","data":"${frame.slice(dataAt, frame.indexOf('"', dataAt))}"}`;
  if (to === '*') ws.publish(seat.room, relay, false, false);
  else rooms.get(seat.room)?.get(to)?.send(relay, false, false);
}

function admit(ws: uWS.WebSocket<Seat>, seat: Seat, msg: { t: string; token?: string }): void {
  const id = newPeerId();
  seat.id = id;
  let members = rooms.get(seat.room);
  if (!members) rooms.set(seat.room, (members = new Map()));
  ws.subscribe(seat.room);
  if (msg.t === 'join') {
    ws.publish(seat.room, JSON.stringify({ t: 'invite-used', hash: createHash('sha256').update(msg.token ?? '').digest('base64url') }), false, false);
    ws.publish(seat.room, JSON.stringify({ t: 'peer-joined', peer: id }), false, false);
  }
  ws.send(JSON.stringify({ t: 'welcome', room: seat.room, you: id, members: [...members.keys()], resume: RESUME, resumed: false, limits: LIMITS, ice: ICE, settings: SETTINGS }), false, false);
  members.set(id, ws);
}

const app = uWS.App();
app.ws<Seat>('/ws/:room', {
  compression: 0,
  maxPayloadLength: 2 * MAX_FRAME_BYTES,
  maxBackpressure: MAX_BACKPRESSURE_BYTES,
  closeOnBackpressureLimit: 1,
  idleTimeout: IDLE_TIMEOUT_SECONDS,
  sendPingsAutomatically: true,
  upgrade(res, req, context) {
    const seat: Seat = { room: req.getParameter(0), id: undefined };
    res.upgrade(seat, req.getHeader('sec-websocket-key'), req.getHeader('sec-websocket-protocol'), req.getHeader('sec-websocket-extensions'), context);
  },
  message(ws, message) {
    const frame = text(message);
    const seat = ws.getUserData();
    if (seat.id !== undefined && frame.startsWith(SEND_HEAD)) {
      forward(ws, seat, frame);
      return;
    }
    const msg = JSON.parse(frame) as { t: string; hash?: string; ttl?: number; token?: string };
    if (msg.t === 'invite') ws.send(JSON.stringify({ t: 'invited', hash: msg.hash, expires: Date.now() + (msg.ttl ?? 0) * 1000 }), false, false);
    else if (seat.id === undefined && (msg.t === 'create' || msg.t === 'join')) admit(ws, seat, msg);
  },
  close(ws) {
    const seat = ws.getUserData();
    const members = rooms.get(seat.room);
    if (seat.id !== undefined) members?.delete(seat.id);
    if (members?.size === 0) rooms.delete(seat.room);
  },
});

const host = process.env['HOST'] ?? '127.0.0.1';
app.listen(host, Number(process.env['PORT'] ?? 0), (socket) => {
  if (!socket) throw new Error('floor: could not listen');
  console.log(`floor (bare uWS) listening on http://${host}:${uWS.us_socket_local_port(socket)}`);
  const stop = () => {
    uWS.us_listen_socket_close(socket);
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});
