// `npm run bench`: the relay (uWS) and its ws twin under the same generated load, side by side.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { killAllChildren } from './lib/children.js';
import { machine } from './lib/proc.js';
import { FULL, QUICK, type Profile } from './lib/profiles.js';
import { ROOT, SERVER_ENTRY, startBenchServer, type RunningServer, type ServerKind } from './lib/servers.js';
import { report, type Results, type ServerFigures } from './report.js';
import { equalLoadScenario, floodScenario, idleScenario, relayScenario, stormScenario, type Subject } from './scenarios.js';

const USAGE = `usage: npm run bench -- [--quick] [--json] [--target ws://HOST:PORT [--target-pid PID] [--origin URL]]
  [--only relay,equal,idle,storm,flood] [--idle N] [--profile]

  --quick       small sizes, both servers, about a minute
  --json        last line is one JSON object with every figure
  --target      load an already running server instead of the built-in pair
  --target-pid  that server's process: its CPU and RSS are read from /proc like the built-in pair's
  --profile     run the servers under node --cpu-prof (profiles in bench/results/profiles)`;

const SCENARIOS = ['relay', 'equal', 'idle', 'storm', 'flood'] as const;
type Scenario = (typeof SCENARIOS)[number];
/** Hard stop for a whole run, ms, in case anything hangs. */
const WATCHDOG_MS = { quick: 10 * 60_000, full: 40 * 60_000 } as const;

function options() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      target: { type: 'string' },
      'target-pid': { type: 'string' },
      origin: { type: 'string' },
      only: { type: 'string' },
      idle: { type: 'string' },
      profile: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const only = (values.only?.split(',') ?? [...SCENARIOS]) as Scenario[];
  for (const s of only) if (!SCENARIOS.includes(s)) throw new Error(`unknown scenario "${s}"\n${USAGE}`);
  let profile: Profile = values.quick ? QUICK : FULL;
  if (values.idle !== undefined) profile = { ...profile, idleConnections: Number(values.idle) };
  if (values.target !== undefined && !/^ws:\/\/[^/]+$/.test(values.target)) throw new Error(`--target must look like ws://HOST:PORT\n${USAGE}`);
  const targetPid = values['target-pid'] === undefined ? undefined : targetProcess(values['target-pid'], values.target);
  return { ...values, targetPid, only, sizes: profile };
}

/** The --target-pid value, checked: a number naming a live process, and only together with --target. */
function targetProcess(text: string, target: string | undefined): number {
  if (target === undefined) throw new Error(`--target-pid needs --target\n${USAGE}`);
  const pid = Number(text);
  if (!Number.isSafeInteger(pid) || pid <= 0 || !existsSync(`/proc/${pid}/stat`)) throw new Error(`--target-pid ${text}: no such process`);
  return pid;
}

function ensureBuild(log: (line: string) => void): void {
  if (existsSync(SERVER_ENTRY) && existsSync(`${ROOT}dist/index.html`)) return;
  log('build/ or dist/ is missing: running `npm run build` first');
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
}

async function main(): Promise<void> {
  const opts = options();
  // Progress goes to stderr so that with --json stdout ends with exactly one JSON line.
  const log = (line: string) => console.error(line);
  const profile = opts.sizes;
  const started = Date.now();
  const watchdog = setTimeout(() => {
    console.error(`bench: still running after ${WATCHDOG_MS[profile.name] / 1000} s, aborting`);
    killAllChildren();
    process.exit(1);
  }, WATCHDOG_MS[profile.name]);
  watchdog.unref();

  const kinds: Array<ServerKind | 'target'> = opts.target === undefined ? ['uws', 'ws_twin'] : ['target'];
  if (opts.target === undefined) ensureBuild(log);
  const figures: Record<string, ServerFigures> = Object.fromEntries(kinds.map((k) => [k, {}]));
  const profileDir = opts.profile ? `${ROOT}bench/results/profiles` : undefined;

  /** Runs `fn` against a fresh server of `kind` (or the --target), stopping the server afterwards. */
  const withServer = async <T>(kind: ServerKind | 'target', fn: (subject: Subject) => Promise<T>): Promise<T> => {
    if (kind === 'target') {
      const url = opts.target!;
      return fn({ target: { url, origin: opts.origin ?? url.replace(/^ws/, 'http'), verify: false }, pid: opts.targetPid });
    }
    const server: RunningServer = await startBenchServer(kind, profileDir);
    try {
      return await fn({ target: { url: server.wsUrl, origin: server.origin, verify: false }, pid: server.pid });
    } finally {
      await server.stop();
    }
  };

  // Ours and the twin alternate, and who goes first alternates per scenario, so drift in the
  // machine's background load does not fall on one side only.
  for (const [i, scenario] of opts.only.entries()) {
    const order = i % 2 === 0 ? kinds : [...kinds].reverse();
    for (const kind of order) {
      log(`${scenario} — ${kind}`);
      const f = figures[kind]!;
      switch (scenario) {
        case 'relay':
          f.relay = await withServer(kind, (s) => relayScenario(s, profile, log));
          break;
        case 'equal':
          f.equal = await withServer(kind, (s) => equalLoadScenario(s, profile, log));
          break;
        case 'idle':
          f.idle = await withServer(kind, (s) => idleScenario(s, profile, log));
          break;
        case 'storm':
          f.storm = await withServer(kind, (s) => stormScenario(s, profile, log));
          break;
        case 'flood': {
          // Both servers face the flood under the same background traffic: the smaller of their half loads.
          const halfLoads = Object.values(figures).flatMap((g) => (g.relay ? [g.relay.half_load.rooms] : []));
          const rooms = halfLoads.length > 0 ? Math.min(...halfLoads) : Math.max(1, Math.round(profile.rampRooms[0]! / 2));
          f.flood = await withServer(kind, (s) => floodScenario(s, profile, rooms, log));
          break;
        }
      }
    }
  }

  const results: Results = {
    machine: machine(),
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    profile: profile.name,
    seconds: Math.round((Date.now() - started) / 1000),
    servers: figures,
  };
  const json = report(results);
  mkdirSync(`${ROOT}bench/results`, { recursive: true });
  writeFileSync(`${ROOT}bench/results/bench-${profile.name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`, `${JSON.stringify(json, null, 2)}\n`);
  if (opts.json) console.log(JSON.stringify(json));
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAllChildren();
    process.exit(130);
  });
}
process.on('exit', killAllChildren);
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
    killAllChildren();
    process.exit(1);
  },
);
