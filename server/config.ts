// The one place that reads the environment: validates it and hands out a frozen, typed config.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADMISSION_DEADLINE_MS, IDLE_TIMEOUT_SECONDS, RESUME_CREDENTIAL_TTL_MS, RESUME_GRACE_MS, TURN_CREDENTIAL_TTL_SECONDS } from '../protocol/index.js';
import { parseAddressRange, type AddressRange } from './client-address.js';
import { RESUME_RENEW_INTERVAL_MS } from './resume-credentials.js';

/** Longest RESUME_GRACE_MS: a dropped member's credential must outlive its seat, and it may be one renewal old. */
const MAX_RESUME_GRACE_MS = RESUME_CREDENTIAL_TTL_MS - RESUME_RENEW_INTERVAL_MS;
/** Shortest TURN credential lifetime a test may ask for, in seconds (coturn checks expiry in whole seconds). */
const MIN_TEST_TURN_CREDENTIAL_TTL_SECONDS = 2;
/** Shortest idle timeout a test may ask for, in seconds: uWS times idle connections in 4 s steps and takes 8 at the least. */
const MIN_TEST_IDLE_TIMEOUT_SECONDS = 8;
/** Shortest admission deadline a test may ask for, in ms. */
const MIN_TEST_ADMISSION_DEADLINE_MS = 500;
/** Variables only tests may set; PROD=1 refuses each. */
const TEST_ONLY_VARIABLES = ['TEST_TURN_CREDENTIAL_TTL_SECONDS', 'TEST_IDLE_TIMEOUT_SECONDS', 'TEST_ADMISSION_DEADLINE_MS'] as const;

export interface TurnConfig {
  readonly urls: readonly string[];
  readonly secret: string;
}

export interface TlsConfig {
  readonly certFile: string;
  readonly keyFile: string;
}

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly prod: boolean;
  /** Operator access key needed to create rooms; undefined means anyone may create. */
  readonly roomToken: string | undefined;
  /**
   * Exact origins allowed to open /ws (ALLOWED_ORIGINS plus PUBLIC_ORIGIN); undefined means the dev
   * default (own origin and localhost).
   */
  readonly allowedOrigins: readonly string[] | undefined;
  readonly turn: TurnConfig | undefined;
  readonly stunUrls: readonly string[];
  readonly tls: TlsConfig | undefined;
  /** Directory of the built app. */
  readonly staticDir: string;
  readonly lan: boolean;
  readonly dataDir: string;
  readonly discoveryPort: number;
  /** How long a dropped member's seat waits for a resume, in ms. */
  readonly resumeGraceMs: number;
  /** Proxies whose `X-Forwarded-For` and PROXY protocol header name the client (TRUSTED_PROXIES). */
  readonly trustedProxies: readonly AddressRange[];
  /** The origin users open, when a proxy in front terminates TLS (PUBLIC_ORIGIN). */
  readonly publicOrigin: string | undefined;
  /** Lifetime of the TURN credentials handed to members, in s: TURN_CREDENTIAL_TTL_SECONDS unless a test shortens it. */
  readonly turnCredentialTtlSeconds: number;
  /** Key of the resume credentials (SERVER_SECRET); undefined means one per process or kept in DATA_DIR (LAN). */
  readonly serverSecret: Buffer | undefined;
  /** Seconds without traffic before a WebSocket is closed: IDLE_TIMEOUT_SECONDS unless a test shortens it. */
  readonly idleTimeoutSeconds: number;
  /** How long a new connection may take to ask for a seat, in ms: ADMISSION_DEADLINE_MS unless a test shortens it. */
  readonly admissionDeadlineMs: number;
}

/** Fewest bytes a SERVER_SECRET must decode to. */
export const MIN_SERVER_SECRET_BYTES = 32;
/** Fewest distinct byte values in a SERVER_SECRET: catches a repeated character or a short pattern. */
const MIN_SERVER_SECRET_DISTINCT_BYTES = 16;

