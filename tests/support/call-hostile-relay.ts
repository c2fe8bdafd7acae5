// Test double: a hostile relay in front of the real server that knows an invite link, can be handed a member's leaked room key, and rewrites envelopes.
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import WebSocket, { WebSocketServer } from 'ws';
import {
  base64urlDecode,
  base64urlEncode,
  derivePairKeys,
  generateIdentity,
  inviteEnvelopeKey,
  openAnonymous,
  openFromPeer,
  openSignal,
  readEnvelopeLabel,
  ReplayWindow,
  roomEnvelopeKey,
  sealAnonymously,
  sealSignal,
  sealToPeer,
  signSdp,
  utf8Decode,
  utf8Encode,
  type EnvelopeKey,
  type Identity,
  type SignalType,
} from '../../app/crypto/index.js';
import { parseInvite } from '../../app/invite/link.js';
import type { ServerProcess } from './server-process.js';
import type {} from './window-hooks.js';

/** What the hostile relay does to the envelopes it can open. */
export type Attack =
  /** Swap only the DTLS fingerprint in every offer and answer, keeping the MAC. */
  | 'swap-dtls-fingerprint'
  /**
   * Replace every hello's identity key with the relay's own, open the room-key hand-overs sealed to
   * that key and seal them again to the real recipient (so it learns the room key), and re-sign SDP
   * MACs with its pairwise keys: the full man-in-the-middle a link plus the server allows.
   */
  | 'substitute-identity'
  /** Add a host candidate with a private address to every candidate batch. */
  | 'inject-host-candidate'
  /** Change one character in the middle of every unicast envelope's ciphertext, without opening it. */
  | 'corrupt-envelope'
  /** Once `downgrade.on` is set, say `iceTransportPolicy: all` in every welcome and ice-renewed (a server dropping relay-only). */
  | 'drop-relay-only'
  /** Forward everything unchanged (tests that only use `forgeReturn`). */
  | 'none';

/** The forged host candidate the relay injects. */
export const INJECTED_HOST_CANDIDATE = 'candidate:9 1 udp 2122260223 192.0.2.55 50000 typ host generation 0';

/** One envelope a page handed the relay, as the server sees it. */
export interface CapturedEnvelope {
  readonly from: string;
  readonly to: string;
  readonly data: string;
}

/** A running hostile relay; pages load the app from `url`. */
export interface HostileRelay {
  readonly url: string;
  /** Every envelope pages sent through the relay, in order: the full capture a server keeps. */
  readonly captured: readonly CapturedEnvelope[];
  /** Hands the relay an invite link, as if it had leaked: it opens what that invite's key seals (one joiner's introduction). */
  learnInvite(link: string): Promise<void>;
  /** Hands the relay the room key `page` holds, as a compromised device would leak it: it opens and forges envelopes under it. */
  leakRoomKey(page: Page): Promise<void>;
  /** Envelopes (and, for 'drop-relay-only', server messages) rewritten so far. */
  readonly rewritten: { count: number };
  /** 'drop-relay-only': rewrites server messages while `on`. */
  readonly downgrade: { on: boolean };
  /** Cuts every page's connection, as a network change would; the pages resume through the relay. */
  dropConnections(): void;
  /**
   * Tells member `to` that `peer` left, then forges a hello from `peer` with the relay's own key,
   * the display name `name` and a new page instance: the same seat "back" with another key. Sealed
   * under the invite `peer` joined with (the relay learned it), the only key that still introduces
   * anyone once the room key has rotated; the room key `to` hands back is kept from the real `peer`.
   */
  forgeReturn(to: string, peer: string, name: string): Promise<void>;
  stop(): Promise<void>;
}

interface Member {
  id: string | undefined;
  realKey: Uint8Array<ArrayBuffer> | undefined;
  /** The page instance from the member's own hello. */
  instance: string | undefined;
}

/** Flips one hex digit of every `a=fingerprint` line, leaving everything else as it was. */
export function swapFingerprint(sdp: string): string {
  return sdp.replace(/^(a=fingerprint:\S+ )([0-9A-Fa-f])/gm, (_all, head: string, digit: string) => `${head}${digit === '0' ? '1' : '0'}`);
}

