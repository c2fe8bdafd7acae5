// SDP authentication: an HMAC under the pairwise key over the SDP's DTLS fingerprints, sender, recipient and room.
import { base64urlDecode, base64urlEncode } from './base64url.js';
import { concatBytes, lengthPrefixed } from './bytes.js';
import { CryptoError } from './errors.js';
import { sdpFingerprints } from './dtls-fingerprints.js';
import { LABEL_SDP_MAC } from './labels.js';
import type { PairKeys } from './pairwise.js';

/** The facts an SDP MAC binds besides the fingerprints. */
export interface SdpContext {
  readonly room: string;
  /** Peer id of the SDP's author. */
  readonly from: string;
  /** Peer id of the SDP's receiver. */
  readonly to: string;
  readonly type: 'offer' | 'answer';
}

function macInput(context: SdpContext, sdp: string): Uint8Array<ArrayBuffer> {
  const fingerprints = sdpFingerprints(sdp);
  if (fingerprints.length === 0) throw new CryptoError('malformed-sdp', 'SDP carries no a=fingerprint');
  if (fingerprints.length > 255) throw new CryptoError('malformed-sdp', 'too many fingerprints');
  const parts: Uint8Array[] = [
    LABEL_SDP_MAC,
    lengthPrefixed(context.room),
    lengthPrefixed(context.from),
    lengthPrefixed(context.to),
    lengthPrefixed(context.type),
    Uint8Array.of(fingerprints.length),
  ];
  for (const fp of fingerprints) parts.push(lengthPrefixed(fp.algorithm), Uint8Array.of(fp.value.length), fp.value);
  return concatBytes(...parts);
}

/** MAC (base64url, 32 bytes) to send alongside my offer or answer. Throws `malformed-sdp` if it has no fingerprint. */
export async function signSdp(keys: PairKeys, context: SdpContext, sdp: string): Promise<string> {
  const mac = await globalThis.crypto.subtle.sign('HMAC', keys.sendMac, macInput(context, sdp));
  return base64urlEncode(new Uint8Array(mac));
}

/**
 * True only if `mac` authenticates this SDP's fingerprints for this room, sender and receiver
 * under the peer's MAC key. Malformed SDPs and MACs are false, never exceptions, so the
 * caller has one branch: refuse the SDP.
 */
export async function verifySdp(keys: PairKeys, context: SdpContext, sdp: string, mac: string): Promise<boolean> {
  try {
    const tag = base64urlDecode(mac);
    if (tag.length !== 32) return false;
    return await globalThis.crypto.subtle.verify('HMAC', keys.recvMac, tag, macInput(context, sdp));
  } catch {
    // Expected: a MAC that is not base64url; refused like a wrong one.
    return false;
  }
}
