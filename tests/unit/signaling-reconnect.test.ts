// The signaling client after admission: retries while its resume credential is valid (jittered, under 10 s apart), keeps counters above a reload's, and treats a refused seat or a spent credential as final.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CLOSE } from '../../protocol/codes.js';
import { LIMITS, RESUME_CREDENTIAL_CHARS, RESUME_CREDENTIAL_TTL_MS } from '../../protocol/limits.js';
import { openSignal } from '../../app/crypto/signal.js';
import { Keyring } from '../../app/signaling/keyring.js';
import { ReplayWindow } from '../../app/crypto/replay.js';
import {
  COUNTER_RESERVATION,
  RECONNECT_FIRST_DELAY_MS,
  RECONNECT_MAX_DELAY_MS,
  RESUME_ATTEMPT_TIMEOUT_MS,
  reconnectDelay,
  SignalingClient,
  type ResumeState,
  type SignalingState,
} from '../../app/signaling/client.js';

const ROOM = 'r'.repeat(22);
const credential = (name: string): string => name.padEnd(RESUME_CREDENTIAL_CHARS, 's');
const ME = 'p'.repeat(12);
const welcome = (resume: string, resumed: boolean): string =>
  JSON.stringify({
    t: 'welcome',
    room: ROOM,
    you: ME,
    members: [],
    resume: credential(resume),
    resumed,
    limits: LIMITS,
    ice: { iceServers: [{ urls: ['turn:127.0.0.1:3478'], username: 'u', credential: 'c' }], iceTransportPolicy: 'relay' },
    settings: { size: 10, locked: false },
  });

/** 'drop': closes unanswered; 'hang': never opens; 'welcome': admits; 'refuse': error then close 4003. */
type Answer = 'drop' | 'hang' | 'welcome' | 'refuse';

class FakeSocket extends EventTarget {
  readyState = 0;
  readonly sent: string[] = [];
  readonly createdAt = Date.now();

  constructor(private readonly answer: Answer, private readonly credential: string) {
    super();
    setTimeout(() => {
      if (answer === 'hang') return;
      if (answer === 'drop') return this.closeWith(1006);
      this.readyState = 1;
      this.dispatchEvent(new Event('open'));
    }, 0);
  }

  send(frame: string): void {
    this.sent.push(frame);
    const t = JSON.parse(frame).t as string;
    if (t !== 'resume' && t !== 'join') return;
    setTimeout(() => {
      if (this.answer === 'refuse') {
        this.dispatchEvent(new MessageEvent('message', { data: JSON.stringify({ t: 'error', code: 'bad_resume' }) }));
        this.closeWith(CLOSE.admissionRefused.code);
      } else {
        this.dispatchEvent(new MessageEvent('message', { data: welcome(this.credential, t === 'resume') }));
      }
    }, 0);
  }

  close(code = 1000): void {
    this.closeWith(code);
  }

  closeWith(code: number): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.dispatchEvent(Object.assign(new Event('close'), { code }));
  }
}

function clientFor(answers: Answer[], keyring = new Keyring(ROOM), counterFloor?: number) {
  const sockets: FakeSocket[] = [];
  const states: SignalingState[] = [];
  const saved: ResumeState[] = [];
  const scope = new AbortController();
  const noop = (): void => undefined;
  const client = new SignalingClient({
    url: 'ws://127.0.0.1:1/ws/room',
    room: ROOM,
    keyring,
    signal: scope.signal,
    random: () => 1,
    ...(counterFloor === undefined ? {} : { counterFloor }),
    events: {
      welcome: noop,
      peerJoined: noop,
      peerLeft: noop,
      signal: noop,
      rejected: noop,
      invite: noop,
      serverError: noop,
      state: (state) => states.push(state),
      resumeState: (state) => saved.push(state),
      iceRenewed: noop,
      settings: noop,
    },
    createSocket: () => {
      const socket = new FakeSocket(answers[sockets.length] ?? 'drop', `credential-${sockets.length}`);
      sockets.push(socket);
      return socket as unknown as WebSocket;
    },
  });
  return { client, sockets, states, saved, scope };
}

