// Ephemeral TURN credentials (TURN REST scheme, coturn use-auth-secret), when they are renewed, and the ICE config handed to members.
import { createHmac } from 'node:crypto';
import { TURN_CREDENTIAL_TTL_SECONDS, type IceConfig, type IceServer } from '../protocol/index.js';
import type { Config } from './config.js';
import { randomBase64url } from './random-ids.js';

/** Random bytes in a TURN username after the expiry: keeps two members' usernames of the same second apart. */
const TURN_USERNAME_RANDOM_BYTES = 9;

/** One member's TURN REST credential and when coturn stops accepting it. */
export interface TurnCredential {
  readonly username: string;
  readonly credential: string;
  /** Epoch ms; the username's expiry. */
  readonly expires: number;
}

/** username = "expiry:random", credential = base64(HMAC-SHA1(secret, username)). */
export function turnCredentials(secret: string, nowMs: number, ttlSeconds = TURN_CREDENTIAL_TTL_SECONDS): { username: string; credential: string } {
  return mintTurnCredential(secret, nowMs, ttlSeconds);
}

function mintTurnCredential(secret: string, nowMs: number, ttlSeconds: number): TurnCredential {
  const expiry = Math.floor(nowMs / 1000) + ttlSeconds;
  const username = `${expiry}:${randomBase64url(TURN_USERNAME_RANDOM_BYTES)}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential, expires: expiry * 1000 };
}

/** True when this server hands out TURN credentials at all (not on a LAN, not without TURN_URLS). */
export function issuesTurn(config: Config): boolean {
  return config.turn !== undefined && !config.lan;
}

/**
 * How often the renewal sweep looks for credentials to renew, in ms: a quarter of their lifetime,
 * so a renewed credential always has at least a quarter of its lifetime left when it is replaced.
 */
export function turnRenewIntervalMs(config: Config): number {
  return (config.turnCredentialTtlSeconds * 1000) / 4;
}

/**
 * The credential a member should hold now: the one it has while more than half of its lifetime is
 * left (so a resume, however often, gets the same one back), otherwise a fresh one.
 */
export function currentTurnCredential(config: Config, held: TurnCredential | undefined, nowMs: number): TurnCredential | undefined {
  if (!config.turn || config.lan) return undefined;
  const ttlMs = config.turnCredentialTtlSeconds * 1000;
  if (held !== undefined && held.expires - nowMs > ttlMs / 2) return held;
  return mintTurnCredential(config.turn.secret, nowMs, config.turnCredentialTtlSeconds);
}

/** The ICE configuration for one admitted member: relay-only in production, host candidates on a LAN. */
export function iceConfigFor(config: Config, turn: TurnCredential | undefined): IceConfig {
  const servers: IceServer[] = [];
  if (!config.prod && !config.lan && config.stunUrls.length > 0) servers.push({ urls: config.stunUrls });
  if (config.turn && turn) servers.push({ urls: config.turn.urls, username: turn.username, credential: turn.credential });
  return { iceServers: servers, iceTransportPolicy: config.prod ? 'relay' : 'all' };
}
