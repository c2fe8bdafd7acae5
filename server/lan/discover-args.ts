// Command-line arguments of `npm run discover`, parsed into options or a usage error.

/** How long discover waits for answers by default, in ms. */
export const DEFAULT_TIMEOUT_MS = 2000;

/** Longest wait `--timeout` accepts, in ms. */
export const MAX_TIMEOUT_MS = 60_000;

/** Shortest wait `--timeout` accepts, in ms. */
export const MIN_TIMEOUT_MS = 50;

export const USAGE = `Usage: npm run discover -- [--json] [--timeout MS] [--address A] [--port P]

Finds SecureCall servers in LAN mode on this network.
  --json         print the result as JSON
  --timeout MS   how long to wait for answers (default ${DEFAULT_TIMEOUT_MS})
  --address A    send the probe to A only (default: the broadcast addresses); may repeat
  --port P       discovery UDP port (default: DISCOVERY_PORT, 8791)
Exit status: 0 when a server answered, 1 when none did, 2 on a usage error.`;

export interface DiscoverArgs {
  readonly json: boolean;
  readonly timeoutMs: number;
  /** Undefined: the default broadcast targets. */
  readonly addresses: readonly string[] | undefined;
  /** Undefined: the configured DISCOVERY_PORT. */
  readonly port: number | undefined;
  readonly help: boolean;
}

/** A usage error; its message says which argument is wrong. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

function integer(flag: string, raw: string | undefined, min: number, max: number): number {
  if (raw === undefined || !/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new UsageError(`${flag} takes an integer from ${min} to ${max}`);
  }
  return Number(raw);
}

/** Parses `argv` (without node and the script); throws UsageError. */
export function parseDiscoverArgs(argv: readonly string[]): DiscoverArgs {
  let json = false;
  let help = false;
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  let port: number | undefined;
  const addresses: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--json':
        json = true;
        break;
      case '--help':
      case '-h':
        help = true;
        break;
      case '--timeout':
        timeoutMs = integer(flag, value(), MIN_TIMEOUT_MS, MAX_TIMEOUT_MS);
        break;
      case '--port':
        port = integer(flag, value(), 1, 65535);
        break;
      case '--address': {
        const address = value();
        if (address === undefined || !/^\d{1,3}(\.\d{1,3}){3}$/.test(address) || address.split('.').some((o) => Number(o) > 255)) {
          throw new UsageError('--address takes an IPv4 address such as 192.168.1.255');
        }
        addresses.push(address);
        break;
      }
      default:
        throw new UsageError(`unknown argument "${flag}"`);
    }
  }
  return { json, timeoutMs, addresses: addresses.length > 0 ? addresses : undefined, port, help };
}