/** A configuration error; its message names the variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function nonEmpty(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function parsePort(env: Env, name: string, fallback: number): number {
  const raw = nonEmpty(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65535) {
    throw new ConfigError(`${name} must be a port number from 0 to 65535, got "${raw}"`);
  }
  return Number(raw);
}

function parseInteger(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = nonEmpty(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

function parseFlag(env: Env, name: string): boolean {
  const raw = nonEmpty(env, name);
  if (raw === undefined || raw === '0' || raw === 'false') return false;
  if (raw === '1' || raw === 'true') return true;
  throw new ConfigError(`${name} must be 1 or 0, got "${raw}"`);
}

function parseList(env: Env, name: string): string[] {
  const raw = nonEmpty(env, name);
  return raw === undefined ? [] : raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function parseOrigins(env: Env, name: string): string[] | undefined {
  const list = parseList(env, name);
  if (list.length === 0) return undefined;
  for (const entry of list) {
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      throw new ConfigError(`${name}: "${entry}" is not an origin like https://call.example.org`);
    }
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== entry) {
      throw new ConfigError(`${name}: "${entry}" must be exactly scheme://host[:port] with no path or trailing slash`);
    }
  }
  return list;
}

function parseOrigin(env: Env, name: string): string | undefined {
  const list = parseOrigins(env, name);
  if (list !== undefined && list.length > 1) throw new ConfigError(`${name} must be one origin, got ${list.length}`);
  return list?.[0];
}

function parseTrustedProxies(env: Env, name: string): AddressRange[] {
  return parseList(env, name).map((entry) => {
    const range = parseAddressRange(entry);
    if (!range) throw new ConfigError(`${name}: "${entry}" is not an IPv4 or IPv6 address or CIDR range like 10.0.0.0/8 or fd00::/8`);
    return range;
  });
}

/** SERVER_SECRET in hex, base64 or base64url, decoding to enough bytes that are not a trivial pattern. */
function parseServerSecret(env: Env, name: string): Buffer | undefined {
  const raw = nonEmpty(env, name);
  if (raw === undefined) return undefined;
  const bytes = /^(?:[0-9a-fA-F]{2})+$/.test(raw) ? Buffer.from(raw, 'hex') : /^[A-Za-z0-9+/_-]+={0,2}$/.test(raw) ? Buffer.from(raw, 'base64') : undefined;
  if (!bytes || bytes.length < MIN_SERVER_SECRET_BYTES || new Set(bytes).size < MIN_SERVER_SECRET_DISTINCT_BYTES) {
    throw new ConfigError(
      `${name} must be at least ${MIN_SERVER_SECRET_BYTES} random bytes in hex or base64 (make one with: openssl rand -base64 32), the same on every node`,
    );
  }
  return bytes;
}

function parseIceUrls(env: Env, name: string, schemes: readonly string[]): string[] {
  const list = parseList(env, name);
  for (const entry of list) {
    const scheme = entry.split(':', 1)[0] ?? '';
    if (!schemes.includes(scheme) || entry.length <= scheme.length + 1) {
      throw new ConfigError(`${name}: "${entry}" must start with ${schemes.map((s) => `${s}:`).join(' or ')}`);
    }
  }
  return list;
}

function parseHost(env: Env, name: string, fallback: string): string {
  const raw = nonEmpty(env, name) ?? fallback;
  if (!/^[A-Za-z0-9.:-]+$/.test(raw)) throw new ConfigError(`${name} must be a host name or IP address, got "${raw}"`);
  return raw;
}

function parseFile(env: Env, name: string): string | undefined {
  const raw = nonEmpty(env, name);
  if (raw === undefined) return undefined;
  const path = resolve(raw);
  if (!existsSync(path)) throw new ConfigError(`${name}: file "${raw}" does not exist`);
  return path;
}

