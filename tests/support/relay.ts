// Protocol-level helpers for relay tests: rooms, invites and members over real WebSockets.
import { createHash, randomBytes } from 'node:crypto';
import type { WelcomeMessage } from '../../protocol/index.js';
import type { ServerProcess } from './server-process.js';
import { TestClient } from './ws-client.js';

export const randomRoomId = (): string => randomBytes(16).toString('base64url');
export const randomToken = (): string => randomBytes(32).toString('base64url');
export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('base64url');

export interface Member {
  readonly client: TestClient;
  readonly welcome: WelcomeMessage;
}

export function connect(server: ServerProcess, roomId: string): Promise<TestClient> {
  return TestClient.connect(`${server.wsUrl}/ws/${roomId}`, server.origin);
}

/** Creates a room and returns its creator. */
export async function createRoom(server: ServerProcess, roomId = randomRoomId(), key?: string): Promise<Member & { roomId: string }> {
  const client = await connect(server, roomId);
  client.send(key === undefined ? { t: 'create' } : { t: 'create', key });
  const welcome = await client.nextOf('welcome');
  return { client, welcome, roomId };
}

/** Registers a fresh invite through `member` and returns its token. */
export async function mintInvite(member: Member, ttl = 600): Promise<string> {
  const token = randomToken();
  member.client.send({ t: 'invite', hash: tokenHash(token), ttl });
  const invited = await member.client.nextOf('invited');
  if (invited.hash !== tokenHash(token)) throw new Error('invited answered another hash');
  return token;
}

/** Joins `roomId` with `token`; resolves with the welcome. */
export async function join(server: ServerProcess, roomId: string, token: string): Promise<Member> {
  const client = await connect(server, roomId);
  client.send({ t: 'join', token });
  const welcome = await client.nextOf('welcome');
  return { client, welcome };
}

/** A room with `size` members (creator first); earlier members have consumed the notices of later joins. */
export async function roomOf(server: ServerProcess, size: number): Promise<{ roomId: string; members: Member[] }> {
  const creator = await createRoom(server);
  const members: Member[] = [creator];
  for (let i = 1; i < size; i++) {
    const token = await mintInvite(creator);
    const joined = await join(server, creator.roomId, token);
    for (const m of members) {
      await m.client.nextOf('peer-joined');
    }
    members.push(joined);
  }
  return { roomId: creator.roomId, members };
}

/** Sends SIGUSR2 and resolves with the next stats line's counts. */
export async function serverStats(server: ServerProcess): Promise<Record<string, number>> {
  const before = server.output().length;
  server.child.kill('SIGUSR2');
  const deadline = Date.now() + 5000;
  for (;;) {
    const line = /info stats (.*)\n/.exec(server.output().slice(before));
    if (line) return Object.fromEntries(line[1]!.split(' ').map((kv) => kv.split('=')).map(([k, v]) => [k!, Number(v)]));
    if (Date.now() > deadline) throw new Error('no stats line');
    await new Promise((resolve) => server.child.stdout!.once('data', resolve));
  }
}
