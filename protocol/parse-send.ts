// The relay's hot path: a `send` frame in one of its two canonical shapes, checked whole by one pattern instead of JSON.parse and the schema.
import { MAX_ENVELOPE_DATA_CHARS } from './limits.js';
import type { SendMessage } from './messages.js';

/** A JSON number that is a positive integer without leading zeros or exponent; safe-integer range is checked after. */
const TS = '([1-9][0-9]{0,15})';
/** `*` or a peer id: 12 base64url characters. */
const TO = '(\\*|[A-Za-z0-9_-]{12})';
/** A JSON string body that needs no unescaping: no quote, backslash or control character. */
const DATA = '([^"\\\\\\u0000-\\u001f]+)';

/** The bench's and any compact encoder's order (t, ts, to, data). */
const TS_FIRST = new RegExp(`^\\{"t":"send","ts":${TS},"to":"${TO}","data":"${DATA}"\\}$`);
/** The app's order: JSON.stringify({ ...{ t, to, data }, ts }). */
const TS_LAST = new RegExp(`^\\{"t":"send","to":"${TO}","data":"${DATA}","ts":${TS}\\}$`);

function sendMessage(ts: string, to: string, data: string): SendMessage | undefined {
  const stamp = Number(ts);
  if (!Number.isSafeInteger(stamp) || data.length > MAX_ENVELOPE_DATA_CHARS) return undefined;
  return { t: 'send', ts: stamp, to, data };
}

/**
 * The `send` message of `frame` when it is written exactly in one of the two compact shapes with a
 * `data` string that has no escapes; undefined for anything else, which then takes the full parser.
 * Whatever this accepts, the full parser accepts as the same message (tests/unit/protocol-parse-send.test.ts).
 */
export function parseSendFast(frame: string): SendMessage | undefined {
  if (!frame.startsWith('{"t":"send","t')) return undefined;
  let m = TS_FIRST.exec(frame);
  if (m) return sendMessage(m[1]!, m[2]!, m[3]!);
  m = TS_LAST.exec(frame);
  return m ? sendMessage(m[3]!, m[1]!, m[2]!) : undefined;
}
