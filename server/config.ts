// The one place that reads the environment: validates it and hands out a frozen, typed config.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RESUME_GRACE_MS } from '../protocol/index.js';

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
  /** Exact origins allowed to open /ws; undefined means the dev default (own origin and localhost). */
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
}

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
      allowedOrigins === undefined && 'ALLOWED_ORIGINS',
      turnSecret === undefined && 'TURN_URLS and TURN_SECRET',
    ].filter((m): m is string => m !== false);
    if (missing.length > 0) throw new ConfigError(`PROD=1 requires ${missing.join(', ')}`);
    if (lan) throw new ConfigError('PROD=1 refuses LAN mode (LAN=1 or --lan): production calls go through TURN only');
  }

  return Object.freeze({
    port: parsePort(env, 'PORT', 8790),
    host: parseHost(env, 'HOST', lan ? '0.0.0.0' : '127.0.0.1'),
    prod,
    roomToken,
    allowedOrigins: allowedOrigins && Object.freeze(allowedOrigins),
    turn: turnSecret === undefined ? undefined : Object.freeze({ urls: Object.freeze(turnUrls), secret: turnSecret }),
    stunUrls: Object.freeze(stunUrls),
    tls: certFile && keyFile ? Object.freeze({ certFile, keyFile }) : undefined,
    staticDir: resolve(nonEmpty(env, 'STATIC_DIR') ?? join(projectRoot, 'dist')),
    lan,
    dataDir: resolve(nonEmpty(env, 'DATA_DIR') ?? join(homedir(), '.securecall')),
    discoveryPort: parsePort(env, 'DISCOVERY_PORT', 8791),
    resumeGraceMs: parseInteger(env, 'RESUME_GRACE_MS', RESUME_GRACE_MS, 1000, 10 * 60_000),
  });
}
