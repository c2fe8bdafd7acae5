// The relay's hot path: a `send` frame in one of its two canonical shapes, read by a short scan instead of JSON.parse and the schema.
import { MAX_ENVELOPE_DATA_CHARS } from './limits.js';
import type { SendMessage } from './messages.js';

/*
 * The two shapes, and where the scan looks (DATA is found with one indexOf for its closing quote,
 * then checked by one pattern; only the short head and tail go through anchored patterns):
 *
 *   app order:   {"t":"send","to":"TO","data":"DATA","ts":TS}    JSON.stringify({ ...{ t, to, data }, ts })
 *   bench order: {"t":"send","ts":TS,"to":"TO","data":"DATA"}    the load generator's compact order
 *
 * TO: `*` or a 12-character base64url peer id. TS: a positive integer without leading zeros or
 * exponent (safe-integer range checked after).
 */

/** A JSON number that is a positive integer without leading zeros or exponent. */
const TS = '([1-9][0-9]{0,15})';
/** `*` or a peer id: 12 base64url characters. */
const TO = '(\\*|[A-Za-z0-9_-]{12})';
/** The app order up to the opening quote of `data`. */
const APP_HEAD = new RegExp(`^\\{"t":"send","to":"${TO}","data":"`);
/** What follows the closing quote of `data` in the app order. */
const APP_TAIL = new RegExp(`^","ts":${TS}\\}$`);
/** The bench order up to the opening quote of `data`. */
const BENCH_HEAD = new RegExp(`^\\{"t":"send","ts":${TS},"to":"${TO}","data":"`);
/** What follows the closing quote of `data` in the bench order. */
const BENCH_TAIL = '"}';
/**
 * A character JSON carries as it is: not a quote, a backslash, a control character or a UTF-16
 * surrogate (a lone one is escaped by JSON.stringify; a pair is left to the full parser too, to keep
 * this one class simple).
 */
const PLAIN_CHAR = '[^"\\\\\\u0000-\\u001f\\ud800-\\udfff]';
/** `data` that JSON carries as it is: one or more plain characters. */
const PLAIN_DATA = new RegExp(`^${PLAIN_CHAR}+$`);

/**
 * A `send` read by the fast path. Its `data` needs no escaping as a JSON string, so a relay frame
 * can carry it between quotes as it is (server/relay-frame.ts).
 */
export class PlainSend implements SendMessage {
  readonly t = 'send';

  constructor(
    readonly ts: number,
    readonly to: string,
    readonly data: string,
  ) {}
}

function plainSend(ts: string, to: string, data: string): PlainSend | undefined {
  const stamp = Number(ts);
  if (!Number.isSafeInteger(stamp) || data.length > MAX_ENVELOPE_DATA_CHARS || !PLAIN_DATA.test(data)) return undefined;
  return new PlainSend(stamp, to, data);
}

/**
 * The `send` message of `frame` when it is written exactly in one of the two compact shapes with
 * plain `data` (PLAIN_DATA); undefined for anything else, which then takes the full parser.
 * Whatever this accepts, the full parser accepts as the same message (tests/unit/protocol-parse-send.test.ts).
 */
export function parseSendFast(frame: string): PlainSend | undefined {
  if (!frame.startsWith('{"t":"send","t')) return undefined;
  const app = APP_HEAD.exec(frame);
  if (app) {
    const start = app[0].length;
    const end = frame.indexOf('"', start);
    const tail = end < 0 ? null : APP_TAIL.exec(frame.slice(end));
    return tail ? plainSend(tail[1]!, app[1]!, frame.slice(start, end)) : undefined;
  }
  const bench = BENCH_HEAD.exec(frame);
  if (!bench) return undefined;
  const start = bench[0].length;
  const end = frame.length - BENCH_TAIL.length;
  if (end < start || frame.indexOf('"', start) !== end || !frame.endsWith(BENCH_TAIL)) return undefined;
  return plainSend(bench[1]!, bench[2]!, frame.slice(start, end));
}
