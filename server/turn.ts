// Ephemeral TURN credentials (TURN REST scheme, coturn use-auth-secret) and the ICE config handed to members.
import { createHmac, randomBytes } from 'node:crypto';
import { TURN_CREDENTIAL_TTL_SECONDS, type IceConfig, type IceServer } from '../protocol/index.js';
import type { Config } from './config.js';

/** username = "expiry:random", credential = base64(HMAC-SHA1(secret, username)). */
export function turnCredentials(secret: string, nowMs: number, ttlSeconds = TURN_CREDENTIAL_TTL_SECONDS): { username: string; credential: string } {
  const expiry = Math.floor(nowMs / 1000) + ttlSeconds;
  const username = `${expiry}:${randomBytes(9).toString('base64url')}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential };
}

/** The ICE configuration for one admitted member: relay-only in production, host candidates on a LAN. */
export function iceConfigFor(config: Config, nowMs: number): IceConfig {
  const servers: IceServer[] = [];
  if (!config.prod && !config.lan && config.stunUrls.length > 0) servers.push({ urls: config.stunUrls });
  if (config.turn && !config.lan) servers.push({ urls: config.turn.urls, ...turnCredentials(config.turn.secret, nowMs) });
  return { iceServers: servers, iceTransportPolicy: config.prod ? 'relay' : 'all' };
}
