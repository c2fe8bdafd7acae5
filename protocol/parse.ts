// Pure validation of frames at the protocol boundary: text in, typed message or typed error out.
import * as v from 'valibot';
import {
  CLIENT_TO_SERVER,
  PEER_ID,
  ROOM_ID,
  SECRET,
  SERVER_TO_CLIENT,
  TS,
  type ClientToServer,
  type ServerToClient,
} from './messages.js';
import { parseSendFast } from './parse-send.js';

export type Parsed<T> = { readonly ok: true; readonly msg: T } | { readonly ok: false; readonly ts?: number };

/** The first problem is enough to refuse a frame; collecting the rest would only cost time. */
const FIRST_ISSUE_ONLY = { abortEarly: true } as const;

/** A room id as it appears in `/ws/ROOM`: 22 base64url characters. */
export function isRoomId(value: unknown): value is string {
  return v.is(ROOM_ID, value);
}

/** A peer id as the server assigns it. */
export function isPeerId(value: unknown): value is string {
  return v.is(PEER_ID, value);
}

/** An invite token or a token hash: 43 base64url characters (32 bytes). */
export function isSecret(value: unknown): value is string {
  return v.is(SECRET, value);
}

function parseJson(frame: string): unknown {
  try {
    return JSON.parse(frame);
  } catch {
    return undefined;
  }
}

/** The frame's own `ts` when it is a valid one, so a refusal can name the message it refuses. */
function readableTs(value: unknown): number | undefined {
  if (typeof value !== 'object' || value === null || !Object.hasOwn(value, 'ts')) return undefined;
  const ts = (value as { ts: unknown }).ts;
  return v.is(TS, ts) ? ts : undefined;
}

/**
 * Validates one client frame. Every message is a flat JSON object with exactly the fields of its
 * type (protocol/messages.ts), so unknown keys (`__proto__`, `constructor`), nesting and wrong types are all refused.
 */
export function parseClientMessage(frame: string): Parsed<ClientToServer> {
  const send = parseSendFast(frame);
  if (send) return { ok: true, msg: send };
  const value = parseJson(frame);
  const result = v.safeParse(CLIENT_TO_SERVER, value, FIRST_ISSUE_ONLY);
  if (result.success) return { ok: true, msg: result.output };
  const ts = readableTs(value);
  return ts === undefined ? { ok: false } : { ok: false, ts };
}

/** Validates one server frame on the client; anything unexpected is dropped by the caller. */
export function parseServerMessage(frame: string): Parsed<ServerToClient> {
  const result = v.safeParse(SERVER_TO_CLIENT, parseJson(frame), FIRST_ISSUE_ONLY);
  return result.success ? { ok: true, msg: result.output } : { ok: false };
}
