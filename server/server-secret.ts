// The key of the resume credentials: SERVER_SECRET, else kept in DATA_DIR (LAN mode), else one per process.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MIN_SERVER_SECRET_BYTES, type Config } from './config.js';

/** File in DATA_DIR that keeps the LAN server's secret across restarts. */
export const SERVER_SECRET_FILE = 'server-secret';
/** Owner read/write only: the secret lets whoever holds it mint resume credentials. */
const SECRET_FILE_MODE = 0o600;
/** Owner-only data directory, as for the LAN certificate. */
const DATA_DIR_MODE = 0o700;

/** Reads the LAN secret from DATA_DIR, or creates it there (mode 0600) on first start. */
function lanSecret(dataDir: string): Buffer {
  const path = join(dataDir, SERVER_SECRET_FILE);
  if (existsSync(path)) {
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, SECRET_FILE_MODE);
    const stored = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64url');
    if (stored.length >= MIN_SERVER_SECRET_BYTES) return stored;
  }
  mkdirSync(dataDir, { recursive: true, mode: DATA_DIR_MODE });
  const secret = randomBytes(MIN_SERVER_SECRET_BYTES);
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${secret.toString('base64url')}\n`, { mode: SECRET_FILE_MODE });
  chmodSync(temp, SECRET_FILE_MODE);
  renameSync(temp, path);
  return secret;
}

/**
 * The secret resume credentials are signed with. With SERVER_SECRET set (required with PROD=1)
 * every node sharing it accepts the others' credentials; in LAN mode the secret survives restarts
 * in DATA_DIR; otherwise (dev) a restart invalidates every credential.
 */
export function resolveServerSecret(config: Config): Buffer {
  if (config.serverSecret) return config.serverSecret;
  if (config.lan) return lanSecret(config.dataDir);
  return randomBytes(MIN_SERVER_SECRET_BYTES);
}
