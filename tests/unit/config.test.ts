// The config module: defaults, validation messages that name the variable, and a frozen result.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';

describe('loadConfig', () => {
  it('defaults to 127.0.0.1:8790 in dev with no TURN and no access key', () => {
    const config = loadConfig({}, []);
    expect(config.port).toBe(8790);
    expect(config.host).toBe('127.0.0.1');
    expect(config.prod).toBe(false);
    expect(config.roomToken).toBeUndefined();
    expect(config.allowedOrigins).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('listens on every interface in LAN mode (--lan or LAN=1)', () => {
    expect(loadConfig({}, ['--lan']).host).toBe('0.0.0.0');
    expect(loadConfig({ LAN: '1' }, []).lan).toBe(true);
  });

  it('accepts a complete production configuration', () => {
    const config = loadConfig(
      { PROD: '1', ROOM_TOKEN: 'operator-key-0123456789', ALLOWED_ORIGINS: 'https://call.example.org', TURN_URLS: 'turns:turn.example.org:5349', TURN_SECRET: 's3cret' },
      [],
    );
    expect(config.prod).toBe(true);
    expect(config.allowedOrigins).toEqual(['https://call.example.org']);
    expect(config.turn?.urls).toEqual(['turns:turn.example.org:5349']);
  });

  it.each([
    [{ PORT: '70000' }, /PORT/],
    [{ HOST: 'a b' }, /HOST/],
    [{ ALLOWED_ORIGINS: 'https://call.example.org/' }, /ALLOWED_ORIGINS/],
    [{ ALLOWED_ORIGINS: 'ftp://call.example.org' }, /ALLOWED_ORIGINS/],
    [{ STUN_URLS: 'turn:x' }, /STUN_URLS/],
    [{ ROOM_TOKEN: 'short' }, /ROOM_TOKEN/],
    [{ TLS_KEY: '/etc/hostname' }, /TLS_CERT and TLS_KEY/],
    [{ PROD: '1', ROOM_TOKEN: 'operator-key-0123456789' }, /ALLOWED_ORIGINS, TURN_URLS and TURN_SECRET/],
  ])('%j is refused with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env, [])).toThrow(ConfigError);
    expect(() => loadConfig(env, [])).toThrow(message);
  });
});
