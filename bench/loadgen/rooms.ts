// Building rooms over the real protocol: create, invites (SHA-256 of fresh tokens), joins from distinct addresses.
import { createHash, randomBytes } from 'node:crypto';
import { MAX_ROOM_MEMBERS } from '../../protocol/index.js';
import { sourceAddress } from './addresses.js';
import { Member, STEP_TIMEOUT_MS, type Tally } from './member.js';

/** Invite lifetime the generator asks for, in seconds. */
const INVITE_TTL_SECONDS = 600;
/** How often membership convergence is re-checked while waiting, in ms. */
const CONVERGE_POLL_MS = 10;

export interface Target {
  /** ws://HOST:PORT */
  readonly url: string;
  readonly origin: string;
  readonly verify: boolean;
}

export interface BuiltRoom {
  readonly index: number;
  readonly id: string;
  readonly members: Member[];
}

export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('base64url');

function roomUrl(target: Target, roomId: string): string {
  return `${target.url}/ws/${roomId}`;
}

/** Connects member slot `slot` of room `index` and joins with `token`. */
export async function joinRoom(target: Target, roomId: string, index: number, slot: number, token: string, tally: Tally): Promise<Member> {
  const member = await Member.connect(roomUrl(target, roomId), target.origin, sourceAddress(index, slot), tally, target.verify);
  try {
    const welcome = member.next('welcome');
    member.sendControl({ t: 'join', token });
    await welcome;
    return member;
  } catch (error) {
    member.terminate();
    throw error;
  }
}

/** Reconnects `slot` of room `index` and resumes `member`'s seat; returns the new connection. */
export async function resumeSeat(target: Target, roomId: string, index: number, slot: number, old: Member, tally: Tally): Promise<Member> {
  const member = await Member.connect(roomUrl(target, roomId), target.origin, sourceAddress(index, slot), tally, target.verify);
  try {
    const welcome = member.next('welcome');
    member.sendControl({ t: 'resume', peer: old.you, secret: old.resume });
    await welcome;
    return member;
  } catch (error) {
    member.terminate();
    throw error;
  }
}

/** Creates room `index` and registers `count` fresh invites; returns the creator and the tokens. */
export async function createWithInvites(target: Target, index: number, count: number, tally: Tally): Promise<{ id: string; creator: Member; tokens: string[] }> {
  const id = randomBytes(16).toString('base64url');
  const creator = await Member.connect(roomUrl(target, id), target.origin, sourceAddress(index, 0), tally, target.verify);
  try {
    const welcome = creator.next('welcome');
    creator.sendControl({ t: 'create' });
    await welcome;
    const tokens: string[] = [];
    for (let i = 0; i < count; i++) {
      const token = randomBytes(32).toString('base64url');
      const invited = creator.next('invited');
      creator.sendControl({ t: 'invite', hash: tokenHash(token), ttl: INVITE_TTL_SECONDS });
      await invited;
      tokens.push(token);
    }
    return { id, creator, tokens };
  } catch (error) {
    creator.terminate();
    throw error;
  }
}

async function converged(members: readonly Member[]): Promise<void> {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  while (members.some((m) => m.peers.size < members.length - 1)) {
    if (Date.now() > deadline) throw new Error('members did not learn of each other in time');
    await new Promise((resolve) => setTimeout(resolve, CONVERGE_POLL_MS));
  }
}

/** A full room of MAX_ROOM_MEMBERS whose members all know each other. */
export async function buildRoom(target: Target, index: number, tally: Tally): Promise<BuiltRoom> {
  const { id, creator, tokens } = await createWithInvites(target, index, MAX_ROOM_MEMBERS - 1, tally);
  const members = [creator];
  try {
    const joined = await Promise.all(tokens.map((token, i) => joinRoom(target, id, index, i + 1, token, tally)));
    members.push(...joined);
    await converged(members);
    return { index, id, members };
  } catch (error) {
    for (const m of members) m.terminate();
    throw error;
  }
}

/** Runs `task` over `items` with at most `limit` in flight; rejects on the first failure. */
export async function inBatches<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
