// How the call flow begins: a new room, an invite (from the address bar or a pasted link), or a seat saved before a reload.
import type { Invite } from '../invite/link.js';
import type { RejoinRecord } from '../rejoin/store.js';

/** What the home screen hands to the call flow. */
export type FlowStart =
  /** `size`: most people in the call, chosen on the home screen. */
  | { readonly kind: 'create'; readonly size?: number }
  /** `scanned`: read with the camera (from the inviter's screen), not pasted or opened as a link. */
  | { readonly kind: 'join'; readonly invite: Invite; readonly scanned?: boolean }
  | { readonly kind: 'rejoin'; readonly saved: RejoinRecord };
