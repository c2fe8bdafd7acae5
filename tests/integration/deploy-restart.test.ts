// Seats survive a restart: members resume on the restarted node with the same peer ids, with a shared SERVER_SECRET only.
import { afterEach, describe, expect, it } from 'vitest';
import { CLOSE, type WelcomeMessage } from '../../protocol/index.js';
import { freePort } from '../support/call-env.js';
import { connect, mintInvite, randomToken, roomOf, tokenHash } from '../support/relay.js';
import { TEST_SERVER_SECRET, startServerProcess, type ServerProcess } from '../support/server-process.js';
import type { TestClient } from '../support/ws-client.js';

let server: ServerProcess | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** Connects and asks for `welcome`'s seat back; resolves with the reply. */
async function resume(target: ServerProcess, roomId: string, welcome: WelcomeMessage): Promise<{ client: TestClient; reply: Awaited<ReturnType<TestClient['next']>> }> {
  const client = await connect(target, roomId);
  client.send({ t: 'resume', peer: welcome.you, secret: welcome.resume });
  return { client, reply: await client.next() };
}

describe('restart', () => {
  it('lets every member of a room resume on the restarted node with the same peer id, and relay', async () => {
    const env = { PORT: String(await freePort()), SERVER_SECRET: TEST_SERVER_SECRET };
    server = await startServerProcess(env);
    const { roomId, members } = await roomOf(server, 3);
    const pending = await mintInvite(members[0]!);
    await server.stop();
    for (const m of members) expect((await m.client.closed).code).toBe(CLOSE.shutdown.code);

    server = await startServerProcess(env);
    const back = [];
    for (const m of members) {
      const { client, reply } = await resume(server, roomId, m.welcome);
      expect(reply).toMatchObject({ t: 'welcome', you: m.welcome.you, resumed: true, restored: true });
      back.push({ client, welcome: reply as WelcomeMessage });
    }
    // The first one back re-created the room; the others found it and got their seats back.
    expect(back[0]!.welcome.members).toEqual([]);
    expect(back[2]!.welcome.members).toEqual([members[0]!.welcome.you, members[1]!.welcome.you]);

    back[2]!.client.send({ t: 'send', to: '*', data: 'after-restart' });
    for (const m of back.slice(0, 2)) expect(await m.client.nextOf('relay')).toEqual({ t: 'relay', from: members[2]!.welcome.you, data: 'after-restart' });

    // Invites did not survive; the app registers its pending ones again, which works.
    const guest = await connect(server, roomId);
    guest.send({ t: 'join', token: pending });
    expect(await guest.next()).toMatchObject({ t: 'error', code: 'bad_token' });
    const token = randomToken();
    back[0]!.client.send({ t: 'invite', hash: tokenHash(token), ttl: 600 });
    await back[0]!.client.nextOf('invited');
    const again = await connect(server, roomId);
    again.send({ t: 'join', token });
    expect(await again.nextOf('welcome')).toMatchObject({ resumed: false });
    for (const c of [...back.map((m) => m.client), again]) c.close();
  }, 30_000);

  it('refuses a resume after a restart without SERVER_SECRET: each dev process signs with its own key', async () => {
    const env = { PORT: String(await freePort()) };
    server = await startServerProcess(env);
    const { roomId, members } = await roomOf(server, 1);
    await server.stop();
    server = await startServerProcess(env);
    const { client, reply } = await resume(server, roomId, members[0]!.welcome);
    expect(reply).toMatchObject({ t: 'error', code: 'bad_resume' });
    expect((await client.closed).code).toBe(CLOSE.admissionRefused.code);
  }, 30_000);
});
