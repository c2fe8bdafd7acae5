// Classification of scanned text: invites, fingerprint QRs, and everything that only looks like them.
import fc from 'fast-check';
import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { encodeFingerprintQr, fingerprintOf, generateIdentity, QR_PREFIX } from '../../app/crypto/index.js';
import { formatInviteLink, newInviteToken, newRoomId, newInviteSecret } from '../../app/invite/link.js';
import { classifyScan, MAX_SCAN_TEXT_CHARS } from '../../app/scan/classify.js';
import { scanErrorFrom } from '../../app/scan/errors.js';
import { scaledSize } from '../../app/scan/frame.js';
import { qrLuma, Y4M_HEIGHT, Y4M_WIDTH } from '../support/y4m.js';

const invite = { room: newRoomId(), token: newInviteToken(), secret: newInviteSecret() };
const LINK = formatInviteLink('https://call.example.org', invite);
const FRAGMENT = `#/join/${invite.room}.${invite.token}.${invite.secret}`;

describe('classifyScan: invites', () => {
  it('reads a whole https invite link with its room, token, secret and origin', () => {
    expect(classifyScan(LINK)).toEqual({ kind: 'invite', invite, origin: 'https://call.example.org' });
  });

  it('accepts any https origin, with a port, and surrounding whitespace', () => {
    expect(classifyScan(formatInviteLink('https://192.168.1.20:8443', invite))).toMatchObject({ kind: 'invite', origin: 'https://192.168.1.20:8443' });
    expect(classifyScan(`  ${LINK}\n`)).toMatchObject({ kind: 'invite' });
  });

  it.each(['http://localhost:5173', 'http://127.0.0.1:8790', 'http://[::1]:8790'])('accepts plain http only on loopback: %s', (origin) => {
    expect(classifyScan(formatInviteLink(origin, invite))).toMatchObject({ kind: 'invite', origin });
  });

  it.each([
    ['plain http to a real host', formatInviteLink('http://call.example.org', invite)],
    ['credentials dressing up the host', `https://call.example.org@evil.example/${FRAGMENT}`],
    ['user info', `https://user:pw@call.example.org/${FRAGMENT}`],
    ['a path', `https://evil.example/call.example.org/${FRAGMENT}`],
    ['a query', `https://call.example.org/?next=x${FRAGMENT}`],
    ['javascript:', `javascript:alert(1)//${FRAGMENT}`],
    ['data:', `data:text/html,${FRAGMENT}`],
    ['web+securecall:', `web+securecall:${FRAGMENT}`],
    ['a bare fragment', FRAGMENT],
    ['a fourth part', `${LINK}.AAAA`],
    ['a missing part', `https://call.example.org/#/join/${invite.room}.${invite.token}`],
    ['a short room', `https://call.example.org/#/join/${invite.room.slice(1)}.${invite.token}.${invite.secret}`],
    ['a long token', `https://call.example.org/#/join/${invite.room}.${invite.token}A.${invite.secret}`],
    ['a non-base64url character', `https://call.example.org/#/join/${invite.room}.${invite.token.slice(1)}+.${invite.secret}`],
    ['padding', `https://call.example.org/#/join/${invite.room}.${invite.token}.${invite.secret.slice(1)}=`],
    ['another route', `https://call.example.org/#/joinx/${invite.room}.${invite.token}.${invite.secret}`],
    ['a space inside', LINK.replace('#/join/', '#/join/ ')],
    ['text around the link', `Join me: ${LINK}`],
  ])('refuses a lookalike: %s', (_what, text) => {
    expect(classifyScan(text)).toEqual({ kind: 'not-securecall' });
  });
});

describe('classifyScan: fingerprint QRs and everything else', () => {
  it('recognises a fingerprint QR by its prefix and keeps the text for checkFingerprintQr', async () => {
    const identity = await generateIdentity();
    const text = await encodeFingerprintQr(invite.room, await fingerprintOf(identity.publicRaw));
    expect(classifyScan(text)).toEqual({ kind: 'fingerprint', text });
    expect(classifyScan(`${QR_PREFIX}garbage`)).toEqual({ kind: 'fingerprint', text: `${QR_PREFIX}garbage` });
  });

  it.each([
    ['empty', ''],
    ['a web page', 'https://example.com/'],
    ['wifi', 'WIFI:T:WPA;S:home;P:secret;;'],
    ['a prefix not at the start', ` ${QR_PREFIX}AAAA`],
    ['a different prefix case', QR_PREFIX.toUpperCase() + 'AAAA'],
    ['too long', `${LINK}${'A'.repeat(MAX_SCAN_TEXT_CHARS)}`],
  ])('says not SecureCall for %s', (_what, text) => {
    expect(classifyScan(text)).toEqual({ kind: 'not-securecall' });
  });

  it('never throws on arbitrary text and only calls valid invite links invites', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const result = classifyScan(text);
        if (result.kind === 'invite') expect(text.trim()).toContain('#/join/');
        if (result.kind === 'fingerprint') expect(text.startsWith(QR_PREFIX)).toBe(true);
      }),
    );
  });
});

describe('scanner helpers', () => {
  it.each([
    ['NotAllowedError', 'permission-denied'],
    ['SecurityError', 'permission-denied'],
    ['NotFoundError', 'no-camera'],
    ['OverconstrainedError', 'no-camera'],
    ['NotReadableError', 'camera-busy'],
    ['TypeError', 'unsupported'],
  ])('maps getUserMedia %s to %s', (name, code) => {
    expect(scanErrorFrom(new DOMException('x', name)).code).toBe(code);
  });

  it('downscales frames so the longer side is 400 px, never upscaling', () => {
    expect(scaledSize(640, 480)).toEqual({ width: 400, height: 300 });
    expect(scaledSize(720, 1280)).toEqual({ width: 225, height: 400 });
    expect(scaledSize(320, 240)).toEqual({ width: 320, height: 240 });
  });
});

describe('tests/support/y4m', () => {
  it('draws an invite link that jsQR reads back from the 640x480 luma plane', () => {
    const luma = qrLuma(LINK);
    const rgba = new Uint8ClampedArray(Y4M_WIDTH * Y4M_HEIGHT * 4);
    for (let i = 0; i < luma.length; i++) rgba.fill(luma[i]!, i * 4, i * 4 + 3).fill(255, i * 4 + 3, i * 4 + 4);
    expect(jsQR(rgba, Y4M_WIDTH, Y4M_HEIGHT)?.data).toBe(LINK);
  });
});
