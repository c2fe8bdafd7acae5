// A vitest reporter that prints, after the usual summary, each project's wall time and its slowest files.
import type { Reporter, TestModule } from 'vitest/node';

/** Files listed per project: the ones worth looking at when the suite gets slower. */
const SLOWEST_SHOWN = 3;

interface Span {
  first: number;
  last: number;
  readonly files: Map<string, number>;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/**
 * Wall time per project runs from its first file's start to its last file's end, as seen from the
 * main process (projects overlap: unit and integration run side by side, browser after them).
 */
export default class ProjectTimes implements Reporter {
  private readonly spans = new Map<string, Span>();
  private readonly started = new Map<TestModule, number>();

  onTestModuleStart(module: TestModule): void {
    this.started.set(module, performance.now());
  }

  onTestModuleEnd(module: TestModule): void {
    const end = performance.now();
    const start = this.started.get(module) ?? end;
    const name = module.project.name || 'default';
    const span = this.spans.get(name) ?? { first: start, last: end, files: new Map() };
    span.first = Math.min(span.first, start);
    span.last = Math.max(span.last, end);
    span.files.set(module.relativeModuleId, end - start);
    this.spans.set(name, span);
  }

  onTestRunEnd(): void {
    if (this.spans.size === 0) return;
    const lines = [...this.spans].map(([name, span]) => {
      const slowest = [...span.files]
        .sort((a, b) => b[1] - a[1])
        .slice(0, SLOWEST_SHOWN)
        .map(([file, ms]) => `${file} ${seconds(ms)}`);
      return `  ${name} ${seconds(span.last - span.first)} (${span.files.size} files; slowest: ${slowest.join(', ')})`;
    });
    const all = [...this.spans.values()];
    const wall = Math.max(...all.map((s) => s.last)) - Math.min(...all.map((s) => s.first));
    const summary = [...this.spans].map(([name, span]) => `${name} ${seconds(span.last - span.first)}`).join(', ');
    console.log(`\n Time per project (wall clock; projects may overlap): ${summary}; all ${seconds(wall)}\n${lines.join('\n')}\n`);
  }
}
