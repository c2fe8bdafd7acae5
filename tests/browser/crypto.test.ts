// The crypto module in real Chromium: known answers, round trips, and Node<->Chromium interop over one bundle.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as sc from '../../app/crypto/index.js';
import { usePeople } from '../support/people.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const vector = (path: string): unknown => JSON.parse(readFileSync(`${root}/tests/vectors/${path}`, 'utf8'));
const ROOM = 'AAAAAAAAAAAAAAAAAAAAAA';
const NODE_PEER = 'node-peer-01';
const PAGE_PEER = 'page-peer-02';
const SECRET = sc.base64urlEncode(new Uint8Array(32).fill(0x5a));
const FP = '8F:4E:2B:11:7D:C6:E3:95:02:AA:49:5F:0E:B1:7C:3D:64:98:21:F0:DA:6B:C8:13:57:09:E4:2F:BB:70:1A:CE';
const SDP = ['v=0', 's=-', 't=0 0', 'm=audio 9 UDP/TLS/RTP/SAVPF 111', `a=fingerprint:sha-256 ${FP}`, ''].join('\r\n');

/** Bundles app/crypto/index.ts into one ES module, in memory. */
async function bundleCrypto(): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    root,
    build: {
      write: false,
      minify: false,
      lib: { entry: `${root}/app/crypto/index.ts`, formats: ['es'], fileName: 'crypto' },
    },
  });
  const outputs = Array.isArray(result) ? result : [result];
  for (const out of outputs) {
    if ('output' in out) {
      const chunk = out.output.find((o) => o.type === 'chunk');
      if (chunk !== undefined && chunk.type === 'chunk') return chunk.code;
    }
  }
  throw new Error('vite produced no chunk');
}

const PAGE = `<!doctype html><meta charset="utf-8"><title>crypto</title>
<script type="module">import * as sc from '/crypto.js'; window.sc = sc; window.ready = true;</script>`;

// The file serves its own page; one page for all its tests.
const kit = usePeople({ backend: { kind: 'none' } });
let server: Server;
let page: Page;

