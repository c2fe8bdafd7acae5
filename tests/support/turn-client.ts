// A minimal STUN/TURN client over node:dgram (RFC 8489/8656): Binding, Allocate and CreatePermission with long-term credentials.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { isIPv4, isIPv6 } from 'node:net';

/** Fixed value in every STUN header (RFC 8489 §5). */
const MAGIC_COOKIE = 0x2112a442;
const HEADER_BYTES = 20;
/** How long one request waits for its answer before being resent (UDP may drop on a busy machine). */
const RETRANSMIT_MS = 250;
/** Attempts per request before giving up. */
const MAX_ATTEMPTS = 8;

/** STUN/TURN methods this client speaks. */
export const Method = { Binding: 0x001, Allocate: 0x003, CreatePermission: 0x008 } as const;

const Attr = {
  Username: 0x0006,
  MessageIntegrity: 0x0008,
  ErrorCode: 0x0009,
  XorPeerAddress: 0x0012,
  Realm: 0x0014,
  Nonce: 0x0015,
  XorRelayedAddress: 0x0016,
  RequestedAddressFamily: 0x0017,
  RequestedTransport: 0x0019,
} as const;

/** IANA protocol number for UDP, the only transport voice needs relayed. */
const PROTOCOL_UDP = 17;

interface Attribute {
  readonly type: number;
  readonly value: Buffer;
}

/** A decoded STUN message: its class, method, transaction id and attributes. */
export interface StunMessage {
  readonly kind: 'request' | 'success' | 'error' | 'indication';
  readonly method: number;
  readonly transactionId: Buffer;
  readonly attributes: readonly Attribute[];
}

/** A decoded response with the fields the tests assert on. */
export interface TurnResponse {
  readonly kind: 'success' | 'error';
  /** ERROR-CODE's number (e.g. 401, 403), undefined on success. */
  readonly errorCode?: number;
  readonly reason?: string;
  /** XOR-RELAYED-ADDRESS of a successful Allocate. */
  readonly relayed?: { address: string; port: number };
}

/*
 * Header layout (RFC 8489 §5):
 *  0                   1                   2                   3
 * |0 0|     message type (14 bits)    |        message length         |
 * |                 magic cookie 0x2112A442                           |
 * |                 transaction id (96 bits)                          |
 * Message type interleaves the class bits C1 (bit 8) and C0 (bit 4) into the method.
 */
function messageType(method: number, kind: StunMessage['kind']): number {
  const classBits = { request: 0x0000, indication: 0x0010, success: 0x0100, error: 0x0110 }[kind];
  return ((method & 0xf80) << 2) | ((method & 0x070) << 1) | (method & 0x00f) | classBits;
}

function padded(length: number): number {
  return (length + 3) & ~3;
}

function encodeAttributes(attributes: readonly Attribute[]): Buffer {
  return Buffer.concat(
    attributes.map(({ type, value }) => {
      const out = Buffer.alloc(4 + padded(value.length));
      out.writeUInt16BE(type, 0);
      out.writeUInt16BE(value.length, 2);
      value.copy(out, 4);
      return out;
    }),
  );
}

function header(method: number, kind: StunMessage['kind'], bodyLength: number, transactionId: Buffer): Buffer {
  const out = Buffer.alloc(HEADER_BYTES);
  out.writeUInt16BE(messageType(method, kind), 0);
  out.writeUInt16BE(bodyLength, 2);
  out.writeUInt32BE(MAGIC_COOKIE, 4);
  transactionId.copy(out, 8);
  return out;
}

/** Encodes a request; with `integrityKey` appends MESSAGE-INTEGRITY (HMAC-SHA1 over everything before it, length including it). */
export function encodeRequest(method: number, transactionId: Buffer, attributes: readonly Attribute[], integrityKey?: Buffer): Buffer {
  const body = encodeAttributes(attributes);
  if (!integrityKey) return Buffer.concat([header(method, 'request', body.length, transactionId), body]);
  const withIntegrityLength = body.length + 4 + 20;
  const signed = Buffer.concat([header(method, 'request', withIntegrityLength, transactionId), body]);
  const hmac = createHmac('sha1', integrityKey).update(signed).digest();
  return Buffer.concat([signed, encodeAttributes([{ type: Attr.MessageIntegrity, value: hmac }])]);
}

