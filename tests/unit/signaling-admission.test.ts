// Admission by the signaling client: a socket closed before any answer is tried again, a refusal is final.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ADMISSION_ATTEMPTS,
  ADMISSION_RETRY_FIRST_MS,
  AdmissionError,
  admissionRetryDelay,
  SignalingClient,
  type SignalingEvents,
  type SignalingState,
} from '../../app/signaling/client.js';

const WELCOME = JSON.stringify({
  t: 'welcome',
  room: 'r'.repeat(22),
  you: 'p'.repeat(12),
  members: [],
  resume: 's'.repeat(43),
  resumed: false,
  limits: { messagesPerSecond: 20, burstMessages: 40, resumeGraceMs: 30_000 },
  ice: { iceServers: [{ urls: ['turn:127.0.0.1:3478'], username: 'u', credential: 'c' }], iceTransportPolicy: 'relay' },
});

/** What the fake relay does with each new socket: refuse it unanswered, admit it, or refuse with a code. */
type Answer = 'drop' | 'welcome' | 'bad_token';

/** A WebSocket stand-in that opens on the next tick and then plays one answer. */
class FakeSocket extends EventTarget {
  readyState = 0;
  readonly sent: string[] = [];

  constructor(private readonly answer: Answer) {
    super();
    setTimeout(() => {
      if (answer === 'drop') return this.closeWith(1006);
      this.readyState = 1;
      this.dispatchEvent(new Event('open'));
    }, 0);
  }

  send(frame: string): void {
    this.sent.push(frame);
    const reply = this.answer === 'welcome' ? WELCOME : JSON.stringify({ t: 'error', code: this.answer });
    setTimeout(() => this.dispatchEvent(new MessageEvent('message', { data: reply })), 0);
  }

  close(code = 1000): void {
    this.closeWith(code);
  }

  private closeWith(code: number): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.dispatchEvent(Object.assign(new Event('close'), { code }));
  }
}

function clientFor(answers: Answer[]): { client: SignalingClient; sockets: FakeSocket[]; states: SignalingState[]; scope: AbortController } {
  const sockets: FakeSocket[] = [];
  const states: SignalingState[] = [];
  const scope = new AbortController();
  const noop = (): void => undefined;
  const events: SignalingEvents = {
    welcome: noop,
    peerJoined: noop,
    peerLeft: noop,
    signal: noop,
    rejected: noop,
    invite: noop,
    serverError: noop,
    state: (state) => states.push(state),
  };
  const client = new SignalingClient({
    url: 'ws://127.0.0.1:1/ws/room',
    room: 'r'.repeat(22),
    roomKey: {} as CryptoKey,
    events,
    signal: scope.signal,
    createSocket: () => {
      const socket = new FakeSocket(answers[sockets.length] ?? 'drop');
      sockets.push(socket);
      return socket as unknown as WebSocket;
    },
  });
  return { client, sockets, states, scope };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.stubGlobal('WebSocket', { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('signaling admission', () => {
  it('tries again when the socket closes before the relay answered, and is admitted', async () => {
    const { client, sockets, states, scope } = clientFor(['drop', 'drop', 'welcome']);
    const welcome = client.start({ t: 'join', token: 't'.repeat(43) });
    await vi.runAllTimersAsync();
    await expect(welcome).resolves.toMatchObject({ t: 'welcome', you: 'p'.repeat(12) });
    expect(sockets).toHaveLength(3);
    expect(sockets[2]!.sent.map((f) => JSON.parse(f).t)).toEqual(['join']);
    // The failed attempts did not announce the call as over.
    expect(states).not.toContain('closed');
    expect(states[states.length - 1]).toBe('open');
    scope.abort();
  });

  it('gives up after ADMISSION_ATTEMPTS unanswered sockets', async () => {
    const { client, sockets, scope } = clientFor([]);
    const welcome = client.start({ t: 'join', token: 't'.repeat(43) });
    const outcome = expect(welcome).rejects.toMatchObject({ code: 'closed' });
    await vi.runAllTimersAsync();
    await outcome;
    expect(sockets).toHaveLength(ADMISSION_ATTEMPTS);
    scope.abort();
  });

  it('takes a refusal as final', async () => {
    const { client, sockets, scope } = clientFor(['bad_token', 'welcome']);
    const welcome = client.start({ t: 'join', token: 't'.repeat(43) });
    const outcome = expect(welcome).rejects.toBeInstanceOf(AdmissionError);
    await vi.runAllTimersAsync();
    await outcome;
    await expect(welcome).rejects.toMatchObject({ code: 'bad_token' });
    expect(sockets).toHaveLength(1);
    scope.abort();
  });

  it('stops waiting to try again when the call is abandoned', async () => {
    const { client, sockets, scope } = clientFor([]);
    const welcome = client.start({ t: 'join', token: 't'.repeat(43) });
    const outcome = expect(welcome).rejects.toMatchObject({ code: 'closed' });
    await vi.advanceTimersByTimeAsync(1);
    scope.abort();
    await vi.runAllTimersAsync();
    await outcome;
    expect(sockets).toHaveLength(1);
  });

  it('spreads retries out: doubling, jittered between half and one and a half of the base', () => {
    expect(admissionRetryDelay(1, () => 0)).toBe(ADMISSION_RETRY_FIRST_MS / 2);
    expect(admissionRetryDelay(1, () => 1)).toBe(ADMISSION_RETRY_FIRST_MS * 1.5);
    expect(admissionRetryDelay(3, () => 0.5)).toBe(ADMISSION_RETRY_FIRST_MS * 4);
  });
});
