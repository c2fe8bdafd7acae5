// Ways to take the signaling server away from pages for a while: cut the connection (server stays up), or SIGKILL the server and start a new one.
import { startServerProcess, type ServerProcess } from './server-process.js';
import type { TcpProxy } from './tcp-proxy.js';

/** An outage a test can begin and end; pages reach the server only through `proxy`. */
export interface Outage {
  readonly name: string;
  begin(): Promise<void>;
  end(): Promise<void>;
}

/** The connection to the server is cut for the outage; the server and its rooms stay up. */
export function cutConnection(proxy: TcpProxy): Outage {
  return {
    name: 'signaling connection cut',
    begin() {
      proxy.cut();
      return Promise.resolve();
    },
    end() {
      proxy.restore();
      return Promise.resolve();
    },
  };
}

/**
 * The server process is killed with SIGKILL (it forgets every room) and a new one with the same
 * environment starts when the outage ends; the proxy then points at it. Passes only once a
 * resume to a restarted node re-creates the room (stateless resume credentials).
 */
export function killServer(proxy: TcpProxy, current: () => ServerProcess, env: Record<string, string>, replaced: (next: ServerProcess) => void): Outage {
  return {
    name: 'server killed with SIGKILL',
    async begin() {
      proxy.cut();
      await current().stop('SIGKILL');
    },
    async end() {
      const next = await startServerProcess({ ...env, PORT: '0' });
      replaced(next);
      proxy.target = next.port;
      proxy.restore();
    },
  };
}
