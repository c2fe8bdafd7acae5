// The shared wire protocol: every client shape accepted, every malformed frame refused.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_ENVELOPE_DATA_CHARS,
  MAX_INVITE_TTL_SECONDS,
  MIN_INVITE_TTL_SECONDS,
  parseClientMessage,
  parseServerMessage,
} from '../../protocol/index.js';

const SECRET = 'A'.repeat(43);
const CREDENTIAL = 'C'.repeat(51);
const PEER = 'p'.repeat(12);

describe('parseClientMessage', () => {
  it.each([
    { t: 'create', ts: 1 },
    { t: 'create', ts: 1, key: 'operator-key' },
    { t: 'join', ts: 2, token: SECRET },
    { t: 'resume', ts: 3, peer: PEER, secret: CREDENTIAL },
    { t: 'invite', ts: 4, hash: SECRET, ttl: MIN_INVITE_TTL_SECONDS },
    { t: 'invite', ts: 4, hash: SECRET, ttl: MAX_INVITE_TTL_SECONDS },
    { t: 'revoke', ts: 5, hash: SECRET },
    { t: 'send', ts: 6, to: PEER, data: 'x' },
    { t: 'send', ts: 6, to: '*', data: 'x'.repeat(MAX_ENVELOPE_DATA_CHARS) },
    { t: 'leave', ts: 7 },
  ])('accepts %j', (msg) => {
    expect(parseClientMessage(JSON.stringify(msg))).toEqual({ ok: true, msg });
  });

  it.each([
    ['not JSON', 'hello'],
    ['an array', '[1,2]'],
    ['null', 'null'],
    ['unknown type', '{"t":"shout","ts":1}'],
    ['missing ts', '{"t":"leave"}'],
    ['ts zero', '{"t":"leave","ts":0}'],
    ['fractional ts', '{"t":"leave","ts":1.5}'],
    ['string ts', '{"t":"leave","ts":"1"}'],
    ['extra field', '{"t":"leave","ts":1,"x":1}'],
    ['__proto__ key', '{"t":"leave","ts":1,"__proto__":{"admin":true}}'],
    ['constructor key', '{"t":"leave","ts":1,"constructor":{"prototype":{}}}'],
    ['nested data', '{"t":"send","ts":1,"to":"*","data":{"a":[[[]]]}}'],
    ['short token', `{"t":"join","ts":1,"token":"abc"}`],
    ['token with bad characters', `{"t":"join","ts":1,"token":"${'+'.repeat(43)}"}`],
    ['ttl too long', `{"t":"invite","ts":1,"hash":"${SECRET}","ttl":${MAX_INVITE_TTL_SECONDS + 1}}`],
    ['ttl too short', `{"t":"invite","ts":1,"hash":"${SECRET}","ttl":${MIN_INVITE_TTL_SECONDS - 1}}`],
    ['empty data', '{"t":"send","ts":1,"to":"*","data":""}'],
    ['oversized data', JSON.stringify({ t: 'send', ts: 1, to: '*', data: 'x'.repeat(MAX_ENVELOPE_DATA_CHARS + 1) })],
    ['bad recipient', '{"t":"send","ts":1,"to":"everyone","data":"x"}'],
    ['deep nesting', '['.repeat(5000) + ']'.repeat(5000)],
  ])('refuses %s', (_name, frame) => {
    expect(parseClientMessage(frame).ok).toBe(false);
  });

  it('echoes a readable ts in the refusal so the client can match it', () => {
    expect(parseClientMessage('{"t":"shout","ts":42}')).toEqual({ ok: false, ts: 42 });
  });

  it('never throws and never accepts arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = parseClientMessage(JSON.stringify(value));
        if (result.ok) expect(['create', 'join', 'resume', 'invite', 'revoke', 'send', 'leave']).toContain(result.msg.t);
      }),
      { numRuns: 2000 },
    );
    fc.assert(fc.property(fc.string(), (text) => void parseClientMessage(text)), { numRuns: 2000 });
  });
});

describe('parseServerMessage', () => {
  it('accepts a welcome and refuses one with a malformed ICE config', () => {
    const welcome = {
      t: 'welcome',
      room: 'r'.repeat(22),
      you: PEER,
      members: [],
      resume: CREDENTIAL,
      resumed: false,
      limits: {},
      ice: { iceServers: [{ urls: ['turn:127.0.0.1:3478'], username: 'u', credential: 'c' }], iceTransportPolicy: 'relay' },
    };
    expect(parseServerMessage(JSON.stringify(welcome)).ok).toBe(true);
    expect(parseServerMessage(JSON.stringify({ ...welcome, ice: { iceServers: [{ urls: 'x' }], iceTransportPolicy: 'relay' } })).ok).toBe(false);
  });

  it('accepts a restored welcome and a renewed resume credential, and refuses a credential of the wrong length', () => {
    expect(parseServerMessage(JSON.stringify({ t: 'resume-renewed', resume: CREDENTIAL })).ok).toBe(true);
    expect(parseServerMessage(JSON.stringify({ t: 'resume-renewed', resume: SECRET })).ok).toBe(false);
    expect(parseClientMessage(JSON.stringify({ t: 'resume', ts: 1, peer: PEER, secret: SECRET })).ok).toBe(false);
  });

  it('refuses unknown error codes', () => {
    expect(parseServerMessage('{"t":"error","code":"room_full"}').ok).toBe(true);
    expect(parseServerMessage('{"t":"error","code":"oops"}').ok).toBe(false);
  });
});
