// Pairwise keys and chat frames: matching directions, counter nonces, replay/reorder/tamper drops, frame limits.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CHAT_OVERHEAD_BYTES,
  CHAT_STREAM_BYTES,
  CHAT_VERSION,
  createChatSession,
  derivePairKeys,
  generateIdentity,
  MAX_CHAT_COUNTER,
  MAX_CHAT_FRAME_BYTES,
  MAX_CHAT_PLAINTEXT_BYTES,
  MAX_CHAT_STREAMS,
  openChat,
  sealChat,
  utf8Decode,
  utf8Encode,
} from '../../../app/crypto/index.js';
import { ALICE, BOB, CAROL, flipBit, pair, ROOM } from './helpers.js';

describe('derivePairKeys', () => {
  it('gives non-extractable keys with one-way usages', async () => {
    const { a } = await pair();
    for (const key of [a.sendChat, a.recvChat, a.sendMac, a.recvMac]) expect(key.extractable).toBe(false);
    expect(a.sendChat.usages).toEqual(['encrypt']);
    expect(a.recvChat.usages).toEqual(['decrypt']);
    expect(a.sendMac.usages).toEqual(['sign']);
    expect(a.recvMac.usages).toEqual(['verify']);
  });

  it('makes my send key the peer’s receive key, in both directions and for MACs', async () => {
    const { a, b } = await pair();
    const msg = utf8Encode('hello');
    const aChat = createChatSession(a);
    const bChat = createChatSession(b);
    expect(await openChat(bChat, await sealChat(aChat, msg))).toMatchObject({ ok: true, plaintext: msg });
    expect(await openChat(aChat, await sealChat(bChat, msg))).toMatchObject({ ok: true, plaintext: msg });
    const mac = await crypto.subtle.sign('HMAC', a.sendMac, msg);
    expect(await crypto.subtle.verify('HMAC', b.recvMac, mac, msg)).toBe(true);
    expect(await crypto.subtle.verify('HMAC', a.recvMac, await crypto.subtle.sign('HMAC', b.sendMac, msg), msg)).toBe(true);
  });

  it('keeps directions apart: I cannot open my own frame (no reflection)', async () => {
    const { a } = await pair();
    const session = createChatSession(a);
    expect(await openChat(session, await sealChat(session, utf8Encode('x')))).toEqual({ ok: false, reason: 'tampered' });
  });

  it('binds room and peer ids: a different binding yields keys that do not interoperate', async () => {
    const { alice, bob, a } = await pair();
    const other = await derivePairKeys(bob, alice.publicRaw, { room: ROOM, me: CAROL, peer: ALICE });
    expect(await openChat(createChatSession(other), await sealChat(createChatSession(a), utf8Encode('x')))).toEqual({ ok: false, reason: 'tampered' });
  });

  it('refuses a peer presenting my own public key', async () => {
    const me = await generateIdentity();
    await expect(derivePairKeys(me, me.publicRaw, { room: ROOM, me: ALICE, peer: BOB })).rejects.toMatchObject({ code: 'invalid-public-key' });
  });

  it('refuses an invalid peer key with invalid-public-key', async () => {
    const me = await generateIdentity();
    await expect(derivePairKeys(me, new Uint8Array(65), { room: ROOM, me: ALICE, peer: BOB })).rejects.toMatchObject({ code: 'invalid-public-key' });
  });
});

