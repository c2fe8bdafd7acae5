// Sealed signaling envelopes: round trips, tamper and misdelivery rejection, replay, broadcast, layout limits.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_ENVELOPE_DATA_CHARS } from '../../../protocol/limits.js';
import {
  base64urlDecode,
  base64urlEncode,
  CryptoError,
  deriveRoomKey,
  inviteEnvelopeKey,
  readEnvelopeLabel,
  roomEnvelopeKey,
  MAX_SIGNAL_COUNTER,
  MAX_SIGNAL_PAYLOAD_BYTES,
  openSignal,
  ReplayWindow,
  sealSignal,
  SIGNAL_OVERHEAD_BYTES,
  SIGNAL_TYPES,
  type SignalType,
} from '../../../app/crypto/index.js';
import { ALICE, BOB, CAROL, flipBit, OTHER_ROOM, ROOM, roomKey, roomSecret } from './helpers.js';

const types = Object.keys(SIGNAL_TYPES) as SignalType[];
const toBob = { room: ROOM, me: BOB, from: ALICE };

describe('deriveRoomKey', () => {
  it('gives a non-extractable AES-GCM key and refuses a secret that is not 32 bytes', async () => {
    const key = await deriveRoomKey(roomSecret(), ROOM);
    expect(key.extractable).toBe(false);
    expect(key.algorithm.name).toBe('AES-GCM');
    await expect(deriveRoomKey(new Uint8Array(31), ROOM)).rejects.toMatchObject({ code: 'invalid-length' });
    await expect(deriveRoomKey(new Uint8Array(33), ROOM)).rejects.toBeInstanceOf(CryptoError);
  });
});

