// Start-up and shutdown: native uWS only, config errors named, graceful SIGTERM, and no request logs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runServerExpectingFailure, startServerProcess } from '../support/server-process.js';
import { TestClient } from '../support/ws-client.js';

describe('native uWebSockets.js', () => {
  it('runs the native binary, not the ws-based fallback', async () => {
    const server = await startServerProcess();
    try {
      const maps = readFileSync(`/proc/${server.child.pid}/maps`, 'utf8');
      expect(maps).toMatch(/uws_linux_[a-z0-9]+_\d+\.node/);
      expect(server.output()).not.toMatch(/fallback/i);
    } finally {
      await server.stop();
    }
  });

  it('refuses to start on the fallback and says why', async () => {
    const { code, output } = await runServerExpectingFailure({ UWS_USE_FALLBACK: '1' });
    expect(code).not.toBe(0);
    expect(output).toContain('refuses to run on it');
  });
});

describe('configuration', () => {
  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PROD: 'yes' }, 'PROD'],
    [{ ALLOWED_ORIGINS: 'https://a.example/path' }, 'ALLOWED_ORIGINS'],
    [{ TURN_URLS: 'http://turn.example' , TURN_SECRET: 'x' }, 'TURN_URLS'],
    [{ TURN_URLS: 'turn:turn.example:3478' }, 'TURN_SECRET'],
    [{ TLS_CERT: '/nonexistent/cert.pem', TLS_KEY: '/nonexistent/key.pem' }, 'TLS_CERT'],
    [{ PROD: '1' }, 'ROOM_TOKEN, ALLOWED_ORIGINS or PUBLIC_ORIGIN, TURN_URLS and TURN_SECRET, SERVER_SECRET'],
    [{ TRUSTED_PROXIES: 'proxy.example' }, 'TRUSTED_PROXIES'],
    [{ SERVER_SECRET: 'password' }, 'SERVER_SECRET'],
    [{ PROD: '1', ROOM_TOKEN: 'a-long-operator-key', ALLOWED_ORIGINS: 'https://call.example', TURN_URLS: 'turn:t.example', TURN_SECRET: 's', LAN: '1' }, 'LAN'],
  ])('%j stops start-up with a message naming %s', async (env, name) => {
    const { code, output } = await runServerExpectingFailure(env);
    expect(code).toBe(2);
    expect(output).toContain('configuration error');
    expect(output).toContain(name);
  });
});

describe('shutdown', () => {
  it('on SIGTERM closes WebSockets with 1001 and exits 0 within 2 s', async () => {
    const server = await startServerProcess();
    const client = await TestClient.connect(`${server.wsUrl}/ws/AAAAAAAAAAAAAAAAAAAAAA`, server.origin);
    const started = Date.now();
    const exitCode = server.stop('SIGTERM');
    const closed = await client.closed;
    expect(closed.code).toBe(1001);
    expect(await exitCode).toBe(0);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('on SIGINT exits 0 too', async () => {
    const server = await startServerProcess();
    expect(await server.stop('SIGINT')).toBe(0);
  });
});

describe('logs', () => {
  it('print the URL at start-up and no request paths or client addresses', async () => {
    const server = await startServerProcess();
    await fetch(`${server.url}/some/route/with-an-id-xyz123`);
    await fetch(`${server.url}/healthz`);
    await server.stop();
    const output = server.output();
    expect(output).toContain(`listening on ${server.url}`);
    expect(output).not.toContain('xyz123');
    expect(output).not.toContain('healthz');
    expect(output.replace(server.url, '')).not.toContain('127.0.0.1');
  });
});