/** Starts a relay on 127.0.0.1 that forwards HTTP and WebSockets to `server` and attacks envelopes with `attack`. */
export async function startHostileRelay(server: ServerProcess, attack: Attack): Promise<HostileRelay> {
  let room: string | undefined;
  /** Every key the relay can seal and open with, by key id; `bootstrap` for an invite's. */
  const keys = new Map<string, { key: EnvelopeKey; bootstrap: boolean }>();
  let inviteKeyId: string | undefined;
  /** Peers whose hand-overs from the forged-to member are dropped (forgeReturn). */
  const withheldFrom = new Set<string>();
  const mallory: Identity = await generateIdentity();
  const members = new Map<WebSocket, Member>();
  /** Signal counter for forged envelopes: far above anything a page has used. */
  let forgedCounter = 2 ** 31;
  const rewritten = { count: 0 };
  const captured: CapturedEnvelope[] = [];
  const downgrade = { on: false };
  const sockets = new Set<WebSocket>();
  const pages = new Set<WebSocket>();

  /** A server frame as the page gets it: relay-only dropped from ICE configs while the downgrade is on. */
  function fromServer(text: string): string {
    if (attack !== 'drop-relay-only' || !downgrade.on || !/^\{"t":"(welcome|ice-renewed)"/.test(text)) return text;
    rewritten.count += 1;
    return text.replace('"iceTransportPolicy":"relay"', '"iceTransportPolicy":"all"');
  }

  const http: Server = createServer((req, res) => {
    const upstream = request(
      { host: '127.0.0.1', port: server.port, path: req.url, method: req.method, headers: { ...req.headers, host: `127.0.0.1:${server.port}` } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  const wss = new WebSocketServer({ noServer: true });

  const memberById = (id: string): Member | undefined => [...members.values()].find((m) => m.id === id);

  async function learnRoomMaterial(material: Uint8Array): Promise<void> {
    if (!room) throw new Error('the relay has not learned an invite');
    const key = await roomEnvelopeKey(material, room);
    keys.set(base64urlEncode(key.id), { key, bootstrap: false });
  }

  /** Rewrites one `send` frame from `sender`; returns the frame to forward, or undefined to drop it. */
  async function rewrite(sender: Member, frame: string): Promise<string | undefined> {
    if (!sender.id) return frame;
    let msg: { t?: string; to?: string; data?: string; ts?: number };
    try {
      msg = JSON.parse(frame) as typeof msg;
    } catch {
      return frame;
    }
    if (msg.t !== 'send' || typeof msg.to !== 'string' || typeof msg.data !== 'string') return frame;
    captured.push({ from: sender.id, to: msg.to, data: msg.data });
    if (keys.size === 0 || !room) return frame;
    if (attack === 'corrupt-envelope') {
      if (msg.to === '*') return frame;
      rewritten.count += 1;
      // A character in the middle: all six of its bits are ciphertext (the last one's may be padding).
      const at = msg.data.length >> 1;
      const swapped = msg.data[at] === 'A' ? 'B' : 'A';
      return JSON.stringify({ ...msg, data: `${msg.data.slice(0, at)}${swapped}${msg.data.slice(at + 1)}` });
    }
    const label = readEnvelopeLabel(msg.data);
    const held = 'keyId' in label ? keys.get(label.keyId) : undefined;
    if (!held) return frame;
    const opened = await openSignal(held.key, { room, me: msg.to === '*' ? 'unused' : msg.to, from: sender.id }, msg.data, new ReplayWindow());
    if (!opened.ok) return frame;
    const payload = JSON.parse(utf8Decode(opened.payload)) as Record<string, unknown>;
    const type: SignalType = opened.type;
    if (type === 'key' && withheldFrom.has(msg.to)) return undefined;
    let changed: Record<string, unknown> | undefined;
    if (attack === 'swap-dtls-fingerprint' && (type === 'offer' || type === 'answer')) {
      changed = { ...payload, sdp: swapFingerprint(String(payload['sdp'])) };
    }
    if (attack === 'inject-host-candidate' && type === 'ice') {
      const batch = payload['c'] as { sdpMid?: string; sdpMLineIndex?: number }[];
      const first = batch[0];
      if (first) changed = { ...payload, c: [...batch, { candidate: INJECTED_HOST_CANDIDATE, sdpMid: first.sdpMid, sdpMLineIndex: first.sdpMLineIndex }] };
    }
    if (attack === 'substitute-identity') {
      if (type === 'hello') {
        sender.realKey = base64urlDecode(String(payload['key']));
        if (typeof payload['instance'] === 'string') sender.instance = payload['instance'];
        changed = { ...payload, key: Buffer.from(mallory.publicRaw).toString('base64url') };
      } else if (type === 'key' && msg.to !== '*') {
        // The sender sealed the room key to the key it believes is the receiver's: Mallory's.
        const receiver = memberById(msg.to);
        if (receiver?.realKey) {
          const outer = JSON.parse(utf8Decode(await openAnonymous(mallory, room, String(payload['w'])))) as { key: string; s: string };
          const senderKey = base64urlDecode(outer.key);
          sender.realKey = senderKey;
          const binding = { room, from: sender.id, to: msg.to };
          const content = await openFromPeer(mallory, senderKey, binding, outer.s);
          const handOver = JSON.parse(utf8Decode(content)) as { k: string; i?: string };
          await learnRoomMaterial(base64urlDecode(handOver.k));
          if (typeof handOver.i === 'string') sender.instance = handOver.i;
          const s = await sealToPeer(mallory, receiver.realKey, binding, content);
          const sealedSender = { key: Buffer.from(mallory.publicRaw).toString('base64url'), s };
          changed = { w: await sealAnonymously(receiver.realKey, room, utf8Encode(JSON.stringify(sealedSender))) };
        }
      } else if ((type === 'offer' || type === 'answer') && msg.to !== '*') {
        const receiver = memberById(msg.to);
        if (receiver?.realKey) {
          // Mallory speaks as the sender to the receiver, with the keys of the key it showed the receiver.
          // Page instances travel in the (readable) hellos, so the relay binds them as the app does.
          const instances = sender.instance !== undefined && receiver.instance !== undefined ? { me: sender.instance, peer: receiver.instance } : undefined;
          const keys = await derivePairKeys(mallory, receiver.realKey, { room, me: sender.id, peer: msg.to, ...(instances ? { instances } : {}) });
          const mac = await signSdp(keys, { room, from: sender.id, to: msg.to, type }, String(payload['sdp']));
          changed = { ...payload, mac };
        }
      }
    }
    if (!changed) return frame;
    rewritten.count += 1;
    const data = await sealSignal(held.key, { room, from: sender.id, to: msg.to, type, counter: opened.counter }, utf8Encode(JSON.stringify(changed)), held.bootstrap);
    return JSON.stringify({ ...msg, data });
  }

  http.on('upgrade', (req: IncomingMessage, socket, head) => {
    wss.handleUpgrade(req, socket, head, (client) => {
      sockets.add(client);
      pages.add(client);
      client.on('close', () => pages.delete(client));
      const member: Member = { id: undefined, realKey: undefined, instance: undefined };
      members.set(client, member);
      const upstream = new WebSocket(`${server.wsUrl}${req.url ?? ''}`, { headers: { origin: server.origin } });
      sockets.add(upstream);
      const pending: string[] = [];
      let chain = Promise.resolve();
      upstream.on('open', () => {
        for (const frame of pending.splice(0)) upstream.send(frame);
      });
      upstream.on('message', (data) => {
        const text = data.toString();
        const welcome = /"t":"welcome".*"you":"([A-Za-z0-9_-]+)"/.exec(text);
        if (welcome) member.id = welcome[1];
        client.send(fromServer(text));
      });
      client.on('message', (data) => {
        const text = data.toString();
        chain = chain.then(async () => {
          const out = await rewrite(member, text).catch(() => text);
          if (out === undefined) return;
          if (upstream.readyState === WebSocket.OPEN) upstream.send(out);
          else pending.push(out);
        });
      });
      const closeBoth = (code: number, reason: Buffer): void => {
        const valid = code >= 3000 || code === 1000;
        if (client.readyState === WebSocket.OPEN) client.close(valid ? code : 1000, reason);
        if (upstream.readyState === WebSocket.OPEN) upstream.close(valid ? code : 1000, reason);
        members.delete(client);
      };
      upstream.on('close', closeBoth);
      client.on('close', closeBoth);
      upstream.on('error', () => client.terminate());
      client.on('error', () => upstream.terminate());
    });
  });

  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    captured,
    rewritten,
    downgrade,
    dropConnections() {
      for (const page of pages) page.terminate();
    },
    async forgeReturn(to: string, peer: string, name: string) {
      const invite = inviteKeyId === undefined ? undefined : keys.get(inviteKeyId);
      if (!invite || !room) throw new Error('the relay has not learned an invite');
      const target = [...members].find(([, m]) => m.id === to)?.[0];
      if (!target) throw new Error(`no member ${to}`);
      withheldFrom.add(peer);
      target.send(JSON.stringify({ t: 'peer-left', peer }));
      const hello = { key: Buffer.from(mallory.publicRaw).toString('base64url'), name, instance: 'forged-instance' };
      const data = await sealSignal(invite.key, { room, from: peer, to: '*', type: 'hello', counter: forgedCounter++ }, utf8Encode(JSON.stringify(hello)), true);
      target.send(JSON.stringify({ t: 'relay', from: peer, data }));
    },
    async learnInvite(link: string) {
      const invite = parseInvite(link);
      if (!invite) throw new Error(`not an invite: ${link}`);
      room = invite.room;
      const key = await inviteEnvelopeKey(base64urlDecode(invite.secret), invite.room);
      inviteKeyId = base64urlEncode(key.id);
      keys.set(inviteKeyId, { key, bootstrap: true });
    },
    async leakRoomKey(page: Page) {
      for (const material of await page.evaluate(() => window.__sc.keyMaterial)) await learnRoomMaterial(Uint8Array.from(material));
    },
    async stop() {
      for (const s of sockets) s.terminate();
      wss.close();
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeAllConnections();
      await closed;
    },
  };
}
