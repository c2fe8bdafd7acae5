// Pure validation of frames at the protocol boundary: text in, typed message or typed error out.
import { ERROR_CODES, type ErrorCode } from './codes.js';
import {
  MAX_ACCESS_KEY_CHARS,
  MAX_ENVELOPE_DATA_CHARS,
  MAX_INVITE_TTL_SECONDS,
  MIN_INVITE_TTL_SECONDS,
  PEER_ID_CHARS,
  RESUME_CREDENTIAL_CHARS,
  ROOM_ID_CHARS,
  SECRET_CHARS,
} from './limits.js';
import type {
  ClientMessageType,
  ClientToServer,
  IceConfig,
  ServerToClient,
} from './messages.js';

export type Parsed<T> = { readonly ok: true; readonly msg: T } | { readonly ok: false; readonly ts?: number };

const BASE64URL = /^[A-Za-z0-9_-]+$/;

function isBase64Url(value: unknown, length: number): value is string {
  return typeof value === 'string' && value.length === length && BASE64URL.test(value);
}

/** A room id as it appears in `/ws/ROOM`: 22 base64url characters. */
export function isRoomId(value: unknown): value is string {
  return isBase64Url(value, ROOM_ID_CHARS);
}

/** A peer id the server hands out: 12 base64url characters. */
export function isPeerId(value: unknown): value is string {
  return isBase64Url(value, PEER_ID_CHARS);
}

/** An invite token or a token hash: 43 base64url characters (32 bytes). */
export function isSecret(value: unknown): value is string {
  return isBase64Url(value, SECRET_CHARS);
}

/** A resume credential: 51 base64url characters (38 bytes). */
export function isResumeCredential(value: unknown): value is string {
  return isBase64Url(value, RESUME_CREDENTIAL_CHARS);
}

type FieldCheck = (value: unknown) => boolean;

const isTs: FieldCheck = (v) => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
const isTtl: FieldCheck = (v) =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= MIN_INVITE_TTL_SECONDS && v <= MAX_INVITE_TTL_SECONDS;
const isAccessKey: FieldCheck = (v) => typeof v === 'string' && v.length > 0 && v.length <= MAX_ACCESS_KEY_CHARS;
const isRecipient: FieldCheck = (v) => v === '*' || isPeerId(v);
const isEnvelopeData: FieldCheck = (v) =>
  typeof v === 'string' && v.length > 0 && v.length <= MAX_ENVELOPE_DATA_CHARS;

interface Shape {
  readonly required: Readonly<Record<string, FieldCheck>>;
  readonly optional?: Readonly<Record<string, FieldCheck>>;
}

const CLIENT_SHAPES: Readonly<Record<ClientMessageType, Shape>> = {
  create: { required: { ts: isTs }, optional: { key: isAccessKey } },
  join: { required: { ts: isTs, token: isSecret } },
  resume: { required: { ts: isTs, peer: isPeerId, secret: isResumeCredential } },
  invite: { required: { ts: isTs, hash: isSecret, ttl: isTtl } },
  revoke: { required: { ts: isTs, hash: isSecret } },
  send: { required: { ts: isTs, to: isRecipient, data: isEnvelopeData } },
  leave: { required: { ts: isTs } },
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function matchesShape(obj: Record<string, unknown>, shape: Shape): boolean {
  const keys = Object.keys(obj);
  for (const key of keys) {
    if (key === 't') continue;
    if (!Object.hasOwn(shape.required, key) && !(shape.optional && Object.hasOwn(shape.optional, key))) return false;
  }
  for (const [key, check] of Object.entries(shape.required)) {
    if (!Object.hasOwn(obj, key) || !check(obj[key])) return false;
  }
  for (const [key, check] of Object.entries(shape.optional ?? {})) {
    if (Object.hasOwn(obj, key) && !check(obj[key])) return false;
  }
  return true;
}

function parseJsonObject(frame: string): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(frame);
  } catch {
    return undefined;
  }
  return isPlainObject(value) ? value : undefined;
}

/**
 * Validates one client frame. Every message is a flat JSON object with exactly the fields of its
 * type, so unknown keys (`__proto__`, `constructor`), nesting and wrong types are all refused.
 */
export function parseClientMessage(frame: string): Parsed<ClientToServer> {
  const obj = parseJsonObject(frame);
  if (!obj) return { ok: false };
  const ts = isTs(obj['ts']) ? (obj['ts'] as number) : undefined;
  const type = obj['t'];
  if (typeof type !== 'string' || !Object.hasOwn(CLIENT_SHAPES, type)) return ts === undefined ? { ok: false } : { ok: false, ts };
  const shape = CLIENT_SHAPES[type as ClientMessageType];
  if (!matchesShape(obj, shape)) return ts === undefined ? { ok: false } : { ok: false, ts };
  return { ok: true, msg: obj as unknown as ClientToServer };
}

const isPeerList: FieldCheck = (v) => Array.isArray(v) && v.every(isPeerId);
const isErrorCode: FieldCheck = (v) => typeof v === 'string' && (ERROR_CODES as readonly string[]).includes(v);
const isExpiry: FieldCheck = (v) => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
const isObject: FieldCheck = (v) => isPlainObject(v);
const isBoolean: FieldCheck = (v) => typeof v === 'boolean';

function isIceConfig(value: unknown): value is IceConfig {
  if (!isPlainObject(value)) return false;
  const policy = value['iceTransportPolicy'];
  const servers = value['iceServers'];
  if (policy !== 'all' && policy !== 'relay') return false;
  if (!Array.isArray(servers)) return false;
  return servers.every(
    (s: unknown) =>
      isPlainObject(s) &&
      Array.isArray(s['urls']) &&
      s['urls'].every((u: unknown) => typeof u === 'string') &&
      (s['username'] === undefined || typeof s['username'] === 'string') &&
      (s['credential'] === undefined || typeof s['credential'] === 'string'),
  );
}

const SERVER_SHAPES: Readonly<Record<ServerToClient['t'], Shape>> = {
  welcome: {
    required: {
      room: isRoomId,
      you: isPeerId,
      members: isPeerList,
      resume: isResumeCredential,
      resumed: isBoolean,
      limits: isObject,
      ice: isIceConfig,
    },
    optional: { restored: isBoolean },
  },
  'resume-renewed': { required: { resume: isResumeCredential } },
  'peer-joined': { required: { peer: isPeerId } },
  'peer-left': { required: { peer: isPeerId } },
  relay: { required: { from: isPeerId, data: isEnvelopeData } },
  invited: { required: { hash: isSecret, expires: isExpiry } },
  'invite-used': { required: { hash: isSecret } },
  revoked: { required: { hash: isSecret } },
  error: { required: { code: isErrorCode }, optional: { ts: isTs } },
};

/** Validates one server frame on the client; anything unexpected is dropped by the caller. */
export function parseServerMessage(frame: string): Parsed<ServerToClient> {
  const obj = parseJsonObject(frame);
  if (!obj) return { ok: false };
  const type = obj['t'];
  if (typeof type !== 'string' || !Object.hasOwn(SERVER_SHAPES, type)) return { ok: false };
  if (!matchesShape(obj, SERVER_SHAPES[type as ServerToClient['t']])) return { ok: false };
  return { ok: true, msg: obj as unknown as ServerToClient };
}

/** Type guard for an error code string, for callers that receive codes from elsewhere. */
export function isErrorCodeString(value: unknown): value is ErrorCode {
  return isErrorCode(value);
}
