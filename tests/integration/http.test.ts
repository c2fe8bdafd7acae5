// The static server: security headers, caching rules, SPA fallback, and refusals of bad paths.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

let server: ServerProcess;

beforeAll(async () => {
  server = await startServerProcess();
});
afterAll(async () => {
  await server.stop();
});

/** A raw GET (fetch would normalise `..` away before sending). */
function rawGet(path: string, method = 'GET', headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method, headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('security headers', () => {
  it('sends the full CSP without unsafe-inline or unsafe-eval on every response', async () => {
    for (const path of ['/', '/healthz', '/nope.js', '/%2e%2e/x']) {
      const res = await rawGet(path);
      const csp = String(res.headers['content-security-policy']);
      for (const directive of [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "media-src 'self' blob:",
        "worker-src 'self'",
        "manifest-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "require-trusted-types-for 'script'",
      ]) {
        expect(csp, `${path}: ${directive}`).toContain(directive);
      }
      expect(csp).toMatch(new RegExp(`connect-src 'self' [^;]*ws://127\\.0\\.0\\.1:${server.port}`));
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
    }
  });

  it('sends Permissions-Policy, Referrer-Policy, nosniff, COOP and CORP, and no HSTS without TLS', async () => {
    const res = await rawGet('/');
    const pp = String(res.headers['permissions-policy']);
    expect(pp).toContain('microphone=(self)');
    expect(pp).toContain('camera=(self)');
    for (const denied of ['geolocation=()', 'usb=()', 'payment=()']) expect(pp).toContain(denied);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('static app', () => {
  it('serves index.html revalidated, with an ETag that answers 304', async () => {
    const res = await rawGet('/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toContain('<sc-app>');
    const again = await rawGet('/', 'GET', { 'if-none-match': String(res.headers['etag']) });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
  });

  it('serves hashed assets as immutable with the right content type, compressed when asked', async () => {
    const index = await rawGet('/');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(index.body)?.[1];
    expect(script).toBeDefined();
    const res = await rawGet(script!, 'GET', { 'accept-encoding': 'gzip, br' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-encoding']).toBe('br');
  });

  it('falls back to index.html for app routes but answers 404 for missing files', async () => {
    const route = await rawGet('/join/some/route');
    expect(route.status).toBe(200);
    expect(route.body).toContain('<sc-app>');
    expect((await rawGet('/assets/missing-abcdef12.js')).status).toBe(404);
    expect((await rawGet('/missing.png')).status).toBe(404);
  });

  it('answers HEAD with headers only and other methods with 405', async () => {
    const head = await rawGet('/', 'HEAD');
    expect(head.status).toBe(200);
    expect(Number(head.headers['content-length'])).toBeGreaterThan(100);
    expect(head.body).toBe('');
    const post = await rawGet('/', 'POST');
    expect(post.status).toBe(405);
    expect(post.headers['allow']).toBe('GET, HEAD');
  });

  it('refuses path traversal with .., encoded %2e%2e, backslashes and NUL bytes', async () => {
    for (const path of ['/../package.json', '/assets/../../package.json', '/%2e%2e/package.json', '/%2E%2E%2Fpackage.json', '/a%00.js', '/..%5cpackage.json', '/%ff']) {
      const res = await rawGet(path);
      expect(res.status, path).toBe(400);
      expect(res.body).not.toContain('"name"');
    }
  });

  it('answers /healthz with 200 and never caches it', async () => {
    const res = await rawGet('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toBe('ok\n');
    expect(res.headers['cache-control']).toBe('no-store');
  });
});
