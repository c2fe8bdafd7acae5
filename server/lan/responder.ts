// The UDP discovery responder: challenges every well-formed probe, answers those that return the cookie, never with more bytes than asked.
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { log } from '../log.js';
import { decodeProbe, encodeChallenge, encodeReply, type ReplyContent } from './discovery-codec.js';
import { ProbeCookies } from './probe-cookies.js';
import { ReplyLimiter } from './reply-limiter.js';

/**
 * Probes from source ports below this are ignored: a real client sends from an ephemeral port, and a
 * forged probe "from" a system service (echo, chargen, DNS) must not start a ping-pong with it.
 */
export const MIN_SOURCE_PORT = 1024;

export interface DiscoveryResponder {
  /** The UDP port the responder listens on (the actual one when started with port 0). */
  readonly port: number;
  close(): Promise<void>;
}

export interface ResponderOptions {
  /** Address to bind; 0.0.0.0 is needed to hear broadcasts. */
  readonly host: string;
  readonly port: number;
  readonly content: ReplyContent;
  readonly now?: () => number;
}

function bind(socket: Socket, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
}

/** Starts answering probes on `host:port`; resolves once bound. */
export async function startDiscoveryResponder(options: ResponderOptions): Promise<DiscoveryResponder> {
  const now = options.now ?? Date.now;
  const limiter = new ReplyLimiter();
  const cookies = new ProbeCookies(now);
  const socket = createSocket({ type: isIPv6(options.host) ? 'udp6' : 'udp4' });

  const onMessage = (message: Buffer, from: RemoteInfo) => {
    if (from.port < MIN_SOURCE_PORT) return;
    const probe = decodeProbe(message);
    if (!probe) return;
    // A challenge is a sixth of the smallest probe and costs no state, so it needs no limit: forged
    // probes buy the forger less traffic than it sent, and cannot use up anyone's reply budget.
    if (!probe.cookie) {
      socket.send(encodeChallenge(probe.nonce, cookies.issue(from.address, from.port, probe.nonce)), from.port, from.address);
      return;
    }
    if (!cookies.verify(from.address, from.port, probe.nonce, probe.cookie) || !limiter.allow(from.address, now())) return;
    const reply = encodeReply(options.content, probe.nonce, probe.length);
    if (reply) socket.send(reply, from.port, from.address);
  };

  await bind(socket, options.host, options.port);
  socket.on('message', onMessage);
  // Send errors (an unreachable prober) must not stop the responder; the event carries no address.
  socket.on('error', (error: NodeJS.ErrnoException) => log.warn('discovery_error', { code: error.code ?? 'unknown' }));
  return {
    port: socket.address().port,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}
