// Benchmarks QR decoding in the scanner's jsQR worker in headless Chromium: `node --import tsx bench/qr.ts`.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { randomBytes } from 'node:crypto';
import { startScanHarness } from '../tests/support/scan-harness.js';
import { BASE_ARGS, chromiumPath } from '../tests/support/browser.js';
import { qrLuma, writeQrY4m, Y4M_HEIGHT, Y4M_WIDTH } from '../tests/support/y4m.js';

/** Frames decoded per case. */
const FRAMES = 60;
/** Decodes to watch for long tasks while the live scanner runs. */
const LIVE_DECODES = 80;

function cpuModel(): string {
  const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
  return line?.split(':')[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
}

const b64 = (bytes: number): string => randomBytes(bytes).toString('base64url');
/** An invite link of the real length: room 16 bytes, token and secret 32 bytes each. */
const link = `https://call.example.org/#/join/${b64(16)}.${b64(32)}.${b64(32)}`;

/**
 * Page-side code as plain JavaScript text: tsx would wrap named functions in a __name helper
 * that does not exist in the page.
 */
const DECODE_CASES = `async ({ qr, blank, width, height, frames }) => {
  const decoder = new window.harness.scan.WorkerDecoder();
  const rgba = (luma, w, h) => {
    const image = new ImageData(w, h);
    for (let i = 0; i < luma.length; i++) image.data.set([luma[i], luma[i], luma[i], 255], i * 4);
    return image;
  };
  const scaled = (image, w, h) => {
    const from = new OffscreenCanvas(image.width, image.height);
    from.getContext('2d').putImageData(image, 0, 0);
    const to = new OffscreenCanvas(w, h).getContext('2d', { willReadFrequently: true });
    to.drawImage(from, 0, 0, w, h);
    return to.getImageData(0, 0, w, h);
  };
  const run = async (name, image) => {
    const times = [];
    let found = 0;
    for (let i = 0; i < frames; i++) {
      const copy = new ImageData(new Uint8ClampedArray(image.data), image.width, image.height);
      if ((await decoder.decodeImage(copy)) !== undefined) found++;
      times.push(decoder.lastDecodeMs);
    }
    times.sort((a, b) => a - b);
    return { name, found, median: times[Math.floor(times.length / 2)], p95: times[Math.floor(times.length * 0.95)], max: times[times.length - 1] };
  };
  const withQr = rgba(qr, width, height);
  const empty = rgba(blank, width, height);
  const out = [
    await run('640x480, invite QR', withQr),
    await run('640x480, no QR', empty),
    await run('400x300 (scanner size), invite QR', scaled(withQr, 400, 300)),
    await run('400x300 (scanner size), no QR', scaled(empty, 400, 300)),
  ];
  decoder.close();
  return out;
}`;

const LIVE_SCAN = `async (target) => {
  const startup = [];
  const longTasks = [];
  let scanning = false;
  // Camera start-up (permission, first frame, worker start) is counted apart from steady scanning.
  const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => (scanning ? longTasks : startup).push(e.duration)));
  observer.observe({ type: 'longtask' });
  let posts = 0;
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (...args) {
    posts++;
    return post.apply(this, args);
  };
  const scanner = document.createElement('sc-scanner');
  scanner.engine = 'worker';
  document.body.append(scanner);
  const until = (n) => new Promise((resolve) => {
    const check = () => (posts >= n ? resolve() : setTimeout(check, 50));
    check();
  });
  await until(1);
  await new Promise((resolve) => setTimeout(resolve, 0));
  scanning = true;
  const first = posts;
  const started = performance.now();
  await until(first + target);
  const seconds = (performance.now() - started) / 1000;
  observer.disconnect();
  scanner.remove();
  return { decodes: posts - first, perSecond: (posts - first) / seconds, longTasks, startup };
}`;

interface DecodeCase {
  name: string;
  found: number;
  median: number;
  p95: number;
  max: number;
}
const harness = await startScanHarness();
const dir = mkdtempSync(join(tmpdir(), 'sc-qr-bench-'));
const executablePath = chromiumPath();
const browser = await chromium.launch({
  headless: true,
  args: [...BASE_ARGS, writeQrY4m(join(dir, 'blank.y4m'), undefined)],
  ...(executablePath ? { executablePath } : {}),
});
try {
  const page = await browser.newPage();
  await page.goto(harness.url);
  await page.waitForFunction('window.harnessReady === true');
  const input = { qr: Array.from(qrLuma(link)), blank: Array.from(qrLuma(undefined)), width: Y4M_WIDTH, height: Y4M_HEIGHT, frames: FRAMES };
  const cases = await page.evaluate<DecodeCase[]>(`(${DECODE_CASES})(${JSON.stringify(input)})`);
  const live = await page.evaluate<{ decodes: number; perSecond: number; longTasks: number[]; startup: number[] }>(`(${LIVE_SCAN})(${LIVE_DECODES})`);

  console.log(`QR decode bench — ${cpuModel()}, ${cpus().length} cores, Chromium ${browser.version()}, node ${process.version}`);
  console.log(`jsQR in the scanner's worker, ${FRAMES} frames per case (time inside the worker):`);
  for (const c of cases) {
    console.log(`  ${c.name.padEnd(38)} median ${c.median.toFixed(1).padStart(6)} ms  p95 ${c.p95.toFixed(1).padStart(6)} ms  max ${c.max.toFixed(1).padStart(6)} ms  decoded ${c.found}/${FRAMES}`);
  }
  const tasks = (list: number[]): string => (list.length === 0 ? 'none' : `${list.length}, longest ${Math.max(...list).toFixed(0)} ms`);
  console.log(`live scanner (fake camera, 640x480 → 400x300): ${live.decodes} decodes at ${live.perSecond.toFixed(1)}/s`);
  console.log(`  main-thread long tasks (>50 ms) while scanning: ${tasks(live.longTasks)}; during camera start-up: ${tasks(live.startup)}`);
} finally {
  await browser.close();
  await harness.close();
  rmSync(dir, { recursive: true, force: true });
}
