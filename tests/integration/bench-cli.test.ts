// `npm run bench` refuses a --target-pid it cannot measure before it loads anything.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function bench(args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'bench/run.ts', ...args], { cwd: ROOT, timeout: 60_000 }, (error, _stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stderr }),
    );
  });
}

describe('bench --target-pid', () => {
  it('needs --target', async () => {
    const { code, stderr } = await bench(['--target-pid', String(process.pid)]);
    expect(code).toBe(1);
    expect(stderr).toContain('--target-pid needs --target');
  });

  it('names a live process', async () => {
    const { code, stderr } = await bench(['--target', 'ws://127.0.0.1:9', '--target-pid', '2147483647']);
    expect(code).toBe(1);
    expect(stderr).toContain('--target-pid 2147483647: no such process');
  });
});
