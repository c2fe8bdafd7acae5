// Invite links and sealed signaling payload validation.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatInviteLink, INVITER_COMMITMENT_BYTES, newInviteToken, newRoomId, newInviteSecret, parseInvite, takeInviteFromLocation, tokenHash } from '../../app/invite/link.js';
import { cleanDisplayName, MAX_CANDIDATES_PER_MESSAGE, MAX_DISPLAY_NAME_GRAPHEMES, parsePayload } from '../../app/signaling/payloads.js';

describe('invite links', () => {
  it('round-trips room, token and secret through the fragment, from a full link or the fragment alone', () => {
    const invite = { room: newRoomId(), token: newInviteToken(), secret: newInviteSecret() };
    const link = formatInviteLink('https://call.example.org', invite);
    expect(link).toBe(`https://call.example.org/#/join/${invite.room}.${invite.token}.${invite.secret}`);
    expect(parseInvite(link)).toEqual(invite);
    expect(parseInvite(`  ${link}\n`)).toEqual(invite);
    expect(parseInvite(new URL(link).hash)).toEqual(invite);
  });

  it('round-trips the inviter peer id and 128-bit key commitment as two more parts', () => {
    const inviter = { peer: 'AbCdEf012_-x', commitment: Buffer.alloc(INVITER_COMMITMENT_BYTES, 7).toString('base64url') };
    const invite = { room: newRoomId(), token: newInviteToken(), secret: newInviteSecret(), inviter };
    const link = formatInviteLink('https://call.example.org', invite);
    expect(link).toBe(`https://call.example.org/#/join/${invite.room}.${invite.token}.${invite.secret}.${inviter.peer}.${inviter.commitment}`);
    expect(parseInvite(link)).toEqual(invite);
    for (const bad of [
      `${link}.extra`,
      link.replace(`.${inviter.peer}.`, '.short.'),
      link.replace(inviter.commitment, Buffer.alloc(INVITER_COMMITMENT_BYTES - 1, 7).toString('base64url')),
    ]) {
      expect(parseInvite(bad)).toBeUndefined();
    }
  });

  it('refuses anything that is not exactly three (or five) well-formed parts', () => {
    const room = newRoomId();
    const token = newInviteToken();
    const secret = newInviteSecret();
    for (const bad of [
      'https://example.org/',
      `https://x/#/join/${room}.${token}`,
      `https://x/#/join/${room}.${token}.${secret}.extra`,
      `https://x/#/join/${room}x.${token}.${secret}`,
      `https://x/#/join/${room}.${token.slice(1)}.${secret}`,
      `https://x/#/join/${room}.${token}.${secret.slice(0, -1)}+`,
    ]) {
      expect(parseInvite(bad)).toBeUndefined();
    }
  });

  it('hashes the token text with SHA-256 exactly as the server does', async () => {
    const token = newInviteToken();
    expect(await tokenHash(token)).toBe(createHash('sha256').update(token).digest('base64url'));
  });

  it('takes the invite from the address and replaces the history entry without the fragment', () => {
    const invite = { room: newRoomId(), token: newInviteToken(), secret: newInviteSecret() };
    const replaced: string[] = [];
    const location = { hash: `#/join/${invite.room}.${invite.token}.${invite.secret}`, pathname: '/', search: '' } as Location;
    const history = { replaceState: (_s: unknown, _t: string, url: string) => replaced.push(url) } as unknown as History;
    expect(takeInviteFromLocation(location, history)).toEqual(invite);
    expect(replaced).toEqual(['/']);
    expect(takeInviteFromLocation({ hash: '', pathname: '/', search: '' } as Location, history)).toBeUndefined();
    expect(replaced).toHaveLength(1);
  });
});

describe('signaling payloads', () => {
  const key = Buffer.from(Uint8Array.from({ length: 65 }, (_, i) => (i === 0 ? 4 : i))).toString('base64url');

  it('accepts well-formed payloads of each type', () => {
    expect(parsePayload('hello', { key, name: 'Ann' })).toEqual({ type: 'hello', payload: { key, name: 'Ann' } });
    expect(parsePayload('offer', { sdp: 'v=0', mac: 'x' })?.type).toBe('offer');
    expect(parsePayload('ice', { c: [{ candidate: 'candidate:1', sdpMid: '0', sdpMLineIndex: 0 }], end: true })?.type).toBe('ice');
    expect(parsePayload('bye', {})).toEqual({ type: 'bye', payload: {} });
  });

  it('refuses wrong shapes: short keys, non-strings, too many candidates, arrays', () => {
    expect(parsePayload('hello', { key: 'AAAA', name: 'x' })).toBeUndefined();
    expect(parsePayload('hello', { key, name: 5 })).toBeUndefined();
    expect(parsePayload('offer', { sdp: 1, mac: 'x' })).toBeUndefined();
    expect(parsePayload('ice', { c: Array.from({ length: MAX_CANDIDATES_PER_MESSAGE + 1 }, () => ({ candidate: 'c' })) })).toBeUndefined();
    expect(parsePayload('ice', { c: [{ candidate: 7 }] })).toBeUndefined();
    expect(parsePayload('bye', [])).toBeUndefined();
  });

  it('carries the mute state as a boolean and nothing else', () => {
    expect(parsePayload('state', { muted: true })).toEqual({ type: 'state', payload: { muted: true } });
    expect(parsePayload('state', { muted: false, extra: 'x' })).toEqual({ type: 'state', payload: { muted: false } });
    expect(parsePayload('state', { muted: 'yes' })).toBeUndefined();
    expect(parsePayload('state', {})).toBeUndefined();
  });

  it('cleans display names: control characters removed, trimmed, bounded', () => {
    expect(cleanDisplayName('  Ann\u0000\u0007 ')).toBe('Ann');
    expect(cleanDisplayName('x'.repeat(100))).toHaveLength(MAX_DISPLAY_NAME_GRAPHEMES);
  });
});
