// How the call flow begins: a new room, or an invite (from the address bar or a pasted link).
import type { Invite } from '../invite/link.js';

/** What the home screen hands to the call flow. */
export type FlowStart = { readonly kind: 'create' } | { readonly kind: 'join'; readonly invite: Invite };
