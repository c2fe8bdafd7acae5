// The discovery client: sends a probe to broadcast (or given) addresses and collects the servers that answer.
import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { networkInterfaces } from 'node:os';
import { directedBroadcasts } from './addresses.js';
import { NONCE_BYTES, PROBE_BYTES, decodeChallenge, decodeReply, encodeProbe, fingerprintText } from './discovery-codec.js';
import { printable } from './printable.js';

/** The limited broadcast address: every host on the local link. */
export const LIMITED_BROADCAST = '255.255.255.255';

/** How many times a probe is sent within the timeout: UDP on Wi-Fi loses packets. */
export const PROBE_SENDS = 3;

/**
 * Most challenges one run answers: anyone who saw the broadcast probe can send challenges, and each
 * answer is a full-size probe, so a forger must not be able to make this client send without bound.
 */
export const MAX_CHALLENGES_ANSWERED = 64;

/** One server that answered. */
export interface FoundServer {
  /** The name the server gave, with anything a terminal could act on replaced (printable.ts). */
  readonly name: string;
  readonly urls: readonly string[];
  /** SHA-256 of its TLS certificate, "AB:CD:…". */
  readonly fingerprint: string;
}

export interface DiscoverOptions {
  /** Where to send the probe; the default is every IPv4 interface's broadcast address and 255.255.255.255. */
  readonly addresses?: readonly string[];
  readonly port: number;
  readonly timeoutMs: number;
  readonly probeBytes?: number;
}

/** The default targets: each directed broadcast address of this machine, then the limited broadcast. */
export function defaultTargets(): string[] {
  return [...directedBroadcasts(networkInterfaces()), LIMITED_BROADCAST];
}

function sendTo(socket: Socket, probe: Uint8Array, port: number, address: string): Promise<Error | undefined> {
  return new Promise((resolve) => socket.send(probe, port, address, (error) => resolve(error ?? undefined)));
}

/**
 * Probes for SecureCall servers and resolves, after `timeoutMs`, with every distinct one that
 * answered with our nonce. Each responder first answers with a challenge whose cookie this client
 * sends back (same socket, same nonce) to get the reply. Rejects only when no probe could be sent.
 */
export async function discover(options: DiscoverOptions): Promise<FoundServer[]> {
  const targets = options.addresses ?? defaultTargets();
  const nonce = randomBytes(NONCE_BYTES);
  const probe = encodeProbe(nonce, options.probeBytes ?? PROBE_BYTES);
  const found = new Map<string, FoundServer>();
  const socket = createSocket('udp4');

  let challengesAnswered = 0;
  socket.on('message', (message, from) => {
    const challenge = decodeChallenge(message);
    if (challenge) {
      // The responder asks for proof that this socket receives at its address: send its cookie back.
      if (!nonce.equals(challenge.nonce) || challengesAnswered >= MAX_CHALLENGES_ANSWERED) return;
      challengesAnswered += 1;
      socket.send(encodeProbe(nonce, probe.length, challenge.cookie), from.port, from.address);
      return;
    }
    const reply = decodeReply(message);
    if (!reply || !nonce.equals(reply.nonce)) return;
    // Anyone on the LAN can answer: the name is untrusted text on its way to a terminal.
    const server = { name: printable(reply.name), urls: reply.urls, fingerprint: fingerprintText(reply.fingerprint) };
    found.set(`${server.fingerprint} ${server.urls.join(' ')}`, server);
  });

  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  socket.setBroadcast(true);
  // Late errors (an ICMP unreachable after a send) must not crash the client.
  socket.on('error', () => undefined);

  const timers: NodeJS.Timeout[] = [];
  try {
    const errors: Error[] = [];
    const sendAll = async () => {
      for (const address of targets) {
        const error = await sendTo(socket, probe, options.port, address);
        if (error) errors.push(error);
      }
    };
    await sendAll();
    if (errors.length === targets.length) {
      throw new Error(`cannot send a discovery probe: ${errors.map((e) => e.message).join('; ')}`);
    }
    await new Promise<void>((resolve) => {
      for (let i = 1; i < PROBE_SENDS; i++) timers.push(setTimeout(() => void sendAll(), (options.timeoutMs * i) / PROBE_SENDS));
      timers.push(setTimeout(resolve, options.timeoutMs));
    });
  } finally {
    for (const timer of timers) clearTimeout(timer);
    socket.close();
  }
  return [...found.values()];
}