/** Decodes a STUN message, or returns undefined for anything that is not one. */
export function decodeMessage(packet: Buffer): StunMessage | undefined {
  if (packet.length < HEADER_BYTES || packet.readUInt32BE(4) !== MAGIC_COOKIE) return undefined;
  const type = packet.readUInt16BE(0);
  const length = packet.readUInt16BE(2);
  if (HEADER_BYTES + length > packet.length) return undefined;
  const method = ((type & 0x3e00) >> 2) | ((type & 0x00e0) >> 1) | (type & 0x000f);
  const classBits = type & 0x0110;
  const kind = classBits === 0x0000 ? 'request' : classBits === 0x0010 ? 'indication' : classBits === 0x0100 ? 'success' : 'error';
  const attributes: Attribute[] = [];
  for (let at = HEADER_BYTES; at + 4 <= HEADER_BYTES + length; ) {
    const attrType = packet.readUInt16BE(at);
    const attrLength = packet.readUInt16BE(at + 2);
    attributes.push({ type: attrType, value: packet.subarray(at + 4, at + 4 + attrLength) });
    at += 4 + padded(attrLength);
  }
  return { kind, method, transactionId: packet.subarray(8, HEADER_BYTES), attributes };
}

/** XOR-*-ADDRESS value for `address:port` (RFC 8489 §14.2). */
function xorAddress(address: string, port: number, transactionId: Buffer): Buffer {
  const cookie = Buffer.alloc(4);
  cookie.writeUInt32BE(MAGIC_COOKIE);
  const ipv6 = isIPv6(address);
  const raw = ipv6 ? ipv6Bytes(address) : Buffer.from(address.split('.').map(Number));
  const mask = ipv6 ? Buffer.concat([cookie, transactionId]) : cookie;
  const out = Buffer.alloc(4 + raw.length);
  out.writeUInt8(ipv6 ? 0x02 : 0x01, 1);
  out.writeUInt16BE(port ^ (MAGIC_COOKIE >>> 16), 2);
  for (let i = 0; i < raw.length; i++) out[4 + i] = raw[i]! ^ mask[i]!;
  return out;
}

function decodeXorAddress(value: Buffer, transactionId: Buffer): { address: string; port: number } {
  const cookie = Buffer.alloc(4);
  cookie.writeUInt32BE(MAGIC_COOKIE);
  const ipv6 = value.readUInt8(1) === 0x02;
  const mask = ipv6 ? Buffer.concat([cookie, transactionId]) : cookie;
  const raw = Buffer.from(value.subarray(4).map((byte, i) => byte ^ mask[i]!));
  const port = value.readUInt16BE(2) ^ (MAGIC_COOKIE >>> 16);
  const address = ipv6 ? [...Array(8).keys()].map((i) => raw.readUInt16BE(i * 2).toString(16)).join(':') : [...raw].join('.');
  return { address, port };
}

function ipv6Bytes(address: string): Buffer {
  let text = address;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split('.').map(Number) as [number, number, number, number];
    text = text.slice(0, -dotted[1]!.length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  const out = Buffer.alloc(16);
  groups.forEach((group, i) => out.writeUInt16BE(parseInt(group, 16), i * 2));
  return out;
}

function attribute(message: StunMessage, type: number): Buffer | undefined {
  return message.attributes.find((a) => a.type === type)?.value;
}

function toResponse(message: StunMessage): TurnResponse {
  if (message.kind === 'error') {
    const value = attribute(message, Attr.ErrorCode);
    if (!value) return { kind: 'error' };
    return { kind: 'error', errorCode: (value.readUInt8(2) & 0x07) * 100 + value.readUInt8(3), reason: value.subarray(4).toString('utf8') };
  }
  const relayed = attribute(message, Attr.XorRelayedAddress);
  return relayed ? { kind: 'success', relayed: decodeXorAddress(relayed, message.transactionId) } : { kind: 'success' };
}

/** Sends `packet` to a loopback STUN server until a response with the same transaction id arrives. */
export async function transact(socket: Socket, host: string, port: number, packet: Buffer): Promise<StunMessage> {
  const transactionId = packet.subarray(8, HEADER_BYTES);
  return new Promise<StunMessage>((resolve, reject) => {
    let attempts = 0;
    const send = () => {
      if (attempts++ >= MAX_ATTEMPTS) {
        finish();
        reject(new Error(`no STUN response from ${host}:${port} after ${MAX_ATTEMPTS} attempts`));
        return;
      }
      socket.send(packet, port, host);
    };
    const timer = setInterval(send, RETRANSMIT_MS);
    const onMessage = (data: Buffer) => {
      const message = decodeMessage(data);
      if (message && message.kind !== 'request' && message.transactionId.equals(transactionId)) {
        finish();
        resolve(message);
      }
    };
    const finish = () => {
      clearInterval(timer);
      socket.off('message', onMessage);
    };
    socket.on('message', onMessage);
    send();
  });
}

/** Binds a UDP socket on loopback for talking to a test TURN server. */
export async function loopbackSocket(type: 'udp4' | 'udp6' = 'udp4'): Promise<Socket> {
  const socket = createSocket(type);
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, type === 'udp4' ? '127.0.0.1' : '::1', () => {
      socket.off('error', reject);
      resolve();
    });
  });
  return socket;
}