/** Admits the client, letting the fake socket's zero-delay timers run. */
async function admitted(client: SignalingClient): Promise<void> {
  const started = client.start({ t: 'join', token: 't'.repeat(43) });
  await vi.advanceTimersByTimeAsync(1);
  await started;
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.stubGlobal('WebSocket', { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('reconnectDelay', () => {
  it('doubles from the first delay, is jittered down to half, and stays under 10 s', () => {
    expect(reconnectDelay(0, () => 1)).toBe(RECONNECT_FIRST_DELAY_MS);
    expect(reconnectDelay(0, () => 0)).toBe(RECONNECT_FIRST_DELAY_MS / 2);
    expect(reconnectDelay(2, () => 1)).toBe(RECONNECT_FIRST_DELAY_MS * 4);
    expect(RECONNECT_MAX_DELAY_MS).toBeLessThan(10_000);
    for (const attempt of [6, 10, 100, 10_000]) {
      expect(reconnectDelay(attempt, () => 1)).toBe(RECONNECT_MAX_DELAY_MS);
      expect(reconnectDelay(attempt, () => 0)).toBe(RECONNECT_MAX_DELAY_MS / 2);
    }
  });
});

describe('after admission', () => {
  it('keeps trying while its credential is valid without ever calling the call closed, then resumes with the latest credential', async () => {
    const drops: Answer[] = Array.from({ length: 30 }, () => 'drop');
    const { client, sockets, states, saved, scope } = clientFor(['welcome', ...drops, 'welcome']);
    await admitted(client);
    sockets[0]!.closeWith(1006);
    await vi.advanceTimersByTimeAsync(RESUME_CREDENTIAL_TTL_MS - 10_000);
    expect(states).not.toContain('closed');
    expect(states.at(-1)).toBe('open');
    expect(sockets).toHaveLength(32);
    const gaps = sockets.slice(1).map((s, i) => s.createdAt - sockets[i]!.createdAt);
    // Each fake attempt takes one timer tick (1 ms) to fail before the wait starts.
    expect(Math.max(...gaps.slice(1))).toBeLessThanOrEqual(RECONNECT_MAX_DELAY_MS + 1);
    expect(JSON.parse(sockets.at(-1)!.sent[0]!)).toMatchObject({ t: 'resume', peer: ME, secret: credential('credential-0') });
    expect(saved.at(-1)).toMatchObject({ peer: ME, credential: credential('credential-31') });
    scope.abort();
  });

  it('gives up once the credential has run out: no server would take it any more', async () => {
    const drops: Answer[] = Array.from({ length: 100 }, () => 'drop');
    const { client, sockets, states, scope } = clientFor(['welcome', ...drops]);
    await admitted(client);
    sockets[0]!.closeWith(1006);
    await vi.advanceTimersByTimeAsync(RESUME_CREDENTIAL_TTL_MS + RECONNECT_MAX_DELAY_MS * 2);
    expect(states.at(-1)).toBe('closed');
    expect(client.refusal).toBe('bad_resume');
    const attempts = sockets.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets).toHaveLength(attempts);
    scope.abort();
  });

  it('abandons an attempt that never opens after RESUME_ATTEMPT_TIMEOUT_MS and tries again', async () => {
    const { client, sockets, states, scope } = clientFor(['welcome', 'hang', 'welcome']);
    await admitted(client);
    sockets[0]!.closeWith(1006);
    await vi.advanceTimersByTimeAsync(RECONNECT_FIRST_DELAY_MS + RESUME_ATTEMPT_TIMEOUT_MS + RECONNECT_FIRST_DELAY_MS * 2 + 10);
    expect(sockets).toHaveLength(3);
    expect(states.at(-1)).toBe('open');
    scope.abort();
  });

  it('retryNow skips the backoff when the network comes back', async () => {
    const { client, sockets, scope } = clientFor(['welcome', 'drop', 'drop', 'drop', 'drop', 'drop', 'welcome']);
    await admitted(client);
    sockets[0]!.closeWith(1006);
    await vi.advanceTimersByTimeAsync(RECONNECT_FIRST_DELAY_MS * 31);
    const before = sockets.length;
    client.retryNow();
    await vi.advanceTimersByTimeAsync(1);
    expect(sockets.length).toBe(before + 1);
    scope.abort();
  });

  it('a refused resume is final: state closed, refusal bad_resume, no more attempts', async () => {
    const { client, sockets, states, scope } = clientFor(['welcome', 'refuse', 'welcome']);
    await admitted(client);
    sockets[0]!.closeWith(1006);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(states.at(-1)).toBe('closed');
    expect(client.refusal).toBe('bad_resume');
    expect(sockets).toHaveLength(2);
    scope.abort();
  });
});

describe('counters across a reload', () => {
  it('a rejoining client seals above the stored reservation, so the others accept it, and reserves ahead before using it up', async () => {
    vi.useRealTimers();
    const keyring = new Keyring(ROOM);
    await keyring.adopt({ material: new Uint8Array(32), epoch: 0, rotator: '' });
    const floor = 5_000;
    const { client, sockets, saved, scope } = clientFor(['welcome'], keyring, floor);
    await client.start({ t: 'resume', peer: ME, secret: 'old' });
    expect(saved[0]).toMatchObject({ counterCeiling: floor + COUNTER_RESERVATION });
    // The others saw counters up to the floor from the page before the reload.
    const window = new ReplayWindow();
    window.accept(ME, floor);
    client.send('*', 'bye', {});
    await vi.waitFor(() => expect(sockets[0]!.sent.some((f) => JSON.parse(f).t === 'send')).toBe(true));
    const frame = JSON.parse(sockets[0]!.sent.find((f) => JSON.parse(f).t === 'send')!);
    const opened = await openSignal(keyring.current!.key, { room: ROOM, me: 'q'.repeat(12), from: ME }, frame.data, window);
    expect(opened.ok).toBe(true);
    for (let i = 0; i < COUNTER_RESERVATION / 2; i++) client.send('*', 'bye', {});
    expect(saved.at(-1)!.counterCeiling).toBeGreaterThan(floor + COUNTER_RESERVATION);
    scope.abort();
  });
});
