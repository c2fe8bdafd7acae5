// The bench's ratios and verdicts: CPU per admission, the same-load CPU and p99 figures, and the issue-21 targets.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Machine } from '../../bench/lib/proc.js';
import { report, type ServerFigures } from '../../bench/report.js';
import type { EqualLoadFigures, StormFigures, WindowFigures } from '../../bench/scenarios.js';

const MACHINE: Machine = { cpu: 'test', cores: 2, node: 'v20', uws: 'x', ws: 'y', fdLimit: '1024', clockTicks: 100, serverCpus: '0', loadCpus: '1' };

function window(cpu: number, p99: number, loopP99: number): WindowFigures {
  return {
    rooms: 8, connections: 80, seconds: 2, sent_per_s: 1440, offered_per_s: 7200, delivered_per_s: 7200,
    cpu_us_per_msg: cpu, cpu_user_us_per_msg: cpu / 2, cpu_system_us_per_msg: cpu / 2, cpu_cores: 0.1,
    p50_ms: p99 / 2, p99_ms: p99, max_ms: p99 * 2, generator_loop_delay_max_ms: loopP99 * 3,
    generator_loop_delay_p99_ms: loopP99, generator_processes: 4, errors: {}, closes: {}, malformed: 0,
  };
}

function equal(cpu: number, p99: number, loopP99: number): EqualLoadFigures {
  return { window: window(cpu, p99, loopP99), generator_loop_delay_under_1ms: loopP99 < 1, generator_loop_delay_rule: 'rule', attempts: [] };
}

function storm(joinsPerS: number, cpuPerJoin: number): StormFigures {
  return { joins: 270, failed: 0, seconds: 1, joins_per_s: joinsPerS, cpu_us_per_join: cpuPerJoin, first_error: null };
}

function run(uws: ServerFigures, twin: ServerFigures) {
  return report({ machine: MACHINE, command: 'npm run bench', profile: 'quick', seconds: 1, servers: { uws, ws_twin: twin } });
}

describe('bench report', () => {
  beforeEach(() => void vi.spyOn(console, 'log').mockImplementation(() => undefined));
  afterEach(() => vi.restoreAllMocks());

  it('gives CPU per admission as twin/ours and judges the admission targets', () => {
    const json = run({ storm: storm(2000, 50) }, { storm: storm(900, 300) });
    expect(json.ratios.cpu_per_admission).toBe(6);
    expect(json.targets.cpu_per_admission_under_60us.verdict).toBe('met');
    expect(json.targets.joins_per_s_2x.verdict).toBe('met');
    const slower = run({ storm: storm(1500, 90) }, { storm: storm(900, 300) });
    expect(slower.targets.cpu_per_admission_under_60us.verdict).toBe('MISSED');
    expect(slower.targets.joins_per_s_2x.verdict).toBe('MISSED');
  });

  it('judges CPU per message at the same offered load when that scenario ran', () => {
    const json = run({ equal: equal(4, 0.8, 0.5) }, { equal: equal(15, 2, 0.5) });
    expect(json.ratios.cpu_per_msg_equal_load).toBe(3.75);
    expect(json.targets.cpu_per_msg_3x.got).toBe(3.75);
    expect(json.targets.cpu_per_msg_3x.verdict).toBe('met');
    expect(json.targets.relay_p99_under_1ms.verdict).toBe('met');
  });

  it('gives no p99 verdict when the generators themselves were late', () => {
    const json = run({ equal: equal(4, 0.8, 2.5) }, { equal: equal(15, 2, 2.5) });
    expect(json.targets.relay_p99_under_1ms.verdict).toBe('n/a');
  });
});
