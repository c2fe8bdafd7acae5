// The signaling client after admission: retries while its resume credential is valid (jittered, under 10 s apart), keeps counters above a reload's, and treats a refused seat or a spent credential as final.
import { describe, expect, it, vi } from 'vitest';
import { RESUME_CREDENTIAL_TTL_MS } from '../../protocol/limits.js';
import { Keyring } from '../../app/signaling/keyring.js';
import { openSignal } from '../../app/crypto/signal.js';
import { ReplayWindow } from '../../app/crypto/replay.js';
import {
  COUNTER_RESERVATION,
  RECONNECT_FIRST_DELAY_MS,
  RECONNECT_MAX_DELAY_MS,
  RESUME_ATTEMPT_TIMEOUT_MS,
  reconnectDelay,
  type SignalingClient,
} from '../../app/signaling/client.js';
import { FAKE_ME, FAKE_ROOM, fakeClient, fakeCredential, useFakeSockets, type FakeAnswer } from '../support/fake-signaling.js';

/** Reconnect waits without jitter, so the timings below are exact. */
const noJitter = (): number => 1;

/** Admits the client, letting the fake socket's zero-delay timers run. */
async function admitted(client: SignalingClient): Promise<void> {
  const started = client.start({ t: 'join', token: 't'.repeat(43) });
  await vi.advanceTimersByTimeAsync(1);
  await started;
}

useFakeSockets();

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
    const drops: FakeAnswer[] = Array.from({ length: 30 }, () => 'drop');
    const { client, sockets, states, saved, scope } = fakeClient(['welcome', ...drops, 'welcome'], { random: noJitter });
    await admitted(client);
    sockets[0]!.drop();
    await vi.advanceTimersByTimeAsync(RESUME_CREDENTIAL_TTL_MS - 10_000);
    expect(states).not.toContain('closed');
    expect(states.at(-1)).toBe('open');
    expect(sockets).toHaveLength(32);
    const gaps = sockets.slice(1).map((s, i) => s.createdAt - sockets[i]!.createdAt);
    // Each fake attempt takes one timer tick (1 ms) to fail before the wait starts.
    expect(Math.max(...gaps.slice(1))).toBeLessThanOrEqual(RECONNECT_MAX_DELAY_MS + 1);
    expect(JSON.parse(sockets.at(-1)!.sent[0]!)).toMatchObject({ t: 'resume', peer: FAKE_ME, secret: fakeCredential('credential-0') });
    expect(saved.at(-1)).toMatchObject({ peer: FAKE_ME, credential: fakeCredential('credential-31') });
    scope.abort();
  });

  it('gives up once the credential has run out: no server would take it any more', async () => {
    const drops: FakeAnswer[] = Array.from({ length: 100 }, () => 'drop');
    const { client, sockets, states, scope } = fakeClient(['welcome', ...drops], { random: noJitter });
    await admitted(client);
    sockets[0]!.drop();
    await vi.advanceTimersByTimeAsync(RESUME_CREDENTIAL_TTL_MS + RECONNECT_MAX_DELAY_MS * 2);
    expect(states.at(-1)).toBe('closed');
    expect(client.refusal).toBe('bad_resume');
    const attempts = sockets.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets).toHaveLength(attempts);
    scope.abort();
  });

  it('abandons an attempt that never opens after RESUME_ATTEMPT_TIMEOUT_MS and tries again', async () => {
    const { client, sockets, states, scope } = fakeClient(['welcome', 'hang', 'welcome'], { random: noJitter });
    await admitted(client);
    sockets[0]!.drop();
    await vi.advanceTimersByTimeAsync(RECONNECT_FIRST_DELAY_MS + RESUME_ATTEMPT_TIMEOUT_MS + RECONNECT_FIRST_DELAY_MS * 2 + 10);
    expect(sockets).toHaveLength(3);
    expect(states.at(-1)).toBe('open');
    scope.abort();
  });

  it('retryNow skips the backoff when the network comes back', async () => {
    const { client, sockets, scope } = fakeClient(['welcome', 'drop', 'drop', 'drop', 'drop', 'drop', 'welcome'], { random: noJitter });
    await admitted(client);
    sockets[0]!.drop();
    await vi.advanceTimersByTimeAsync(RECONNECT_FIRST_DELAY_MS * 31);
    const before = sockets.length;
    client.retryNow();
    await vi.advanceTimersByTimeAsync(1);
    expect(sockets.length).toBe(before + 1);
    scope.abort();
  });

  it('a refused resume is final: state closed, refusal bad_resume, no more attempts', async () => {
    const { client, sockets, states, scope } = fakeClient(['welcome', 'refuse-resume', 'welcome'], { random: noJitter });
    await admitted(client);
    sockets[0]!.drop();
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
    const keyring = new Keyring(FAKE_ROOM);
    await keyring.adopt({ material: new Uint8Array(32), epoch: 0, rotator: '' });
    const floor = 5_000;
    const { client, sockets, saved, scope } = fakeClient(['welcome'], { random: noJitter, keyring, counterFloor: floor });
    await client.start({ t: 'resume', peer: FAKE_ME, secret: 'old' });
    expect(saved[0]).toMatchObject({ counterCeiling: floor + COUNTER_RESERVATION });
    // The others saw counters up to the floor from the page before the reload.
    const window = new ReplayWindow();
    window.accept(FAKE_ME, floor);
    client.send('*', 'bye', {});
    await vi.waitFor(() => expect(sockets[0]!.sent.some((f) => JSON.parse(f).t === 'send')).toBe(true));
    const frame = JSON.parse(sockets[0]!.sent.find((f) => JSON.parse(f).t === 'send')!);
    const opened = await openSignal(keyring.current!.key, { room: FAKE_ROOM, me: 'q'.repeat(12), from: FAKE_ME }, frame.data, window);
    expect(opened.ok).toBe(true);
    for (let i = 0; i < COUNTER_RESERVATION / 2; i++) client.send('*', 'bye', {});
    expect(saved.at(-1)!.counterCeiling).toBeGreaterThan(floor + COUNTER_RESERVATION);
    scope.abort();
  });
});
