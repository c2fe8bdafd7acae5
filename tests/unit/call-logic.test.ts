// Pure parts of the call: watchdog ladder, privacy line, voice-activity hysteresis, Opus tuning, relay-only SDP filter, pacing.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tuneOpus, OPUS_PTIME_MS } from '../../app/call/opus-tuning.js';
import { pathOf, privacyFrom } from '../../app/call/privacy.js';
import { candidateTypeOf, stripNonRelayCandidates } from '../../app/call/stats.js';
import { SPEAKING_HOLD_MS, SpeakingDetector } from '../../app/call/voice-activity.js';
import { localAudioWatchdog, remoteAudioWatchdog, STALLED_READINGS_BEFORE_REPAIR } from '../../app/call/watchdog.js';
import { statsIntervalMs, STATS_INTERVAL_MS } from '../../app/call/call.js';
import { BACK_OFF_MS, BURST_SHARE, Pacer, PACING_HEADROOM } from '../../app/signaling/pacer.js';
import { RATE_BURST_MESSAGES, RATE_MESSAGES_PER_SECOND } from '../../protocol/limits.js';

describe('audio watchdog ladder', () => {
  it('repairs a stalled remote track by re-attaching first, then restarting ICE, and resets on progress', () => {
    const dog = remoteAudioWatchdog();
    expect(dog.observe(true, 10)).toBeUndefined();
    const steps: (string | undefined)[] = [];
    for (let i = 0; i < STALLED_READINGS_BEFORE_REPAIR * 3; i++) steps.push(dog.observe(true, 10));
    expect(steps.filter((s) => s !== undefined)).toEqual(['reattach', 'ice-restart', 'ice-restart']);
    expect(dog.observe(true, 11)).toBeUndefined();
    for (let i = 1; i < STALLED_READINGS_BEFORE_REPAIR; i++) expect(dog.observe(true, 11)).toBeUndefined();
    expect(dog.observe(true, 11)).toBe('reattach');
  });

  it('ignores readings while the connection is down (ICE recovery owns that case)', () => {
    const dog = localAudioWatchdog();
    for (let i = 0; i < 10; i++) expect(dog.observe(false, 0)).toBeUndefined();
    expect(dog.observe(true, 0)).toBeUndefined();
    for (let i = 1; i < STALLED_READINGS_BEFORE_REPAIR; i++) expect(dog.observe(true, 0)).toBeUndefined();
    expect(dog.observe(true, 0)).toBe('reacquire-mic');
  });
});

describe('privacy line', () => {
  it('is pending without a connected pair, hidden when every pair is relay on my side, exposed otherwise', () => {
    expect(privacyFrom([])).toEqual({ kind: 'pending' });
    expect(privacyFrom([{ peer: 'a', connected: false, localType: 'host' }])).toEqual({ kind: 'pending' });
    expect(privacyFrom([{ peer: 'a', connected: true, localType: 'relay' }, { peer: 'b', connected: true, localType: 'relay' }])).toEqual({ kind: 'hidden' });
    expect(privacyFrom([{ peer: 'a', connected: true, localType: 'relay' }, { peer: 'b', connected: true, localType: 'srflx' }])).toEqual({ kind: 'exposed', peers: ['b'] });
  });

  it('calls a path relayed when either end is a relay', () => {
    expect(pathOf('relay', 'host')).toBe('relayed');
    expect(pathOf('host', 'relay')).toBe('relayed');
    expect(pathOf('host', 'srflx')).toBe('direct');
    expect(pathOf(undefined, 'relay')).toBeUndefined();
  });
});

describe('voice activity hysteresis', () => {
  it('turns on above the on level, stays on through short dips, and turns off only after the hold time', () => {
    const d = new SpeakingDetector();
    expect(d.update(0.005, 0)).toBe(false);
    expect(d.update(0.05, 100)).toBe(true);
    expect(d.speaking).toBe(true);
    expect(d.update(0.015, 200)).toBe(false); // between the thresholds: still speaking
    expect(d.update(0.001, 300)).toBe(false);
    expect(d.update(0.001, 300 + SPEAKING_HOLD_MS - 1)).toBe(false);
    expect(d.update(0.001, 300 + SPEAKING_HOLD_MS)).toBe(true);
    expect(d.speaking).toBe(false);
  });

  it('a level between the thresholds restarts the quiet timer', () => {
    const d = new SpeakingDetector();
    d.update(0.05, 0);
    d.update(0.001, 100);
    d.update(0.015, 200);
    expect(d.update(0.001, 100 + SPEAKING_HOLD_MS)).toBe(false);
    expect(d.speaking).toBe(true);
  });
});

const SDP = [
  'v=0',
  'o=- 1 2 IN IP4 127.0.0.1',
  'a=fingerprint:sha-256 AB:CD',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 0',
  'a=rtpmap:111 opus/48000/2',
  'a=fmtp:111 minptime=10;useinbandfec=1',
  'a=candidate:1 1 udp 2122260223 192.0.2.7 50000 typ host generation 0',
  'a=candidate:2 1 udp 58597631 127.0.0.1 61000 typ relay raddr 0.0.0.0 rport 0',
  'a=candidate:3 1 udp 1686052607 203.0.113.9 50001 typ srflx raddr 192.0.2.7 rport 50000',
  'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
  'a=sctp-port:5000',
  '',
].join('\r\n');