describe('sealChat/openChat', () => {
  it('round-trips any message and uses consecutive counters from 0', async () => {
    const { a, b } = await pair();
    const tx = createChatSession(a);
    const rx = createChatSession(b);
    let expected = 0;
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 1500 }), async (msg) => {
        const frame = await sealChat(tx, msg);
        expect(frame.length).toBe(msg.length + CHAT_OVERHEAD_BYTES);
        expect(await openChat(rx, frame)).toEqual({ ok: true, counter: expected++, plaintext: Uint8Array.from(msg) });
      }),
      { numRuns: 60 },
    );
  });

  it('never reuses a counter (hence a nonce) for concurrent seals', async () => {
    const { a } = await pair();
    const tx = createChatSession(a);
    const frames = await Promise.all(Array.from({ length: 50 }, () => sealChat(tx, new Uint8Array(1))));
    const counters = frames.map((f) => new DataView(f.buffer).getUint32(1 + CHAT_STREAM_BYTES));
    expect(new Set(counters).size).toBe(50);
  });

  it('drops a replayed frame and a frame reordered back, with reason replayed', async () => {
    const { a, b } = await pair();
    const tx = createChatSession(a);
    const rx = createChatSession(b);
    const f0 = await sealChat(tx, utf8Encode('zero'));
    const f1 = await sealChat(tx, utf8Encode('one'));
    expect(await openChat(rx, f1)).toMatchObject({ ok: true, counter: 1 });
    expect(await openChat(rx, f0)).toEqual({ ok: false, reason: 'replayed' });
    expect(await openChat(rx, f1)).toEqual({ ok: false, reason: 'replayed' });
  });

  it('drops any single-bit change (version, counter, ciphertext, tag) without burning the counter', async () => {
    const { a, b } = await pair();
    const tx = createChatSession(a);
    const frame = await sealChat(tx, utf8Encode('attack at dawn'));
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: frame.length * 8 - 1 }), async (bit) => {
        const rx = createChatSession(b);
        const result = await openChat(rx, flipBit(frame, bit));
        expect(result.ok).toBe(false);
        expect(bit < 8 ? 'malformed' : 'tampered').toBe(!result.ok && result.reason);
        expect(await openChat(rx, frame)).toMatchObject({ ok: true });
      }),
      { numRuns: 120 },
    );
  });

  it.each([
    ['shorter than header and tag', new Uint8Array(CHAT_OVERHEAD_BYTES - 1).fill(1)],
    ['of an unknown version', Uint8Array.of(1, ...new Uint8Array(30))],
    ['over the frame limit', new Uint8Array(MAX_CHAT_FRAME_BYTES + 1).fill(1)],
  ])('drops a frame %s as malformed', async (_what, frame) => {
    const { b } = await pair();
    expect(await openChat(createChatSession(b), frame)).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe('chat after a re-introduction under the same pairwise keys', () => {
  it('a new session under the same keys never repeats a nonce, and its frames are accepted while old ones stay replays', async () => {
    const { a, b } = await pair();
    const rx = createChatSession(b);
    const before = createChatSession(a);
    const old = [await sealChat(before, utf8Encode('one')), await sealChat(before, utf8Encode('two'))];
    for (const f of old) expect(await openChat(rx, f)).toMatchObject({ ok: true });
    // Same keys again (peer-left, then the same page back): the counter starts at 0 once more.
    const after = createChatSession(a);
    const again = [await sealChat(after, utf8Encode('three')), await sealChat(after, utf8Encode('four'))];
    const nonce = (f: Uint8Array): string => Buffer.from(f.subarray(1, 1 + CHAT_STREAM_BYTES + 4)).toString('hex');
    expect(new Set([...old, ...again].map(nonce)).size).toBe(4);
    for (const f of again) expect(await openChat(rx, f)).toMatchObject({ ok: true });
    for (const f of old) expect(await openChat(rx, f)).toEqual({ ok: false, reason: 'replayed' });
  });

  it(`keeps replay marks for the last ${MAX_CHAT_STREAMS} streams of a peer`, async () => {
    const { a, b } = await pair();
    const rx = createChatSession(b);
    const first = await sealChat(createChatSession(a), utf8Encode('first'));
    expect(await openChat(rx, first)).toMatchObject({ ok: true });
    for (let i = 1; i < MAX_CHAT_STREAMS; i++) expect(await openChat(rx, await sealChat(createChatSession(a), utf8Encode('x')))).toMatchObject({ ok: true });
    expect(await openChat(rx, first)).toEqual({ ok: false, reason: 'replayed' });
    expect(rx.streams.length).toBe(MAX_CHAT_STREAMS);
  });
});

describe('chat frame boundaries', () => {
  it.each([0, MAX_CHAT_COUNTER])('round-trips counter %i and writes it big-endian after the version and stream id', async (start) => {
    const { a, b } = await pair();
    const tx = createChatSession(a, start);
    const frame = await sealChat(tx, new Uint8Array(0));
    expect(frame[0]).toBe(CHAT_VERSION);
    expect(frame.slice(1, 1 + CHAT_STREAM_BYTES)).toEqual(tx.stream);
    expect(new DataView(frame.buffer).getUint32(1 + CHAT_STREAM_BYTES)).toBe(start);
    expect(await openChat(createChatSession(b), frame)).toMatchObject({ ok: true, counter: start, plaintext: new Uint8Array(0) });
  });

  it('refuses to seal after the last counter instead of wrapping', async () => {
    const { a } = await pair();
    const tx = createChatSession(a, MAX_CHAT_COUNTER);
    await sealChat(tx, new Uint8Array(0));
    await expect(sealChat(tx, new Uint8Array(0))).rejects.toMatchObject({ code: 'counter-exhausted' });
  });

  it('round-trips the largest message into the largest frame and refuses one byte more', async () => {
    const { a, b } = await pair();
    const msg = new Uint8Array(MAX_CHAT_PLAINTEXT_BYTES).fill(0x61);
    const frame = await sealChat(createChatSession(a), msg);
    expect(frame.length).toBe(MAX_CHAT_FRAME_BYTES);
    const opened = await openChat(createChatSession(b), frame);
    expect(opened.ok && utf8Decode(opened.plaintext)).toBe('a'.repeat(MAX_CHAT_PLAINTEXT_BYTES));
    await expect(sealChat(createChatSession(a), new Uint8Array(MAX_CHAT_PLAINTEXT_BYTES + 1))).rejects.toMatchObject({ code: 'too-large' });
  });
});
