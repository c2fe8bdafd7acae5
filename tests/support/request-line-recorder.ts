// A TCP proxy in front of a server that records every HTTP request line passing through it.
import { createServer, connect, type Server, type Socket } from 'node:net';

/** An HTTP/1.x request line, as a proxy or access log would record it. */
const REQUEST_LINE = /^[A-Z]+ \S+ HTTP\/1\.[01]$/;

export interface RequestLineRecorder {
  /** The proxy's origin, http://127.0.0.1:PORT: point the browser here. */
  readonly origin: string;
  /** Every request line seen so far, in order. */
  readonly lines: readonly string[];
  close(): Promise<void>;
}

/** Starts a loopback proxy to `targetPort` that records request lines of the client → server stream. */
export async function startRequestLineRecorder(targetPort: number): Promise<RequestLineRecorder> {
  const lines: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    let pending = '';
    client.on('data', (chunk: Buffer) => {
      // Bodies are scanned too; a body line that looks like a request line would only add a line.
      pending += chunk.toString('latin1');
      const parts = pending.split('\r\n');
      pending = parts.pop() ?? '';
      for (const line of parts) if (REQUEST_LINE.test(line)) lines.push(line);
    });
    client.pipe(upstream).pipe(client);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    origin: `http://127.0.0.1:${port}`,
    lines,
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
