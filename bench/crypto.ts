// Benchmarks the crypto module in Node and in headless Chromium: `node --import tsx bench/crypto.ts [--node-only]`.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import * as sc from '../app/crypto/index.js';
import { runCryptoBench, type BenchResult } from './crypto-suite.js';

const root = fileURLToPath(new URL('..', import.meta.url));

function cpuModel(): string {
  const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
  return line?.split(':')[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
}

function print(runtime: string, results: readonly BenchResult[]): void {
  console.log(`\n${runtime}`);
  for (const r of results) console.log(`  ${r.name.padEnd(58)} ${String(r.microsPerOp).padStart(8)} µs/op  (${r.iterations} ops)`);
}

/** Bundles the suite (and the crypto module it imports) into one ES module, in memory. */
async function bundleSuite(): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    root,
    build: { write: false, minify: false, lib: { entry: `${root}/bench/crypto-suite.ts`, formats: ['es'], fileName: 'suite' } },
  });
  for (const out of Array.isArray(result) ? result : [result]) {
    if (!('output' in out)) continue;
    const chunk = out.output.find((o) => o.type === 'chunk');
    if (chunk !== undefined && chunk.type === 'chunk') return chunk.code;
  }
  throw new Error('vite produced no chunk');
}

async function inChromium(): Promise<{ version: string; results: BenchResult[] }> {
  const suite = await bundleSuite();
  const page = `<!doctype html><meta charset="utf-8"><script type="module">
import { runCryptoBench } from '/suite.js'; window.bench = () => runCryptoBench(); window.ready = true;</script>`;
  const server = createServer((req, res) => {
    const body = req.url === '/' ? page : req.url === '/suite.js' ? suite : null;
    if (body === null) res.writeHead(404).end();
    else res.writeHead(200, { 'content-type': req.url === '/' ? 'text/html' : 'text/javascript' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const tab = await browser.newPage();
    await tab.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await tab.waitForFunction(() => (window as any).ready === true);
    const results = (await tab.evaluate(() => (window as any).bench())) as BenchResult[];
    return { version: browser.version(), results };
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

console.log(`machine: ${cpuModel()}, ${cpus().length} cores, node ${process.version}`);
print(`Node ${process.version}`, await runCryptoBench(sc));
if (!process.argv.includes('--node-only')) {
  const chrome = await inChromium();
  print(`Chromium ${chrome.version} (headless)`, chrome.results);
}
