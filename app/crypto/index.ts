// Public API of the end-to-end crypto module (pure functions over bytes and CryptoKeys, WebCrypto only).
export { base64urlDecode, base64urlEncode } from './base64url.js';
export { constantTimeEqual, utf8Decode, utf8Encode } from './bytes.js';
export { CryptoError } from './errors.js';
export { hkdfSha256 } from './hkdf.js';
export { generateIdentity, importPeerPublicKey, PUBLIC_KEY_BYTES, type Identity } from './identity.js';
export { fingerprintOf, ROOM_CODE_GROUPS, ROOM_CODE_ITERATIONS, roomSafetyCode, safetyNumber, shortFingerprint } from './fingerprint.js';
export { checkFingerprintQr, encodeFingerprintQr, QR_PAYLOAD_BYTES, QR_PREFIX } from './qr.js';
export { ReplayWindow } from './replay.js';
export { deriveRoomKey, inviteEnvelopeKey, roomEnvelopeKey, type EnvelopeKey } from './room-key.js';
export { openAnonymous, openFromPeer, sealAnonymously, sealToPeer } from './peer-seal.js';
export {
  MAX_SIGNAL_COUNTER,
  MAX_SIGNAL_PAYLOAD_BYTES,
  openSignal,
  readEnvelopeLabel,
  sealSignal,
  SIGNAL_OVERHEAD_BYTES,
  SIGNAL_TYPES,
  type SignalType,
} from './signal.js';
export { derivePairKeys, type PairKeys } from './pairwise.js';
export {
  CHAT_OVERHEAD_BYTES,
  CHAT_STREAM_BYTES,
  CHAT_VERSION,
  createChatSession,
  MAX_CHAT_COUNTER,
  MAX_CHAT_FRAME_BYTES,
  MAX_CHAT_PLAINTEXT_BYTES,
  MAX_CHAT_STREAMS,
  openChat,
  sealChat,
} from './chat.js';
export { certificateMatches, sdpFingerprints } from './dtls-fingerprints.js';
export { signSdp, verifySdp, type SdpContext } from './sdp-auth.js';
