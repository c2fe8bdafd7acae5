// The polite side's delayed ICE restart: who leads, and when the polite side must restart itself.
import { describe, expect, it } from 'vitest';
import { iceUfragOf, politeRestartDue } from '../../app/call/ice-restart.js';

const SDP = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=ice-ufrag:AbCd\r\na=ice-pwd:x\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=ice-ufrag:AbCd\r\n';

describe('iceUfragOf', () => {
  it('reads the first ice-ufrag line, and nothing when there is no description', () => {
    expect(iceUfragOf(SDP)).toBe('AbCd');
    expect(iceUfragOf(SDP.replaceAll('AbCd', 'Zz+/9'))).toBe('Zz+/9');
    expect(iceUfragOf('v=0\r\n')).toBeUndefined();
    expect(iceUfragOf(undefined)).toBeUndefined();
  });
});

describe('politeRestartDue', () => {
  it('restarts a silent pair that is still connected when the other side did not lead', () => {
    expect(politeRestartDue({ reason: 'silence', ufragAsked: 'a', ufragNow: 'a', connectionState: 'connected' })).toBe(true);
  });

  it('leaves it to the impolite side once it led a restart (the remote ufrag changed)', () => {
    for (const reason of ['silence', 'connection'] as const) {
      expect(politeRestartDue({ reason, ufragAsked: 'a', ufragNow: 'b', connectionState: 'failed' })).toBe(false);
    }
  });

  it('restarts a dropped connection only while it is still down', () => {
    for (const state of ['disconnected', 'failed', 'connecting', 'new'] as const) {
      expect(politeRestartDue({ reason: 'connection', ufragAsked: 'a', ufragNow: 'a', connectionState: state })).toBe(true);
    }
    expect(politeRestartDue({ reason: 'connection', ufragAsked: 'a', ufragNow: 'a', connectionState: 'connected' })).toBe(false);
  });

  it('never restarts a closed connection', () => {
    expect(politeRestartDue({ reason: 'silence', ufragAsked: 'a', ufragNow: 'a', connectionState: 'closed' })).toBe(false);
  });
});
