// The relay frame a member receives for an envelope, built by concatenation instead of serialising an object.
import type { PeerId } from '../protocol/index.js';

/**
 * `{"t":"relay","from":FROM,"data":DATA}`, the same text as JSON.stringify of that object: `from` is a
 * server-issued base64url peer id (nothing to escape), `data` is escaped by JSON.stringify itself.
 */
export function relayFrame(from: PeerId, data: string): string {
  return `{"t":"relay","from":"${from}","data":${JSON.stringify(data)}}`;
}
