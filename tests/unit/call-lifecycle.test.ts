// The call's phase: losing the server never ends a call with a live connection; a lost seat ends it once no connection is left.
import { describe, expect, it } from 'vitest';
import { Lifecycle, nextPhase, type PhaseState } from '../../app/call/lifecycle.js';

const LIVE: PhaseState = { phase: 'live', endReason: undefined };

describe('nextPhase', () => {
  it('a dropped server connection is reconnecting however long it lasts, with or without connections', () => {
    expect(nextPhase(LIVE, { kind: 'signaling', state: 'reconnecting' }, true)).toEqual({ phase: 'reconnecting', endReason: undefined });
    expect(nextPhase(LIVE, { kind: 'signaling', state: 'reconnecting' }, false)).toEqual({ phase: 'reconnecting', endReason: undefined });
    const away: PhaseState = { phase: 'reconnecting', endReason: undefined };
    expect(nextPhase(away, { kind: 'connections', anyConnected: false }, false)).toBe(away);
    expect(nextPhase(away, { kind: 'signaling', state: 'open' }, true)).toEqual(LIVE);
  });

  it('a refused seat detaches while a connection carries audio, and ends as seat-gone once none does', () => {
    const detached = nextPhase(LIVE, { kind: 'signaling', state: 'closed' }, true);
    expect(detached).toEqual({ phase: 'detached', endReason: undefined });
    expect(nextPhase(detached, { kind: 'connections', anyConnected: true }, true)).toBe(detached);
    expect(nextPhase(detached, { kind: 'connections', anyConnected: false }, false)).toEqual({ phase: 'ended', endReason: 'seat-gone' });
    expect(nextPhase(LIVE, { kind: 'signaling', state: 'closed' }, false)).toEqual({ phase: 'ended', endReason: 'seat-gone' });
  });

  it('leaving ends at once, and nothing leaves ended', () => {
    const left = nextPhase(LIVE, { kind: 'leave' }, true);
    expect(left).toEqual({ phase: 'ended', endReason: 'left' });
    expect(nextPhase(left, { kind: 'signaling', state: 'open' }, true)).toBe(left);
  });
});

describe('Lifecycle', () => {
  it('reports each change of phase once', () => {
    const seen: string[] = [];
    let connected = true;
    const lifecycle = new Lifecycle(() => connected, (from, to) => seen.push(`${from}>${to.phase}`));
    lifecycle.apply({ kind: 'signaling', state: 'reconnecting' });
    lifecycle.apply({ kind: 'signaling', state: 'reconnecting' });
    lifecycle.apply({ kind: 'signaling', state: 'closed' });
    connected = false;
    lifecycle.apply({ kind: 'connections', anyConnected: false });
    expect(seen).toEqual(['live>reconnecting', 'reconnecting>detached', 'detached>ended']);
    expect(lifecycle.endReason).toBe('seat-gone');
  });
});
