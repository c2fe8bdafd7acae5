// scripts/check-bundle-size.mjs: counts the entry and its static imports, not lazy chunks, and fails over budget.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../support/server-process.js';

/** Incompressible bytes, so gzip cannot shrink the chunk below this much: well over the 60 KB budget. */
const HEAVY_BYTES = 96 * 1024;

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A fake build: index.html loads entry.js, which reaches heavy.js through `entryImport`. */
function fakeBuild(entryImport: string): string {
  dir = mkdtempSync(join(tmpdir(), 'securecall-size-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<script type="module" crossorigin src="/assets/entry-AAAAAAAA.js"></script>');
  writeFileSync(join(dir, 'assets', 'entry-AAAAAAAA.js'), `${entryImport}\nexport const x=1;\n`);
  writeFileSync(join(dir, 'assets', 'heavy-BBBBBBBB.js'), `export const blob="${randomBytes(HEAVY_BYTES).toString('base64')}";\n`);
  return dir;
}

function check(buildDir: string): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [join(ROOT, 'scripts/check-bundle-size.mjs'), buildDir], { encoding: 'utf8' });
  return { status: run.status, output: run.stdout + run.stderr };
}

describe('check-bundle-size', () => {
  it('fails when a static import pushes the first screen over budget', () => {
    const result = check(fakeBuild('import{blob as b}from"./heavy-BBBBBBBB.js";console.log(b);'));
    expect(result.output).toMatch(/OVER the 60 KB budget/);
    expect(result.status).toBe(1);
  });

  it('passes when the heavy chunk is only imported lazily', () => {
    const result = check(fakeBuild('const load=()=>import("./heavy-BBBBBBBB.js");window.load=load;'));
    expect(result.output).toMatch(/within the 60 KB budget/);
    expect(result.status).toBe(0);
  });
});
