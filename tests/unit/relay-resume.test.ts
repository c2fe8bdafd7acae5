// Resume and its grace period to the millisecond, in process on a fake clock (stateless resume credentials).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CLOSE } from '../../protocol/index.js';
import { type FakeMember, useFakeRelay } from '../support/fake-relay.js';

/** A grace period short enough to read, long enough to tell apart from the admission deadline. */
const GRACE_MS = 1500;

const fake = useFakeRelay({ resumeGraceMs: GRACE_MS });
let creator: FakeMember & { roomId: string };
let guest: FakeMember;

beforeEach(() => {
  creator = fake.relay.createRoom();
  guest = fake.relay.join(creator.roomId, fake.relay.mintInvite(creator));
  creator.socket.inbox.length = 0;
});

describe('resume', () => {
  it('tells a member the grace period in welcome', () => {
    expect(guest.welcome.limits.resumeGraceMs).toBe(GRACE_MS);
  });

  it('gives a dropped member its seat back inside the grace period: same id, a fresh credential, no leave seen by the others', () => {
    guest.socket.drop();
    vi.advanceTimersByTime(GRACE_MS - 1);
    const back = fake.relay.connect(creator.roomId);
    back.say({ t: 'resume', peer: guest.welcome.you, secret: guest.welcome.resume });
    const welcome = back.takeOf('welcome');
    expect(welcome).toMatchObject({ you: guest.welcome.you, resumed: true, members: [creator.welcome.you] });
    expect(welcome.resume).toMatch(/^[A-Za-z0-9_-]{51}$/);
    expect(welcome.resume).not.toBe(guest.welcome.resume);
    vi.advanceTimersByTime(GRACE_MS * 10);
    expect(creator.socket.unread()).toEqual([]);

    back.say({ t: 'send', to: creator.welcome.you, data: 'still-here' });
    expect(creator.socket.take()).toEqual({ t: 'relay', from: guest.welcome.you, data: 'still-here' });

    const stale = fake.relay.connect(creator.roomId);
    stale.say({ t: 'resume', peer: guest.welcome.you, secret: guest.welcome.resume });
    expect(stale.take()).toMatchObject({ t: 'error', code: 'bad_resume' });
    expect(stale.closed).toEqual(CLOSE.admissionRefused);
  });

  it(`announces peer-left exactly ${GRACE_MS} ms after the drop; the credential then seats the member again`, () => {
    guest.socket.drop();
    vi.advanceTimersByTime(GRACE_MS - 1);
    expect(creator.socket.unread()).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(creator.socket.take()).toEqual({ t: 'peer-left', peer: guest.welcome.you });
    // The seat is gone, not the member: its unexpired credential seats it again (as after a restart).
    const late = fake.relay.connect(creator.roomId);
    late.say({ t: 'resume', peer: guest.welcome.you, secret: guest.welcome.resume });
    expect(late.takeOf('welcome')).toMatchObject({ you: guest.welcome.you, resumed: true, restored: true });
  });

  it('announces a member who left once: its connection closing afterwards starts no grace period', () => {
    guest.socket.say({ t: 'leave' });
    expect(guest.socket.closed).toEqual(CLOSE.normal);
    expect(creator.socket.take()).toEqual({ t: 'peer-left', peer: guest.welcome.you });
    vi.advanceTimersByTime(GRACE_MS * 2);
    expect(creator.socket.unread()).toEqual([]);
  });

  it('a newer room with the same id outlives the room before it: no late timer deletes it or its members', () => {
    guest.socket.say({ t: 'leave' });
    creator.socket.say({ t: 'leave' });
    expect(fake.relay.signaling.stats().rooms).toBe(0);
    const next = fake.relay.createRoom(creator.roomId);
    const newcomer = fake.relay.join(next.roomId, fake.relay.mintInvite(next));
    vi.advanceTimersByTime(GRACE_MS * 2);
    expect(fake.relay.signaling.stats()).toMatchObject({ rooms: 1, connections: 2 });
    expect(next.socket.unread()).toEqual(['invite-used', 'peer-joined']);
    newcomer.socket.say({ t: 'send', to: next.welcome.you, data: 'same id, new room' });
    expect(next.socket.takeOf('relay')).toEqual({ t: 'relay', from: newcomer.welcome.you, data: 'same id, new room' });
  });

  it('closes the previous connection with 4005 when a member resumes on a new one, and keeps relaying on the new one', () => {
    const second = fake.relay.connect(creator.roomId);
    second.say({ t: 'resume', peer: guest.welcome.you, secret: guest.welcome.resume });
    second.takeOf('welcome');
    expect(guest.socket.closed).toEqual(CLOSE.replaced);
    vi.advanceTimersByTime(GRACE_MS * 2);
    expect(creator.socket.unread()).toEqual([]);
    creator.socket.say({ t: 'send', to: guest.welcome.you, data: 'to the new one' });
    expect(second.take()).toEqual({ t: 'relay', from: creator.welcome.you, data: 'to the new one' });
  });

  it('deletes the room when its last member’s grace period ends; the late member’s credential re-creates it', () => {
    guest.socket.say({ t: 'leave' });
    creator.socket.drop();
    expect(fake.relay.signaling.stats().rooms).toBe(1);
    vi.advanceTimersByTime(GRACE_MS);
    expect(fake.relay.signaling.stats()).toMatchObject({ rooms: 0, connections: 0, invites: 0 });
    const late = fake.relay.connect(creator.roomId);
    late.say({ t: 'resume', peer: creator.welcome.you, secret: creator.welcome.resume });
    // The room is re-created from the unexpired credential, as on a node that restarted.
    expect(late.takeOf('welcome')).toMatchObject({ you: creator.welcome.you, resumed: true, restored: true, members: [] });
  });

});
