// Resume credentials in the relay logic: renewal by one sweep, re-created rooms and seats, departures, the room cap.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_ROOM_MEMBERS, RESUME_CREDENTIAL_TTL_MS, type ServerToClient } from '../../protocol/index.js';
import { loadConfig } from '../../server/config.js';
import { RESUME_RENEW_INTERVAL_MS, ResumeCredentials } from '../../server/resume-credentials.js';
import type { Outlet } from '../../server/rooms.js';
import { SERVER_SECRET_FILE, resolveServerSecret } from '../../server/server-secret.js';
import { Signaling } from '../../server/signaling.js';

const ROOM = 'R'.repeat(22);

/** An outlet that records what it is sent and how it was closed. */
class RecordingOutlet implements Outlet {
  readonly received: ServerToClient[] = [];
  closedWith: number | undefined;
  send(frame: string): void {
    this.received.push(JSON.parse(frame) as ServerToClient);
  }
  close(code: number): void {
    this.closedWith = code;
  }
  subscribe(): void {}
  publish(): void {}
  last<T extends ServerToClient['t']>(t: T): Extract<ServerToClient, { t: T }> | undefined {
    return this.received.filter((m): m is Extract<ServerToClient, { t: T }> => m.t === t).at(-1);
  }
}

const secret = randomBytes(32);
let ts = 1;

function relay(): Signaling {
  return new Signaling(loadConfig({}, []), {
    admissionDeadlineMs: 10_000,
    resumeGraceMs: 1000,
    credentials: new ResumeCredentials(secret),
    now: Date.now,
  });
}

/** Opens a connection on `signaling` and sends `msg`; returns the outlet. */
function arrive(signaling: Signaling, msg: Record<string, unknown>, address = '127.0.0.1'): { outlet: RecordingOutlet; close: () => void } {
  const outlet = new RecordingOutlet();
  const conn = signaling.newConnection(address, ROOM, outlet);
  signaling.opened(conn);
  signaling.message(conn, JSON.stringify({ ...msg, ts: ts++ }));
  return { outlet, close: () => signaling.closed(conn) };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('resume credentials in the relay', () => {
  it('renews every connected member with one sweep, and the renewed credential works', () => {
    const signaling = relay();
    const creator = arrive(signaling, { t: 'create' });
    const welcome = creator.outlet.last('welcome')!;
    vi.advanceTimersByTime(RESUME_RENEW_INTERVAL_MS);
    const renewed = creator.outlet.last('resume-renewed')!;
    expect(renewed.resume).not.toBe(welcome.resume);
    creator.close();
    const back = arrive(signaling, { t: 'resume', peer: welcome.you, secret: renewed.resume });
    expect(back.outlet.last('welcome')).toMatchObject({ you: welcome.you, resumed: true });
    signaling.shutdown();
  });

  it('re-creates a room it does not know from a credential another node issued, and caps re-seated rooms at the room size', () => {
    const other = new ResumeCredentials(secret);
    const signaling = relay();
    const expires = Date.now() + RESUME_CREDENTIAL_TTL_MS;
    const peers = Array.from({ length: MAX_ROOM_MEMBERS + 1 }, (_, i) => `peer${String(i).padStart(8, '0')}`);
    const outcomes = peers.map((peer) => arrive(signaling, { t: 'resume', peer, secret: other.issue(ROOM, peer, expires) }, `10.0.0.${peers.indexOf(peer)}`).outlet);
    expect(outcomes[0]!.last('welcome')).toMatchObject({ you: peers[0], members: [], resumed: true, restored: true });
    expect(outcomes.slice(0, MAX_ROOM_MEMBERS).every((o) => o.last('welcome') !== undefined)).toBe(true);
    expect(outcomes[MAX_ROOM_MEMBERS]!.last('error')).toMatchObject({ code: 'room_full' });
    signaling.shutdown();
  });

  it('refuses an expired credential, and seats again a member whose grace ran out with its unexpired credential', () => {
    const signaling = relay();
    const creator = arrive(signaling, { t: 'create' });
    const guest = arrive(signaling, { t: 'resume', peer: 'g'.repeat(12), secret: new ResumeCredentials(secret).issue(ROOM, 'g'.repeat(12), Date.now() + 5000) });
    const welcome = guest.outlet.last('welcome')!;
    guest.close();
    vi.advanceTimersByTime(1001);
    expect(creator.outlet.last('peer-left')).toEqual({ t: 'peer-left', peer: 'g'.repeat(12) });
    // Away longer than the grace (a phone offline for a minute): its unexpired credential still brings it back.
    const back = arrive(signaling, { t: 'resume', peer: welcome.you, secret: welcome.resume });
    const again = back.outlet.last('welcome')!;
    expect(again).toMatchObject({ you: welcome.you, resumed: true, restored: true, members: [creator.outlet.last('welcome')!.you] });
    const stale = new ResumeCredentials(secret).issue(ROOM, 'h'.repeat(12), Date.now() - 1);
    expect(arrive(signaling, { t: 'resume', peer: 'h'.repeat(12), secret: stale }).outlet.last('error')).toMatchObject({ code: 'bad_resume' });
    signaling.shutdown();
  });

  it('keeps a leave final until the credential expires, then forgets it', () => {
    const signaling = relay();
    const creator = arrive(signaling, { t: 'create' });
    const guestOutlet = new RecordingOutlet();
    const conn = signaling.newConnection('127.0.0.1', ROOM, guestOutlet);
    signaling.opened(conn);
    signaling.message(conn, JSON.stringify({ t: 'resume', peer: 'g'.repeat(12), secret: new ResumeCredentials(secret).issue(ROOM, 'g'.repeat(12), Date.now() + 5000), ts: ts++ }));
    const welcome = guestOutlet.last('welcome')!;
    signaling.message(conn, JSON.stringify({ t: 'leave', ts: ts++ }));
    signaling.closed(conn);
    expect(creator.outlet.last('peer-left')).toEqual({ t: 'peer-left', peer: 'g'.repeat(12) });
    expect(arrive(signaling, { t: 'resume', peer: welcome.you, secret: welcome.resume }).outlet.last('error')).toMatchObject({ code: 'bad_resume' });
    // Once the departed member's credential has expired, the sweep forgets it.
    expect(signaling.stats().departed).toBe(1);
    vi.advanceTimersByTime(RESUME_CREDENTIAL_TTL_MS);
    expect(signaling.stats().departed).toBe(0);
    signaling.shutdown();
  });
});

describe('resolveServerSecret', () => {
  it('uses SERVER_SECRET when set, keeps a LAN secret in DATA_DIR with mode 0600, and makes a fresh one per dev process', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'securecall-secret-'));
    try {
      const configured = loadConfig({ SERVER_SECRET: secret.toString('base64') }, []);
      expect(resolveServerSecret(configured)).toEqual(secret);
      const lan = loadConfig({ LAN: '1', DATA_DIR: dataDir }, []);
      const first = resolveServerSecret(lan);
      expect(resolveServerSecret(lan)).toEqual(first);
      expect(statSync(join(dataDir, SERVER_SECRET_FILE)).mode & 0o777).toBe(0o600);
      const dev = loadConfig({}, []);
      expect(resolveServerSecret(dev)).not.toEqual(resolveServerSecret(dev));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
