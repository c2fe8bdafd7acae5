// `npm run discover`: lists the SecureCall LAN servers that answer a discovery probe.
import { ConfigError, loadConfig } from '../config.js';
import { USAGE, UsageError, parseDiscoverArgs, type DiscoverArgs } from './discover-args.js';
import { discover, type FoundServer } from './discover.js';
import { formatLanLink } from '../../protocol/lan-link.js';
import { terminalQr } from './terminal-qr.js';

async function printText(servers: readonly FoundServer[]): Promise<void> {
  if (servers.length === 0) {
    console.log('No SecureCall server answered. Is one running with --lan on this network?');
    return;
  }
  console.log(`Found ${servers.length} SecureCall server${servers.length === 1 ? '' : 's'}:`);
  for (const server of servers) {
    console.log(`\n  ${server.name}`);
    for (const url of server.urls) console.log(`    ${url}`);
    console.log(`    certificate SHA-256 ${server.fingerprint}`);
  }
  const only = servers.length === 1 ? servers[0] : undefined;
  const url = only?.urls[0];
  if (only && url) console.log(`\nScan to open ${url}:\n${await terminalQr(formatLanLink(url, only.fingerprint))}`);
}

function discoveryPort(args: DiscoverArgs): number {
  if (args.port !== undefined) return args.port;
  const port = loadConfig(process.env, []).discoveryPort;
  if (port === 0) throw new UsageError('DISCOVERY_PORT is 0 (ephemeral): pass the server\'s port with --port');
  return port;
}

async function main(): Promise<number> {
  let args: DiscoverArgs;
  let port: number;
  try {
    args = parseDiscoverArgs(process.argv.slice(2));
    if (args.help) {
      console.log(USAGE);
      return 0;
    }
    port = discoveryPort(args);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      console.error(`discover: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  const servers = await discover({ port, timeoutMs: args.timeoutMs, ...(args.addresses ? { addresses: args.addresses } : {}) });
  if (args.json) console.log(JSON.stringify({ servers }, null, 2));
  else await printText(servers);
  return servers.length > 0 ? 0 : 1;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(`discover: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