describe('sealSignal/openSignal', () => {
  it('round-trips any payload, type and counter', async () => {
    const key = await roomKey();
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), fc.constantFrom(...types), fc.nat({ max: MAX_SIGNAL_COUNTER }), async (payload, type, counter) => {
        const data = await sealSignal(key, { room: ROOM, from: ALICE, to: BOB, type, counter }, payload);
        expect(base64urlDecode(data).length).toBe(payload.length + SIGNAL_OVERHEAD_BYTES);
        const opened = await openSignal(key, toBob, data, new ReplayWindow());
        expect(opened).toEqual({ ok: true, type, counter, broadcast: false, payload: Uint8Array.from(payload) });
      }),
      { numRuns: 100 },
    );
  });

  it('rejects any single-bit change anywhere in the envelope (header, nonce, ciphertext, tag)', async () => {
    const key = await roomKey();
    const data = await sealSignal(key, { room: ROOM, from: ALICE, to: BOB, type: 'offer', counter: 7 }, new Uint8Array(40).fill(9));
    const bytes = base64urlDecode(data);
    for (let bit = 0; bit < bytes.length * 8; bit++) {
      const opened = await openSignal(key, toBob, base64urlEncode(flipBit(bytes, bit)), new ReplayWindow());
      expect(opened.ok, `bit ${bit}`).toBe(false);
    }
  });

  it('rejects a change to any AAD-bound field: room, sender, recipient', async () => {
    const key = await roomKey();
    const data = await sealSignal(key, { room: ROOM, from: ALICE, to: BOB, type: 'ice', counter: 1 }, Uint8Array.of(1, 2, 3));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('room', 'me', 'from'), fc.string({ minLength: 1, maxLength: 30 }), async (field, value) => {
        fc.pre(value !== toBob[field]);
        const opened = await openSignal(key, { ...toBob, [field]: value }, data, new ReplayWindow());
        expect(opened).toEqual({ ok: false, reason: 'tampered' });
      }),
    );
  });

  it('rejects an envelope for another recipient, another room id and another room secret', async () => {
    const key = await roomKey();
    const data = await sealSignal(key, { room: ROOM, from: ALICE, to: BOB, type: 'hello', counter: 0 }, Uint8Array.of(1));
    expect(await openSignal(key, { room: ROOM, me: CAROL, from: ALICE }, data, new ReplayWindow())).toEqual({ ok: false, reason: 'tampered' });
    const otherRoomKey = await roomEnvelopeKey(roomSecret(), OTHER_ROOM);
    expect(await openSignal(otherRoomKey, { ...toBob, room: OTHER_ROOM }, data, new ReplayWindow())).toEqual({ ok: false, reason: 'tampered' });
    const otherSecretKey = await roomEnvelopeKey(roomSecret(8), ROOM);
    expect(await openSignal(otherSecretKey, toBob, data, new ReplayWindow())).toEqual({ ok: false, reason: 'tampered' });
  });

  it('lets every member open a broadcast, and no one open it as a direct message', async () => {
    const key = await roomKey();
    const data = await sealSignal(key, { room: ROOM, from: ALICE, to: '*', type: 'hello', counter: 3 }, Uint8Array.of(42));
    for (const me of [BOB, CAROL]) {
      const opened = await openSignal(key, { room: ROOM, me, from: ALICE }, data, new ReplayWindow());
      expect(opened).toMatchObject({ ok: true, broadcast: true, counter: 3, type: 'hello' });
    }
    const bytes = base64urlDecode(data);
    bytes[1] = 0;
    expect(await openSignal(key, toBob, base64urlEncode(bytes), new ReplayWindow())).toEqual({ ok: false, reason: 'tampered' });
  });

  it('rejects a replayed envelope and an older counter, but not after a forged one failed', async () => {
    const key = await roomKey();
    const replay = new ReplayWindow();
    const seal = (counter: number): Promise<string> => sealSignal(key, { room: ROOM, from: ALICE, to: BOB, type: 'ice', counter }, new Uint8Array(3));
    const [c5, c4, c6] = await Promise.all([seal(5), seal(4), seal(6)]);
    const forged = base64urlEncode(flipBit(base64urlDecode(c6), 200));
    expect(await openSignal(key, toBob, c5, replay)).toMatchObject({ ok: true, counter: 5 });
    expect(await openSignal(key, toBob, c5, replay)).toEqual({ ok: false, reason: 'replayed' });
    expect(await openSignal(key, toBob, c4, replay)).toEqual({ ok: false, reason: 'replayed' });
    expect(await openSignal(key, toBob, forged, replay)).toEqual({ ok: false, reason: 'tampered' });
    expect(await openSignal(key, toBob, c6, replay)).toMatchObject({ ok: true, counter: 6 });
  });

  it('never accepts the same counter twice from one sender, whatever the delivery order', async () => {
    const key = await roomKey();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: 20 }), { minLength: 1, maxLength: 30 }), async (counters) => {
        const replay = new ReplayWindow();
        const seen = new Set<number>();
        for (const counter of counters) {
          const data = await sealSignal(key, { room: ROOM, from: ALICE, to: BOB, type: 'ice', counter }, new Uint8Array(0));
          const opened = await openSignal(key, toBob, data, replay);
          if (opened.ok) {
            expect(seen.has(counter)).toBe(false);
            expect(counter).toBeGreaterThan(Math.max(-1, ...seen));
            seen.add(counter);
          } else {
            expect(opened.reason).toBe('replayed');
          }
        }
      }),
      { numRuns: 30 },
    );
  });
});

