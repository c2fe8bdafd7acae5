// When the polite side of a pair should start an ICE restart it asked for, after giving the impolite side time to lead.

/** Why a restart was asked for: the connection failed or dropped, or it is up but carries no audio. */
export type RestartReason = 'connection' | 'silence';

/** The first `a=ice-ufrag` of an SDP, or undefined; it changes exactly when an ICE restart was negotiated. */
export function iceUfragOf(sdp: string | undefined): string | undefined {
  return sdp === undefined ? undefined : /^a=ice-ufrag:(\S+)/m.exec(sdp)?.[1];
}

/** What the polite side knows when its delay ends. */
export interface PoliteRestartCheck {
  readonly reason: RestartReason;
  /** The remote ufrag when the restart was asked for, and now. */
  readonly ufragAsked: string | undefined;
  readonly ufragNow: string | undefined;
  readonly connectionState: RTCPeerConnectionState;
}

/**
 * True when the polite side must restart itself: the impolite side did not lead a restart in the
 * meantime (the remote ufrag is unchanged), and the problem is still there. A connection problem
 * is gone once connected again; a silent pair is connected by definition, so only a restart from
 * the other side settles it.
 */
export function politeRestartDue(check: PoliteRestartCheck): boolean {
  if (check.ufragNow !== check.ufragAsked) return false;
  if (check.connectionState === 'closed') return false;
  return check.reason === 'silence' || check.connectionState !== 'connected';
}
