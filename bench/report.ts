// Turns per-server figures into ratios and target verdicts, prints the table, and builds the --json object.
import type { Machine } from './lib/proc.js';
import type { FloodFigures, IdleFigures, RelayFigures, StormFigures } from './scenarios.js';

export interface ServerFigures {
  relay?: RelayFigures;
  idle?: IdleFigures;
  storm?: StormFigures;
  flood?: FloodFigures;
}

export interface Results {
  readonly machine: Machine;
  readonly command: string;
  readonly profile: string;
  readonly seconds: number;
  readonly servers: Record<string, ServerFigures>;
}

/** The targets. */
const TARGET_CPU_RATIO = 3;
const TARGET_RELAY_P99_MS = 1;
const TARGET_FLOOD_P99_MS = 2;
const TARGET_RSS_RATIO = 3;
const TARGET_RSS_PER_CONN_BYTES = 8 * 1024;

/** The headline figure of each scenario for one server. */
function headline(f: ServerFigures | undefined) {
  return {
    cpu_per_msg: f?.relay?.half_load.cpu_us_per_msg ?? null,
    cpu_user_per_msg: f?.relay?.half_load.cpu_user_us_per_msg ?? null,
    capacity: f?.relay?.capacity_msgs_per_s ?? null,
    p50_ms: f?.relay?.half_load.p50_ms ?? null,
    p99_ms: f?.relay?.half_load.p99_ms ?? null,
    rss_per_conn: f?.idle?.rss_per_conn_bytes ?? null,
    joins_per_s: f?.storm?.joins_per_s ?? null,
    flood_p99_ms: f?.flood?.others.p99_ms ?? null,
  };
}

const ratio = (num: number | null, den: number | null): number | null =>
  num === null || den === null || den === 0 || !Number.isFinite(num) || !Number.isFinite(den) ? null : Number((num / den).toFixed(2));

const verdict = (ok: boolean | null): string => (ok === null ? 'n/a' : ok ? 'met' : 'MISSED');

const fmt = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : String(x));

/** Prints the table to stdout and returns the object for --json. */
export function report(results: Results) {
  const ours = headline(results.servers['uws']);
  const twin = headline(results.servers['ws_twin']);
  const ratios = {
    cpu_per_msg: ratio(twin.cpu_per_msg, ours.cpu_per_msg),
    cpu_user_per_msg: ratio(twin.cpu_user_per_msg, ours.cpu_user_per_msg),
    rss_per_conn: ratio(twin.rss_per_conn, ours.rss_per_conn),
    joins_per_s: ratio(ours.joins_per_s, twin.joins_per_s),
    p99_ms: ratio(twin.p99_ms, ours.p99_ms),
    flood_p99_ms: ratio(twin.flood_p99_ms, ours.flood_p99_ms),
    capacity: ratio(ours.capacity, twin.capacity),
  };
  const targets = {
    cpu_per_msg_3x: { want: `twin/ours >= ${TARGET_CPU_RATIO}`, got: ratios.cpu_per_msg, verdict: verdict(ratios.cpu_per_msg === null ? null : ratios.cpu_per_msg >= TARGET_CPU_RATIO) },
    relay_p99_under_1ms: { want: `< ${TARGET_RELAY_P99_MS} ms`, got: ours.p99_ms, verdict: verdict(ours.p99_ms === null ? null : ours.p99_ms < TARGET_RELAY_P99_MS) },
    flood_p99_under_2ms: { want: `< ${TARGET_FLOOD_P99_MS} ms`, got: ours.flood_p99_ms, verdict: verdict(ours.flood_p99_ms === null ? null : ours.flood_p99_ms < TARGET_FLOOD_P99_MS) },
    rss_per_conn_3x: { want: `twin/ours >= ${TARGET_RSS_RATIO}`, got: ratios.rss_per_conn, verdict: verdict(ratios.rss_per_conn === null ? null : ratios.rss_per_conn >= TARGET_RSS_RATIO) },
    rss_per_conn_under_8KiB: { want: `< ${TARGET_RSS_PER_CONN_BYTES} B`, got: ours.rss_per_conn, verdict: verdict(ours.rss_per_conn === null ? null : ours.rss_per_conn < TARGET_RSS_PER_CONN_BYTES) },
  };

  const m = results.machine;
  console.log(`\nmachine: ${m.cpu}, ${m.cores} cores, Node ${m.node}, uWebSockets.js ${m.uws}, ws ${m.ws}`);
  console.log(`command: ${results.command} (${results.profile}, ${results.seconds} s)\n`);
  const rows: Array<[string, keyof typeof ours, keyof typeof ratios | undefined]> = [
    ['relay capacity, delivered msgs/s', 'capacity', 'capacity'],
    ['server CPU per delivered msg, µs (half load)', 'cpu_per_msg', 'cpu_per_msg'],
    ['  of it in user space, µs', 'cpu_user_per_msg', 'cpu_user_per_msg'],
    ['relay p50, ms (half load)', 'p50_ms', undefined],
    ['relay p99, ms (half load)', 'p99_ms', 'p99_ms'],
    ['RSS per idle joined connection, B', 'rss_per_conn', 'rss_per_conn'],
    ['join storm admissions/s', 'joins_per_s', 'joins_per_s'],
    ['others p99 during a 50x flood, ms', 'flood_p99_ms', 'flood_p99_ms'],
  ];
  const names = Object.keys(results.servers);
  console.log(['figure'.padEnd(46), ...names.map((n) => n.padStart(10)), 'ratio'.padStart(8)].join(' '));
  for (const [label, key, ratioKey] of rows) {
    const cells = names.map((n) => fmt(headline(results.servers[n])[key]).padStart(10));
    console.log([label.padEnd(46), ...cells, fmt(ratioKey === undefined ? null : ratios[ratioKey]).padStart(8)].join(' '));
  }
  if (names.includes('uws') && names.includes('ws_twin')) {
    console.log('\ntargets:');
    for (const [name, t] of Object.entries(targets)) console.log(`  ${name.padEnd(26)} ${t.verdict.padEnd(7)} want ${t.want}, got ${fmt(t.got)}`);
  }
  return { ...results, ratios, targets };
}
