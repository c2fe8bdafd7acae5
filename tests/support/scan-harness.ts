// A page with only the scanner, QR code and keystore modules, built by Vite and served under the app's CSP.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, relative, resolve } from 'node:path';
import { build } from 'vite';
import { contentSecurityPolicy, PERMISSIONS_POLICY } from '../../server/headers.js';
import { ROOT } from './server-process.js';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

export interface ScanHarness {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Builds a page exposing `window.harness` (keystore, decoder, QR image) and defining sc-scanner,
 * sc-qr-code and sc-identity-setting, then serves it on 127.0.0.1 with server/headers.ts's CSP.
 */
export async function startScanHarness(): Promise<ScanHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'sc-scan-harness-'));
  const from = (path: string): string => relative(dir, resolve(ROOT, path)).split('\\').join('/');
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>scan harness</title><link rel="icon" href="data:,">' +
      '<script type="module" src="./harness.ts"></script></head><body></body></html>',
  );
  writeFileSync(
    join(dir, 'harness.ts'),
    [
      `import '${from('app/ui/sc-scanner.ts')}';`,
      `import '${from('app/ui/sc-qr-code.ts')}';`,
      `import '${from('app/ui/sc-identity-setting.ts')}';`,
      `import * as keystore from '${from('app/keystore/index.ts')}';`,
      `import * as scan from '${from('app/scan/decoder.ts')}';`,
      `import * as crypto from '${from('app/crypto/index.ts')}';`,
      `import { locale } from '${from('app/i18n/locale.ts')}';`,
      `const results = [];`,
      `document.addEventListener('sc-scan-result', (e) => results.push(e.detail));`,
      `window.harness = { keystore, scan, crypto, locale, results };`,
      `window.harnessReady = true;`,
    ].join('\n'),
  );
  await build({
    configFile: false,
    logLevel: 'silent',
    root: dir,
    define: { __SC_TEST_HOOKS__: 'false', __APP_VERSION__: '"harness"' },
    build: { outDir: join(dir, 'dist'), emptyOutDir: true, target: 'es2022', minify: false },
  });
  const dist = join(dir, 'dist');
  const csp = (): string => contentSecurityPolicy([`http://127.0.0.1:${(server.address() as AddressInfo).port}`]);
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = resolve(dist, `.${path === '/' ? '/index.html' : path}`);
    if (!file.startsWith(dist) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res
      .writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'content-security-policy': csp(),
        'permissions-policy': PERMISSIONS_POLICY,
      })
      .end(readFileSync(file));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    async close() {
      await new Promise<void>((done) => server.close(() => done()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