describe('signal envelope boundaries', () => {
  it.each([0, MAX_SIGNAL_COUNTER])('round-trips counter %i', async (counter) => {
    const key = await roomKey();
    const data = await sealSignal(key, { room: ROOM, from: ALICE, to: BOB, type: 'bye', counter }, new Uint8Array(0));
    expect(await openSignal(key, toBob, data, new ReplayWindow())).toMatchObject({ ok: true, counter });
  });

  it.each([-1, MAX_SIGNAL_COUNTER + 1, 0.5])('refuses to seal counter %d', async (counter) => {
    const key = await roomKey();
    await expect(sealSignal(key, { room: ROOM, from: ALICE, to: BOB, type: 'ice', counter }, new Uint8Array(0))).rejects.toMatchObject({ code: 'counter-exhausted' });
  });

  it('fits the largest payload into exactly the relay limit and refuses one byte more', async () => {
    const key = await roomKey();
    const payload = new Uint8Array(MAX_SIGNAL_PAYLOAD_BYTES).fill(0xab);
    const data = await sealSignal(key, { room: ROOM, from: ALICE, to: BOB, type: 'offer', counter: 1 }, payload);
    expect(data.length).toBe(MAX_ENVELOPE_DATA_CHARS);
    const opened = await openSignal(key, toBob, data, new ReplayWindow());
    expect(opened.ok && opened.payload).toEqual(payload);
    await expect(sealSignal(key, { room: ROOM, from: ALICE, to: BOB, type: 'offer', counter: 2 }, new Uint8Array(MAX_SIGNAL_PAYLOAD_BYTES + 1))).rejects.toMatchObject({ code: 'too-large' });
  });

  it('lays out version, flags, key id, nonce, then ciphertext and tag', async () => {
    const key = await roomKey();
    const direct = base64urlDecode(await sealSignal(key, { room: ROOM, from: ALICE, to: BOB, type: 'ice', counter: 1 }, new Uint8Array(10)));
    const broadcast = base64urlDecode(await sealSignal(key, { room: ROOM, from: ALICE, to: '*', type: 'ice', counter: 2 }, new Uint8Array(10)));
    const bootstrap = base64urlDecode(await sealSignal(key, { room: ROOM, from: ALICE, to: '*', type: 'hello', counter: 3 }, new Uint8Array(10), true));
    expect([direct[0], direct[1], broadcast[0], broadcast[1], bootstrap[1]]).toEqual([2, 0, 2, 1, 3]);
    expect(direct.subarray(2, 10)).toEqual(key.id);
    expect(direct.length).toBe(2 + 8 + 12 + 1 + 4 + 10 + 16);
  });

  it('names its key: the label reads the key id and the bootstrap flag without opening anything', async () => {
    const key = await roomKey();
    const invite = await inviteEnvelopeKey(roomSecret(), ROOM);
    expect(invite.id).not.toEqual(key.id);
    const sealed = await sealSignal(invite, { room: ROOM, from: ALICE, to: '*', type: 'hello', counter: 1 }, new Uint8Array(3), true);
    expect(readEnvelopeLabel(sealed)).toEqual({ keyId: base64urlEncode(invite.id), bootstrap: true });
    expect(readEnvelopeLabel('!!!!')).toEqual({ rejected: 'malformed' });
    expect(readEnvelopeLabel(base64urlEncode(Uint8Array.of(1, 0, ...new Uint8Array(40))))).toEqual({ rejected: 'unsupported-version' });
    // The same material as an invite secret and as a room key gives unrelated keys: one never opens the other's envelopes.
    expect(await openSignal(key, { room: ROOM, me: BOB, from: ALICE }, sealed, new ReplayWindow())).toEqual({ ok: false, reason: 'tampered' });
  });

  it.each([
    ['not base64url', '!!!!', 'malformed'],
    ['empty', '', 'malformed'],
    ['too short', base64urlEncode(new Uint8Array(30).fill(0).fill(2, 0, 1)), 'malformed'],
    ['unknown flag bits', base64urlEncode(Uint8Array.of(2, 4, ...new Uint8Array(50))), 'malformed'],
    ['version 1 (before key ids)', base64urlEncode(Uint8Array.of(1, 0, ...new Uint8Array(50))), 'unsupported-version'],
    ['over the relay limit', 'A'.repeat(MAX_ENVELOPE_DATA_CHARS + 4), 'malformed'],
  ])('drops an envelope that is %s as %s', async (_what, data, reason) => {
    expect(await openSignal(await roomKey(), toBob, data, new ReplayWindow())).toEqual({ ok: false, reason });
  });
});
