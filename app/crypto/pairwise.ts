// Pairwise keys: ECDH P-256 then HKDF-SHA256 over a canonical transcript, one chat and one MAC key per direction.
import { compareBytes, concatBytes, constantTimeEqual, lengthPrefixed, toBytes, utf8Encode, type BytesLike } from './bytes.js';
import { CryptoError } from './errors.js';
import { deriveHkdfKey, importHkdfBase } from './hkdf.js';
import { ecdhSharedSecret, importPeerPublicKey, type Identity } from './identity.js';
import { LABEL_PAIR_KEY, LABEL_PAIR_SALT } from './labels.js';

/** Keys for one peer, named from my side: my send is the peer's receive and vice versa. */
export interface PairKeys {
  /** AES-256-GCM, encrypt only: chat frames I send. */
  readonly sendChat: CryptoKey;
  /** AES-256-GCM, decrypt only: chat frames the peer sends. */
  readonly recvChat: CryptoKey;
  /** HMAC-SHA256, sign only: MACs I attach (SDP fingerprints). */
  readonly sendMac: CryptoKey;
  /** HMAC-SHA256, verify only: MACs the peer attaches. */
  readonly recvMac: CryptoKey;
}

/** Session facts bound into the pairwise keys. */
export interface PairBinding {
  readonly room: string;
  /** My peer id in the room. */
  readonly me: string;
  /** The peer's id in the room. */
  readonly peer: string;
  /**
   * Each side's page instance (random per page load), when known. A page that reloads keeps its
   * identity and peer id, so without these it would derive the same keys and restart its chat
   * counters: an AES-GCM nonce reused under one key.
   */
  readonly instances?: { readonly me: string; readonly peer: string };
}

/**
 * Derives the four pairwise keys with the peer whose raw public key is `peerRaw`.
 *
 * The HKDF info is a transcript of room, both public keys and both peer ids, ordered by
 * public key bytes so both sides build the identical string. Directions are named "low"
 * and "high" after that order, so my send key is exactly the peer's receive key. Binding
 * the room and the server-assigned peer ids gives fresh keys per call even when both
 * sides keep their identity across calls, which is what lets chat nonces be counters.
 */
export async function derivePairKeys(identity: Identity, peerRaw: BytesLike, binding: PairBinding): Promise<PairKeys> {
  const theirs = toBytes(peerRaw);
  const peerKey = await importPeerPublicKey(theirs);
  const mine = identity.publicRaw;
  // A peer presenting my own key is a reflection of my hello, never a real participant.
  if (constantTimeEqual(mine, theirs)) throw new CryptoError('invalid-public-key', 'peer key equals my own key');
  const iAmLow = compareBytes(mine, theirs) < 0;
  const [lowRaw, lowId, highRaw, highId] = iAmLow
    ? [mine, binding.me, theirs, binding.peer]
    : [theirs, binding.peer, mine, binding.me];
  const instances = binding.instances;
  const [lowInstance, highInstance] = instances === undefined ? [] : iAmLow ? [instances.me, instances.peer] : [instances.peer, instances.me];
  const transcript = concatBytes(
    LABEL_PAIR_KEY,
    lengthPrefixed(binding.room),
    lowRaw,
    lengthPrefixed(lowId),
    highRaw,
    lengthPrefixed(highId),
    ...(lowInstance === undefined || highInstance === undefined ? [] : [lengthPrefixed(lowInstance), lengthPrefixed(highInstance)]),
  );
  const base = await importHkdfBase(await ecdhSharedSecret(identity.privateKey, peerKey));
  const derive = (purpose: string, kind: 'AES-GCM' | 'HMAC', usages: KeyUsage[]): Promise<CryptoKey> =>
    deriveHkdfKey(base, LABEL_PAIR_SALT, concatBytes(transcript, utf8Encode(purpose)), kind, usages);
  const [lowToHighChat, highToLowChat, lowToHighMac, highToLowMac] = await Promise.all([
    derive(' chat low>high', 'AES-GCM', iAmLow ? ['encrypt'] : ['decrypt']),
    derive(' chat high>low', 'AES-GCM', iAmLow ? ['decrypt'] : ['encrypt']),
    derive(' mac low>high', 'HMAC', iAmLow ? ['sign'] : ['verify']),
    derive(' mac high>low', 'HMAC', iAmLow ? ['verify'] : ['sign']),
  ]);
  return iAmLow
    ? { sendChat: lowToHighChat, recvChat: highToLowChat, sendMac: lowToHighMac, recvMac: highToLowMac }
    : { sendChat: highToLowChat, recvChat: lowToHighChat, sendMac: highToLowMac, recvMac: lowToHighMac };
}
