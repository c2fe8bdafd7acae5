// Turns per-server figures into ratios and target verdicts, prints the table, and builds the --json object.
import type { Machine } from './lib/proc.js';
import type { EqualLoadFigures, FloodFigures, IdleFigures, RelayFigures, StormFigures } from './scenarios.js';

export interface ServerFigures {
  relay?: RelayFigures;
  equal?: EqualLoadFigures;
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
/** Issue 21: memory per idle joined connection must stay at or under 2.5 KB while CPU comes down. */
const TARGET_RSS_PER_CONN_ROUND2_BYTES = 2500;
const TARGET_CPU_PER_ADMISSION_US = 60;
const TARGET_JOINS_RATIO = 2;

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
    cpu_per_join: f?.storm?.cpu_us_per_join ?? null,
    equal_cpu_per_msg: f?.equal?.window.cpu_us_per_msg ?? null,
    equal_cpu_user_per_msg: f?.equal?.window.cpu_user_us_per_msg ?? null,
    equal_p50_ms: f?.equal?.window.p50_ms ?? null,
    equal_p99_ms: f?.equal?.window.p99_ms ?? null,
    equal_generators: f?.equal?.window.generator_processes ?? null,
    equal_loop_p99_ms: f?.equal?.window.generator_loop_delay_p99_ms ?? null,
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
    cpu_per_admission: ratio(twin.cpu_per_join, ours.cpu_per_join),
    cpu_per_msg_equal_load: ratio(twin.equal_cpu_per_msg, ours.equal_cpu_per_msg),
    cpu_user_per_msg_equal_load: ratio(twin.equal_cpu_user_per_msg, ours.equal_cpu_user_per_msg),
    p99_ms_equal_load: ratio(twin.equal_p99_ms, ours.equal_p99_ms),
  };
  // The CPU target is judged at the same offered load when that scenario ran, else at each server's half load.
  const cpuRatio = ratios.cpu_per_msg_equal_load ?? ratios.cpu_per_msg;
  const ourEqual = results.servers['uws']?.equal;
  const p99 = ourEqual ? (ourEqual.generator_loop_delay_under_1ms ? ours.equal_p99_ms : null) : ours.p99_ms;
  const targets = {
    cpu_per_msg_3x: {
      want: `twin/ours >= ${TARGET_CPU_RATIO}${ratios.cpu_per_msg_equal_load === null ? ' (each at half load)' : ' (same offered load)'}`,
      got: cpuRatio,
      verdict: verdict(cpuRatio === null ? null : cpuRatio >= TARGET_CPU_RATIO),
    },
    relay_p99_under_1ms: {
      want: `< ${TARGET_RELAY_P99_MS} ms${ourEqual ? ' at the same offered load, generators\' loop delay p99 < 1 ms (n/a when it was not)' : ' (half load)'}`,
      got: ourEqual ? ours.equal_p99_ms : ours.p99_ms,
      verdict: verdict(p99 === null ? null : p99 < TARGET_RELAY_P99_MS),
    },
    cpu_per_admission_under_60us: { want: `<= ${TARGET_CPU_PER_ADMISSION_US} µs`, got: ours.cpu_per_join, verdict: verdict(ours.cpu_per_join === null ? null : ours.cpu_per_join <= TARGET_CPU_PER_ADMISSION_US) },
    joins_per_s_2x: { want: `ours/twin >= ${TARGET_JOINS_RATIO}`, got: ratios.joins_per_s, verdict: verdict(ratios.joins_per_s === null ? null : ratios.joins_per_s >= TARGET_JOINS_RATIO) },
    rss_per_conn_at_most_2500B: { want: `<= ${TARGET_RSS_PER_CONN_ROUND2_BYTES} B`, got: ours.rss_per_conn, verdict: verdict(ours.rss_per_conn === null ? null : ours.rss_per_conn <= TARGET_RSS_PER_CONN_ROUND2_BYTES) },
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
    ['server CPU per delivered msg, µs (same load)', 'equal_cpu_per_msg', 'cpu_per_msg_equal_load'],
    ['  of it in user space, µs', 'equal_cpu_user_per_msg', 'cpu_user_per_msg_equal_load'],
    ['relay p50, ms (same load)', 'equal_p50_ms', undefined],
    ['relay p99, ms (same load)', 'equal_p99_ms', 'p99_ms_equal_load'],
    ['  generator processes', 'equal_generators', undefined],
    ['  their worst loop delay p99, ms', 'equal_loop_p99_ms', undefined],
    ['join storm admissions/s', 'joins_per_s', 'joins_per_s'],
    ['server CPU per admission, µs', 'cpu_per_join', 'cpu_per_admission'],
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
