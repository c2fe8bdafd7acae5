// Domain-separation labels: every derivation and MAC input starts with its own versioned label.
import { utf8Encode } from './bytes.js';

/** HKDF info prefix for the room signaling key. */
export const LABEL_ROOM_KEY = utf8Encode('SecureCall v1 room signaling key');
/** HKDF salt for pairwise keys (the ECDH secret is not uniform, so a fixed salt extracts it). */
export const LABEL_PAIR_SALT = utf8Encode('SecureCall v1 pairwise salt');
/** HKDF info prefix for pairwise keys; a direction and purpose suffix follows the transcript. */
export const LABEL_PAIR_KEY = utf8Encode('SecureCall v1 pairwise keys');
/** MAC input prefix for SDP fingerprint authentication. */
export const LABEL_SDP_MAC = utf8Encode('SecureCall v1 sdp fingerprint mac');
/** Hash prefix for the per-pair safety number. */
export const LABEL_SAFETY_NUMBER = utf8Encode('SecureCall v1 safety number');
/** PBKDF2 salt prefix for the group room safety code (v2: stretched, 6 groups of 5 digits). */
export const LABEL_ROOM_CODE = utf8Encode('SecureCall v2 room safety code');
/** Hash prefix for the room tag in the fingerprint QR payload. */
export const LABEL_QR_ROOM = utf8Encode('SecureCall v1 qr room tag');
/** HKDF info prefix for an invite's bootstrap key (v2 key schedule: one secret per invite). */
export const LABEL_INVITE_KEY = utf8Encode('SecureCall v2 invite bootstrap key');
/** HKDF info prefix for the 8-byte key id an envelope names its key by. */
export const LABEL_KEY_ID = utf8Encode('SecureCall v2 envelope key id');
/** HKDF info prefix and AAD prefix for a message sealed to one peer from an ephemeral key (hides who sent it). */
export const LABEL_ANONYMOUS_SEAL = utf8Encode('SecureCall v2 sealed to one peer from an ephemeral key');
/** HKDF info prefix and AAD prefix for a message sealed to one peer (room key hand-over). */
export const LABEL_PEER_SEAL = utf8Encode('SecureCall v2 sealed to one peer');