beforeAll(async () => {
  const bundle = await bundleCrypto();
  server = createServer((req, res) => {
    if (req.url === '/crypto.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
    else if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  page = await kit.page({ instrument: false, locale: null, until: 'file' });
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  await page.waitForFunction(() => window.ready);
});

afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

describe('crypto module in Chromium', () => {
  it('runs in a secure context with crypto.subtle', async () => {
    expect(await page.evaluate(() => window.isSecureContext && typeof crypto.subtle === 'object')).toBe(true);
  });

  it('matches the RFC 5869, RFC 4231 and GCM spec known answers', async () => {
    const { bad, checked } = await page.evaluate(
      async ({ known }) => {
        const c = window.sc;
        const s = crypto.subtle;
        const hx = (t: string): Uint8Array<ArrayBuffer> => Uint8Array.from(t.match(/../g) ?? [], (b) => parseInt(b, 16));
        const toHx = (b: ArrayBuffer | Uint8Array): string =>
          Array.from(b instanceof Uint8Array ? b : new Uint8Array(b), (x) => x.toString(16).padStart(2, '0')).join('');
        const bad: string[] = [];
        let checked = 0;
        const gcmKey = (k: string, use: KeyUsage): Promise<CryptoKey> => s.importKey('raw', hx(k), 'AES-GCM', false, [use]);
        const mac = async (k: string, d: string): Promise<string> =>
          toHx(await s.sign('HMAC', await s.importKey('raw', hx(k), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']), hx(d)));
        for (const v of known.hkdf) {
          checked++;
          if (toHx(await c.hkdfSha256(hx(v.ikm), hx(v.salt), hx(v.info), v.length)) !== v.okm) bad.push(v.name);
        }
        for (const v of known.hmac) {
          checked++;
          if (!(await mac(v.key, v.data)).startsWith(v.mac)) bad.push(v.name);
        }
        for (const v of known.aesGcm) {
          const ct = toHx(await s.encrypt({ name: 'AES-GCM', iv: hx(v.iv), additionalData: hx(v.aad) }, await gcmKey(v.key, 'encrypt'), hx(v.pt)));
          checked++;
          if (ct !== v.ct + v.tag) bad.push(v.name);
        }
        return { bad, checked };
      },
      {
        known: vector('known-answers.json') as any,
      },
    );
    expect(bad).toEqual([]);
    expect(checked).toBe(3 + 7 + 4);
  });

  it('round-trips signaling, chat, SDP MACs and QR checks inside the page', async () => {
    const results = await page.evaluate(async (room) => {
      const c = window.sc;
      const key = await c.roomEnvelopeKey(new Uint8Array(32).fill(1), room);
      const data = await c.sealSignal(key, { room, from: 'a', to: '*', type: 'hello', counter: 0 }, c.utf8Encode('hi'));
      const replay = new c.ReplayWindow();
      const first = await c.openSignal(key, { room, me: 'b', from: 'a' }, data, replay);
      const again = await c.openSignal(key, { room, me: 'b', from: 'a' }, data, replay);
      const [x, y] = [await c.generateIdentity(), await c.generateIdentity()];
      const kx = await c.derivePairKeys(x, y.publicRaw, { room, me: 'a', peer: 'b' });
      const ky = await c.derivePairKeys(y, x.publicRaw, { room, me: 'b', peer: 'a' });
      const rx = c.createChatSession(ky);
      const frame = await c.sealChat(c.createChatSession(kx), c.utf8Encode('chat'));
      const chat = await c.openChat(rx, frame);
      const chatAgain = await c.openChat(rx, frame);
      const fp = await c.fingerprintOf(x.publicRaw);
      const qr = await c.checkFingerprintQr(await c.encodeFingerprintQr(room, fp), room, fp);
      const off = Uint8Array.from(x.publicRaw);
      off[64]! ^= 1;
      const offCurve = await c.importPeerPublicKey(off).then(() => 'accepted', (e: unknown) => (e as { code?: unknown }).code);
      return {
        first: first.ok && c.utf8Decode(first.payload),
        again: again.ok ? 'opened' : again.reason,
        chat: chat.ok && c.utf8Decode(chat.plaintext),
        chatAgain: chatAgain.ok ? 'opened' : chatAgain.reason,
        qr,
        offCurve,
        privateExtractable: x.privateKey.extractable,
      };
    }, ROOM);
    expect(results).toEqual({
      first: 'hi',
      again: 'replayed',
      chat: 'chat',
      chatAgain: 'replayed',
      qr: 'match',
      offCurve: 'invalid-public-key',
      privateExtractable: false,
    });
  });

  it('interoperates with Node: signaling, chat, SDP MAC, safety number, room code and QR both ways', async () => {
    const node = await sc.generateIdentity();
    const roomKey = await sc.roomEnvelopeKey(sc.base64urlDecode(SECRET), ROOM);
    const nodeToPage = await sc.sealSignal(roomKey, { room: ROOM, from: NODE_PEER, to: PAGE_PEER, type: 'offer', counter: 1 }, sc.utf8Encode('sdp from node'));

    const fromPage = await page.evaluate(
      async ({ room, secret, nodeRaw, nodePeer, pagePeer, envelope, sdp }) => {
        const c = window.sc;
        const me = await c.generateIdentity();
        const key = await c.roomEnvelopeKey(c.base64urlDecode(secret), room);
        const opened = await c.openSignal(key, { room, me: pagePeer, from: nodePeer }, envelope, new c.ReplayWindow());
        const keys = await c.derivePairKeys(me, c.base64urlDecode(nodeRaw), { room, me: pagePeer, peer: nodePeer });
        window.pageState = { keys, chat: c.createChatSession(keys), me };
        const fp = await c.fingerprintOf(me.publicRaw);
        return {
          opened: opened.ok ? c.utf8Decode(opened.payload) : opened.reason,
          pageRaw: c.base64urlEncode(me.publicRaw),
          reply: await c.sealSignal(key, { room, from: pagePeer, to: '*', type: 'answer', counter: 0 }, c.utf8Encode('sdp from page')),
          chatFrame: c.base64urlEncode(await window.sc.sealChat(window.pageState.chat, c.utf8Encode('hello node'))),
          sdpMac: await c.signSdp(keys, { room, from: pagePeer, to: nodePeer, type: 'answer' }, sdp),
          safety: await c.safetyNumber(me.publicRaw, c.base64urlDecode(nodeRaw)),
          roomCode: await c.roomSafetyCode(room, [me.publicRaw, c.base64urlDecode(nodeRaw)]),
          qr: await c.encodeFingerprintQr(room, fp),
        };
      },
      { room: ROOM, secret: SECRET, nodeRaw: sc.base64urlEncode(node.publicRaw), nodePeer: NODE_PEER, pagePeer: PAGE_PEER, envelope: nodeToPage, sdp: SDP },
    );
    expect(fromPage.opened).toBe('sdp from node');

    const pageRaw = sc.base64urlDecode(fromPage.pageRaw);
    const keys = await sc.derivePairKeys(node, pageRaw, { room: ROOM, me: NODE_PEER, peer: PAGE_PEER });
    const chat = sc.createChatSession(keys);
    const reply = await sc.openSignal(roomKey, { room: ROOM, me: NODE_PEER, from: PAGE_PEER }, fromPage.reply, new sc.ReplayWindow());
    expect(reply.ok && sc.utf8Decode(reply.payload)).toBe('sdp from page');
    const chatIn = await sc.openChat(chat, sc.base64urlDecode(fromPage.chatFrame));
    expect(chatIn.ok && sc.utf8Decode(chatIn.plaintext)).toBe('hello node');
    expect(await sc.verifySdp(keys, { room: ROOM, from: PAGE_PEER, to: NODE_PEER, type: 'answer' }, SDP, fromPage.sdpMac)).toBe(true);
    expect(await sc.safetyNumber(node.publicRaw, pageRaw)).toBe(fromPage.safety);
    expect(await sc.roomSafetyCode(ROOM, [node.publicRaw, pageRaw])).toBe(fromPage.roomCode);
    expect(await sc.checkFingerprintQr(fromPage.qr, ROOM, await sc.fingerprintOf(pageRaw))).toBe('match');

    const nodeFrame = sc.base64urlEncode(await sc.sealChat(chat, sc.utf8Encode('hello page')));
    const nodeMac = await sc.signSdp(keys, { room: ROOM, from: NODE_PEER, to: PAGE_PEER, type: 'offer' }, SDP);
    const nodeQr = await sc.encodeFingerprintQr(ROOM, await sc.fingerprintOf(node.publicRaw));
    const back = await page.evaluate(
      async ({ room, frame, mac, sdp, qr, nodeRaw, nodePeer, pagePeer }) => {
        const c = window.sc;
        const state = window.pageState;
        const opened = await c.openChat(state.chat, c.base64urlDecode(frame));
        const replayed = await c.openChat(state.chat, c.base64urlDecode(frame));
        return {
          chat: opened.ok ? c.utf8Decode(opened.plaintext) : opened.reason,
          replayed: replayed.ok ? 'opened' : replayed.reason,
          sdp: await c.verifySdp(state.keys, { room, from: nodePeer, to: pagePeer, type: 'offer' }, sdp, mac),
          sdpWrongType: await c.verifySdp(state.keys, { room, from: nodePeer, to: pagePeer, type: 'answer' }, sdp, mac),
          qr: await c.checkFingerprintQr(qr, room, await c.fingerprintOf(c.base64urlDecode(nodeRaw))),
        };
      },
      { room: ROOM, frame: nodeFrame, mac: nodeMac, sdp: SDP, qr: nodeQr, nodeRaw: sc.base64urlEncode(node.publicRaw), nodePeer: NODE_PEER, pagePeer: PAGE_PEER },
    );
    expect(back).toEqual({ chat: 'hello page', replayed: 'replayed', sdp: true, sdpWrongType: false, qr: 'match' });
  });
});
