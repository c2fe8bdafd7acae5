// Shared test helpers for the crypto suite: vector loading, hex, and ready-made identities and keys.
import { readFileSync } from 'node:fs';
import {
  derivePairKeys,
  generateIdentity,
  roomEnvelopeKey,
  type EnvelopeKey,
  type Identity,
  type PairKeys,
} from '../../../app/crypto/index.js';

/** Parses a JSON file under tests/vectors/. */
export function loadVector(relativePath: string): any {
  return JSON.parse(readFileSync(new URL(`../../vectors/${relativePath}`, import.meta.url), 'utf8'));
}

export function hex(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(Buffer.from(text, 'hex'));
}

export function toHexString(bytes: ArrayBuffer | Uint8Array): string {
  return Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('hex');
}

export const ROOM = 'AAAAAAAAAAAAAAAAAAAAAA';
export const OTHER_ROOM = 'BBBBBBBBBBBBBBBBBBBBBB';
export const ALICE = 'alice-peer-1';
export const BOB = 'bob-peer-002';
export const CAROL = 'carol-peer-3';

export function roomSecret(fill = 7): Uint8Array<ArrayBuffer> {
  return new Uint8Array(32).fill(fill);
}

export async function roomKey(): Promise<EnvelopeKey> {
  return roomEnvelopeKey(roomSecret(), ROOM);
}

/** Two identities with their pairwise keys derived from each side. */
export async function pair(): Promise<{ alice: Identity; bob: Identity; a: PairKeys; b: PairKeys }> {
  const [alice, bob] = await Promise.all([generateIdentity(), generateIdentity()]);
  const [a, b] = await Promise.all([
    derivePairKeys(alice, bob.publicRaw, { room: ROOM, me: ALICE, peer: BOB }),
    derivePairKeys(bob, alice.publicRaw, { room: ROOM, me: BOB, peer: ALICE }),
  ]);
  return { alice, bob, a, b };
}

/** Returns a copy of `bytes` with bit `bit` flipped. */
export function flipBit(bytes: Uint8Array, bit: number): Uint8Array<ArrayBuffer> {
  const out = Uint8Array.from(bytes);
  out[bit >> 3]! ^= 1 << (bit & 7);
  return out;
}