/** True once a STUN server answers a Binding request on `host:port` (any response counts). */
export async function answersBinding(host: string, port: number): Promise<boolean> {
  const socket = await loopbackSocket(isIPv4(host) ? 'udp4' : 'udp6');
  try {
    await transact(socket, host, port, encodeRequest(Method.Binding, randomBytes(12), []));
    return true;
  } catch {
    return false;
  } finally {
    socket.close();
  }
}

/** One TURN allocation's client side over UDP, authenticated with the long-term credential mechanism. */
export class TurnClient {
  private realm = '';
  private nonce = Buffer.alloc(0);

  private constructor(
    private readonly socket: Socket,
    private readonly host: string,
    private readonly port: number,
    private readonly username: string,
    private readonly password: string,
  ) {}

  /** Opens a client socket towards the TURN server at loopback `host:port`. */
  static async open(host: string, port: number, username: string, password: string): Promise<TurnClient> {
    return new TurnClient(await loopbackSocket(isIPv4(host) ? 'udp4' : 'udp6'), host, port, username, password);
  }

  /** Allocates a UDP relay (IPv4 unless `family` says otherwise). */
  allocate(family: 'ipv4' | 'ipv6' = 'ipv4'): Promise<TurnResponse> {
    const attributes: Attribute[] = [{ type: Attr.RequestedTransport, value: Buffer.from([PROTOCOL_UDP, 0, 0, 0]) }];
    if (family === 'ipv6') attributes.push({ type: Attr.RequestedAddressFamily, value: Buffer.from([0x02, 0, 0, 0]) });
    return this.authenticated(Method.Allocate, () => attributes);
  }

  /** Asks the server to permit `peer` on the allocation; this sends nothing to the peer itself. */
  createPermission(peer: string): Promise<TurnResponse> {
    return this.authenticated(Method.CreatePermission, (transactionId) => [{ type: Attr.XorPeerAddress, value: xorAddress(peer, 0, transactionId) }]);
  }

  close(): void {
    this.socket.close();
  }

  /** Sends a signed request; on 401/438 with a fresh REALM/NONCE (the first challenge or a stale nonce) signs once more. */
  private async authenticated(method: number, attributesFor: (transactionId: Buffer) => Attribute[]): Promise<TurnResponse> {
    let message = await this.send(method, attributesFor);
    if (message.kind === 'error' && this.takeChallenge(message)) message = await this.send(method, attributesFor);
    return toResponse(message);
  }

  private send(method: number, attributesFor: (transactionId: Buffer) => Attribute[]): Promise<StunMessage> {
    const transactionId = randomBytes(12);
    const attributes = attributesFor(transactionId);
    if (!this.realm) return transact(this.socket, this.host, this.port, encodeRequest(method, transactionId, attributes));
    const key = createHash('md5').update(`${this.username}:${this.realm}:${this.password}`).digest();
    const credentials: Attribute[] = [
      { type: Attr.Username, value: Buffer.from(this.username) },
      { type: Attr.Realm, value: Buffer.from(this.realm) },
      { type: Attr.Nonce, value: this.nonce },
    ];
    return transact(this.socket, this.host, this.port, encodeRequest(method, transactionId, [...attributes, ...credentials], key));
  }

  /** Records REALM and NONCE from a challenge; false when there is nothing new to retry with. */
  private takeChallenge(message: StunMessage): boolean {
    const code = toResponse(message).errorCode;
    const realm = attribute(message, Attr.Realm);
    const nonce = attribute(message, Attr.Nonce);
    if ((code !== 401 && code !== 438) || !realm || !nonce) return false;
    const firstChallenge = !this.realm;
    const staleNonce = code === 438;
    this.realm = realm.toString('utf8');
    this.nonce = Buffer.from(nonce);
    return firstChallenge || staleNonce;
  }
}