/** Reads and validates the environment (and `--lan` from argv); throws ConfigError naming the variable. */
export function loadConfig(env: Env = process.env, argv: readonly string[] = process.argv.slice(2)): Config {
  const prod = parseFlag(env, 'PROD');
  const lan = argv.includes('--lan') || parseFlag(env, 'LAN');
  const roomToken = nonEmpty(env, 'ROOM_TOKEN');
  const allowedOrigins = parseOrigins(env, 'ALLOWED_ORIGINS');
  const turnUrls = parseIceUrls(env, 'TURN_URLS', ['turn', 'turns']);
  const turnSecret = nonEmpty(env, 'TURN_SECRET');
  const stunUrls = parseIceUrls(env, 'STUN_URLS', ['stun', 'stuns']);
  const certFile = parseFile(env, 'TLS_CERT');
  const keyFile = parseFile(env, 'TLS_KEY');
  const trustedProxies = parseTrustedProxies(env, 'TRUSTED_PROXIES');
  const publicOrigin = parseOrigin(env, 'PUBLIC_ORIGIN');
  const serverSecret = parseServerSecret(env, 'SERVER_SECRET');
  // Tests only: watching a departed member's credential die must not take ten minutes.
  const turnCredentialTtlSeconds = parseInteger(env, 'TEST_TURN_CREDENTIAL_TTL_SECONDS', TURN_CREDENTIAL_TTL_SECONDS, MIN_TEST_TURN_CREDENTIAL_TTL_SECONDS, TURN_CREDENTIAL_TTL_SECONDS);
  // Tests only: the process-level checks of the idle timeout and the admission deadline need not wait the real ones.
  const idleTimeoutSeconds = parseInteger(env, 'TEST_IDLE_TIMEOUT_SECONDS', IDLE_TIMEOUT_SECONDS, MIN_TEST_IDLE_TIMEOUT_SECONDS, IDLE_TIMEOUT_SECONDS);
  const admissionDeadlineMs = parseInteger(env, 'TEST_ADMISSION_DEADLINE_MS', ADMISSION_DEADLINE_MS, MIN_TEST_ADMISSION_DEADLINE_MS, ADMISSION_DEADLINE_MS);

  if ((turnUrls.length > 0) !== (turnSecret !== undefined)) {
    throw new ConfigError('TURN_URLS and TURN_SECRET must be set together');
  }
  if ((certFile === undefined) !== (keyFile === undefined)) {
    throw new ConfigError('TLS_CERT and TLS_KEY must be set together');
  }
  if (roomToken !== undefined && roomToken.length < 16) {
    throw new ConfigError('ROOM_TOKEN must be at least 16 characters');
  }
  if (prod) {
    const missing = [
      roomToken === undefined && 'ROOM_TOKEN',
      allowedOrigins === undefined && publicOrigin === undefined && 'ALLOWED_ORIGINS or PUBLIC_ORIGIN',
      turnSecret === undefined && 'TURN_URLS and TURN_SECRET',
      serverSecret === undefined && 'SERVER_SECRET',
    ].filter((m): m is string => m !== false);
    for (const name of TEST_ONLY_VARIABLES) {
      if (nonEmpty(env, name) !== undefined) throw new ConfigError(`PROD=1 refuses ${name}: it is for tests only`);
    }
    if (lan) throw new ConfigError('PROD=1 refuses LAN mode (LAN=1 or --lan): production calls go through TURN only');
    if (missing.length > 0) throw new ConfigError(`PROD=1 requires ${missing.join(', ')}`);
  }

  return Object.freeze({
    port: parsePort(env, 'PORT', 8790),
    host: parseHost(env, 'HOST', lan ? '0.0.0.0' : '127.0.0.1'),
    prod,
    roomToken,
    allowedOrigins: allowedOrigins || publicOrigin ? Object.freeze([...new Set([...(allowedOrigins ?? []), ...(publicOrigin ? [publicOrigin] : [])])]) : undefined,
    turn: turnSecret === undefined ? undefined : Object.freeze({ urls: Object.freeze(turnUrls), secret: turnSecret }),
    stunUrls: Object.freeze(stunUrls),
    tls: certFile && keyFile ? Object.freeze({ certFile, keyFile }) : undefined,
    staticDir: resolve(nonEmpty(env, 'STATIC_DIR') ?? join(projectRoot, 'dist')),
    lan,
    dataDir: resolve(nonEmpty(env, 'DATA_DIR') ?? join(homedir(), '.securecall')),
    discoveryPort: parsePort(env, 'DISCOVERY_PORT', 8791),
    resumeGraceMs: parseInteger(env, 'RESUME_GRACE_MS', RESUME_GRACE_MS, 1000, MAX_RESUME_GRACE_MS),
    trustedProxies: Object.freeze(trustedProxies),
    publicOrigin,
    serverSecret,
    turnCredentialTtlSeconds,
    idleTimeoutSeconds,
    admissionDeadlineMs,
  });
}
