// The privacy line: whether this device's IP address is hidden, from the candidate pairs actually in use.
import type { CandidateType } from './stats.js';

/** What the privacy line says. */
export type PrivacyState =
  /** No connection carries media yet. */
  | { readonly kind: 'pending' }
  /** Every connection runs through a relay from my side. */
  | { readonly kind: 'hidden' }
  /** Some connections use one of my own addresses; `peers` are those who can see it. */
  | { readonly kind: 'exposed'; readonly peers: readonly string[] };

/** One connection's selected pair, from getStats. */
export interface PathSample {
  readonly peer: string;
  readonly connected: boolean;
  readonly localType: CandidateType | undefined;
}

/** Hidden only when every connected pair has a relay candidate on my side. */
export function privacyFrom(samples: readonly PathSample[]): PrivacyState {
  const live = samples.filter((s) => s.connected && s.localType !== undefined);
  if (live.length === 0) return { kind: 'pending' };
  const exposed = live.filter((s) => s.localType !== 'relay').map((s) => s.peer);
  return exposed.length === 0 ? { kind: 'hidden' } : { kind: 'exposed', peers: exposed };
}

/** The path word a tile shows: "relayed" if either end is a TURN relay, else "direct". */
export function pathOf(localType: CandidateType | undefined, remoteType: CandidateType | undefined): 'relayed' | 'direct' | undefined {
  if (localType === undefined || remoteType === undefined) return undefined;
  return localType === 'relay' || remoteType === 'relay' ? 'relayed' : 'direct';
}
