// Invites shared to the installed app: which shared texts become the join route, and which are ignored.
import { describe, expect, it } from 'vitest';
import { inviteRouteFromShare } from '../../app/pwa/share-target.js';

const ORIGIN = 'https://call.example.org';
const INVITE = 'R00m_id-AAAAAAAAAAAAAA.t0ken-BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB.s3cret_CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC';

const query = (params: Record<string, string>): string => `?${new URLSearchParams(params).toString()}`;

describe('inviteRouteFromShare', () => {
  it('takes the join route from an invite link shared as url', () => {
    expect(inviteRouteFromShare(query({ url: `${ORIGIN}/#/join/${INVITE}` }), ORIGIN)).toBe(`/join/${INVITE}`);
  });

  it('finds the invite inside shared text (messengers put the link in text)', () => {
    const text = `Join my call: ${ORIGIN}/#/join/${INVITE} see you`;
    expect(inviteRouteFromShare(query({ title: 'Call', text, url: '' }), ORIGIN)).toBe(`/join/${INVITE}`);
  });

  it('accepts web+securecall: links from the protocol handler, with or without //', () => {
    expect(inviteRouteFromShare(query({ url: `web+securecall:join/${INVITE}` }), ORIGIN)).toBe(`/join/${INVITE}`);
    expect(inviteRouteFromShare(query({ url: `web+securecall://join/${INVITE}` }), ORIGIN)).toBe(`/join/${INVITE}`);
  });

  it("ignores another origin's invite: its room lives on another server", () => {
    expect(inviteRouteFromShare(query({ url: `https://evil.example/#/join/${INVITE}` }), ORIGIN)).toBeUndefined();
    expect(inviteRouteFromShare(query({ url: `http://call.example.org/#/join/${INVITE}` }), ORIGIN)).toBeUndefined();
  });

  it('ignores links that are not invites and routes that could carry markup', () => {
    expect(inviteRouteFromShare(query({ url: `${ORIGIN}/#/new` }), ORIGIN)).toBeUndefined();
    expect(inviteRouteFromShare(query({ url: `${ORIGIN}/#/join/<img src=x>` }), ORIGIN)).toBeUndefined();
    expect(inviteRouteFromShare(query({ url: `${ORIGIN}/#/join/` }), ORIGIN)).toBeUndefined();
    expect(inviteRouteFromShare(query({ text: 'no link here' }), ORIGIN)).toBeUndefined();
    expect(inviteRouteFromShare('', ORIGIN)).toBeUndefined();
  });
});
