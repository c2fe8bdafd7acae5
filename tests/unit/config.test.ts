// The config module: defaults, validation messages that name the variable, and a frozen result.
import { describe, expect, it } from 'vitest';
import { ADMISSION_DEADLINE_MS, IDLE_TIMEOUT_SECONDS } from '../../protocol/index.js';
import { ConfigError, loadConfig } from '../../server/config.js';

/** 32 random bytes in base64, as `openssl rand -base64 32` prints them. */
const SERVER_SECRET = 'q0cT3m7nq8nJ7Yb1o2xq5lQ0Jz9w3b7dP1sV4tX6yZ8=';
/** A complete production environment. */
const PRODUCTION = {
  PROD: '1',
  ROOM_TOKEN: 'operator-key-0123456789',
  ALLOWED_ORIGINS: 'https://call.example.org',
  TURN_URLS: 'turns:turn.example.org:5349',
  TURN_SECRET: 's3cret',
  SERVER_SECRET,
};

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
    const config = loadConfig(PRODUCTION, []);
    expect(config.prod).toBe(true);
    expect(config.serverSecret).toEqual(Buffer.from(SERVER_SECRET, 'base64'));
    expect(config.allowedOrigins).toEqual(['https://call.example.org']);
    expect(config.turn?.urls).toEqual(['turns:turn.example.org:5349']);
    expect(config.turnCredentialTtlSeconds).toBe(600);
    expect(config.idleTimeoutSeconds).toBe(IDLE_TIMEOUT_SECONDS);
    expect(config.admissionDeadlineMs).toBe(ADMISSION_DEADLINE_MS);
  });

  it('lets a test shorten the idle timeout and the admission deadline', () => {
    const config = loadConfig({ TEST_IDLE_TIMEOUT_SECONDS: '8', TEST_ADMISSION_DEADLINE_MS: '1500' }, []);
    expect(config.idleTimeoutSeconds).toBe(8);
    expect(config.admissionDeadlineMs).toBe(1500);
  });

  it.each([
    [{ PORT: '70000' }, /PORT/],
    [{ HOST: 'a b' }, /HOST/],
    [{ ALLOWED_ORIGINS: 'https://call.example.org/' }, /ALLOWED_ORIGINS/],
    [{ ALLOWED_ORIGINS: 'ftp://call.example.org' }, /ALLOWED_ORIGINS/],
    [{ STUN_URLS: 'turn:x' }, /STUN_URLS/],
    [{ ROOM_TOKEN: 'short' }, /ROOM_TOKEN/],
    [{ TLS_KEY: '/etc/hostname' }, /TLS_CERT and TLS_KEY/],
    [{ PROD: '1', ROOM_TOKEN: 'operator-key-0123456789' }, /ALLOWED_ORIGINS or PUBLIC_ORIGIN, TURN_URLS and TURN_SECRET, SERVER_SECRET/],
    [{ TRUSTED_PROXIES: '10.0.0.1, proxy.example.org' }, /TRUSTED_PROXIES: "proxy.example.org"/],
    [{ TRUSTED_PROXIES: '10.0.0.0/33' }, /TRUSTED_PROXIES/],
    [{ PUBLIC_ORIGIN: 'https://a.example.org,https://b.example.org' }, /PUBLIC_ORIGIN must be one origin/],
    [{ PUBLIC_ORIGIN: 'https://call.example.org/app' }, /PUBLIC_ORIGIN/],
    [{ SERVER_SECRET: 'too-short' }, /SERVER_SECRET/],
    [{ SERVER_SECRET: 'a'.repeat(64) }, /SERVER_SECRET/],
    [{ SERVER_SECRET: 'not base64 at all, not hex either!!' }, /SERVER_SECRET/],
    [{ RESUME_GRACE_MS: '600000' }, /RESUME_GRACE_MS/],
    [{ TEST_TURN_CREDENTIAL_TTL_SECONDS: '601' }, /TEST_TURN_CREDENTIAL_TTL_SECONDS/],
    [{ TEST_TURN_CREDENTIAL_TTL_SECONDS: '1' }, /TEST_TURN_CREDENTIAL_TTL_SECONDS/],
    [{ TEST_IDLE_TIMEOUT_SECONDS: '4' }, /TEST_IDLE_TIMEOUT_SECONDS/],
    [{ TEST_IDLE_TIMEOUT_SECONDS: '33' }, /TEST_IDLE_TIMEOUT_SECONDS/],
    [{ TEST_ADMISSION_DEADLINE_MS: '10001' }, /TEST_ADMISSION_DEADLINE_MS/],
    [{ TEST_ADMISSION_DEADLINE_MS: '100' }, /TEST_ADMISSION_DEADLINE_MS/],
    [{ ...PRODUCTION, TEST_TURN_CREDENTIAL_TTL_SECONDS: '5' }, /PROD=1 refuses TEST_TURN_CREDENTIAL_TTL_SECONDS/],
    [{ ...PRODUCTION, TEST_IDLE_TIMEOUT_SECONDS: '8' }, /PROD=1 refuses TEST_IDLE_TIMEOUT_SECONDS/],
    [{ ...PRODUCTION, TEST_ADMISSION_DEADLINE_MS: '1000' }, /PROD=1 refuses TEST_ADMISSION_DEADLINE_MS/],
  ])('%j is refused with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env, [])).toThrow(ConfigError);
    expect(() => loadConfig(env, [])).toThrow(message);
  });

  it('reads trusted proxies as address ranges, and adds PUBLIC_ORIGIN to the allowed origins', () => {
    const config = loadConfig({ TRUSTED_PROXIES: '10.0.0.0/8, ::1', PUBLIC_ORIGIN: 'https://call.example.org', ALLOWED_ORIGINS: 'https://other.example.org' }, []);
    expect(config.trustedProxies.map(([address, bits]) => `${address.toString()}/${bits}`)).toEqual(['10.0.0.0/8', '::1/128']);
    expect(config.publicOrigin).toBe('https://call.example.org');
    expect(config.allowedOrigins).toEqual(['https://other.example.org', 'https://call.example.org']);
    expect(loadConfig({}, []).trustedProxies).toEqual([]);
  });

  it('accepts SERVER_SECRET in hex as well as base64', () => {
    const hex = Buffer.from(SERVER_SECRET, 'base64').toString('hex');
    expect(loadConfig({ SERVER_SECRET: hex }, []).serverSecret).toEqual(Buffer.from(SERVER_SECRET, 'base64'));
  });
});
