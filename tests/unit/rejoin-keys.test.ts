// A reloaded page keeps its identity and peer id but gets a new page instance: fresh pairwise keys, so chat counters restarting never reuse a nonce.
import { describe, expect, it } from 'vitest';
import { createChatSession, openChat, sealChat } from '../../app/crypto/chat.js';
import { utf8Encode } from '../../app/crypto/bytes.js';
import { generateIdentity } from '../../app/crypto/identity.js';
import { derivePairKeys } from '../../app/crypto/pairwise.js';
import { encodeKey, MAX_INSTANCE_CHARS, parsePayload } from '../../app/signaling/payloads.js';

const ROOM = 'r'.repeat(22);
const [ALICE, BOB] = ['a'.repeat(12), 'b'.repeat(12)];

async function pair(aliceInstance: string, bobInstance: string) {
  const [alice, bob] = [await generateIdentity(), await generateIdentity()];
  const derive = (a: string, b: string) =>
    Promise.all([
      derivePairKeys(alice, bob.publicRaw, { room: ROOM, me: ALICE, peer: BOB, instances: { me: a, peer: b } }),
      derivePairKeys(bob, alice.publicRaw, { room: ROOM, me: BOB, peer: ALICE, instances: { me: b, peer: a } }),
    ]);
  return { derive, first: await derive(aliceInstance, bobInstance) };
}

describe('page instances in the pairwise keys', () => {
  it('both sides agree for the same instances; the first chat frame after a reload is not the one before it', async () => {
    const { derive, first } = await pair('alice-1', 'bob-1');
    const [aliceKeys, bobKeys] = first;
    const before = await sealChat(createChatSession(aliceKeys), utf8Encode('hello'));
    expect((await openChat(createChatSession(bobKeys), before)).ok).toBe(true);
    // Bob's page reloads: same identities, same peer ids, a new instance for Bob.
    const [aliceAfter, bobAfter] = await derive('alice-1', 'bob-2');
    const after = await sealChat(createChatSession(aliceAfter), utf8Encode('hello'));
    // Same counter (0), same plaintext: only different keys make the frames differ.
    expect(Buffer.from(after).equals(Buffer.from(before))).toBe(false);
    expect((await openChat(createChatSession(bobAfter), after)).ok).toBe(true);
    // The old keys cannot open the new frames, nor the new keys the old ones.
    expect((await openChat(createChatSession(bobKeys), after)).ok).toBe(false);
    expect((await openChat(createChatSession(bobAfter), before)).ok).toBe(false);
  });
});

describe('hello payload instance', () => {
  it('is kept when present and bounded, and a hello without one still parses', async () => {
    const key = encodeKey((await generateIdentity()).publicRaw);
    expect(parsePayload('hello', { key, name: 'Bob', instance: 'abc' })).toEqual({ type: 'hello', payload: { key, name: 'Bob', instance: 'abc' } });
    expect(parsePayload('hello', { key, name: 'Bob' })).toEqual({ type: 'hello', payload: { key, name: 'Bob' } });
    expect(parsePayload('hello', { key, name: 'Bob', instance: 'x'.repeat(MAX_INSTANCE_CHARS + 1) })).toBeUndefined();
    expect(parsePayload('hello', { key, name: 'Bob', instance: 7 })).toBeUndefined();
    expect(parsePayload('hello', { key, name: 'Bob', instance: '' })).toBeUndefined();
  });
});
