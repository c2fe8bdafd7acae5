// Takes the signaling server away from pages for a while: SIGKILL it, then start a new one with the same environment.
import { startServerProcess, type ServerProcess } from './server-process.js';
import type { TcpProxy } from './tcp-proxy.js';

/** An outage a test can begin and end; pages reach the server only through `proxy`. */
export interface Outage {
  readonly name: string;
  begin(): Promise<void>;
  end(): Promise<void>;
}

/**
 * The server process is killed with SIGKILL (it forgets every room) and a new one with the same
 * environment starts when the outage ends; the proxy then points at it. Members get back in
 * because a resume credential re-creates the room on a node that never held it.
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
