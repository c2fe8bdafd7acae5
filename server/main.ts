// Entry point: load config, start the server, print where it listens, stop cleanly on SIGINT/SIGTERM.
import { ConfigError, loadConfig } from './config.js';
import { prepareLanMode } from './lan/lan-mode.js';
import { log } from './log.js';
import { startServer } from './server.js';

/** Longest a graceful shutdown may take before the process exits anyway, in ms. */
const SHUTDOWN_DEADLINE_MS = 1500;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`SecureCall: configuration error: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const lan = config.lan ? await prepareLanMode(config) : undefined;
  const server = await startServer(config, lan?.serverOptions);
  let discovery: { close(): Promise<void> } | undefined = undefined;
  // Handlers go in before the URL is printed: whoever reads that line may signal at once.
  const stop = (signal: string) => {
    log.info('stopping', { signal, connections: server.signaling.connectionCount });
    server.close();
    void discovery?.close();
    setTimeout(() => process.exit(0), SHUTDOWN_DEADLINE_MS).unref();
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGUSR2', () => log.info('stats', server.signaling.stats()));
  for (const url of server.urls) console.log(`SecureCall listening on ${url}`);
  discovery = await lan?.start(server.port);
  log.info('started', { prod: config.prod, lan: config.lan, tls: server.urls[0]?.startsWith('https') ?? false });
}

main().catch((error: unknown) => {
  console.error(`SecureCall: failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
