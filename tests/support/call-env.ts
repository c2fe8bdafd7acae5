// A production-style call environment for browser tests and the bench: coturn on 127.0.0.1 and a PROD=1 server.
import { createServer } from 'node:net';
import { startCoturn, type Coturn } from './coturn.js';
import { TEST_SERVER_SECRET, startServerProcess, type ServerProcess } from './server-process.js';

/** The operator access key the PROD test server requires. */
export const TEST_ACCESS_KEY = 'test-operator-access-key';

/** coturn plus a PROD server using it (relay-only ICE, TURN REST credentials, access key, exact origin). */
export interface CallEnv {
  readonly coturn: Coturn;
  readonly server: ServerProcess;
  stop(): Promise<void>;
}

/** A port that was free a moment ago (the server needs its origin before it starts). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Starts coturn (loopback peers allowed: test-only) and a PROD=1 server; `extraEnv` is added to the server's. */
export async function startCallEnv(extraEnv: Record<string, string> = {}): Promise<CallEnv> {
  const coturn = await startCoturn({ allowLoopbackPeers: true });
  try {
    const port = await freePort();
    const server = await startServerProcess({
      PORT: String(port),
      PROD: '1',
      ROOM_TOKEN: TEST_ACCESS_KEY,
      ALLOWED_ORIGINS: `http://127.0.0.1:${port}`,
      TURN_URLS: coturn.urls.join(','),
      TURN_SECRET: coturn.secret,
      SERVER_SECRET: TEST_SERVER_SECRET,
      ...extraEnv,
    });
    return {
      coturn,
      server,
      async stop() {
        await server.stop();
        await coturn.stop();
      },
    };
  } catch (error) {
    await coturn.stop();
    throw error;
  }
}
