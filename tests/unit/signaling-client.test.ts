// The signaling client: admission tried again after an unanswered close, a refusal final; senders' envelopes opened independently.
import { describe, expect, it, vi } from 'vitest';
import { utf8Encode } from '../../app/crypto/bytes.js';
import { sealSignal } from '../../app/crypto/signal.js';
import {
  ADMISSION_ATTEMPTS,
  ADMISSION_RETRY_FIRST_MS,
  AdmissionError,
  admissionRetryDelay,
  RECONNECT_MAX_DELAY_MS,
} from '../../app/signaling/client.js';
import { FAKE_ME, FAKE_ROOM, fakeClient, useFakeSockets, type FakeAnswer, type FakeSocket } from '../support/fake-signaling.js';
import { Keyring } from '../../app/signaling/keyring.js';

useFakeSockets();

describe('signaling admission', () => {
  it('tries again when the socket closes before the relay answered, and is admitted', async () => {
    const { client, sockets, states, scope } = fakeClient(['drop', 'drop', 'welcome']);
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
    const { client, sockets, scope } = fakeClient([]);
    const welcome = client.start({ t: 'join', token: 't'.repeat(43) });
    const outcome = expect(welcome).rejects.toMatchObject({ code: 'closed' });
    await vi.runAllTimersAsync();
    await outcome;
    expect(sockets).toHaveLength(ADMISSION_ATTEMPTS);
    scope.abort();
  });

  it('takes a refusal as final', async () => {
    const { client, sockets, scope } = fakeClient(['bad_token', 'welcome']);
    const welcome = client.start({ t: 'join', token: 't'.repeat(43) });
    const outcome = expect(welcome).rejects.toBeInstanceOf(AdmissionError);
    await vi.runAllTimersAsync();
    await outcome;
    await expect(welcome).rejects.toMatchObject({ code: 'bad_token' });
    expect(sockets).toHaveLength(1);
    scope.abort();
  });

  it('stops waiting to try again when the call is abandoned', async () => {
    const { client, sockets, scope } = fakeClient([]);
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

describe('inbound envelopes', () => {
  it('keeps each sender in order but never makes one sender wait for another', async () => {
    vi.useRealTimers();
    const room = FAKE_ROOM;
    const me = FAKE_ME;
    const [alice, bob] = ['A'.repeat(12), 'B'.repeat(12)];
    const keyring = new Keyring(room);
    await keyring.adopt({ material: new Uint8Array(32), epoch: 0, rotator: '' });
    const seen: string[] = [];
    let releaseAlice = (): void => undefined;
    const aliceBlocked = new Promise<void>((resolve) => (releaseAlice = resolve));
    const { client, sockets, scope } = fakeClient(['welcome'], {
      keyring,
      events: {
        signal: (from, signal) => {
          seen.push(`${from[0]}${seen.filter((s) => s[0] === from[0]).length + 1}:${signal.type}`);
          // Alice's first signal takes long to handle, like a hello's key derivation on a busy page.
          return from === alice && seen.length === 1 ? aliceBlocked : undefined;
        },
      },
    });
    await client.start({ t: 'join', token: 't'.repeat(43) });
    const deliver = async (from: string, counter: number): Promise<void> => {
      const data = await sealSignal(keyring.current!.key, { room, from, to: me, type: 'bye', counter }, utf8Encode('{}'));
      sockets[0]!.receive({ t: 'relay', from, data });
    };
    await deliver(alice, 1);
    await vi.waitFor(() => expect(seen).toEqual(['A1:bye']));
    await deliver(alice, 2);
    await deliver(bob, 1);
    await vi.waitFor(() => expect(seen).toEqual(['A1:bye', 'B1:bye']));
    releaseAlice();
    await vi.waitFor(() => expect(seen).toEqual(['A1:bye', 'B1:bye', 'A2:bye']));
    scope.abort();
  });
});

describe('resume after a restart or a failover', () => {
  const sentTypes = (socket: FakeSocket): unknown[] => socket.sent.map((f) => JSON.parse(f));

  it('resumes with the renewed credential past the grace period, then registers its unused invites again', async () => {
    const unreachable: FakeAnswer[] = Array.from({ length: 12 }, () => 'drop');
    const { client, sockets, states, scope } = fakeClient(['welcome', ...unreachable, 'restored']);
    await vi.runAllTimersAsync();
    void client.start({ t: 'create' });
    await vi.runAllTimersAsync();
    const used = 'u'.repeat(43);
    const pending = 'i'.repeat(43);
    client.invite(used, 600);
    client.invite(pending, 600);
    await vi.runAllTimersAsync();
    sockets[0]!.receive({ t: 'invite-used', hash: used });
    sockets[0]!.receive({ t: 'resume-renewed', resume: 'n'.repeat(51) });
    const droppedAt = performance.now();
    sockets[0]!.drop();
    await vi.runAllTimersAsync();

    // Twelve unanswered attempts span more than the 30 s grace: the credential, not the grace, bounds them.
    expect(performance.now() - droppedAt).toBeGreaterThan(30_000);
    const last = sockets[sockets.length - 1]!;
    expect(sockets).toHaveLength(14);
    const frames = sentTypes(last) as Array<Record<string, unknown>>;
    expect(frames[0]).toMatchObject({ t: 'resume', peer: 'p'.repeat(12), secret: 'n'.repeat(51) });
    expect(frames.slice(1)).toEqual([expect.objectContaining({ t: 'invite', hash: pending })]);
    expect(frames[1]!['ttl']).toBeLessThan(600);
    expect(frames[1]!['ttl']).toBeGreaterThan(500);
    expect(states[states.length - 1]).toBe('open');
    scope.abort();
  });

  it('gives up once the credential has run out', async () => {
    const unreachable: FakeAnswer[] = Array.from({ length: 200 }, () => 'drop');
    const { client, sockets, states, scope } = fakeClient(['welcome', ...unreachable]);
    void client.start({ t: 'create' });
    await vi.runAllTimersAsync();
    const droppedAt = performance.now();
    sockets[0]!.drop();
    await vi.runAllTimersAsync();
    expect(states[states.length - 1]).toBe('closed');
    // resumeTtlMs is 300 s in WELCOME; the last try was scheduled before it ended.
    expect(performance.now() - droppedAt).toBeGreaterThanOrEqual(300_000);
    expect(performance.now() - droppedAt).toBeLessThanOrEqual(300_000 + RECONNECT_MAX_DELAY_MS + 1);
    expect(sockets.length).toBeLessThan(200);
    scope.abort();
  });
});

describe('TURN credential renewal', () => {
  it('hands a schema-valid ice-renewed to the caller and drops one that does not validate', async () => {
    const renewed: unknown[] = [];
    const { client, sockets, scope } = fakeClient(['welcome'], { events: { iceRenewed: (ice) => renewed.push(ice) } });
    void client.start({ t: 'create' });
    await vi.runAllTimersAsync();
    const ice = { iceServers: [{ urls: ['turn:127.0.0.1:3478'], username: '1700000600:abc', credential: 'fresh' }], iceTransportPolicy: 'relay' };
    sockets[0]!.receive({ t: 'ice-renewed', ice });
    sockets[0]!.receive({ t: 'ice-renewed', ice: { ...ice, iceTransportPolicy: 'any' } });
    sockets[0]!.receive({ t: 'ice-renewed', ice, extra: 1 });
    expect(renewed).toEqual([ice]);
    scope.abort();
  });
});

describe('room settings', () => {
  it('reports settings changes, and sends the size and lock it knew to a node that re-created the room', async () => {
    const told: unknown[] = [];
    const { client, sockets, scope } = fakeClient(['welcome', 'restored'], { events: { settings: (s) => told.push(s) } });
    void client.start({ t: 'create', size: 3 });
    await vi.runAllTimersAsync();
    expect(JSON.parse(sockets[0]!.sent[0]!)).toMatchObject({ t: 'create', size: 3 });
    sockets[0]!.receive({ t: 'settings', size: 3, locked: true });
    expect(told).toEqual([{ size: 3, locked: true }]);
    sockets[0]!.drop();
    await vi.runAllTimersAsync();
    const frames = sockets[1]!.sent.map((f) => JSON.parse(f) as Record<string, unknown>);
    expect(frames[0]).toMatchObject({ t: 'resume' });
    expect(frames.slice(1)).toEqual([expect.objectContaining({ t: 'settings', size: 3, locked: true })]);
    scope.abort();
  });
});
