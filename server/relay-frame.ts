// The relay frame a member receives for an envelope, built by concatenation instead of serialising an object.
import type { PeerId, SendMessage } from '../protocol/index.js';
import { PlainSend } from '../protocol/parse-send.js';

/**
 * `{"t":"relay","from":FROM,"data":DATA}`, the same text as JSON.stringify of that object: `from` is a
 * server-issued base64url peer id (nothing to escape); `data` read by the fast path needs no escaping
 * and goes between quotes as it is (JSON.stringify of a few KiB costs several µs), any other `data`
 * is escaped by JSON.stringify itself.
 */
export function relayFrame(from: PeerId, send: SendMessage): string {
  if (send instanceof PlainSend) return `{"t":"relay","from":"${from}","data":"${send.data}"}`;
  return `{"t":"relay","from":"${from}","data":${JSON.stringify(send.data)}}`;
}
