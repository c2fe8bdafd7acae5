// The shared wire protocol: every client shape accepted, every malformed frame refused.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LIMITS,
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
  const welcome = {
    t: 'welcome',
    room: 'r'.repeat(22),
    you: PEER,
    members: [],
    resume: CREDENTIAL,
    resumed: false,
    limits: LIMITS,
    ice: { iceServers: [{ urls: ['turn:127.0.0.1:3478'], username: 'u', credential: 'c' }], iceTransportPolicy: 'relay' },
    settings: { size: 10, locked: false },
  };

  it('accepts a welcome and refuses one with a malformed ICE config', () => {
    expect(parseServerMessage(JSON.stringify(welcome))).toEqual({ ok: true, msg: welcome });
    expect(parseServerMessage(JSON.stringify({ ...welcome, ice: { iceServers: [{ urls: 'x' }], iceTransportPolicy: 'relay' } })).ok).toBe(false);
    expect(parseServerMessage(JSON.stringify({ ...welcome, ice: { ...welcome.ice, extra: 1 } })).ok).toBe(false);
  });

  it.each([
    ['empty limits', {}],
    ['a missing limit', (({ resumeGraceMs: _, ...rest }) => rest)(LIMITS)],
    ['an unknown limit', { ...LIMITS, maxCalls: 1 }],
    ['a zero limit', { ...LIMITS, maxRoomMembers: 0 }],
    ['a negative limit', { ...LIMITS, burstMessages: -1 }],
    ['a fractional limit', { ...LIMITS, messagesPerSecond: 2.5 }],
    ['a string limit', { ...LIMITS, maxFrameBytes: '65536' }],
    ['an unsafe integer limit', { ...LIMITS, resumeGraceMs: 2 ** 53 }],
    ['null limits', null],
    ['limits as an array', [1, 2, 3]],
  ])('refuses a welcome with %s', (_name, limits) => {
    expect(parseServerMessage(JSON.stringify({ ...welcome, limits })).ok).toBe(false);
  });

  it.each([
    ['__proto__ at the top', `{"t":"peer-left","peer":"${PEER}","__proto__":{"admin":true}}`],
    ['constructor at the top', `{"t":"peer-left","peer":"${PEER}","constructor":{"prototype":{}}}`],
    ['__proto__ in limits', JSON.stringify(welcome).replace('"limits":{', '"limits":{"__proto__":{"x":1},')],
    ['constructor in limits', JSON.stringify(welcome).replace('"limits":{', '"limits":{"constructor":1,')],
    ['__proto__ in the ICE config', JSON.stringify(welcome).replace('"ice":{', '"ice":{"__proto__":{"iceServers":[]},')],
    ['toString in an ICE server', JSON.stringify(welcome).replace('"username":"u"', '"username":"u","toString":"x"')],
  ])('refuses a frame with a prototype key: %s', (_name, frame) => {
    expect(parseServerMessage(frame).ok).toBe(false);
  });

  it('hands back a fresh object that carries no prototype keys', () => {
    const result = parseClientMessage('{"t":"leave","ts":1}');
    expect(result.ok && Object.getPrototypeOf(result.msg)).toBe(Object.prototype);
    expect(result.ok && Object.keys(result.msg)).toEqual(['t', 'ts']);
  });

  it('accepts a restored welcome and a renewed resume credential, and refuses a credential of the wrong length', () => {
    expect(parseServerMessage(JSON.stringify({ t: 'resume-renewed', resume: CREDENTIAL })).ok).toBe(true);
    expect(parseServerMessage(JSON.stringify({ t: 'resume-renewed', resume: SECRET })).ok).toBe(false);
    expect(parseClientMessage(JSON.stringify({ t: 'resume', ts: 1, peer: PEER, secret: SECRET })).ok).toBe(false);
  });

  it('accepts room settings of 2 to 10 and refuses any other size, in welcome, settings and create', () => {
    for (const size of [2, 10]) {
      expect(parseServerMessage(JSON.stringify({ ...welcome, settings: { size, locked: true } })).ok).toBe(true);
      expect(parseServerMessage(JSON.stringify({ t: 'settings', size, locked: false })).ok).toBe(true);
      expect(parseClientMessage(JSON.stringify({ t: 'settings', ts: 1, size, locked: true })).ok).toBe(true);
      expect(parseClientMessage(JSON.stringify({ t: 'create', ts: 1, size })).ok).toBe(true);
    }
    for (const size of [1, 11, 2.5, '4', null]) {
      expect(parseServerMessage(JSON.stringify({ ...welcome, settings: { size, locked: false } })).ok).toBe(false);
      expect(parseClientMessage(JSON.stringify({ t: 'settings', ts: 1, size, locked: false })).ok).toBe(false);
      expect(parseClientMessage(JSON.stringify({ t: 'create', ts: 1, size })).ok).toBe(false);
    }
    expect(parseServerMessage(JSON.stringify({ ...welcome, settings: undefined })).ok).toBe(false);
    expect(parseClientMessage(JSON.stringify({ t: 'settings', ts: 1, size: 4 })).ok).toBe(false);
  });

  it('accepts ice-renewed only with a well-formed ICE config', () => {
    expect(parseServerMessage(JSON.stringify({ t: 'ice-renewed', ice: welcome.ice })).ok).toBe(true);
    expect(parseServerMessage(JSON.stringify({ t: 'ice-renewed', ice: { ...welcome.ice, iceTransportPolicy: 'none' } })).ok).toBe(false);
    expect(parseServerMessage(JSON.stringify({ t: 'ice-renewed' })).ok).toBe(false);
  });

  it('knows no no_room code: a missing room is refused as bad_token', () => {
    expect(parseServerMessage('{"t":"error","code":"no_room"}').ok).toBe(false);
  });

  it('refuses unknown error codes', () => {
    expect(parseServerMessage('{"t":"error","code":"room_full"}').ok).toBe(true);
    expect(parseServerMessage('{"t":"error","code":"room_full","ts":3}')).toEqual({ ok: true, msg: { t: 'error', code: 'room_full', ts: 3 } });
    expect(parseServerMessage('{"t":"error","code":"oops"}').ok).toBe(false);
  });

  it('never throws and never accepts arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(parseServerMessage(JSON.stringify(value)).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});