describe('SDP handling', () => {
  it('asks the peer for Opus DTX and 40 ms packets in the audio section only, keeping the fingerprint', () => {
    const tuned = tuneOpus(SDP);
    expect(tuned).toContain('a=fmtp:111 minptime=10;useinbandfec=1;usedtx=1');
    const audio = tuned.slice(tuned.indexOf('m=audio'), tuned.indexOf('m=application'));
    expect(audio).toContain(`a=ptime:${OPUS_PTIME_MS}`);
    expect(tuned.slice(tuned.indexOf('m=application'))).not.toContain('a=ptime');
    expect(tuned).toContain('a=fingerprint:sha-256 AB:CD');
    expect(tuneOpus(tuned)).toBe(tuned);
  });

  it('adds ptime to an audio section that ends the SDP', () => {
    const only = 'v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 opus/48000/2\r\na=fmtp:111 minptime=10\r\n';
    expect(tuneOpus(only)).toBe(`v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 opus/48000/2\r\na=fmtp:111 minptime=10;usedtx=1\r\na=ptime:${OPUS_PTIME_MS}\r\n`);
  });

  it('strips every non-relay candidate and counts them', () => {
    const { sdp, removed } = stripNonRelayCandidates(SDP);
    expect(removed).toBe(2);
    expect(sdp).toContain('typ relay');
    expect(sdp).not.toContain('typ host');
    expect(sdp).not.toContain('typ srflx');
    expect(candidateTypeOf('candidate:2 1 udp 1 127.0.0.1 1 typ relay raddr 0.0.0.0 rport 0')).toBe('relay');
    expect(candidateTypeOf('garbage')).toBeUndefined();
  });
});

describe('stats period', () => {
  it('reads every 2 s in small calls and backs off by 0.5 s per connection in big ones', () => {
    expect(statsIntervalMs(0)).toBe(STATS_INTERVAL_MS);
    expect(statsIntervalMs(4)).toBe(STATS_INTERVAL_MS);
    expect(statsIntervalMs(9)).toBe(4_500);
  });
});

describe('outbound pacing', () => {
  afterEach(() => vi.useRealTimers());

  it('sends a burst under the server bucket at once, then no faster than the headroom rate', () => {
    vi.useFakeTimers();
    let now = 0;
    const sent: number[] = [];
    const pacer = new Pacer<number>((n) => (sent.push(n), true), () => now);
    for (let i = 0; i < 100; i++) pacer.push(i);
    const burst = Math.floor(RATE_BURST_MESSAGES * BURST_SHARE);
    expect(sent).toHaveLength(burst);
    // Half the server's burst stays in reserve for frames that reach it bunched together.
    expect(burst * 2).toBeLessThanOrEqual(RATE_BURST_MESSAGES);
    now = 1000;
    vi.advanceTimersByTime(1000);
    const rate = RATE_MESSAGES_PER_SECOND * PACING_HEADROOM;
    expect(sent.length).toBeLessThanOrEqual(burst + Math.ceil(rate));
    expect(sent.length).toBeGreaterThan(burst);
    expect(sent).toEqual([...sent].sort((a, b) => a - b));
    pacer.clear();
  });

  it('sends nothing for BACK_OFF_MS after the server says rate_limited, then resumes in order at the paced rate', () => {
    vi.useFakeTimers();
    let now = 0;
    const sent: number[] = [];
    const pacer = new Pacer<number>((n) => (sent.push(n), true), () => now);
    pacer.push(0);
    pacer.backOff();
    for (let i = 1; i < 10; i++) pacer.push(i);
    expect(sent).toEqual([0]);
    now = BACK_OFF_MS - 50;
    vi.advanceTimersByTime(BACK_OFF_MS - 50);
    expect(sent).toEqual([0]);
    now = BACK_OFF_MS + 1000;
    vi.advanceTimersByTime(1050);
    const rate = RATE_MESSAGES_PER_SECOND * PACING_HEADROOM;
    expect(sent.length).toBeGreaterThan(1);
    expect(sent.length).toBeLessThanOrEqual(1 + Math.ceil(rate) + 1);
    expect(sent).toEqual([...sent].sort((a, b) => a - b));
    pacer.clear();
  });

  it('keeps items queued while the socket refuses them and sends them in order on flush', () => {
    let open = false;
    const sent: string[] = [];
    const pacer = new Pacer<string>((s) => (open ? (sent.push(s), true) : false), () => 0);
    pacer.push('a');
    pacer.push('b');
    expect(sent).toEqual([]);
    expect(pacer.pending).toBe(2);
    open = true;
    pacer.flush();
    expect(sent).toEqual(['a', 'b']);
    pacer.clear();
  });
});
