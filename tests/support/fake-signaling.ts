// A scripted relay for unit tests of the signaling client: WebSocket stand-ins that each play one answer, on vitest's fake clock.
import { afterEach, beforeEach, vi } from 'vitest';
import { CLOSE } from '../../protocol/codes.js';
import { LIMITS, RESUME_CREDENTIAL_CHARS } from '../../protocol/limits.js';
import { SignalingClient, type ResumeState, type SignalingEvents, type SignalingState } from '../../app/signaling/client.js';
import { Keyring } from '../../app/signaling/keyring.js';

export const FAKE_ROOM = 'r'.repeat(22);
export const FAKE_ME = 'p'.repeat(12);
/** A resume credential of the right length named `name`. */
export const fakeCredential = (name: string): string => name.padEnd(RESUME_CREDENTIAL_CHARS, 's');

/** The welcome the fake relay admits with: a fresh seat, a resumed one, or one a node re-created from the credential (restart, failover). */
export function fakeWelcome(resume: string, how: 'fresh' | 'resumed' | 'restored' = 'fresh'): string {
  return JSON.stringify({
    t: 'welcome',
    room: FAKE_ROOM,
    you: FAKE_ME,
    members: [],
    resume,
    resumed: how !== 'fresh',
    ...(how === 'restored' ? { restored: true } : {}),
    limits: LIMITS,
    ice: { iceServers: [{ urls: ['turn:127.0.0.1:3478'], username: 'u', credential: 'c' }], iceTransportPolicy: 'relay' },
    settings: { size: 10, locked: false },
  });
}

/**
 * What the fake relay does with one socket: 'drop' closes it unanswered (1006); 'hang' never opens
 * it; 'welcome' admits (resumed when asked to resume); 'restored' admits as a node that re-created
 * the room; 'refuse-resume' answers bad_resume and closes with admissionRefused; 'bad_token'
 * answers that error and leaves the socket open.
 */
export type FakeAnswer = 'drop' | 'hang' | 'welcome' | 'restored' | 'refuse-resume' | 'bad_token';

/** Frame types that ask for a seat: the relay answers the first of them on each socket. */
const ADMISSIONS: readonly string[] = ['create', 'join', 'resume'];

/** A WebSocket stand-in that opens on the next tick and then plays its answer to the admission frame. */
export class FakeSocket extends EventTarget {
  readyState = 0;
  readonly sent: string[] = [];
  /** Date.now() when the client made it (fake clock). */
  readonly createdAt = Date.now();

  constructor(private readonly answer: FakeAnswer, private readonly credential: string) {
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
    const t = (JSON.parse(frame) as { t: string }).t;
    if (this.sent.length > 1 || !ADMISSIONS.includes(t)) return;
    setTimeout(() => {
      if (this.answer === 'refuse-resume') {
        this.receive({ t: 'error', code: 'bad_resume' });
        this.closeWith(CLOSE.admissionRefused.code);
      } else if (this.answer === 'bad_token') {
        this.receive({ t: 'error', code: 'bad_token' });
      } else {
        this.dispatchEvent(new MessageEvent('message', { data: fakeWelcome(this.credential, this.answer === 'restored' ? 'restored' : t === 'resume' ? 'resumed' : 'fresh') }));
      }
    }, 0);
  }

  /** The relay sends `msg` on this socket. */
  receive(msg: Record<string, unknown>): void {
    this.dispatchEvent(new MessageEvent('message', { data: JSON.stringify(msg) }));
  }

  close(code = 1000): void {
    this.closeWith(code);
  }

  /** The network drops: the socket closes with 1006. */
  drop(): void {
    this.closeWith(1006);
  }

  private closeWith(code: number): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.dispatchEvent(Object.assign(new Event('close'), { code }));
  }
}

/** A signaling client whose sockets play `answers` in turn (then 'drop'), with what it reported. */
export interface FakeClient {
  readonly client: SignalingClient;
  readonly sockets: FakeSocket[];
  readonly states: SignalingState[];
  readonly saved: ResumeState[];
  /** Aborting it ends the client. */
  readonly scope: AbortController;
}

export interface FakeClientOptions {
  /** The envelope keys (default: an empty keyring for FAKE_ROOM). */
  readonly keyring?: Keyring;
  readonly counterFloor?: number;
  /** The reconnect jitter's source (default Math.random). */
  readonly random?: () => number;
  /** Events the test listens to; the others do nothing (state and resumeState are recorded either way). */
  readonly events?: Partial<SignalingEvents>;
}

/** A SignalingClient on fake sockets: socket i plays answers[i] and admits with the credential `credential-i`. */
export function fakeClient(answers: readonly FakeAnswer[], options: FakeClientOptions = {}): FakeClient {
  const sockets: FakeSocket[] = [];
  const states: SignalingState[] = [];
  const saved: ResumeState[] = [];
  const scope = new AbortController();
  const noop = (): void => undefined;
  const client = new SignalingClient({
    url: 'ws://127.0.0.1:1/ws/room',
    room: FAKE_ROOM,
    keyring: options.keyring ?? new Keyring(FAKE_ROOM),
    signal: scope.signal,
    ...(options.random === undefined ? {} : { random: options.random }),
    ...(options.counterFloor === undefined ? {} : { counterFloor: options.counterFloor }),
    events: {
      welcome: noop,
      peerJoined: noop,
      peerLeft: noop,
      signal: noop,
      rejected: noop,
      invite: noop,
      serverError: noop,
      iceRenewed: noop,
      settings: noop,
      ...options.events,
      state: (state) => {
        states.push(state);
        options.events?.state?.(state);
      },
      resumeState: (state) => {
        saved.push(state);
        options.events?.resumeState?.(state);
      },
    },
    createSocket: () => {
      const socket = new FakeSocket(answers[sockets.length] ?? 'drop', fakeCredential(`credential-${sockets.length}`));
      sockets.push(socket);
      return socket as unknown as WebSocket;
    },
  });
  return { client, sockets, states, saved, scope };
}

/** Registers hooks that run each test of the file on vitest's fake clock with WebSocket's state constants in place. */
export function useFakeSockets(): void {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal('WebSocket', { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });
}
