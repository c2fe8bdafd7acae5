// TURN credentials on a real coturn: a departed member's credential stops working after its (test-shortened) lifetime, members still in the room get working ones over the live connection, resumes mint none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IceConfig } from '../../protocol/index.js';
import { startCoturn, type Coturn } from '../support/coturn.js';
import { connect, roomOf } from '../support/relay.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { TurnClient, type TurnResponse } from '../support/turn-client.js';

const HOST = '127.0.0.1';
/** The lifetime the test server hands out (TEST_TURN_CREDENTIAL_TTL_SECONDS), in s; production's is 600. */
const TTL_SECONDS = 3;
/** How often a condition is checked again, in ms. */
const POLL_MS = 200;

let coturn: Coturn;
let server: ServerProcess;
beforeAll(async () => {
  coturn = await startCoturn();
  server = await startServerProcess({ TURN_URLS: coturn.urls.join(','), TURN_SECRET: coturn.secret, TEST_TURN_CREDENTIAL_TTL_SECONDS: String(TTL_SECONDS) });
});
afterAll(async () => {
  await server?.stop();
  await coturn?.stop();
});

/** The TURN username and password in an ICE config, and the username's expiry in epoch s. */
function turnOf(ice: IceConfig): { username: string; credential: string; expires: number } {
  const server = ice.iceServers.find((s) => s.username !== undefined);
  if (!server?.username || !server.credential) throw new Error('no TURN credential in the ICE config');
  return { username: server.username, credential: server.credential, expires: Number(server.username.split(':')[0]) };
}

/** One allocation attempt with `turn` on a fresh client (one allocation per client address). */
async function allocateWith(turn: { username: string; credential: string }): Promise<TurnResponse> {
  const client = await TurnClient.open(HOST, coturn.port, turn.username, turn.credential);
  try {
    return await client.allocate();
  } finally {
    client.close();
  }
}

/** Checks `condition` every POLL_MS until it holds; fails after `timeoutMs`. */
async function until(condition: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

describe('TURN credential lifetime', () => {
  it('a departed member’s credential stops working once its lifetime is over, while the member who stayed holds a renewed one that works', async () => {
    const { members } = await roomOf(server, 2);
    const [stays, leaves] = members as [(typeof members)[0], (typeof members)[0]];
    const departed = turnOf(leaves.welcome.ice);
    expect(departed.expires - Date.now() / 1000).toBeLessThanOrEqual(TTL_SECONDS);
    expect(await allocateWith(departed)).toMatchObject({ kind: 'success' });

    leaves.client.send({ t: 'leave' });
    await stays.client.nextOf('peer-left');
    await until(async () => (await allocateWith(departed)).errorCode === 401, (TTL_SECONDS + 5) * 1000, 'the departed credential is refused');
    expect(Date.now() / 1000).toBeGreaterThanOrEqual(departed.expires);

    // Renewed over the live connection before the first one ran out, so it outlives the departed one.
    const renewed = turnOf((await stays.client.nextOf('ice-renewed', (TTL_SECONDS + 5) * 1000)).ice);
    expect(renewed.username).not.toBe(turnOf(stays.welcome.ice).username);
    const latest = latestRenewal(stays, renewed);
    expect(latest.expires).toBeGreaterThan(departed.expires);
    expect(await allocateWith(latest)).toMatchObject({ kind: 'success' });
    stays.client.close();
  }, 30_000);

  it('gives a member who resumes again and again inside the validity window the credential it already holds', async () => {
    // Production's lifetime here, so every resume falls in the first half of it.
    const normal = await startServerProcess({ TURN_URLS: coturn.urls.join(','), TURN_SECRET: coturn.secret });
    try {
      await resumesGetTheHeldCredential(normal);
    } finally {
      await normal.stop();
    }
  }, 30_000);
});

/** A guest drops and resumes five times: every welcome carries the TURN credential it was first given, which still works. */
async function resumesGetTheHeldCredential(target: ServerProcess): Promise<void> {
  const { members } = await roomOf(target, 2);
  const [creator, guest] = members as [(typeof members)[0], (typeof members)[0]];
  const held = turnOf(guest.welcome.ice).username;
  let resume = guest.welcome.resume;
  let client = guest.client;
  for (let i = 0; i < 5; i++) {
    client.close();
    client = await connect(target, creator.welcome.room);
    client.send({ t: 'resume', peer: guest.welcome.you, secret: resume });
    const welcome = await client.nextOf('welcome');
    expect(turnOf(welcome.ice).username).toBe(held);
    resume = welcome.resume;
  }
  expect(await allocateWith(turnOf(guest.welcome.ice))).toMatchObject({ kind: 'success' });
  client.close();
  creator.client.close();
}

/** The newest credential `member` has been sent so far, starting from `renewed`. */
function latestRenewal(member: Awaited<ReturnType<typeof roomOf>>['members'][number], renewed: ReturnType<typeof turnOf>): ReturnType<typeof turnOf> {
  let latest = renewed;
  for (const frame of member.client.pending()) {
    const msg = JSON.parse(frame) as { t: string; ice?: IceConfig };
    if (msg.t === 'ice-renewed' && msg.ice) latest = turnOf(msg.ice);
  }
  return latest;
}
